using System.Numerics.Tensors;

namespace Zarr.Buffers;

/// <summary>
/// The n-dimensional half of a <see cref="BufferPrototype"/>: makes buffers of one class on behalf of
/// code (codecs, the array layer) that must not pick the class itself.
/// </summary>
/// <remarks><see cref="NDBufferFactory{TNDBuffer}.Instance"/> implements it for any <see cref="INDBuffer{TSelf}"/> class.</remarks>
public interface INDBufferFactory
{
    /// <summary>The class of the buffers this factory makes.</summary>
    Type NDBufferType { get; }

    /// <inheritdoc cref="INDBuffer{TSelf}.Create" />
    NDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null);

    /// <inheritdoc cref="INDBuffer{TSelf}.Empty" />
    NDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C);

    /// <inheritdoc cref="INDBuffer{TSelf}.FromNDArrayLike" />
    NDBuffer FromNDArrayLike(INDArrayLike array);

    /// <inheritdoc cref="INDBuffer{TSelf}.FromTensor" />
    NDBuffer FromTensor<T>(Tensor<T> tensor);

    /// <inheritdoc cref="INDBuffer{TSelf}.FromArray" />
    NDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape);
}
