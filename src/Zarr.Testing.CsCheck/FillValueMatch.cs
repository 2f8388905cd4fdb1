using System.Numerics;
using Zarr.Buffers;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// zarr-python's test of an element against the fill value (<c>NDBuffer.all_equal</c>), which decides which chunks
/// and inner chunks of a shard are left out of the store and so read back as the fill value itself.
/// </summary>
internal static class FillValueMatch
{
    /// <summary>
    /// Whether <paramref name="element"/> counts as the fill value: a float zero fill matches its own bits only (-0.0 is
    /// not 0.0, zarr-python PR #3216); a NaN fill matches any NaN (a complex one any complex with a NaN part, as numpy's
    /// <c>equal_nan</c>); any other fill matches the elements equal to it.
    /// </summary>
    public static bool Matches(object element, object fill) => (element, fill) switch
    {
        (Half e, Half f) => RealMatches((double)e, (double)f),
        (float e, float f) => RealMatches(e, f),
        (double e, double f) => RealMatches(e, f),
        (Complex64 e, Complex64 f) => ComplexMatches(e, f),
        (Complex e, Complex f) => ComplexMatches(e, f),
        _ => element.Equals(fill),
    };

    // Half and float widen to double exactly, sign of zero and NaN included, so the bit test can run on doubles.
    private static bool RealMatches(double element, double fill) => fill == 0
        ? BitConverter.DoubleToUInt64Bits(element) == BitConverter.DoubleToUInt64Bits(fill)
        : element == fill || (double.IsNaN(fill) && double.IsNaN(element));

    private static bool ComplexMatches(Complex element, Complex fill) => HasNaN(fill) ? HasNaN(element) : element == fill;

    private static bool HasNaN(Complex value) => double.IsNaN(value.Real) || double.IsNaN(value.Imaginary);
}
