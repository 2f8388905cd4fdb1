using System.Globalization;
using System.Numerics;
using Zarr.Buffers;

namespace Zarr.Testing.CsCheck;

/// <summary>Elements of a data type from their bit patterns and back, the bit patterns of each kind's edge cases, and elements shown with their bits.</summary>
internal static class ElementBits
{
    /// <summary>
    /// The edge cases of a <paramref name="width"/>-bit element of <paramref name="kind"/>, 0 first. A float's are
    /// built from its layout (1 sign bit, 5, 8 or 11 exponent bits, the rest mantissa), so every width gets the same set.
    /// </summary>
    public static ulong[] EdgeCases(DataTypeKind kind, int width)
    {
        ulong sign = 1UL << (width - 1);
        ulong all = sign | (sign - 1);
        if (kind != DataTypeKind.Float)
        {
            return kind == DataTypeKind.SignedInteger ? [0, 1, all, sign, sign - 1] : [0, 1, all, sign];
        }

        int mantissaBits = width switch { 16 => 10, 32 => 23, _ => 52 };
        ulong exponent = (sign - 1) & ~((1UL << mantissaBits) - 1);
        ulong quiet = 1UL << (mantissaBits - 1);
        ulong maxSubnormal = (1UL << mantissaBits) - 1;
        ulong one = exponent & ~(1UL << (width - 2));
        return
        [
            0, sign, one, sign | one, exponent, sign | exponent, exponent | quiet, sign | exponent | quiet,
            exponent | 1, exponent | quiet | 0x5, sign | exponent | maxSubnormal, 1, sign | 1, maxSubnormal,
            1UL << mantissaBits, exponent - 1, sign | (exponent - 1),
        ];
    }

    /// <summary>The element of a bool, integer or float <paramref name="dataType"/> whose bits are the low bits of <paramref name="bits"/>.</summary>
    public static object Real(DataType dataType, ulong bits) => dataType.Name switch
    {
        "bool" => (bits & 1) == 1,
        "int8" => (sbyte)bits,
        "int16" => (short)bits,
        "int32" => (int)bits,
        "int64" => (long)bits,
        "uint8" => (byte)bits,
        "uint16" => (ushort)bits,
        "uint32" => (uint)bits,
        "uint64" => bits,
        "float16" => BitConverter.UInt16BitsToHalf((ushort)bits),
        "float32" => BitConverter.UInt32BitsToSingle((uint)bits),
        _ => BitConverter.UInt64BitsToDouble(bits),
    };

    /// <summary>The element of a complex <paramref name="dataType"/> whose parts have the given bits.</summary>
    /// <remarks>Each branch is boxed on its own: Complex64 converts implicitly to Complex, which would type the whole conditional.</remarks>
    public static object Complex(DataType dataType, ulong real, ulong imaginary) => dataType.ItemSize == 8
        ? (object)new Complex64(BitConverter.UInt32BitsToSingle((uint)real), BitConverter.UInt32BitsToSingle((uint)imaginary))
        : new Complex(BitConverter.UInt64BitsToDouble(real), BitConverter.UInt64BitsToDouble(imaginary));

    /// <summary>What two elements must share to be the same bit for bit: a float's or complex's bits, any other element itself.</summary>
    public static object Of(object element) => element switch
    {
        Half h => BitConverter.HalfToUInt16Bits(h),
        float f => BitConverter.SingleToUInt32Bits(f),
        double d => BitConverter.DoubleToUInt64Bits(d),
        Complex64 c => ((ulong)BitConverter.SingleToUInt32Bits(c.Real) << 32) | BitConverter.SingleToUInt32Bits(c.Imaginary),
        Complex c => (BitConverter.DoubleToUInt64Bits(c.Real), BitConverter.DoubleToUInt64Bits(c.Imaginary)),
        _ => element,
    };

    /// <summary>An element, with its bits when it is a float or complex (whose text hides NaN payloads and signs).</summary>
    public static string Show(object element) => Of(element) switch
    {
        (ulong real, ulong imaginary) => string.Create(CultureInfo.InvariantCulture, $"0x{real:X16}, 0x{imaginary:X16} ({element})"),
        var bits when !ReferenceEquals(bits, element) => string.Create(CultureInfo.InvariantCulture, $"0x{bits:X} ({element})"),
        _ => Convert.ToString(element, CultureInfo.InvariantCulture) ?? "",
    };
}
