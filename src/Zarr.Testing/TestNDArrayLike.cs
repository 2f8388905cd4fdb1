using System.Numerics.Tensors;
using Zarr.Buffers;

namespace Zarr.Testing;

/// <summary>
/// An array-like class distinct from the default <see cref="NDArray"/> (zarr-python's
/// <c>zarr.testing.buffer.TestNDArrayLike</c>). <see cref="NDBufferUsingTestNDArrayLike"/> wraps one in every
/// buffer it makes, so a caller that reads through a prototype of that class can check that it gets one back.
/// </summary>
public sealed class TestNDArrayLike : NDArray
{
    internal TestNDArrayLike(DataType dtype, IReadOnlyTensor tensor, ReadOnlySpan<long> shape, Array? storage, int storageOffset)
        : base(dtype, tensor, shape)
    {
        Storage = storage;
        StorageOffset = storageOffset;
    }

    /// <summary>
    /// The array that <see cref="NDBufferUsingTestNDArrayLike"/> allocated for the values, longer than the values and
    /// padded before and after them; null for an array-like that wraps someone else's tensor (including views).
    /// </summary>
    public Array? Storage { get; }

    /// <summary>The index in <see cref="Storage"/> of the first element (0 when <see cref="Storage"/> is null).</summary>
    public int StorageOffset { get; }

    /// <summary>Wraps <paramref name="tensor"/> without copying; the shape is the tensor's lengths.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <returns>A test array-like over <paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a supported element type.</exception>
    public static new TestNDArrayLike Wrap<T>(Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TestNDArrayLike(DataType.Of<T>(), tensor, PaddedStorage.ToShape(tensor.Lengths), storage: null, storageOffset: 0);
    }

    /// <summary>Wraps <paramref name="tensor"/> without copying, with an explicit logical shape.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <param name="shape">The logical shape: the tensor's lengths, or empty for a scalar over a one-element tensor.</param>
    /// <returns>A test array-like over <paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">The element type is not supported or the shape does not match the tensor.</exception>
    public static new TestNDArrayLike Wrap<T>(Tensor<T> tensor, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new TestNDArrayLike(DataType.Of<T>(), tensor, shape, storage: null, storageOffset: 0);
    }
}
