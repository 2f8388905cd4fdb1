using System.Buffers;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Blosc's bit shuffle of one block (c-blosc 1.x <c>shuffle.c</c> and <c>bitshuffle-generic.c</c>): for the block's
/// <c>n</c> whole elements of <c>typeSize</c> bytes, row <c>8j + k</c> (<c>n / 8</c> bytes) holds bit <c>k</c> of byte
/// <c>j</c> of every element, element <c>i</c> in bit <c>i % 8</c> of byte <c>i / 8</c>. When <c>n</c> is not a multiple
/// of 8 the block is copied as it is; otherwise the last <c>length % typeSize</c> bytes are.
/// </summary>
/// <remarks>
/// Both directions are byte shuffles (<see cref="ByteShuffle"/>) and 8 x 8 bit transposes. A byte row of <c>n</c> bytes is
/// <c>n / 8</c> squares of eight bytes; transposing each square's bits makes byte <c>k</c> of square <c>g</c> byte <c>g</c>
/// of bit row <c>k</c>, so a byte shuffle of eight-byte elements then puts the bit rows in place. The shuffle does that in
/// two passes: the byte shuffle into byte rows, then each byte row to its bit rows (<see cref="BitRows"/>), transposing
/// the squares in registers on the way. The unshuffle runs three passes backwards: each bit row set back into its byte row
/// by the byte unshuffle of eight-byte elements, the squares transposed in place (<see cref="BitRows.TransposeInPlace"/>),
/// then the byte unshuffle (fused like the shuffle, it ran several times slower under the runtime's dynamic PGO;
/// docs/benchmarks.md, Issue 10, fifth pass). Squares are transposed by GFNI's affine transform where the processor has it
/// at the vector's width, else by shifts and masks in the vector's 64-bit lanes, else eight bytes at a time.
/// </remarks>
internal static class BitShuffle
{
    private const int SquareBytes = 8;

    /// <summary>How the 8 x 8 bit squares are transposed, for the tests to run each way.</summary>
    internal enum SquareTranspose
    {
        /// <summary>The fastest the processor has: GFNI (in the shuffle, at each vector width that has it), else vectors, else scalar.</summary>
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
                var bytes = rows.AsSpan(row * elements, elements);
                ByteShuffle.Unshuffle(SquareBytes, source.Slice(row * elements, elements), bytes, widestVector);
                BitRows.TransposeInPlace(bytes, widestVector, gfni);
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
