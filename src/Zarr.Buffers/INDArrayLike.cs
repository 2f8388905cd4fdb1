using System.Numerics.Tensors;

namespace Zarr.Buffers;

/// <summary>
/// What an <see cref="NDBuffer"/> wraps: a typed, n-dimensional block of values (zarr-python's
/// <c>NDArrayLike</c>, numpy's <c>ndarray</c>). The default is <see cref="NDArray"/>.
/// </summary>
/// <remarks>
/// <see cref="System.Numerics.Tensors.Tensor{T}"/> cannot have rank 0, so the logical
/// <see cref="Shape"/> is kept beside the tensor: a scalar has an empty shape and a one-element tensor.
/// </remarks>
public interface INDArrayLike
{
    /// <summary>The data type of the elements.</summary>
    DataType DType { get; }

    /// <summary>The logical shape; empty for a scalar (rank 0).</summary>
    ReadOnlySpan<long> Shape { get; }

    /// <summary>The typed tensor holding the values; never copies.</summary>
    /// <typeparam name="T">The element type; must be <see cref="DataType.ElementType"/> of <see cref="DType"/>.</typeparam>
    /// <returns>The tensor (shape <c>[1]</c> for a scalar).</returns>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the element type.</exception>
    Tensor<T> AsTensor<T>();
}
