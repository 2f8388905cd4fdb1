using System.Numerics.Tensors;

namespace Zarr.Buffers;

/// <summary>
/// The static factories of a concrete n-dimensional buffer class (zarr-python's <c>NDBuffer</c>
/// classmethods). Each returns <typeparamref name="TSelf"/>.
/// </summary>
/// <typeparam name="TSelf">The implementing class.</typeparam>
public interface INDBuffer<TSelf>
    where TSelf : NDBuffer, INDBuffer<TSelf>
{
    /// <summary>A new buffer filled with <paramref name="fillValue"/> (zarr-python's <c>create</c>).</summary>
    /// <param name="shape">The shape; empty for a scalar.</param>
    /// <param name="dtype">The data type.</param>
    /// <param name="order">The memory layout (<see cref="MemoryOrder.K"/> means C).</param>
    /// <param name="fillValue">The initial value of every element; null means zero.</param>
    /// <returns>A new buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length or too many elements, <paramref name="order"/> is not a <see cref="MemoryOrder"/> value, or <paramref name="fillValue"/> is out of range for <paramref name="dtype"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="fillValue"/> cannot be converted to <paramref name="dtype"/>.</exception>
    static abstract TSelf Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null);

    /// <summary>A new buffer whose elements are not initialised (zarr-python's <c>empty</c>): fast, for data about to be overwritten.</summary>
    /// <param name="shape">The shape; empty for a scalar.</param>
    /// <param name="dtype">The data type.</param>
    /// <param name="order">The memory layout (<see cref="MemoryOrder.K"/> means C).</param>
    /// <returns>A new buffer with arbitrary contents.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length or too many elements, or <paramref name="order"/> is not a <see cref="MemoryOrder"/> value.</exception>
    static abstract TSelf Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C);

    /// <summary>Wraps <paramref name="array"/> without copying (zarr-python's <c>from_ndarray_like</c>).</summary>
    /// <param name="array">The values.</param>
    /// <returns>A buffer over <paramref name="array"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    static abstract TSelf FromNDArrayLike(INDArrayLike array);

    /// <summary>Wraps <paramref name="tensor"/> (zarr-python's <c>from_numpy_array</c>); copies only when the class needs its own storage.</summary>
    /// <typeparam name="T">The element type; one of the <see cref="DataType"/> element types.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <returns>A buffer with the tensor's shape.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a supported element type.</exception>
    static abstract TSelf FromTensor<T>(Tensor<T> tensor);

    /// <summary>Wraps <paramref name="values"/> in C order with the given shape; copies only when the class needs its own storage.</summary>
    /// <typeparam name="T">The element type; one of the <see cref="DataType"/> element types.</typeparam>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The shape; empty for a scalar (then <paramref name="values"/> holds one element).</param>
    /// <returns>A buffer over the values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>, or <typeparamref name="T"/> is not supported.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length.</exception>
    static abstract TSelf FromArray<T>(T[] values, ReadOnlySpan<long> shape);
}
