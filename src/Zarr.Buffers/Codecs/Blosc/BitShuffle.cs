using System.Buffers;
using System.Buffers.Binary;
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
/// Both directions go through the byte shuffle (<see cref="ByteShuffle"/>), whose rows of <c>n</c> bytes then have their
/// 8 x 8 bit squares transposed. The shuffle gathers the top bits of 64, 32 or 16 bytes at a time with
/// <c>ExtractMostSignificantBits</c> of <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/>;
/// the unshuffle interleaves 16 bytes of each of the eight bit rows with SSE2 into 16 squares and transposes them two at a
/// time in <see cref="Vector128{T}"/> lanes; the rest transpose eight bytes at a time in a 64-bit register.
/// </remarks>
internal static class BitShuffle
{
    /// <summary>Bit-shuffles <paramref name="source"/> into <paramref name="destination"/>, both the block's length.</summary>
    public static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        ShuffleWith(typeSize, source, destination, vectorized: true);

    /// <summary>Undoes <see cref="Shuffle"/>: <paramref name="source"/> and <paramref name="destination"/> have the block's length.</summary>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        UnshuffleWith(typeSize, source, destination, vectorized: true);

    /// <summary>The bit unshuffle with the transposes done eight bytes at a time only, for the tests to check the vector path against.</summary>
    internal static void UnshuffleScalar(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        UnshuffleWith(typeSize, source, destination, vectorized: false);

    private static void UnshuffleWith(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, bool vectorized)
    {
        int elements = source.Length / typeSize;
        if (elements % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }

        int shuffled = elements * typeSize;
        byte[] rows = ArrayPool<byte>.Shared.Rent(shuffled);
        try
        {
            for (int row = 0; row < typeSize; row++)
            {
                UntransposeBits(source.Slice(row * elements, elements), rows.AsSpan(row * elements, elements), vectorized);
            }

            ByteShuffle.Unshuffle(typeSize, rows.AsSpan(0, shuffled), destination[..shuffled]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        source[shuffled..].CopyTo(destination[shuffled..]);
    }

    /// <summary>The bit shuffle with the transposes done eight bytes at a time only, for the tests to check the vector paths against.</summary>
    internal static void ShuffleScalar(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        ShuffleWith(typeSize, source, destination, vectorized: false);

    private static void ShuffleWith(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, bool vectorized)
    {
        int elements = source.Length / typeSize;
        if (elements % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }

        int shuffled = elements * typeSize;
        byte[] rows = ArrayPool<byte>.Shared.Rent(shuffled);
        try
        {
            ByteShuffle.Shuffle(typeSize, source[..shuffled], rows.AsSpan(0, shuffled));
            for (int row = 0; row < typeSize; row++)
            {
                TransposeBits(rows.AsSpan(row * elements, elements), destination.Slice(row * elements, elements), vectorized);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
        }

        source[shuffled..].CopyTo(destination[shuffled..]);
    }

    // One byte row of n bytes becomes eight bit rows of n / 8 bytes: bit k of byte i goes to bit i % 8 of byte i / 8 of row k.
    private static void TransposeBits(ReadOnlySpan<byte> bytes, Span<byte> bitRows, bool vectorized)
    {
        int rowLength = bytes.Length / 8;
        int done = 0;
        if (vectorized && Vector512.IsHardwareAccelerated)
        {
            done = TransposeBits512(bytes, bitRows, rowLength);
        }
        else if (vectorized && Vector256.IsHardwareAccelerated)
        {
            done = TransposeBits256(bytes, bitRows, rowLength);
        }
        else if (vectorized && Vector128.IsHardwareAccelerated)
        {
            done = TransposeBits128(bytes, bitRows, rowLength);
        }

        for (int group = done / 8; group < rowLength; group++)
        {
            ulong bits = TransposeBitSquare(BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(group * 8, 8)));
            for (int k = 0; k < 8; k++)
            {
                bitRows[(k * rowLength) + group] = (byte)(bits >> (8 * k));
            }
        }
    }

    // Each step takes the top bit of every byte (bit 7 first), so the mask of step s is bit row 7 - s.
    private static int TransposeBits512(ReadOnlySpan<byte> bytes, Span<byte> bitRows, int rowLength)
    {
        int end = bytes.Length - (bytes.Length % Vector512<byte>.Count);
        for (int offset = 0; offset < end; offset += Vector512<byte>.Count)
        {
            var vector = Vector512.Create(bytes.Slice(offset, Vector512<byte>.Count));
            for (int k = 7; k >= 0; k--)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bitRows.Slice((k * rowLength) + (offset / 8), 8), vector.ExtractMostSignificantBits());
                vector = Vector512.ShiftLeft(vector, 1);
            }
        }

        return end;
    }

    private static int TransposeBits256(ReadOnlySpan<byte> bytes, Span<byte> bitRows, int rowLength)
    {
        int end = bytes.Length - (bytes.Length % Vector256<byte>.Count);
        for (int offset = 0; offset < end; offset += Vector256<byte>.Count)
        {
            var vector = Vector256.Create(bytes.Slice(offset, Vector256<byte>.Count));
            for (int k = 7; k >= 0; k--)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bitRows.Slice((k * rowLength) + (offset / 8), 4), vector.ExtractMostSignificantBits());
                vector = Vector256.ShiftLeft(vector, 1);
            }
        }

        return end;
    }

    private static int TransposeBits128(ReadOnlySpan<byte> bytes, Span<byte> bitRows, int rowLength)
    {
        int end = bytes.Length - (bytes.Length % Vector128<byte>.Count);
        for (int offset = 0; offset < end; offset += Vector128<byte>.Count)
        {
            var vector = Vector128.Create(bytes.Slice(offset, Vector128<byte>.Count));
            for (int k = 7; k >= 0; k--)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bitRows.Slice((k * rowLength) + (offset / 8), 2), (ushort)vector.ExtractMostSignificantBits());
                vector = Vector128.ShiftLeft(vector, 1);
            }
        }

        return end;
    }

    // Eight bit rows of n / 8 bytes become one byte row of n bytes (the 8 x 8 bit transpose is its own inverse).
    private static void UntransposeBits(ReadOnlySpan<byte> bitRows, Span<byte> bytes, bool vectorized)
    {
        int rowLength = bitRows.Length / 8;
        int done = vectorized && Sse2.IsSupported ? UntransposeBits128(bitRows, bytes, rowLength) : 0;
        for (int group = done; group < rowLength; group++)
        {
            ulong square = 0;
            for (int k = 0; k < 8; k++)
            {
                square |= (ulong)bitRows[(k * rowLength) + group] << (8 * k);
            }

            BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(group * 8, 8), TransposeBitSquare(square));
        }
    }

    // c-blosc's bshuf_trans_byte_bitrow_sse2 then the bit transpose: 16 bytes of each of the eight bit rows are interleaved
    // into 16 squares (byte k of square j is byte j of row k), each then transposed in its 64-bit lane. Returns the groups done.
    private static int UntransposeBits128(ReadOnlySpan<byte> bitRows, Span<byte> bytes, int rowLength)
    {
        int end = rowLength - (rowLength % Vector128<byte>.Count);
        for (int group = 0; group < end; group += Vector128<byte>.Count)
        {
            var rows01 = InterleaveRows(bitRows, rowLength, group, 0);
            var rows23 = InterleaveRows(bitRows, rowLength, group, 2);
            var rows45 = InterleaveRows(bitRows, rowLength, group, 4);
            var rows67 = InterleaveRows(bitRows, rowLength, group, 6);
            var groups0To7Rows0To3 = InterleaveWords(rows01.Low, rows23.Low);
            var groups8To15Rows0To3 = InterleaveWords(rows01.High, rows23.High);
            var groups0To7Rows4To7 = InterleaveWords(rows45.Low, rows67.Low);
            var groups8To15Rows4To7 = InterleaveWords(rows45.High, rows67.High);
            var squares = bytes.Slice(group * 8, Vector128<byte>.Count * 8);
            WriteSquares(groups0To7Rows0To3.Low, groups0To7Rows4To7.Low, squares[..32]);
            WriteSquares(groups0To7Rows0To3.High, groups0To7Rows4To7.High, squares[32..64]);
            WriteSquares(groups8To15Rows0To3.Low, groups8To15Rows4To7.Low, squares[64..96]);
            WriteSquares(groups8To15Rows0To3.High, groups8To15Rows4To7.High, squares[96..]);
        }

        return end;
    }

    // Bytes group..group + 15 of rows k and k + 1, byte by byte: groups 0-7 in Low, 8-15 in High.
    private static (Vector128<byte> Low, Vector128<byte> High) InterleaveRows(ReadOnlySpan<byte> bitRows, int rowLength, int group, int k)
    {
        var even = Vector128.Create(bitRows.Slice((k * rowLength) + group, Vector128<byte>.Count));
        var odd = Vector128.Create(bitRows.Slice(((k + 1) * rowLength) + group, Vector128<byte>.Count));
        return (Sse2.UnpackLow(even, odd), Sse2.UnpackHigh(even, odd));
    }

    // Eight groups of two rows each become eight groups of four rows: groups 0-3 in Low, 4-7 in High.
    private static (Vector128<ushort> Low, Vector128<ushort> High) InterleaveWords(Vector128<byte> first, Vector128<byte> second) =>
        (Sse2.UnpackLow(first.AsUInt16(), second.AsUInt16()), Sse2.UnpackHigh(first.AsUInt16(), second.AsUInt16()));

    // Four groups of rows 0-3 and of rows 4-7 (32 bits each) make four squares, written transposed.
    private static void WriteSquares(Vector128<ushort> rows0123, Vector128<ushort> rows4567, Span<byte> destination)
    {
        TransposeBitSquares(Sse2.UnpackLow(rows0123.AsUInt32(), rows4567.AsUInt32()).AsUInt64()).AsByte().CopyTo(destination);
        TransposeBitSquares(Sse2.UnpackHigh(rows0123.AsUInt32(), rows4567.AsUInt32()).AsUInt64()).AsByte().CopyTo(destination[16..]);
    }

    // TransposeBitSquare in each 64-bit lane.
    private static Vector128<ulong> TransposeBitSquares(Vector128<ulong> x)
    {
        var t = (x ^ (x >>> 7)) & Vector128.Create(0x00AA00AA00AA00AAUL);
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & Vector128.Create(0x0000CCCC0000CCCCUL);
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & Vector128.Create(0x00000000F0F0F0F0UL);
        return x ^ t ^ (t << 28);
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
