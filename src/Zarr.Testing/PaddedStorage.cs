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
        T[] storage = GC.AllocateUninitializedArray<T>(LeadingPadding + size + TrailingPadding);
        MemoryMarshal.AsBytes(storage.AsSpan()).Fill(TestBuffer.PaddingByte);
        var tensor = NDArray.CreateTensor(storage, LeadingPadding, shape, order);
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
}
