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
/// Both directions are byte shuffles (<see cref="ByteShuffle"/>) and 8 x 8 bit transposes. A byte row of <c>n</c> bytes is
/// <c>n / 8</c> squares of eight bytes; transposing each square's bits makes byte <c>k</c> of square <c>g</c> byte <c>g</c>
/// of bit row <c>k</c>, so a byte shuffle of eight-byte elements then puts the bit rows in place. The shuffle does that in
/// two passes: the byte shuffle into byte rows, then each byte row to its bit rows (<see cref="BitRows"/>), transposing
/// the squares in registers on the way. The unshuffle runs three passes backwards: each bit row set back into its byte row
/// by the byte unshuffle of eight-byte elements, the squares transposed in place, then the byte unshuffle (fused like the
/// shuffle, it ran several times slower under the runtime's dynamic PGO; docs/benchmarks.md, Issue 10, fifth pass). Its
/// squares are transposed by GFNI's affine transform, one instruction per 64 or 16 bytes, where the processor has it;
/// else by shifts and masks in <see cref="Vector128{T}"/> lanes; else eight bytes at a time.
/// </remarks>
internal static class BitShuffle
{
    private const int SquareBytes = 8;

    /// <summary>How the 8 x 8 bit squares are transposed, for the tests to run each way.</summary>
    internal enum SquareTranspose
    {
        /// <summary>The fastest the processor has: GFNI (in the shuffle, at each vector width that has it), else vectors, else scalar.</summary>
        Fastest,

        /// <summary>
        /// Shifts and masks, as on processors without GFNI: in the 64-bit lanes of every vector width in the shuffle, in
        /// <see cref="Vector128{T}"/> lanes in the unshuffle.
        /// </summary>
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
        byte[] rows = ArrayPool<byte>.Shared.Rent(shuffled);
        try
        {
            for (int row = 0; row < typeSize; row++)
            {
                var bytes = rows.AsSpan(row * elements, elements);
                ByteShuffle.Unshuffle(SquareBytes, source.Slice(row * elements, elements), bytes, widestVector);
                TransposeSquares(bytes, transpose);
            }

            ByteShuffle.Unshuffle(typeSize, rows.AsSpan(0, shuffled), destination[..shuffled], widestVector);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        source[shuffled..].CopyTo(destination[shuffled..]);
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
