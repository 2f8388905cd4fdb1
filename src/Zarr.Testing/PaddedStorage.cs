using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Zarr.Buffers;

namespace Zarr.Testing;

/// <summary>
/// Allocation for <see cref="NDBufferUsingTestNDArrayLike"/>: a dense tensor placed at a non-zero offset in a larger
/// array whose every byte starts as <see cref="TestBuffer.PaddingByte"/>.
/// </summary>
internal static class PaddedStorage
{
    // Odd element counts, so that code assuming offset 0 or aligned offsets reads padding.
    public const int LeadingPadding = 5;
    private const int TrailingPadding = 3;

    /// <summary>A new array-like of <paramref name="shape"/>; <paramref name="data"/> is its elements in <paramref name="order"/>, all padding bytes.</summary>
    public static TestNDArrayLike Allocate<T>(ReadOnlySpan<long> shape, MemoryOrder order, out Span<T> data)
        where T : unmanaged
    {
        int size = ElementCount(shape);
        nint[] lengths = ToLengths(shape);
        T[] storage = GC.AllocateUninitializedArray<T>(LeadingPadding + size + TrailingPadding);
        MemoryMarshal.AsBytes(storage.AsSpan()).Fill(TestBuffer.PaddingByte);
        var tensor = Tensor.Create(storage, LeadingPadding, lengths, Strides(lengths, order));
        data = storage.AsSpan(LeadingPadding, size);
        return new TestNDArrayLike(DataType.Of<T>(), tensor, shape, storage, LeadingPadding);
    }

    public static long[] ToShape(ReadOnlySpan<nint> lengths)
    {
        var shape = new long[lengths.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = lengths[i];
        }

        return shape;
    }

    /// <summary>The number of elements of <paramref name="shape"/>, after checking that it can be allocated.</summary>
    public static int ElementCount(ReadOnlySpan<long> shape)
    {
        long maxSize = Array.MaxLength - LeadingPadding - TrailingPadding;
        long product = shape.Contains(0) ? 0 : 1;
        foreach (long length in shape)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {Format(shape)} has a negative length; every length must be 0 or more.");
            }

            // Saturating, so that a huge shape is reported rather than overflowing.
            product = product == 0 || length <= maxSize / product ? product * length : long.MaxValue;
        }

        if (product > maxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {Format(shape)} holds more than the {maxSize} elements that fit in one test buffer.");
        }

        return (int)product;
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

    /// <summary>The tensor lengths of a logical shape: a scalar is one element of rank 1.</summary>
    private static nint[] ToLengths(ReadOnlySpan<long> shape)
    {
        if (shape.IsEmpty)
        {
            return [1];
        }

        var lengths = new nint[shape.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = (nint)shape[i];
        }

        return lengths;
    }

    /// <summary>Dense strides in <paramref name="order"/> (K means C); <see cref="Tensor"/> demands 0 for axes of length 1 and for every axis of an empty tensor.</summary>
    private static nint[] Strides(ReadOnlySpan<nint> lengths, MemoryOrder order)
    {
        var strides = new nint[lengths.Length];
        if (lengths.Contains(0))
        {
            return strides;
        }

        nint stride = 1;
        for (int k = 0; k < lengths.Length; k++)
        {
            int axis = order == MemoryOrder.F ? k : lengths.Length - 1 - k;
            strides[axis] = lengths[axis] == 1 ? 0 : stride;
            stride *= lengths[axis];
        }

        return strides;
    }
}
