using System.Numerics.Tensors;
using Zarr.Buffers.Internal;

namespace Zarr.Buffers;

/// <summary>
/// The default n-dimensional buffer: values in a managed array in host memory, wrapped in an
/// <see cref="NDArray"/> (zarr-python's <c>zarr.buffer.cpu.NDBuffer</c>).
/// </summary>
/// <remarks>Subclasses that want their own class preserved must override <see cref="Factory"/> and <see cref="WrapView{T}"/>.</remarks>
public class CpuNDBuffer : NDBuffer, INDBuffer<CpuNDBuffer>
{
    /// <summary>Wraps <paramref name="array"/> without copying.</summary>
    /// <param name="array">The values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    public CpuNDBuffer(INDArrayLike array)
        : base(array)
    {
    }

    /// <inheritdoc />
    public override INDBufferFactory Factory => NDBufferFactory<CpuNDBuffer>.Instance;

    /// <inheritdoc cref="INDBuffer{TSelf}.Create" />
    public static CpuNDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        var buffer = new CpuNDBuffer(dtype.Ops.Allocate(shape, order, clear: true));
        if (fillValue is not null)
        {
            buffer.Fill(fillValue);
        }

        return buffer;
    }

    /// <inheritdoc cref="INDBuffer{TSelf}.Empty" />
    public static CpuNDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return new CpuNDBuffer(dtype.Ops.Allocate(shape, order, clear: false));
    }

    /// <inheritdoc cref="INDBuffer{TSelf}.FromNDArrayLike" />
    public static CpuNDBuffer FromNDArrayLike(INDArrayLike array) => new(array);

    /// <inheritdoc cref="INDBuffer{TSelf}.FromTensor" />
    public static CpuNDBuffer FromTensor<T>(Tensor<T> tensor) => new(NDArray.Wrap(tensor));

    /// <inheritdoc cref="INDBuffer{TSelf}.FromArray" />
    public static CpuNDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape) => new(NDArray.Wrap(ArrayTensor.Create(values, shape), shape));

    /// <inheritdoc />
    protected internal override NDBuffer WrapView<T>(Tensor<T> view, ReadOnlySpan<long> shape) => new CpuNDBuffer(NDArray.Wrap(view, shape));
}
