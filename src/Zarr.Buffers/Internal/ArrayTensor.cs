using System.Numerics.Tensors;

namespace Zarr.Buffers.Internal;

/// <summary>Validation shared by the <c>FromArray</c> factories.</summary>
internal static class ArrayTensor
{
    /// <summary>A C-order tensor over <paramref name="values"/> (no copy), after checking that the shape fits them exactly.</summary>
    public static Tensor<T> Create<T>(T[] values, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        long size = ShapeMath.ValidateNewShape(shape, nameof(shape));
        if (size != values.Length)
        {
            throw new ArgumentException(
                $"Shape {ShapeMath.Format(shape)} holds {size} elements but {values.Length} values were given.", nameof(shape));
        }

        return Tensor.Create(values, ShapeMath.ToLengths(shape));
    }
}
