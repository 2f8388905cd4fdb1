using System.Buffers;
using System.Buffers.Binary;
using Zarr.Codecs;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Encodes a Blosc1 frame as c-blosc 1.21's <c>blosc_compress_ctx</c> does, single-threaded: the block size of
/// <c>compute_blocksize</c>, the split rule of <c>BLOSC_FORWARD_COMPAT_SPLIT</c> (c-blosc's default), and a frame stored as
/// it is (flag 0x02) when the level is 0, the data is shorter than 128 bytes, or compression does not pay.
/// </summary>
internal static class BloscEncoder
{
    private const int MaxTypeSize = 255;
    private const int MinBufferSize = 128;
    private const int MaxSplits = 16;
    private const int L1 = 32 * 1024;
    private const int MaxBlockSize = int.MaxValue - BloscHeader.Length;

    /// <summary>The frame of <paramref name="source"/>, at most <c>source.Length + 16</c> bytes, written into <paramref name="frame"/>.</summary>
    /// <returns>The frame's length.</returns>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> frame, BloscCname cname, int clevel, BloscShuffle shuffle, int typeSize, int forcedBlockSize)
    {
        typeSize = typeSize > MaxTypeSize ? 1 : typeSize;
        int blockSize = ComputeBlockSize(cname, clevel, typeSize, source.Length, forcedBlockSize);
        bool split = SplitsBlocks(cname, typeSize, blockSize);
        byte flags = (byte)((BloscCompressors.FormatCode(cname) << 5) | (split ? 0 : BloscHeader.DontSplitFlag) | shuffle switch
        {
            BloscShuffle.Shuffle => BloscHeader.ByteShuffleFlag,
            BloscShuffle.BitShuffle => BloscHeader.BitShuffleFlag,
            _ => 0,
        });
        int length = clevel > 0 && source.Length >= MinBufferSize
            ? CompressBlocks(source, frame, cname, clevel, shuffle, typeSize, blockSize, split)
            : 0;
        if (length == 0)
        {
            flags |= BloscHeader.MemcpyedFlag;
            source.CopyTo(frame[BloscHeader.Length..]);
            length = source.Length + BloscHeader.Length;
        }

        frame[0] = BloscHeader.CurrentVersion;
        frame[1] = BloscHeader.CurrentCodecVersion;
        frame[2] = flags;
        frame[3] = (byte)typeSize;
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], source.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame[8..], blockSize);
        BinaryPrimitives.WriteInt32LittleEndian(frame[12..], length);
        return length;
    }

    /// <summary>c-blosc's <c>compute_blocksize</c>: the forced size within bounds, or a size from the level and the codec.</summary>
    internal static int ComputeBlockSize(BloscCname cname, int clevel, int typeSize, int length, int forcedBlockSize)
    {
        if (length < typeSize)
        {
            return 1;
        }

        int blockSize = forcedBlockSize > 0 ? Math.Clamp(forcedBlockSize, MinBufferSize, MaxBlockSize)
            : length >= L1 ? AutomaticBlockSize(cname, clevel)
            : length;
        if (clevel > 0 && SplitsBlocks(cname, typeSize, blockSize))
        {
            blockSize = Math.Clamp(Math.Min(blockSize, 1 << 18) * typeSize, 1 << 16, 1 << 20);
        }

        blockSize = Math.Min(blockSize, length);
        return blockSize > typeSize ? blockSize / typeSize * typeSize : blockSize;
    }

    // High-compression codecs get twice the block of the fast ones, and level 9 twice again.
    private static int AutomaticBlockSize(BloscCname cname, int clevel)
    {
        bool highCompression = cname is BloscCname.Lz4hc or BloscCname.Zlib or BloscCname.Zstd;
        int blockSize = highCompression ? 2 * L1 : L1;
        return clevel switch
        {
            0 => blockSize / 4,
            1 => blockSize / 2,
            2 => blockSize,
            3 => blockSize * 2,
            4 or 5 => blockSize * 4,
            6 or 7 or 8 => blockSize * 8,
            _ => blockSize * (highCompression ? 16 : 8),
        };
    }

    // BLOSC_FORWARD_COMPAT_SPLIT: zstd came with the split flag, so its blocks are never split.
    private static bool SplitsBlocks(BloscCname cname, int typeSize, int blockSize) =>
        cname != BloscCname.Zstd && typeSize <= MaxSplits && blockSize / typeSize >= MinBufferSize;

    // Returns the frame's length, or 0 when the compressed blocks would not fit in the length of the data plus the header.
    private static int CompressBlocks(ReadOnlySpan<byte> source, Span<byte> frame, BloscCname cname, int clevel, BloscShuffle shuffle, int typeSize,
        int blockSize, bool split)
    {
        int blocks = (source.Length + blockSize - 1) / blockSize;
        int limit = source.Length + BloscHeader.Length;
        int position = BloscHeader.Length + (4 * blocks);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            for (int block = 0; block < blocks && position > 0; block++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(frame[(BloscHeader.Length + (4 * block))..], position);
                var data = source.Slice(block * blockSize, Math.Min(blockSize, source.Length - (block * blockSize)));
                var shuffled = Shuffle(data, scratch.AsSpan(0, data.Length), shuffle, typeSize);
                int splits = split && data.Length == blockSize ? typeSize : 1;
                position = CompressBlock(shuffled, frame[..limit], position, splits, cname, clevel);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return position;
    }

    private static ReadOnlySpan<byte> Shuffle(ReadOnlySpan<byte> block, Span<byte> scratch, BloscShuffle shuffle, int typeSize)
    {
        if (shuffle == BloscShuffle.Shuffle && typeSize > 1)
        {
            ByteShuffle.Shuffle(typeSize, block, scratch);
            return scratch;
        }

        if (shuffle == BloscShuffle.BitShuffle && block.Length >= typeSize)
        {
            BitShuffle.Shuffle(typeSize, block, scratch);
            return scratch;
        }

        return block;
    }

    // Writes the block's streams from position on, each after its length; returns the position after them, or 0 when they do not fit.
    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> frame, int position, int splits, BloscCname cname, int clevel)
    {
        int streamLength = block.Length / splits;
        for (int split = 0; split < splits; split++)
        {
            var stream = block.Slice(split * streamLength, streamLength);
            int dataStart = position + 4;
            int room = Math.Min(streamLength, frame.Length - dataStart);
            if (room <= 0)
            {
                return 0;
            }

            int compressed = BloscCompressors.Compress(cname, clevel, stream, frame.Slice(dataStart, room));
            if (compressed == 0 || compressed >= streamLength)
            {
                if (streamLength > frame.Length - dataStart)
                {
                    return 0;
                }

                stream.CopyTo(frame[dataStart..]);
                compressed = streamLength;
            }

            BinaryPrimitives.WriteInt32LittleEndian(frame[position..], compressed);
            position = dataStart + compressed;
        }

        return position;
    }
}
