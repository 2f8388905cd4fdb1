using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zarr.Buffers.Internal;

/// <summary>Kernels for the element types that implement generic math: the integers, the floats and <see cref="Complex"/>.</summary>
internal sealed class NumericOps<T> : ElementOps<T>
    where T : unmanaged, IEquatable<T>, INumberBase<T>
{
    public override T FromScalar(object value, DataType dtype)
    {
        var scalar = Scalars.Normalize(value);
        if (scalar.Kind == ScalarKind.Complex)
        {
            if (typeof(T) == typeof(Complex))
            {
                return T.CreateTruncating(scalar.Complex);
            }

            if (scalar.Complex.Imaginary != 0)
            {
                throw new ArgumentException($"Value {value} has an imaginary part, which {dtype} cannot hold.", nameof(value));
            }

            scalar = scalar with { Kind = ScalarKind.Real, Real = scalar.Complex.Real };
        }

        if (!NumberKinds.IsInteger<T>())
        {
            return scalar.Kind == ScalarKind.Real ? T.CreateTruncating(scalar.Real) : T.CreateTruncating((double)scalar.Integer);
        }

        try
        {
            if (scalar.Kind != ScalarKind.Real)
            {
                return T.CreateChecked(scalar.Integer);
            }

            if (!double.IsFinite(scalar.Real))
            {
                throw new ArgumentException($"Value {value} is not finite; {dtype} holds only finite integers.", nameof(value));
            }

            // numpy casts a float into an integer dtype by truncating toward zero (0.5 -> 0).
            return T.CreateChecked(Math.Truncate(scalar.Real));
        }
        catch (OverflowException)
        {
            throw Scalars.OutOfRange(value, dtype);
        }
    }

    public override ScalarValue ToScalar(T value)
    {
        if (NumberKinds.IsInteger<T>())
        {
            return Scalars.Normalize(Int128.CreateTruncating(value));
        }

        return typeof(T) == typeof(Complex) ? Scalars.Normalize(Complex.CreateTruncating(value)) : Scalars.Normalize(double.CreateTruncating(value));
    }

    public override void ConvertTo(ReadOnlySpan<T> source, NDBuffer destination) =>
        destination.DType.Ops.ConvertFromNumbers(source, destination);

    public override bool ContainsNaN(ReadOnlySpan<T> values)
    {
        if (NumberKinds.IsInteger<T>())
        {
            return false;
        }

        foreach (var value in values)
        {
            if (IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    // numpy's isnan is true for a complex number with either part NaN; Complex.IsNaN is false when the other part is infinite.
    private static bool IsNaN(T value) =>
        typeof(T) == typeof(Complex) ? EitherPartIsNaN(Unsafe.BitCast<T, Complex>(value)) : T.IsNaN(value);

    private static bool EitherPartIsNaN(Complex value) => double.IsNaN(value.Real) || double.IsNaN(value.Imaginary);

    public override void ConvertFromNumbers<TFrom>(ReadOnlySpan<TFrom> source, NDBuffer destination) =>
        WriteDense(destination, source, static (span, from) => NumberConvert.Convert(from, span));
}
