using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;

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
/// the rest, and the unshuffle, transpose eight bytes at a time in a 64-bit register.
/// </remarks>
internal static class BitShuffle
{
    /// <summary>Bit-shuffles <paramref name="source"/> into <paramref name="destination"/>, both the block's length.</summary>
    public static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        ShuffleWith(typeSize, source, destination, vectorized: true);

    /// <summary>Undoes <see cref="Shuffle"/>: <paramref name="source"/> and <paramref name="destination"/> have the block's length.</summary>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
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
            UntransposeBits(source[..shuffled], rows.AsSpan(0, shuffled), elements);
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
    private static void UntransposeBits(ReadOnlySpan<byte> bitRows, Span<byte> bytes, int elements)
    {
        int typeSize = bitRows.Length / elements;
        int rowLength = elements / 8;
        for (int row = 0; row < typeSize; row++)
        {
            var rowBits = bitRows.Slice(row * elements, elements);
            var rowBytes = bytes.Slice(row * elements, elements);
            for (int group = 0; group < rowLength; group++)
            {
                ulong square = 0;
                for (int k = 0; k < 8; k++)
                {
                    square |= (ulong)rowBits[(k * rowLength) + group] << (8 * k);
                }

                BinaryPrimitives.WriteUInt64LittleEndian(rowBytes.Slice(group * 8, 8), TransposeBitSquare(square));
            }
        }
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
