using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Blosc's bit shuffle of one block (c-blosc 1.x <c>shuffle.c</c> and <c>bitshuffle-generic.c</c>): for the block's
/// <c>n</c> whole elements of <c>typeSize</c> bytes, row <c>8j + k</c> (<c>n / 8</c> bytes) holds bit <c>k</c> of byte
/// <c>j</c> of every element, element <c>i</c> in bit <c>i % 8</c> of byte <c>i / 8</c>. When <c>n</c> is not a multiple
/// of 8 the block is copied as it is; otherwise the last <c>length % typeSize</c> bytes are.
/// </summary>
/// <remarks>
/// The block goes chunk by chunk through a scratch that stays in the first-level cache, so the block itself is read and
/// written once: the chunk's byte rows (<see cref="ByteShuffle"/>); each row's squares of eight bytes with their bits
/// transposed, which makes byte <c>k</c> of square <c>g</c> byte <c>g</c> of bit row <c>k</c>; and a byte shuffle of
/// eight-byte elements that puts the bit rows' pieces together, copied to their rows (the unshuffle does the same
/// backwards). Whole-block passes instead thrash the cache for the larger type sizes: the byte rows of a block are a
/// multiple of 4 KiB apart, so writing a few bytes to each of 16 of them in turn keeps more lines of one cache set in
/// play than the cache has ways. The squares are transposed by GFNI's affine transform, one instruction per 64 or 16
/// bytes, where the processor has it; else by shifts and masks in <see cref="Vector128{T}"/> lanes; else eight bytes at
/// a time.
/// </remarks>
internal static class BitShuffle
{
    private const int SquareBytes = 8;

    // The scratch of one chunk, small enough to stay in the first-level cache between the chunk's passes.
    private const int ChunkBytes = 16 * 1024;

    /// <summary>How the 8 x 8 bit squares are transposed, for the tests to run each way.</summary>
    internal enum SquareTranspose
    {
        /// <summary>The fastest the processor has: GFNI, else vectors, else scalar.</summary>
        Fastest,

        /// <summary>Shifts and masks in <see cref="Vector128{T}"/> lanes, as on processors without GFNI.</summary>
        Vector128,

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

        int chunkElements = ChunkElements(typeSize);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(chunkElements * (typeSize + 1));
        try
        {
            for (int first = 0; first < elements; first += chunkElements)
            {
                ShuffleChunk(typeSize, source, destination, new Chunk(first, Math.Min(chunkElements, elements - first), elements), scratch, transpose);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        CopyLeftover(elements * typeSize, source, destination);
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

        int chunkElements = ChunkElements(typeSize);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(chunkElements * (typeSize + 1));
        try
        {
            for (int first = 0; first < elements; first += chunkElements)
            {
                UnshuffleChunk(typeSize, source, destination, new Chunk(first, Math.Min(chunkElements, elements - first), elements), scratch, transpose);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        CopyLeftover(elements * typeSize, source, destination);
    }

    // Elements per chunk: a multiple of 64 (whole vectors for the byte shuffles) whose byte rows and one row of squares
    // fit in ChunkBytes.
    private static int ChunkElements(int typeSize) => Math.Max(64, ChunkBytes / (typeSize + 1) / 64 * 64);

    // The chunk's byte rows into the front of the scratch, each row's squares transposed, then moved by the byte shuffle
    // of eight-byte elements to the scratch's last row, whose eight pieces go to their bit rows in the destination.
    private static void ShuffleChunk(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, Chunk chunk, byte[] scratch, SquareTranspose transpose)
    {
        int widestVector = WidestVector(transpose);
        var rows = scratch.AsSpan(0, chunk.Elements * typeSize);
        var pieces = scratch.AsSpan(rows.Length, chunk.Elements);
        ByteShuffle.Shuffle(typeSize, source.Slice(chunk.First * typeSize, rows.Length), rows, widestVector);
        for (int j = 0; j < typeSize; j++)
        {
            var row = rows.Slice(j * chunk.Elements, chunk.Elements);
            TransposeSquares(row, transpose);
            ByteShuffle.Shuffle(SquareBytes, row, pieces, widestVector);
            for (int k = 0; k < SquareBytes; k++)
            {
                pieces.Slice(k * chunk.PieceLength, chunk.PieceLength).CopyTo(destination.Slice(chunk.BitRowPiece((SquareBytes * j) + k), chunk.PieceLength));
            }
        }
    }

    // ShuffleChunk backwards.
    private static void UnshuffleChunk(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, Chunk chunk, byte[] scratch, SquareTranspose transpose)
    {
        int widestVector = WidestVector(transpose);
        var rows = scratch.AsSpan(0, chunk.Elements * typeSize);
        var pieces = scratch.AsSpan(rows.Length, chunk.Elements);
        for (int j = 0; j < typeSize; j++)
        {
            for (int k = 0; k < SquareBytes; k++)
            {
                source.Slice(chunk.BitRowPiece((SquareBytes * j) + k), chunk.PieceLength).CopyTo(pieces.Slice(k * chunk.PieceLength, chunk.PieceLength));
            }

            var row = rows.Slice(j * chunk.Elements, chunk.Elements);
            ByteShuffle.Unshuffle(SquareBytes, pieces, row, widestVector);
            TransposeSquares(row, transpose);
        }

        ByteShuffle.Unshuffle(typeSize, rows, destination.Slice(chunk.First * typeSize, rows.Length), widestVector);
    }

    private static int WidestVector(SquareTranspose transpose) => transpose == SquareTranspose.Scalar ? 0 : ByteShuffle.WidestAccelerated;

    private static void CopyLeftover(int shuffled, ReadOnlySpan<byte> source, Span<byte> destination) =>
        source[shuffled..].CopyTo(destination[shuffled..]);

    // Elements First .. First + Elements - 1 of a block of BlockElements: in each bit row, PieceLength bytes at
    // First / 8.
    private readonly record struct Chunk(int First, int Elements, int BlockElements)
    {
        public int PieceLength => Elements / SquareBytes;

        public int BitRowPiece(int bitRow) => (bitRow * (BlockElements / SquareBytes)) + (First / SquareBytes);
    }

    // Transposes the bits of each eight-byte square in place: bit m of byte k goes to bit k of byte m.
    private static void TransposeSquares(Span<byte> squares, SquareTranspose transpose)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(squares);
        int done = 0;
        if (transpose == SquareTranspose.Fastest && Gfni.V512.IsSupported)
        {
            done = TransposeSquaresGfni512(words);
        }

        if (transpose == SquareTranspose.Fastest && Gfni.IsSupported)
        {
            done = TransposeSquaresGfni128(words, done);
        }
        else if (transpose != SquareTranspose.Scalar && Vector128.IsHardwareAccelerated)
        {
            done = TransposeSquares128(words, done);
        }

        for (int offset = done * SquareBytes; offset < squares.Length; offset += SquareBytes)
        {
            var square = squares.Slice(offset, SquareBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(square, TransposeBitSquare(BinaryPrimitives.ReadUInt64LittleEndian(square)));
        }
    }

    // GF2P8AFFINEQB with the square as the matrix: result bit j of byte i is the parity of matrix byte 7 - j and x's byte
    // i, here 1 << i, so it is bit i of byte 7 - j. Reversing the square's bytes first makes that bit i of byte j.
    private static int TransposeSquaresGfni512(Span<ulong> words)
    {
        var reverse = Vector512.Create(0x0001020304050607UL, 0x08090A0B0C0D0E0FUL, 0x1011121314151617UL, 0x18191A1B1C1D1E1FUL,
            0x2021222324252627UL, 0x28292A2B2C2D2E2FUL, 0x3031323334353637UL, 0x38393A3B3C3D3E3FUL).AsByte();
        var singleBits = Vector512.Create(0x8040201008040201UL).AsByte();
        int end = words.Length - (words.Length % Vector512<ulong>.Count);
        ref ulong word = ref MemoryMarshal.GetReference(words);
        for (int i = 0; i < end; i += Vector512<ulong>.Count)
        {
            var squares = Vector512.ShuffleNative(Vector512.LoadUnsafe(ref word, (nuint)i).AsByte(), reverse);
            Gfni.V512.GaloisFieldAffineTransform(singleBits, squares, 0).AsUInt64().StoreUnsafe(ref word, (nuint)i);
        }

        return end;
    }

    private static int TransposeSquaresGfni128(Span<ulong> words, int first)
    {
        var reverse = Vector128.Create(0x0001020304050607UL, 0x08090A0B0C0D0E0FUL).AsByte();
        var singleBits = Vector128.Create(0x8040201008040201UL).AsByte();
        int end = words.Length - ((words.Length - first) % Vector128<ulong>.Count);
        ref ulong word = ref MemoryMarshal.GetReference(words);
        for (int i = first; i < end; i += Vector128<ulong>.Count)
        {
            var squares = Vector128.ShuffleNative(Vector128.LoadUnsafe(ref word, (nuint)i).AsByte(), reverse);
            Gfni.GaloisFieldAffineTransform(singleBits, squares, 0).AsUInt64().StoreUnsafe(ref word, (nuint)i);
        }

        return end;
    }

    // TransposeBitSquare in each 64-bit lane.
    private static int TransposeSquares128(Span<ulong> words, int first)
    {
        int end = words.Length - ((words.Length - first) % Vector128<ulong>.Count);
        ref ulong word = ref MemoryMarshal.GetReference(words);
        for (int i = first; i < end; i += Vector128<ulong>.Count)
        {
            var x = Vector128.LoadUnsafe(ref word, (nuint)i);
            var t = (x ^ (x >>> 7)) & Vector128.Create(0x00AA00AA00AA00AAUL);
            x = x ^ t ^ (t << 7);
            t = (x ^ (x >>> 14)) & Vector128.Create(0x0000CCCC0000CCCCUL);
            x = x ^ t ^ (t << 14);
            t = (x ^ (x >>> 28)) & Vector128.Create(0x00000000F0F0F0F0UL);
            (x ^ t ^ (t << 28)).StoreUnsafe(ref word, (nuint)i);
        }

        return end;
    }

    // bitshuffle's TRANS_BIT_8X8: byte k of the result holds bit k of each byte of the input (byte m in bit m).
    private static ulong TransposeBitSquare(ulong x)
    {
        ulong t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        return x ^ t ^ (t << 28);
    }
}
