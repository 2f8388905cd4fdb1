using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Zarr.Buffers.Internal;

/// <summary>The kernels shared by every element type: allocation, views, copies, fills and comparisons.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal abstract class ElementOps<T> : ElementOps
    where T : unmanaged, IEquatable<T>
{
    public sealed override Type ElementType => typeof(T);

    public sealed override int ItemSize => Unsafe.SizeOf<T>();

    public sealed override bool IsTensor(IReadOnlyTensor tensor) => tensor is Tensor<T>;

    public sealed override TResult Accept<TResult>(IDataTypeVisitor<TResult> visitor, DataType dataType) => visitor.Visit<T>(dataType);

    /// <summary>Converts a user scalar to an element, as numpy's <c>full</c> and <c>fill</c> do, rejecting values that do not fit.</summary>
    public abstract T FromScalar(object value, DataType dtype);

    public abstract ScalarValue ToScalar(T value);

    /// <summary>Converts elements of this type (C order) into <paramref name="destination"/>, whatever its element type.</summary>
    public abstract void ConvertTo(ReadOnlySpan<T> source, NDBuffer destination);

    public virtual bool ContainsNaN(ReadOnlySpan<T> values) => false;

    public sealed override INDArrayLike Allocate(ReadOnlySpan<long> shape, MemoryOrder order, bool clear)
    {
        int size = ShapeMath.ValidateNewShape(shape, nameof(shape));
        T[] values = clear ? new T[size] : GC.AllocateUninitializedArray<T>(size);
        return NDArray.Wrap(NDArray.CreateTensor(values, 0, shape, order), shape);
    }

    public sealed override void Fill(NDBuffer target, object value) => Fill(target.AsTensor<T>(), FromScalar(value, target.DType));

    public sealed override object ToElement(object value, DataType dtype) => FromScalar(value, dtype);

    public sealed override NDBuffer Slice(NDBuffer source, ReadOnlySpan<NRange> ranges)
    {
        var tensor = source.AsTensor<T>();
        if (source.Rank == 0)
        {
            return source.WrapView(tensor, []);
        }

        var view = tensor.Slice(ranges);
        return source.WrapView(view, ShapeMath.ToLong(view.Lengths));
    }

    public sealed override NDBuffer Reshape(NDBuffer source, long[] shape)
    {
        var tensor = source.AsTensor<T>();
        if (!tensor.IsDense)
        {
            tensor = Dense(tensor);
        }

        return source.WrapView(Tensor.Reshape(tensor, ShapeMath.ToLengths(shape)), shape);
    }

    public sealed override NDBuffer Squeeze(NDBuffer source, int[] axes, long[] shape)
    {
        // Dropping axes of length 1 never needs a copy, even of strided data, unlike a general reshape.
        // Tensor<T> has no rank 0, so a scalar result keeps one axis of length 1 under its empty shape.
        var tensor = source.AsTensor<T>();
        int keep = shape.Length == 0 && source.Rank > 0 ? 1 : 0;
        for (int i = axes.Length - 1; i >= keep; i--)
        {
            tensor = Tensor.SqueezeDimension(tensor, axes[i]);
        }

        return source.WrapView(tensor, shape);
    }

    public sealed override NDBuffer Transpose(NDBuffer source, int[] axes)
    {
        var tensor = source.AsTensor<T>();
        if (source.Rank <= 1)
        {
            return source.WrapView(tensor, source.Shape);
        }

        var view = Tensor.PermuteDimensions(tensor, axes);
        return source.WrapView(view, ShapeMath.ToLong(view.Lengths));
    }

    public sealed override void CopyInto(NDBuffer source, NDBuffer destination)
    {
        source = Assignable(source, destination.Shape);
        if (source.Size == 1 && destination.Size != 1)
        {
            // One value fills the target: broadcasting it would first materialise a target-sized copy of it.
            var element = ReadDense(source.AsTensor<T>());
            if (destination.DType == source.DType)
            {
                Fill(destination.AsTensor<T>(), element[0]);
            }
            else
            {
                var converted = destination.Factory.Empty([], destination.DType);
                ConvertTo(element, converted);
                converted.DType.Ops.CopyInto(converted, destination);
            }

            return;
        }

        var tensor = Broadcast(source, destination.Shape);
        if (destination.DType == source.DType)
        {
            // Like numpy, copy a source that overlaps the target first (buffer[..] = buffer.Transpose()):
            // an element-wise copy would read values it has already overwritten.
            var target = destination.AsTensor<T>();
            StridedCopy.Copy(Overlaps(tensor, target) ? Dense(tensor) : tensor, target);
        }
        else
        {
            ConvertTo(ReadDense(tensor), destination);
        }
    }

    public sealed override object GetScalar(NDBuffer source)
    {
        if (source.Size != 1)
        {
            throw new InvalidOperationException(
                $"Buffer does not contain a single scalar value: its shape is {ShapeMath.Format(source.Shape)} ({source.Size} elements).");
        }

        return ReadDense(source.AsTensor<T>())[0];
    }

    public sealed override bool AllEqual(NDBuffer source, object other, bool equalNaN)
    {
        if (other is NDBuffer buffer)
        {
            return AllEqualBuffer(source, buffer, equalNaN);
        }

        // Normalising first rejects a value that is not a number, instead of reporting it as "not equal".
        var scalar = Scalars.Normalize(other);
        var tensor = source.AsTensor<T>();
        ReadOnlySpan<T> values = TryGetContiguousSpan(tensor, out var span) ? span : Flatten(tensor);
        if (Scalars.IsFloatZero(other))
        {
            // zarr-python (PR #3216) compares a float zero fill by bit pattern, so -0.0 differs from 0.0.
            return BitsEqualAll(values, FromScalar(other, source.DType));
        }

        if (!TryFromScalarToCompare(other, scalar, source.DType, out T element))
        {
            return values.IsEmpty;
        }

        if (IsComplex && ContainsNaN([element]))
        {
            // numpy counts a complex as NaN when either part is: with equalNaN, any NaN matches any other NaN.
            return values.IsEmpty || (equalNaN && EveryElementHasNaN(values));
        }

        // A real number other than zero and NaN has exactly one bit pattern, so the vectorised bit comparison is exact for it
        // (IndexOfAnyExcept on floats compares one element at a time).
        bool equal = NumberKinds.IsReal<T>() && !element.Equals(default) && !ContainsNaN([element])
            ? BitsEqualAll(values, element)
            : values.IndexOfAnyExcept(element) < 0;
        return equal && (equalNaN || values.IsEmpty || !ContainsNaN([element]));
    }

    public sealed override string FormatValues(NDBuffer source)
    {
        var tensor = source.AsTensor<T>();
        if (source.Rank == 0)
        {
            return Scalars.Format(tensor[0]);
        }

        var builder = new StringBuilder();
        AppendAxis(builder, tensor, new nint[tensor.Rank], 0);
        return builder.ToString();
    }

    /// <summary>Appends one axis as numpy prints it: nested brackets, and only the first and last three items of a long axis.</summary>
    private static void AppendAxis(StringBuilder builder, Tensor<T> tensor, nint[] index, int axis)
    {
        const int EdgeItems = 3;
        nint length = tensor.Lengths[axis];
        builder.Append('[');
        for (nint i = 0; i < length; i++)
        {
            if (length > 2 * EdgeItems && i == EdgeItems)
            {
                builder.Append("..., ");
                i = length - EdgeItems;
            }

            index[axis] = i;
            if (axis == index.Length - 1)
            {
                builder.Append(Scalars.Format(tensor[index]));
            }
            else
            {
                AppendAxis(builder, tensor, index, axis + 1);
            }

            if (i < length - 1)
            {
                builder.Append(", ");
            }
        }

        builder.Append(']');
    }

    /// <summary>A dense, C-ordered copy of <paramref name="tensor"/>.</summary>
    public static Tensor<T> Dense(Tensor<T> tensor) => Tensor.Create(Flatten(tensor), tensor.Lengths);

    /// <summary>The elements in C order: the tensor's own memory when it is dense, else a copy.</summary>
    public static ReadOnlySpan<T> ReadDense(Tensor<T> tensor) => TryGetDenseSpan(tensor, out var span) ? span : Flatten(tensor);

    /// <summary>A new array of the elements in C order, copied once whatever the layout.</summary>
    public static T[] ToDenseArray(Tensor<T> tensor) => TryGetDenseSpan(tensor, out var span) ? span.ToArray() : Flatten(tensor);

    public static bool TryGetDenseSpan(Tensor<T> tensor, out Span<T> span)
    {
        if (tensor.FlattenedLength == 0)
        {
            span = [];
            return true;
        }

        if (!tensor.IsDense)
        {
            span = default;
            return false;
        }

        Span<nint> origin = stackalloc nint[tensor.Rank];
        origin.Clear();
        span = tensor.GetSpan(origin, checked((int)tensor.FlattenedLength));
        return true;
    }

    /// <summary>
    /// The elements, in C or F order, as one span of the tensor's own memory, for operations to which the order of the
    /// elements does not matter (fill, comparison with a scalar): an F-ordered chunk then needs no strided walk or copy.
    /// </summary>
    public static bool TryGetContiguousSpan(Tensor<T> tensor, out Span<T> span) =>
        TryGetDenseSpan(tensor, out span)
        || (tensor.Rank > 1 && TryGetDenseSpan(Tensor.PermuteDimensions(tensor, [.. Enumerable.Range(0, tensor.Rank).Reverse()]), out span));

    /// <summary>Writes C-ordered <paramref name="produce"/> output into <paramref name="destination"/>, through a scratch array when it is strided.</summary>
    public static void WriteDense<TState>(NDBuffer destination, TState state, SpanAction<T, TState> produce)
        where TState : allows ref struct
    {
        var tensor = destination.AsTensor<T>();
        if (TryGetDenseSpan(tensor, out var span))
        {
            produce(span, state);
            return;
        }

        var scratch = GC.AllocateUninitializedArray<T>(checked((int)tensor.FlattenedLength));
        produce(scratch, state);
        StridedCopy.Copy(Tensor.Create(scratch, tensor.Lengths), tensor);
    }

    /// <summary>
    /// The element a scalar compares as, following numpy (value-based casting in 1.x, weak scalars in 2.x): float and complex data
    /// compare in their own type (<c>np.array([0.1], np.float32) == 0.1</c> is true), integer and bool data only with the
    /// exact value (int data never equals 0.5, uint8 never 256). A value with an imaginary part never matches real data.
    /// </summary>
    private bool TryFromScalarToCompare(object value, ScalarValue scalar, DataType dtype, out T element)
    {
        try
        {
            element = FromScalar(value, dtype);
        }
        catch (ArgumentException)
        {
            element = default;
            return false;
        }

        return NumberKinds.IsInexact<T>() || ToScalar(element).SameNumber(scalar);
    }

    private bool AllEqualBuffer(NDBuffer source, NDBuffer other, bool equalNaN)
    {
        long[] shape = ShapeMath.Broadcast(source.Shape, other.Shape);
        if (other.Size == 1)
        {
            // zarr-python treats a one-element array as its scalar (a float zero compares by bit pattern), and
            // comparing with the scalar needs no broadcast copy of it.
            return AllEqual(source, other.AsScalar(), equalNaN);
        }

        if (other.DType != source.DType)
        {
            // Values of different types compare as numbers, like numpy's promotion: widen both to complex128.
            var wide = DataType.Complex128;
            return source.AsType(wide).AllEqual(other.AsType(wide), equalNaN);
        }

        var mine = ReadDense(Broadcast(source, shape));
        var theirs = ReadDense(Broadcast(other, shape));
        // Equal bits are equal values; only differing bits (signed zeros, NaN payloads) need the slower comparison as numbers.
        bool equal = MemoryMarshal.AsBytes(mine).SequenceEqual(MemoryMarshal.AsBytes(theirs))
            || (IsComplex ? ComplexValuesEqual(mine, theirs) : mine.SequenceEqual(theirs));
        return equal && (equalNaN || !ContainsNaN(mine));
    }

    private static bool IsComplex => typeof(T) == typeof(System.Numerics.Complex) || typeof(T) == typeof(Complex64);

    private bool EveryElementHasNaN(ReadOnlySpan<T> values)
    {
        foreach (var value in values)
        {
            if (!ContainsNaN([value]))
            {
                return false;
            }
        }

        return true;
    }

    // Complex equality counts NaN per part ((NaN, 0) != (NaN, NaN)); numpy's equal_nan treats both as one NaN.
    private bool ComplexValuesEqual(ReadOnlySpan<T> mine, ReadOnlySpan<T> theirs)
    {
        for (int i = 0; i < mine.Length; i++)
        {
            if (!mine[i].Equals(theirs[i]) && !(ContainsNaN([mine[i]]) && ContainsNaN([theirs[i]])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A view of <paramref name="source"/> broadcast to <paramref name="shape"/>, which the caller has checked it broadcasts to.</summary>
    private static Tensor<T> Broadcast(NDBuffer source, ReadOnlySpan<long> shape)
    {
        var tensor = source.AsTensor<T>();
        return source.Shape.SequenceEqual(shape) ? tensor : Tensor.Broadcast<T>(tensor, ShapeMath.ToLengths(shape));
    }

    /// <summary>
    /// The value as numpy assigns it into a selection of <paramref name="shape"/>: without the leading axes of length 1 beyond
    /// the selection's rank (<c>a[:] = np.ones((1, 3))</c> into shape (3,)), and checked to broadcast into the selection.
    /// </summary>
    private static NDBuffer Assignable(NDBuffer value, ReadOnlySpan<long> shape)
    {
        var from = value.Shape;
        int drop = 0;
        while (from.Length - drop > shape.Length && from[drop] == 1)
        {
            drop++;
        }

        var kept = from[drop..];
        bool broadcasts = kept.Length <= shape.Length;
        for (int i = 1; broadcasts && i <= kept.Length; i++)
        {
            broadcasts = kept[^i] == 1 || kept[^i] == shape[^i];
        }

        if (!broadcasts)
        {
            throw new ArgumentException(
                $"Cannot broadcast the value of shape {ShapeMath.Format(from)} into the selection of shape {ShapeMath.Format(shape)}.");
        }

        return drop == 0 ? value : value.Squeeze([.. Enumerable.Range(0, drop)]);
    }

    private static void Fill(Tensor<T> tensor, T element)
    {
        if (TryGetContiguousSpan(tensor, out var span))
        {
            span.Fill(element);
        }
        else
        {
            tensor.Fill(element);
        }
    }

    private static T[] Flatten(Tensor<T> tensor)
    {
        var values = GC.AllocateUninitializedArray<T>(checked((int)tensor.FlattenedLength));
        StridedCopy.Copy(tensor, Tensor.Create(values, tensor.Lengths));
        return values;
    }

    /// <summary>Whether two tensors may share memory: their address ranges intersect.</summary>
    private static bool Overlaps(Tensor<T> a, Tensor<T> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return false;
        }

        nint offset = Unsafe.ByteOffset(ref a.GetPinnableReference(), ref b.GetPinnableReference());
        return offset < ExtentInBytes(a) && -offset < ExtentInBytes(b);
    }

    private static nint ExtentInBytes(Tensor<T> tensor)
    {
        nint last = 0;
        for (int i = 0; i < tensor.Rank; i++)
        {
            last += tensor.Strides[i] * (tensor.Lengths[i] - 1);
        }

        return (last + 1) * Unsafe.SizeOf<T>();
    }

    private static bool BitsEqualAll(ReadOnlySpan<T> values, T element) => Unsafe.SizeOf<T>() switch
    {
        1 => MemoryMarshal.Cast<T, byte>(values).IndexOfAnyExcept(Unsafe.As<T, byte>(ref element)) < 0,
        2 => MemoryMarshal.Cast<T, ushort>(values).IndexOfAnyExcept(Unsafe.As<T, ushort>(ref element)) < 0,
        4 => MemoryMarshal.Cast<T, uint>(values).IndexOfAnyExcept(Unsafe.As<T, uint>(ref element)) < 0,
        8 => MemoryMarshal.Cast<T, ulong>(values).IndexOfAnyExcept(Unsafe.As<T, ulong>(ref element)) < 0,
        _ => MemoryMarshal.Cast<T, UInt128>(values).IndexOfAnyExcept(Unsafe.As<T, UInt128>(ref element)) < 0,
    };
}
