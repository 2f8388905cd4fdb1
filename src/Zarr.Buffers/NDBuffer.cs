using System.Buffers;
using System.Numerics.Tensors;
using Zarr.Buffers.Internal;

namespace Zarr.Buffers;

/// <summary>
/// An n-dimensional block of typed values, the unit that array-to-array and array-to-bytes codecs
/// transform (zarr-python's <c>zarr.core.buffer.NDBuffer</c>). It wraps an <see cref="INDArrayLike"/>,
/// which holds a <see cref="Tensor{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Views (<see cref="Reshape"/> of dense data, <see cref="Squeeze"/>, <see cref="Transpose"/> and the
/// selection getter) share memory with their source; <see cref="Copy"/>, <see cref="AsType"/> and the
/// selection setter copy. Every buffer an operation returns is of this buffer's class, made through
/// <see cref="WrapView{T}"/> or <see cref="Factory"/>, so a test double survives the whole data path.
/// </para>
/// <para>
/// Values are in the host's byte order (<see cref="ByteOrder"/>); the byte order of encoded data is
/// the business of the bytes codec. A scalar has rank 0: an empty <see cref="Shape"/> over one element.
/// </para>
/// </remarks>
public abstract class NDBuffer
{
    private readonly INDArrayLike _array;

    /// <summary>Wraps <paramref name="array"/> without copying.</summary>
    /// <param name="array">The values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    protected NDBuffer(INDArrayLike array)
    {
        ArgumentNullException.ThrowIfNull(array);
        _array = array;
    }

    /// <summary>The factory of this buffer's own class; copies and casts allocate through it.</summary>
    public abstract INDBufferFactory Factory { get; }

    /// <summary>The data type of the elements.</summary>
    public DataType DType => _array.DType;

    /// <summary>The shape; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _array.Shape;

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _array.Shape.Length;

    /// <summary>The number of elements (1 for a scalar).</summary>
    public long Size => ShapeMath.Product(Shape);

    /// <summary>The length of the first axis (Python's <c>len</c>).</summary>
    /// <exception cref="InvalidOperationException">The buffer is a scalar, which has no axes.</exception>
    public long Length => Rank > 0 ? Shape[0] : throw new InvalidOperationException("A scalar (rank 0) buffer has no length.");

    /// <summary>The byte order of the values in memory: always the host's.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "zarr-python's byteorder is an instance property.")]
    public Endian ByteOrder => BitConverter.IsLittleEndian ? Endian.Little : Endian.Big;

    /// <summary>
    /// A view of a rectangular selection (numpy's basic slicing), or, on set, a copy of a buffer into it,
    /// casting to this buffer's data type and broadcasting as numpy assigns: a one-element value fills the selection, and a value
    /// of higher rank than the selection may have leading axes of length 1, which are dropped.
    /// </summary>
    /// <param name="selection">One range per leading axis; axes without a range are taken whole.</param>
    /// <returns>A view of this buffer's class sharing memory with it.</returns>
    /// <exception cref="ArgumentException">More ranges than axes, or on set a value that cannot be broadcast into the selection.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range does not lie inside its axis.</exception>
    /// <exception cref="ArgumentNullException">On set, the value is null.</exception>
    public NDBuffer this[params NRange[] selection]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(selection);
            return DType.Ops.Slice(this, ShapeMath.ResolveRanges(Shape, selection, nameof(selection)));
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var target = this[selection];
            value.DType.Ops.CopyInto(value, target);
        }
    }

    /// <summary>The wrapped array-like itself (zarr-python's <c>as_ndarray_like</c>); never copies.</summary>
    /// <returns>The wrapped array.</returns>
    public INDArrayLike AsNDArrayLike() => _array;

    /// <summary>The typed tensor (zarr-python's <c>as_numpy_array</c>); never copies.</summary>
    /// <typeparam name="T">The element type of <see cref="DType"/>.</typeparam>
    /// <returns>The tensor; a scalar's has shape <c>[1]</c>.</returns>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the element type; the message names both.</exception>
    public Tensor<T> AsTensor<T>() => _array.AsTensor<T>();

    /// <summary>The only element, boxed (zarr-python's <c>as_scalar</c>).</summary>
    /// <returns>The element as its .NET type, for example an <see cref="int"/> for int32.</returns>
    /// <exception cref="InvalidOperationException">The buffer does not hold exactly one element.</exception>
    public object AsScalar() => DType.Ops.GetScalar(this);

    /// <summary>The only element.</summary>
    /// <typeparam name="T">The element type of <see cref="DType"/>.</typeparam>
    /// <returns>The element.</returns>
    /// <exception cref="InvalidOperationException">The buffer does not hold exactly one element.</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the element type.</exception>
    public T AsScalar<T>()
    {
        _ = AsTensor<T>();
        return (T)AsScalar();
    }

    /// <summary>
    /// The elements as a new, flat .NET array of the element type, in C (row-major) index order whatever the layout:
    /// the one-call way to get at values whose data type is known only at run time. <see cref="Shape"/> gives the
    /// lengths; element <c>[i, j]</c> of a <c>[m, n]</c> buffer is at <c>i * n + j</c>.
    /// </summary>
    /// <remarks>
    /// Flat rather than a multi-dimensional <see cref="Array"/> because a flat array is what spans, LINQ,
    /// <c>TensorPrimitives</c> and serializers take, and a rank-n <see cref="Array"/> can only be reached through slow
    /// <see cref="Array.GetValue(int[])"/> calls when the type is unknown. The array never shares memory with the buffer.
    /// </remarks>
    /// <returns>A <c>T[]</c> for the element type <c>T</c> of <see cref="DType"/> (for example an <c>int[]</c> for int32, a
    /// <see cref="Complex64"/><c>[]</c> for complex64) holding <see cref="Size"/> elements; one element for a scalar.</returns>
    public Array ToArray() => DType.Accept(new FlatArrayCopy(this));

    /// <summary>
    /// The elements as a new, flat array of <typeparamref name="T"/>, in C (row-major) index order, converted with the
    /// numpy casting rules of <see cref="AsType"/> when <typeparamref name="T"/> is not the element type (float to int
    /// truncates toward zero, integers wrap around, anything to bool is <c>value != 0</c>).
    /// </summary>
    /// <typeparam name="T">One of the element types that <see cref="DataType.Of{T}"/> accepts, for example <see cref="double"/>.</typeparam>
    /// <returns>A new array of <see cref="Size"/> elements that never shares memory with the buffer.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a supported element type.</exception>
    public T[] ToArray<T>()
    {
        var dtype = DataType.Of<T>();
        return (T[])(dtype == DType ? this : AsType(dtype, MemoryOrder.C)).ToArray();
    }

    /// <summary>
    /// A copy converted to <paramref name="dtype"/> with numpy's unsafe casting (zarr-python's
    /// <c>astype</c>): integers wrap around, floats into integers truncate toward zero, complex into
    /// real keeps the real part, and anything into bool is <c>value != 0</c>.
    /// </summary>
    /// <param name="dtype">The target data type.</param>
    /// <param name="order">The layout of the copy; <see cref="MemoryOrder.K"/> keeps F order for F-contiguous data, else C.</param>
    /// <returns>A new buffer of this class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="MemoryOrder"/> value.</exception>
    public NDBuffer AsType(DataType dtype, MemoryOrder order = MemoryOrder.K)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ShapeMath.ValidateOrder(order, nameof(order));
        var result = Factory.Empty(Shape, dtype, ResolveOrder(order));
        DType.Ops.CopyInto(this, result);
        return result;
    }

    /// <summary>A deep copy, of this class, in C order (zarr-python's <c>copy</c>).</summary>
    /// <returns>A new buffer that shares nothing with this one.</returns>
    public NDBuffer Copy()
    {
        var result = Factory.Empty(Shape, DType, MemoryOrder.C);
        DType.Ops.CopyInto(this, result);
        return result;
    }

    /// <summary>Sets every element to <paramref name="value"/> in place (zarr-python's <c>fill</c>).</summary>
    /// <param name="value">A bool or a number; it is converted as numpy converts a fill value: floats into integers truncate toward zero, numbers into bool are <c>value != 0</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a number, or is not finite for an integer type, or is complex with an imaginary part for a real type.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is out of range for an integer type (256 for uint8).</exception>
    public void Fill(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        DType.Ops.Fill(this, value);
    }

    /// <summary>The same elements in a new shape, in C index order; a view when the data is C-contiguous, else a copy.</summary>
    /// <param name="shape">The new shape; one length may be -1, inferred from the others.</param>
    /// <returns>A buffer of this class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentException">The new shape holds a different number of elements, has a negative length other than one -1, or more than one -1.</exception>
    public NDBuffer Reshape(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return DType.Ops.Reshape(this, ShapeMath.ResolveReshape(Shape, shape));
    }

    /// <summary>Removes axes of length 1 (zarr-python's <c>squeeze</c>); a view.</summary>
    /// <param name="axes">The axes to remove (negative counts from the end); none removes every axis of length 1.</param>
    /// <returns>A buffer of this class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="axes"/> is null.</exception>
    /// <exception cref="ArgumentException">An axis does not have length 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis is not in <c>[-Rank, Rank)</c>.</exception>
    public NDBuffer Squeeze(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var drop = new bool[Rank];
        if (axes.Length == 0)
        {
            for (int i = 0; i < Rank; i++)
            {
                drop[i] = Shape[i] == 1;
            }
        }

        foreach (int axis in axes)
        {
            int resolved = ResolveAxis(axis, nameof(axes));
            if (Shape[resolved] != 1)
            {
                throw new ArgumentException(
                    $"Cannot squeeze axis {axis} of shape {ShapeMath.Format(Shape)}: its length is {Shape[resolved]}, not 1.", nameof(axes));
            }

            drop[resolved] = true;
        }

        var kept = new List<long>(Rank);
        var dropped = new List<int>(Rank);
        for (int i = 0; i < Rank; i++)
        {
            if (drop[i])
            {
                dropped.Add(i);
            }
            else
            {
                kept.Add(Shape[i]);
            }
        }

        return DType.Ops.Squeeze(this, [.. dropped], [.. kept]);
    }

    /// <summary>Permutes the axes (zarr-python's <c>transpose</c>); a view.</summary>
    /// <param name="axes">A permutation of <c>0..Rank-1</c>: result axis i is source axis <c>axes[i]</c>; null or empty reverses the axes.</param>
    /// <returns>A buffer of this class.</returns>
    /// <exception cref="ArgumentException"><paramref name="axes"/> is not a permutation of the axes.</exception>
    public NDBuffer Transpose(params int[]? axes)
    {
        if (axes is null || axes.Length == 0)
        {
            axes = [.. Enumerable.Range(0, Rank).Reverse()];
        }

        if (axes.Length != Rank || axes.Distinct().Count() != Rank || axes.Any(a => a < 0 || a >= Rank))
        {
            throw new ArgumentException(
                $"Axes [{string.Join(", ", axes)}] are not a permutation of the {Rank} axes of shape {ShapeMath.Format(Shape)}.", nameof(axes));
        }

        return DType.Ops.Transpose(this, axes);
    }

    /// <summary>
    /// Whether every element equals <paramref name="other"/> (zarr-python's <c>all_equal</c>, used to skip
    /// chunks that hold only the fill value).
    /// </summary>
    /// <param name="other">
    /// An <see cref="NDBuffer"/> (broadcast against this one; different data types compare as numbers; a one-element buffer counts as its scalar), a scalar
    /// (broadcast; as numpy compares, float and complex data compare with it converted to their own type, so float32 data
    /// holding <c>0.1f</c> equals <c>0.1</c>, while integer and bool data never match a value they cannot hold exactly, such as
    /// <c>0.5</c> or <c>256</c> for uint8, and real data never matches a value with an imaginary part), or null (never equal,
    /// as a Zarr v2 null fill value).
    /// A floating-point zero is compared by bit pattern, so <c>-0.0</c> data does not equal a <c>0.0</c> fill, as in zarr-python.
    /// </param>
    /// <param name="equalNaN">Whether NaN equals NaN.</param>
    /// <returns>True when all elements are equal; an empty buffer equals any scalar.</returns>
    /// <exception cref="ArgumentException"><paramref name="other"/> is a buffer whose shape does not broadcast against this one, or a value that is not a number.</exception>
    public bool AllEqual(object? other, bool equalNaN = true) =>
        other is not null && DType.Ops.AllEqual(this, other, equalNaN);

    /// <summary>Whether the elements are contiguous in memory in the given order.</summary>
    /// <param name="order"><see cref="MemoryOrder.C"/> or <see cref="MemoryOrder.F"/>; <see cref="MemoryOrder.K"/> accepts either.</param>
    /// <returns>True when contiguous in that order.</returns>
    public bool IsContiguous(MemoryOrder order) => DType.Accept(new ContiguityProbe(this, order));

    /// <summary>The class, shape, data type and values, printed as numpy prints an array: an axis longer than six shows its first and last three items around <c>...</c>.</summary>
    /// <returns>For example <c>&lt;CpuNDBuffer shape=[2, 3] dtype=int32 [[0, 1, 2], [3, 4, 5]]&gt;</c>.</returns>
    public override string ToString() =>
        $"<{GetType().Name} shape={ShapeMath.Format(Shape)} dtype={DType} {DType.Ops.FormatValues(this)}>";

    /// <summary>
    /// Wraps a view (or a fresh tensor) in a buffer of this class. Implementations return their own class
    /// around their own <see cref="INDArrayLike"/>, so that views and copies keep the class of their source.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="view">The tensor to wrap.</param>
    /// <param name="shape">The logical shape of the result; empty for a scalar over a one-element tensor.</param>
    /// <returns>A buffer of this class over <paramref name="view"/>.</returns>
    protected internal abstract NDBuffer WrapView<T>(Tensor<T> view, ReadOnlySpan<long> shape);

    private MemoryOrder ResolveOrder(MemoryOrder order) =>
        order != MemoryOrder.K ? order
        : Rank > 1 && IsContiguous(MemoryOrder.F) && !IsContiguous(MemoryOrder.C) ? MemoryOrder.F
        : MemoryOrder.C;

    private int ResolveAxis(int axis, string paramName)
    {
        if (axis < -Rank || axis >= Rank)
        {
            throw new ArgumentOutOfRangeException(paramName, axis, $"Axis {axis} is out of range for shape {ShapeMath.Format(Shape)}.");
        }

        return axis < 0 ? axis + Rank : axis;
    }

    private readonly struct FlatArrayCopy(NDBuffer buffer) : IDataTypeVisitor<Array>
    {
        public Array Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            ElementOps<T>.ToDenseArray(buffer.AsTensor<T>());
    }

    private readonly struct ContiguityProbe(NDBuffer buffer, MemoryOrder order) : IDataTypeVisitor<bool>
    {
        public bool Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var tensor = buffer.AsTensor<T>();
            return order == MemoryOrder.K
                ? ShapeMath.IsContiguous(tensor.Lengths, tensor.Strides, MemoryOrder.C) || ShapeMath.IsContiguous(tensor.Lengths, tensor.Strides, MemoryOrder.F)
                : ShapeMath.IsContiguous(tensor.Lengths, tensor.Strides, order);
        }
    }
}
