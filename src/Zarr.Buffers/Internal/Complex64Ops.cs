using System.Numerics;

namespace Zarr.Buffers.Internal;

/// <summary>Kernels for <see cref="Complex64"/> elements, which go through <see cref="Complex"/> for arithmetic.</summary>
internal sealed class Complex64Ops : ElementOps<Complex64>
{
    public override Complex64 FromScalar(object value, DataType dtype) => (Complex64)Scalars.Normalize(value).AsComplex;

    public override ScalarValue ToScalar(Complex64 value) => Scalars.Normalize(value);

    public override void ConvertTo(ReadOnlySpan<Complex64> source, NDBuffer destination)
    {
        var wide = new Complex[source.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = source[i];
        }

        destination.DType.Ops.ConvertFromNumbers<Complex>(wide, destination);
    }

    public override bool ContainsNaN(ReadOnlySpan<Complex64> values)
    {
        foreach (var value in values)
        {
            if (float.IsNaN(value.Real) || float.IsNaN(value.Imaginary))
            {
                return true;
            }
        }

        return false;
    }

    public override void ConvertFromNumbers<TFrom>(ReadOnlySpan<TFrom> source, NDBuffer destination) =>
        WriteDense(destination, source, static (span, from) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                // Through Complex only for complex input: a wide integer rounded to double and then to float could round twice.
                span[i] = typeof(TFrom) == typeof(Complex)
                    ? (Complex64)Complex.CreateTruncating(from[i])
                    : new Complex64(float.CreateTruncating(from[i]), 0);
            }
        });
}
