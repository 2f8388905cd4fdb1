using System.Numerics.Tensors;
using Zarr.Buffers;

namespace Zarr.Testing;

/// <summary>
/// An n-dimensional buffer class distinct from <see cref="CpuNDBuffer"/> whose every buffer wraps a
/// <see cref="TestNDArrayLike"/> (zarr-python's <c>zarr.testing.buffer.NDBufferUsingTestNDArrayLike</c>).
/// </summary>
/// <remarks>
/// <para>
/// The factories, and the operations that allocate (<see cref="NDBuffer.Copy"/>, <see cref="NDBuffer.AsType"/>) or
/// view (<see cref="NDBuffer.Reshape"/>, <see cref="NDBuffer.Squeeze"/>, <see cref="NDBuffer.Transpose"/>,
/// selections), all return this class around a <see cref="TestNDArrayLike"/>.
/// </para>
/// <para>
/// Its storage is deliberately unlike the default's, to catch code that bypasses the prototype or assumes the layout:
/// <see cref="Create"/>, <see cref="Empty"/>, <see cref="FromTensor{T}"/> and <see cref="FromArray{T}"/> allocate a
/// longer array and place the values at a non-zero offset (<see cref="TestNDArrayLike.Storage"/>,
/// <see cref="TestNDArrayLike.StorageOffset"/>), and every padding byte, like every element of a buffer from
/// <see cref="Empty"/>, holds <see cref="TestBuffer.PaddingByte"/> rather than zero, so reads of memory that was
/// never written show up.
/// </para>
/// </remarks>
public sealed class NDBufferUsingTestNDArrayLike : CpuNDBuffer, INDBuffer<NDBufferUsingTestNDArrayLike>
{
    /// <summary>Wraps <paramref name="array"/> without copying.</summary>
    /// <param name="array">The values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    public NDBufferUsingTestNDArrayLike(TestNDArrayLike array)
        : base(array)
    {
    }

    /// <inheritdoc />
    public override INDBufferFactory Factory => NDBufferFactory<NDBufferUsingTestNDArrayLike>.Instance;

    /// <inheritdoc cref="INDBuffer{TSelf}.Create" />
    public static new NDBufferUsingTestNDArrayLike Create(
        ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        var buffer = new NDBufferUsingTestNDArrayLike(dtype.Accept(new Allocation(shape.ToArray(), order, clear: true)));
        if (fillValue is not null)
        {
            buffer.Fill(fillValue);
        }

        return buffer;
    }

    /// <summary>A new buffer whose elements are not initialised: every byte holds <see cref="TestBuffer.PaddingByte"/>.</summary>
    /// <param name="shape">The shape; empty for a scalar.</param>
    /// <param name="dtype">The data type.</param>
    /// <param name="order">The memory layout (<see cref="MemoryOrder.K"/> means C).</param>
    /// <returns>A new buffer whose contents are garbage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length or too many elements.</exception>
    public static new NDBufferUsingTestNDArrayLike Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return new NDBufferUsingTestNDArrayLike(dtype.Accept(new Allocation(shape.ToArray(), order, clear: false)));
    }

    /// <summary>
    /// Wraps <paramref name="array"/> without copying; an array-like of another class has its tensor re-wrapped in a
    /// <see cref="TestNDArrayLike"/>, still without copying.
    /// </summary>
    /// <param name="array">The values.</param>
    /// <returns>A buffer over the same memory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    public static new NDBufferUsingTestNDArrayLike FromNDArrayLike(INDArrayLike array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new NDBufferUsingTestNDArrayLike(array as TestNDArrayLike ?? array.DType.Accept(new Rewrap(array)));
    }

    /// <summary>A buffer holding a C-order copy of <paramref name="tensor"/> in this class's padded storage; it always copies.</summary>
    /// <typeparam name="T">The element type; one of the <see cref="DataType"/> element types.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <returns>A buffer with the tensor's shape.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a supported element type.</exception>
    public static new NDBufferUsingTestNDArrayLike FromTensor<T>(Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return CopyOf(tensor, PaddedStorage.ToShape(tensor.Lengths));
    }

    /// <summary>A buffer holding a copy of <paramref name="values"/> (C order) in this class's padded storage; it always copies.</summary>
    /// <typeparam name="T">The element type; one of the <see cref="DataType"/> element types.</typeparam>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The shape; empty for a scalar (then <paramref name="values"/> holds one element).</param>
    /// <returns>A buffer with the given shape.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape's element count is not <c>values.Length</c>, or <typeparamref name="T"/> is not supported.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length.</exception>
    public static new NDBufferUsingTestNDArrayLike FromArray<T>(T[] values, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        int size = PaddedStorage.ElementCount(shape);
        if (size != values.Length)
        {
            throw new ArgumentException(
                $"Shape {PaddedStorage.Format(shape)} holds {size} elements but {values.Length} values were given.", nameof(shape));
        }

        return CopyOf(Tensor.Create(values, [values.Length]), shape);
    }

    /// <inheritdoc />
    protected override NDBuffer WrapView<T>(Tensor<T> view, ReadOnlySpan<long> shape) =>
        new NDBufferUsingTestNDArrayLike(TestNDArrayLike.Wrap(view, shape));

    private static NDBufferUsingTestNDArrayLike CopyOf<T>(Tensor<T> source, ReadOnlySpan<long> shape) =>
        new(DataType.Of<T>().Accept(new ElementCopy(source, shape.ToArray())));

    private readonly struct Allocation(long[] shape, MemoryOrder order, bool clear) : IDataTypeVisitor<TestNDArrayLike>
    {
        public TestNDArrayLike Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var array = PaddedStorage.Allocate<T>(shape, order, out var data);
            if (clear)
            {
                data.Clear();
            }

            return array;
        }
    }

    /// <summary>Copies a tensor's elements, in C order, into new padded storage of the given shape.</summary>
    private readonly struct ElementCopy(IReadOnlyTensor source, long[] shape) : IDataTypeVisitor<TestNDArrayLike>
    {
        public TestNDArrayLike Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var array = PaddedStorage.Allocate<T>(shape, MemoryOrder.C, out var data);
            ((Tensor<T>)source).FlattenTo(data);
            return array;
        }
    }

    private readonly struct Rewrap(INDArrayLike array) : IDataTypeVisitor<TestNDArrayLike>
    {
        public TestNDArrayLike Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            TestNDArrayLike.Wrap(array.AsTensor<T>(), array.Shape);
    }
}
