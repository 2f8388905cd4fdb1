using System.Numerics.Tensors;

namespace Zarr.Buffers;

/// <summary>The <see cref="INDBufferFactory"/> of an n-dimensional buffer class, forwarding to its static factories.</summary>
/// <typeparam name="TNDBuffer">The class to make.</typeparam>
public sealed class NDBufferFactory<TNDBuffer> : INDBufferFactory
    where TNDBuffer : NDBuffer, INDBuffer<TNDBuffer>
{
    private NDBufferFactory()
    {
    }

    /// <summary>The one instance; prototypes compare equal when they hold the same instances.</summary>
    public static NDBufferFactory<TNDBuffer> Instance { get; } = new();

    /// <inheritdoc />
    public Type NDBufferType => typeof(TNDBuffer);

    /// <inheritdoc />
    public NDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null) =>
        TNDBuffer.Create(shape, dtype, order, fillValue);

    /// <inheritdoc />
    public NDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C) => TNDBuffer.Empty(shape, dtype, order);

    /// <inheritdoc />
    public NDBuffer FromNDArrayLike(INDArrayLike array) => TNDBuffer.FromNDArrayLike(array);

    /// <inheritdoc />
    public NDBuffer FromTensor<T>(Tensor<T> tensor) => TNDBuffer.FromTensor(tensor);

    /// <inheritdoc />
    public NDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape) => TNDBuffer.FromArray(values, shape);

    /// <summary>The buffer class's name.</summary>
    /// <returns>For example <c>CpuNDBuffer</c>.</returns>
    public override string ToString() => typeof(TNDBuffer).Name;
}
