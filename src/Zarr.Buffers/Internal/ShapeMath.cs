using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace Zarr.Buffers.Internal;

/// <summary>Shape arithmetic shared by the n-dimensional types: validation, strides, reshape and broadcasting.</summary>
internal static class ShapeMath
{
    public static long[] ToLong(ReadOnlySpan<nint> lengths)
    {
        var shape = new long[lengths.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = lengths[i];
        }

        return shape;
    }

    /// <summary>The tensor lengths for a logical shape: a scalar (rank 0) is held as one element of rank 1.</summary>
    public static nint[] ToLengths(ReadOnlySpan<long> shape)
    {
        if (shape.IsEmpty)
        {
            return [1];
        }

        var lengths = new nint[shape.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = checked((nint)shape[i]);
        }

        return lengths;
    }

    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    public static string Format(ReadOnlySpan<nint> lengths) => Format(ToLong(lengths));

    public static void ValidateOrder(MemoryOrder order, string paramName)
    {
        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(paramName, order, $"Memory order {(int)order} is not C, F or K.");
        }
    }

    /// <summary>The number of elements of a shape; a scalar has one.</summary>
    public static long Product(ReadOnlySpan<long> shape)
    {
        long size = 1;
        foreach (long length in shape)
        {
            size = checked(size * length);
        }

        return size;
    }

    /// <summary>Checks a shape for an allocation: no negative lengths and at most <see cref="Array.MaxLength"/> elements.</summary>
    public static int ValidateNewShape(ReadOnlySpan<long> shape, string paramName)
    {
        foreach (long length in shape)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, $"Shape {Format(shape)} has a negative length; every length must be 0 or more.");
            }
        }

        long size;
        try
        {
            size = Product(shape);
        }
        catch (OverflowException)
        {
            size = long.MaxValue;
        }

        if (size > Array.MaxLength)
        {
            // The exact count, which a long may not hold: a message saying long.MaxValue would misstate it.
            var count = shape.ToArray().Aggregate(BigInteger.One, (product, length) => product * length);
            throw new ArgumentOutOfRangeException(paramName, $"Shape {Format(shape)} holds {count} elements; at most {Array.MaxLength} fit in one buffer.");
        }

        return (int)size;
    }

    public static void ValidateLogicalShape(ReadOnlySpan<nint> lengths, ReadOnlySpan<long> shape)
    {
        bool matches = shape.IsEmpty
            ? lengths.Length == 1 && lengths[0] == 1
            : lengths.Length == shape.Length && ToLong(lengths).AsSpan().SequenceEqual(shape);
        if (!matches)
        {
            throw new ArgumentException(
                $"Shape {Format(shape)} does not match a tensor of lengths {Format(lengths)}; expected the tensor's lengths, or [] over a one-element tensor.",
                nameof(shape));
        }
    }

    /// <summary>
    /// Element strides of a dense layout in the given order (K means C). Axes of length 1, and every axis
    /// of an empty shape, get stride 0: <see cref="System.Numerics.Tensors.Tensor"/> rejects any other.
    /// </summary>
    public static nint[] Strides(ReadOnlySpan<nint> lengths, MemoryOrder order)
    {
        var strides = new nint[lengths.Length];
        if (lengths.Contains(0))
        {
            return strides;
        }

        nint stride = 1;
        for (int k = 0; k < lengths.Length; k++)
        {
            int i = order == MemoryOrder.F ? k : lengths.Length - 1 - k;
            strides[i] = lengths[i] == 1 ? 0 : stride;
            stride *= lengths[i];
        }

        return strides;
    }

    /// <summary>
    /// Whether a tensor's layout is contiguous in the given order (axes of length 1 may have any stride).
    /// An empty layout is contiguous in every order, as in numpy, whatever its strides.
    /// </summary>
    public static bool IsContiguous(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, MemoryOrder order)
    {
        if (lengths.Contains(0))
        {
            return true;
        }

        nint expected = 1;
        for (int k = 0; k < lengths.Length; k++)
        {
            int i = order == MemoryOrder.F ? k : lengths.Length - 1 - k;
            if (lengths[i] != 1 && strides[i] != expected)
            {
                return false;
            }

            expected *= lengths[i];
        }

        return true;
    }

    /// <summary>Resolves a reshape target: at most one -1, no other negative length, the same element count.</summary>
    public static long[] ResolveReshape(ReadOnlySpan<long> from, long[] shape)
    {
        long known = 1;
        int wildcard = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1 && wildcard < 0)
            {
                wildcard = i;
            }
            else if (shape[i] < 0)
            {
                throw new ArgumentException(
                    $"Cannot reshape shape {Format(from)} into shape {Format(shape)}: lengths must be 0 or more, with at most one -1 to infer.", nameof(shape));
            }
            else
            {
                known = checked(known * shape[i]);
            }
        }

        long size = Product(from);
        long[] resolved = (long[])shape.Clone();
        if (wildcard >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                throw new ArgumentException(
                    $"Cannot reshape a buffer of {size} elements (shape {Format(from)}) into shape {Format(shape)}.", nameof(shape));
            }

            resolved[wildcard] = size / known;
        }
        else if (known != size)
        {
            throw new ArgumentException(
                $"Cannot reshape a buffer of {size} elements (shape {Format(from)}) into shape {Format(shape)} of {known} elements.", nameof(shape));
        }

        return resolved;
    }

    /// <summary>
    /// Resolves one range per leading axis of <paramref name="shape"/> to plain <c>[start, end)</c> ranges: from-end indexes
    /// count from the axis' length and missing trailing axes are taken whole. Messages name the ranges as <paramref name="paramName"/>.
    /// </summary>
    public static NRange[] ResolveRanges(ReadOnlySpan<long> shape, NRange[] ranges, string paramName)
    {
        if (ranges.Length > shape.Length)
        {
            throw new ArgumentException(
                $"The {paramName} [{string.Join(", ", ranges)}] has {ranges.Length} ranges, more than rank {shape.Length} of shape {Format(shape)} allows.",
                paramName);
        }

        var resolved = new NRange[shape.Length];
        for (int axis = 0; axis < resolved.Length; axis++)
        {
            nint length = checked((nint)shape[axis]);
            if (axis >= ranges.Length)
            {
                resolved[axis] = new NRange(0, length);
                continue;
            }

            nint start = ranges[axis].Start.GetOffset(length);
            nint end = ranges[axis].End.GetOffset(length);
            if (start < 0 || end > length || start > end)
            {
                throw new ArgumentOutOfRangeException(paramName,
                    $"The {paramName} [{string.Join(", ", ranges)}] does not lie inside shape {Format(shape)}: on axis {axis} of length {length}, {ranges[axis]} resolves to [{start}, {end}).");
            }

            resolved[axis] = new NRange(start, end);
        }

        return resolved;
    }

    /// <summary>The shape of a region resolved by <see cref="ResolveRanges"/>: the length of its range on each axis.</summary>
    public static long[] RegionShape(NRange[] resolved) => [.. resolved.Select(range => (long)(range.End.Value - range.Start.Value))];

    /// <summary>numpy's broadcasting of two shapes: align on the right, lengths must match or be 1.</summary>
    public static long[] Broadcast(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 1; i <= rank; i++)
        {
            long x = i <= a.Length ? a[^i] : 1;
            long y = i <= b.Length ? b[^i] : 1;
            if (x != y && x != 1 && y != 1)
            {
                throw new ArgumentException(
                    $"Shapes {Format(a)} and {Format(b)} cannot be broadcast together: lengths {x} and {y} differ and neither is 1.");
            }

            result[^i] = x == 1 ? y : x;
        }

        return result;
    }
}
