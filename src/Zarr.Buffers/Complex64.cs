using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Zarr.Buffers;

/// <summary>
/// A single-precision complex number: two <see cref="float"/>s, real then imaginary, the memory
/// layout of Zarr's <c>complex64</c> (the BCL has only the double-precision <see cref="Complex"/>).
/// </summary>
/// <param name="Real">The real part.</param>
/// <param name="Imaginary">The imaginary part.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Complex64(float Real, float Imaginary)
{
    /// <summary>Widens to a double-precision <see cref="Complex"/>; exact.</summary>
    /// <param name="value">The value to widen.</param>
    public static implicit operator Complex(Complex64 value) => new(value.Real, value.Imaginary);

    /// <summary>Narrows a <see cref="Complex"/> to single precision, rounding each part.</summary>
    /// <param name="value">The value to narrow.</param>
    public static explicit operator Complex64(Complex value) => new((float)value.Real, (float)value.Imaginary);

    /// <summary>Widens to a double-precision <see cref="Complex"/>; exact.</summary>
    /// <returns>The same value as a <see cref="Complex"/>.</returns>
    public Complex ToComplex() => this;

    /// <summary>Narrows a <see cref="Complex"/> to single precision, rounding each part.</summary>
    /// <param name="value">The value to narrow.</param>
    /// <returns>The nearest <see cref="Complex64"/>.</returns>
    public static Complex64 FromComplex(Complex value) => (Complex64)value;

    /// <summary>Formats as <c>(real, imaginary)</c> in the invariant culture.</summary>
    /// <returns>The formatted value.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<{Real}; {Imaginary}>");
}
