using System.Numerics.Tensors;
using Zarr.Buffers;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>A distinct buffer class, to prove that codecs make their output through the prototype.</summary>
public sealed class MarkerBuffer(Memory<byte> data) : CpuBuffer(data), IBuffer<MarkerBuffer>
{
    public override IBufferFactory Factory => BufferFactory<MarkerBuffer>.Instance;

    public static new MarkerBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

    public static new MarkerBuffer FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static new MarkerBuffer FromBuffer(Buffer buffer) => new(buffer.AsArrayLike());

    public static new MarkerBuffer CreateZeroLength() => new(Memory<byte>.Empty);
}

/// <summary>A distinct n-dimensional buffer class, to prove that codecs make their output through the prototype.</summary>
public sealed class MarkerNDBuffer(INDArrayLike array) : CpuNDBuffer(array), INDBuffer<MarkerNDBuffer>
{
    public static BufferPrototype Prototype { get; } = BufferPrototype.Of<MarkerBuffer, MarkerNDBuffer>();

    public override INDBufferFactory Factory => NDBufferFactory<MarkerNDBuffer>.Instance;

    public static new MarkerNDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null) =>
        new(CpuNDBuffer.Create(shape, dtype, order, fillValue).AsNDArrayLike());

    public static new MarkerNDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C) =>
        new(CpuNDBuffer.Empty(shape, dtype, order).AsNDArrayLike());

    public static new MarkerNDBuffer FromNDArrayLike(INDArrayLike array) => new(array);

    public static new MarkerNDBuffer FromTensor<T>(Tensor<T> tensor) => new(NDArray.Wrap(tensor));

    public static new MarkerNDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape) => new(CpuNDBuffer.FromArray(values, shape).AsNDArrayLike());

    protected internal override NDBuffer WrapView<T>(Tensor<T> view, ReadOnlySpan<long> shape) => new MarkerNDBuffer(NDArray.Wrap(view, shape));
}
