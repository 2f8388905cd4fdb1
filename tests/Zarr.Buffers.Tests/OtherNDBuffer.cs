using System.Numerics.Tensors;

namespace Zarr.Buffers.Tests;

/// <summary>A second n-dimensional buffer class, to check that views, copies and casts keep their class.</summary>
internal sealed class OtherNDBuffer(INDArrayLike array) : CpuNDBuffer(array), INDBuffer<OtherNDBuffer>
{
    /// <summary>The prototype of the two second classes: code that honours its prototype makes only these.</summary>
    public static BufferPrototype Prototype { get; } = BufferPrototype.Of<OtherBuffer, OtherNDBuffer>();

    public override INDBufferFactory Factory => NDBufferFactory<OtherNDBuffer>.Instance;

    public static new OtherNDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null) =>
        new(CpuNDBuffer.Create(shape, dtype, order, fillValue).AsNDArrayLike());

    public static new OtherNDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C) =>
        new(CpuNDBuffer.Empty(shape, dtype, order).AsNDArrayLike());

    public static new OtherNDBuffer FromNDArrayLike(INDArrayLike array) => new(array);

    public static new OtherNDBuffer FromTensor<T>(Tensor<T> tensor) => new(NDArray.Wrap(tensor));

    public static new OtherNDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape) => new(CpuNDBuffer.FromArray(values, shape).AsNDArrayLike());

    protected internal override NDBuffer WrapView<T>(Tensor<T> view, ReadOnlySpan<long> shape) => new OtherNDBuffer(NDArray.Wrap(view, shape));
}
