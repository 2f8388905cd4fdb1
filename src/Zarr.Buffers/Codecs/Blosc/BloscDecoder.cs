using System.Buffers;
using System.Buffers.Binary;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Decodes a Blosc1 frame as c-blosc 1.x's <c>blosc_d</c> does: the block offsets after the header, each block in one
/// stream or split in <c>typesize</c> streams, each stream prefixed by its compressed length and stored as it is when that
/// length equals its decoded length, then the block's unshuffle.
/// </summary>
/// <remarks>
/// Every offset and length is checked against the frame before it is read, and every block against the output before
/// it is written; the only allocation is one block of scratch space (at most the decoded length, whatever the header says).
/// </remarks>
internal static class BloscDecoder
{
    private const int MaxSplits = 16;
    private const int MinSplitElements = 128;

    /// <summary>Decodes the frame into <paramref name="destination"/>, which has exactly the header's decoded length.</summary>
    /// <exception cref="InvalidDataException">The frame is corrupt.</exception>
    /// <exception cref="NotSupportedException">The frame's codec is snappy or unknown.</exception>
    public static void Decode(ReadOnlyMemory<byte> frame, BloscHeader header, Span<byte> destination)
    {
        if (header.DecodedLength == 0)
        {
            return;
        }

        if (header.Memcpyed)
        {
            CopyStored(frame.Span, header, destination);
            return;
        }

        if (header.CodecVersion != BloscHeader.CurrentCodecVersion)
        {
            throw BloscHeader.Invalid(
                $"has {BloscCompressors.FormatName(header.Format)} format version {header.CodecVersion}, expected {BloscHeader.CurrentCodecVersion}");
        }

        int offsetsEnd = BloscHeader.Length + (4 * header.BlockCount);
        int scratchLength = Math.Min(header.BlockSize, header.DecodedLength);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(scratchLength);
        try
        {
            for (int block = 0; block < header.BlockCount; block++)
            {
                int start = BinaryPrimitives.ReadInt32LittleEndian(frame.Span.Slice(BloscHeader.Length + (4 * block), 4));
                if (start < offsetsEnd || start >= header.FrameLength)
                {
                    throw BloscHeader.Invalid(
                        $"gives block {block} the offset {start}, expected {offsetsEnd} (the end of the offset table) to {header.FrameLength - 1} (the frame's end)");
                }

                long blockStart = (long)block * header.BlockSize;
                int blockLength = (int)Math.Min(header.BlockSize, header.DecodedLength - blockStart);
                DecodeBlock(frame, header, start, destination.Slice((int)blockStart, blockLength), scratch.AsSpan(0, blockLength),
                    leftover: blockLength < header.BlockSize);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Whether a block of <paramref name="blockLength"/> bytes is stored as one stream per byte of the type size: c-blosc 1.x's rule, which also reads frames written before the "don't split" flag existed.</summary>
    public static bool IsSplit(BloscHeader header, int blockLength, bool leftover) =>
        !header.DontSplit && !leftover && header.TypeSize <= MaxSplits && blockLength / header.TypeSize >= MinSplitElements;

    private static void CopyStored(ReadOnlySpan<byte> frame, BloscHeader header, Span<byte> destination) =>
        frame.Slice(BloscHeader.Length, header.DecodedLength).CopyTo(destination);

    private static void DecodeBlock(ReadOnlyMemory<byte> frame, BloscHeader header, int start, Span<byte> block, Span<byte> scratch, bool leftover)
    {
        bool byteShuffled = header.ByteShuffled && header.TypeSize > 1;
        bool bitShuffled = !byteShuffled && header.BitShuffled && block.Length >= header.TypeSize;
        var streams = byteShuffled || bitShuffled ? scratch : block;
        int splits = IsSplit(header, block.Length, leftover) ? header.TypeSize : 1;
        if (block.Length % splits != 0)
        {
            throw BloscHeader.Invalid(
                $"has a block size of {block.Length}, which is split in {splits} streams but is not a multiple of the type size {header.TypeSize}");
        }

        int streamLength = block.Length / splits;
        int position = start;
        for (int split = 0; split < splits; split++)
        {
            position = DecodeStream(frame, header, position, streams.Slice(split * streamLength, streamLength));
        }

        if (byteShuffled)
        {
            ByteShuffle.Unshuffle(header.TypeSize, scratch, block);
        }
        else if (bitShuffled)
        {
            BitShuffle.Unshuffle(header.TypeSize, scratch, block);
        }
    }

    // Returns the position after the stream.
    private static int DecodeStream(ReadOnlyMemory<byte> frame, BloscHeader header, int position, Span<byte> output)
    {
        if (position > header.FrameLength - 4)
        {
            throw BloscHeader.Invalid($"ends at {header.FrameLength} bytes (cbytes), inside the length of the stream at offset {position}");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(frame.Span.Slice(position, 4));
        position += 4;
        if (length < 0 || length > header.FrameLength - position)
        {
            throw BloscHeader.Invalid(
                $"gives the stream at offset {position - 4} a compressed length of {length}, expected 0 to {header.FrameLength - position} (what is left of the frame)");
        }

        var stream = frame.Slice(position, length);
        if (length == output.Length)
        {
            stream.Span.CopyTo(output);
        }
        else
        {
            BloscCompressors.Decompress(header.Format, stream, output);
        }

        return position + length;
    }
}
