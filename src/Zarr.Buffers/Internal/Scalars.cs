using System.Globalization;
using System.Numerics;

namespace Zarr.Buffers.Internal;

/// <summary>The kind of a scalar after normalisation.</summary>
internal enum ScalarKind
{
    Bool,
    Integer,
    Real,
    Complex,
}

/// <summary>A scalar of any supported .NET numeric type, normalised so that conversions are written once.</summary>
internal readonly record struct ScalarValue(ScalarKind Kind, Int128 Integer, double Real, Complex Complex)
{
    public Complex AsComplex => Kind switch
    {
        ScalarKind.Complex => Complex,
        ScalarKind.Real => new Complex(Real, 0),
        _ => new Complex((double)Integer, 0),
    };

    /// <summary>Whether two scalars are the same number; NaN matches NaN, so a value that survives a round trip counts as exact.</summary>
    public bool SameNumber(ScalarValue other)
    {
        if (Kind is ScalarKind.Bool or ScalarKind.Integer && other.Kind is ScalarKind.Bool or ScalarKind.Integer)
        {
            return Integer == other.Integer;
        }

        Complex a = AsComplex, b = other.AsComplex;
        return SameDouble(a.Real, b.Real) && SameDouble(a.Imaginary, b.Imaginary);
    }

    private static bool SameDouble(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
}

/// <summary>Turns user-supplied scalars (fill values, comparison values) into element values.</summary>
internal static class Scalars
{
    public static ScalarValue Normalize(object value) => value switch
    {
        bool b => new(ScalarKind.Bool, b ? 1 : 0, b ? 1 : 0, b ? Complex.One : Complex.Zero),
        sbyte v => Integer(v),
        byte v => Integer(v),
        short v => Integer(v),
        ushort v => Integer(v),
        int v => Integer(v),
        uint v => Integer(v),
        long v => Integer(v),
        ulong v => Integer(v),
        Int128 v => Integer(v),
        Half v => Real((double)v),
        float v => Real(v),
        double v => Real(v),
        decimal v => Real((double)v),
        Complex v => new(ScalarKind.Complex, 0, v.Real, v),
        Complex64 v => new(ScalarKind.Complex, 0, v.Real, v),
        null => throw new ArgumentNullException(nameof(value), "Expected a number or a bool, got null."),
        _ => throw new ArgumentException(
            $"Value '{value}' of type {value.GetType().Name} is not a number; expected bool, an integer type, Half, float, double, decimal, Complex or Complex64.",
            nameof(value)),
    };

    /// <summary>Whether <paramref name="value"/> is a floating-point zero of either sign: zarr-python compares such fill values by bit pattern.</summary>
    public static bool IsFloatZero(object value) => value switch
    {
        double d => d == 0,
        float f => f == 0,
        Half h => h == Half.Zero,
        _ => false,
    };

    /// <summary>Formats an element as numpy prints it: <c>True</c>, <c>nan</c>, <c>-inf</c>, <c>(1+2j)</c>; numbers in the invariant culture.</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "True" : "False",
        Half h => FormatReal(h),
        float f => FormatReal(f),
        double d => FormatReal(d),
        Complex64 c => FormatComplex(c.Real, c.Imaginary),
        Complex c => FormatComplex(c.Real, c.Imaginary),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public static ArgumentOutOfRangeException OutOfRange(object value, DataType dtype) => new(
        nameof(value), value, $"Value {value} is out of range for {dtype}.");

    private static string FormatReal<T>(T value)
        where T : IFloatingPointIeee754<T> =>
        T.IsNaN(value) ? "nan"
        : T.IsInfinity(value) ? (T.IsNegative(value) ? "-inf" : "inf")
        : value.ToString(null, CultureInfo.InvariantCulture);

    private static string FormatComplex<T>(T real, T imaginary)
        where T : IFloatingPointIeee754<T> =>
        $"({FormatReal(real)}{(T.IsNegative(imaginary) ? "-" : "+")}{FormatReal(T.Abs(imaginary))}j)";

    private static ScalarValue Integer(Int128 value) => new(ScalarKind.Integer, value, (double)value, new Complex((double)value, 0));

    private static ScalarValue Real(double value) => new(ScalarKind.Real, 0, value, new Complex(value, 0));
}
