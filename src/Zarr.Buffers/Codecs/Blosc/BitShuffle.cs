using System.Buffers;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Blosc's bit shuffle of one block (c-blosc 1.x <c>shuffle.c</c> and <c>bitshuffle-generic.c</c>): for the block's
/// <c>n</c> whole elements of <c>typeSize</c> bytes, row <c>8j + k</c> (<c>n / 8</c> bytes) holds bit <c>k</c> of byte
/// <c>j</c> of every element, element <c>i</c> in bit <c>i % 8</c> of byte <c>i / 8</c>. When <c>n</c> is not a multiple
/// of 8 the block is copied as it is; otherwise the last <c>length % typeSize</c> bytes are.
/// </summary>
/// <remarks>
/// Two passes over the block: the byte shuffle (<see cref="ByteShuffle"/>) into byte rows of <c>n</c> bytes, then each
/// byte row to its eight bit rows (<see cref="BitRows"/>), which transposes the bits of each eight-byte square in
/// registers on the way; the unshuffle runs the same two backwards.
/// </remarks>
internal static class BitShuffle
{
    /// <summary>How the 8 x 8 bit squares are transposed, for the tests to run each way.</summary>
    internal enum SquareTranspose
    {
        /// <summary>The fastest the processor has: GFNI at each vector width that has it, else shifts and masks.</summary>
        Fastest,

        /// <summary>Shifts and masks in the 64-bit lanes of every vector width, as on processors without GFNI.</summary>
        ShiftsAndMasks,

        /// <summary>One square at a time in a 64-bit register, and the byte shuffles' scalar loops.</summary>
        Scalar,
    }

    /// <summary>Bit-shuffles <paramref name="source"/> into <paramref name="destination"/>, both the block's length.</summary>
    public static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        Shuffle(typeSize, source, destination, SquareTranspose.Fastest);

    /// <summary>Undoes <see cref="Shuffle(int, ReadOnlySpan{byte}, Span{byte})"/>: <paramref name="source"/> and <paramref name="destination"/> have the block's length.</summary>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        Unshuffle(typeSize, source, destination, SquareTranspose.Fastest);

    /// <summary>The bit shuffle with the squares transposed the given way.</summary>
    internal static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, SquareTranspose transpose)
    {
        int elements = source.Length / typeSize;
        if (elements % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }

        int shuffled = elements * typeSize;
        int widestVector = transpose == SquareTranspose.Scalar ? 0 : ByteShuffle.WidestAccelerated;
        bool gfni = transpose == SquareTranspose.Fastest;
        byte[] rows = ArrayPool<byte>.Shared.Rent(shuffled);
        try
        {
            ByteShuffle.Shuffle(typeSize, source[..shuffled], rows.AsSpan(0, shuffled), widestVector);
            for (int row = 0; row < typeSize; row++)
            {
                BitRows.Shuffle(rows.AsSpan(row * elements, elements), destination.Slice(row * elements, elements), widestVector, gfni);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        source[shuffled..].CopyTo(destination[shuffled..]);
    }

    /// <summary>The bit unshuffle with the squares transposed the given way.</summary>
    internal static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, SquareTranspose transpose)
    {
        int elements = source.Length / typeSize;
        if (elements % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }

        int shuffled = elements * typeSize;
        int widestVector = transpose == SquareTranspose.Scalar ? 0 : ByteShuffle.WidestAccelerated;
        bool gfni = transpose == SquareTranspose.Fastest;
        byte[] rows = ArrayPool<byte>.Shared.Rent(shuffled);
        try
        {
            for (int row = 0; row < typeSize; row++)
            {
                BitRows.Unshuffle(source.Slice(row * elements, elements), rows.AsSpan(row * elements, elements), widestVector, gfni);
            }

            ByteShuffle.Unshuffle(typeSize, rows.AsSpan(0, shuffled), destination[..shuffled], widestVector);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        source[shuffled..].CopyTo(destination[shuffled..]);
    }
}
