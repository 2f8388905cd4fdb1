using System.Buffers.Binary;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// The 16-byte header of a Blosc1 frame (c-blosc 1.x <c>README_HEADER.rst</c>): format version, codec format version,
/// flags, type size, and the little-endian int32 decoded length, block size and frame length.
/// </summary>
/// <param name="Version">2 (Blosc 1.x; c-blosc refuses 1, the format before Blosc 1.0).</param>
/// <param name="CodecVersion">The version of the codec's format; 1 for every codec.</param>
/// <param name="Flags">Bit 0 byte shuffle, bit 1 stored as is, bit 2 bit shuffle, bit 4 blocks not split, bits 5 to 7 the codec format.</param>
/// <param name="TypeSize">The element size the shuffles work on, 1 to 255.</param>
/// <param name="DecodedLength">The length of the decoded data.</param>
/// <param name="BlockSize">The decoded length of each block but the last.</param>
/// <param name="FrameLength">The length of the whole frame, header included.</param>
internal readonly record struct BloscHeader(byte Version, byte CodecVersion, byte Flags, int TypeSize, int DecodedLength, int BlockSize, int FrameLength)
{
    /// <summary>The header's length, and the most a frame adds to the data it holds (c-blosc's <c>BLOSC_MAX_OVERHEAD</c>).</summary>
    public const int Length = 16;

    /// <summary>The version c-blosc 1.x writes.</summary>
    public const byte CurrentVersion = 2;

    /// <summary>c-blosc's <c>BLOSC_MAX_BLOCKSIZE</c>: its <c>blosc_getitem</c> needs three blocks and a split table in one <c>int</c>.</summary>
    public const int MaxBlockSize = (int.MaxValue - (255 * sizeof(int))) / 3;

    /// <summary>The codec format version of every codec c-blosc 1.x knows.</summary>
    public const byte CurrentCodecVersion = 1;

    public const byte ByteShuffleFlag = 0x01;
    public const byte MemcpyedFlag = 0x02;
    public const byte BitShuffleFlag = 0x04;
    public const byte ExtendedFlag = 0x08;
    public const byte DontSplitFlag = 0x10;

    /// <summary>The blocks are stored as they are, after the header, with no block offsets.</summary>
    public bool Memcpyed => (Flags & MemcpyedFlag) != 0;

    /// <summary>The flags' byte shuffle bit.</summary>
    public bool ByteShuffled => (Flags & ByteShuffleFlag) != 0;

    /// <summary>The flags' bit shuffle bit.</summary>
    public bool BitShuffled => (Flags & BitShuffleFlag) != 0;

    /// <summary>The flags' "blocks are not split" bit.</summary>
    public bool DontSplit => (Flags & DontSplitFlag) != 0;

    /// <summary>The codec format in the flags' bits 5 to 7.</summary>
    public int Format => Flags >> 5;

    /// <summary>The number of blocks, the last one holding the leftover of a length that is not a multiple of the block size.</summary>
    public int BlockCount => (int)(((long)DecodedLength + BlockSize - 1) / BlockSize);

    /// <summary>
    /// Reads and checks the header: every field against the frame's length (a frame stored as is holds exactly its data,
    /// a compressed one at least its block offsets), and the decoded length against <paramref name="maxDecodedLength"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The frame is shorter than a header, or a field is out of range; the message names it.</exception>
    public static BloscHeader Read(ReadOnlySpan<byte> frame, int maxDecodedLength)
    {
        if (frame.Length < Length)
        {
            throw Invalid($"is {frame.Length} bytes long, shorter than the {Length}-byte header");
        }

        var header = new BloscHeader(frame[0], frame[1], frame[2], frame[3], BinaryPrimitives.ReadInt32LittleEndian(frame[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(frame[8..]), BinaryPrimitives.ReadInt32LittleEndian(frame[12..]));
        header.Check(frame.Length, maxDecodedLength);
        return header;
    }

    /// <summary>The error for a frame that breaks the format.</summary>
    public static InvalidDataException Invalid(string problem) => new($"The Blosc frame {problem}.");

    // c-blosc 1.21's blosc_run_decompression_with_context, in its order: an empty frame is done before any other field
    // is read; then the version, the flags, the type size and the block size (at most the decoded length, as in
    // blosc_getitem and as numcodecs' decompress, whose destination is the decoded length, has it). The frame length is
    // checked first because it bounds every read here; c-blosc, given no length, trusts it.
    private void Check(int available, int maxDecodedLength)
    {
        if (FrameLength < Length || FrameLength > available)
        {
            throw Invalid($"records a frame length (cbytes) of {FrameLength}, but {available} bytes are given and the header alone takes {Length}");
        }

        if (DecodedLength < 0 || DecodedLength > maxDecodedLength)
        {
            throw Invalid($"records a decoded length (nbytes) of {DecodedLength}, expected 0 to {maxDecodedLength}, the chunk's length");
        }

        if (DecodedLength == 0)
        {
            return;
        }

        if (Version != CurrentVersion)
        {
            throw Invalid(
                $"has format version {Version}, expected {CurrentVersion} (c-blosc 1.x refuses version 1, and version 3 and later are Blosc2 chunks, which are not supported)");
        }

        if ((Flags & ExtendedFlag) != 0)
        {
            throw Invalid($"has flags 0x{Flags:x2} with bit 3 set, which Blosc1 frames never set (a Blosc2 extended header)");
        }

        if (TypeSize == 0)
        {
            throw Invalid($"records a type size of {TypeSize}, expected 1 to 255");
        }

        if (BlockSize <= 0 || BlockSize > Math.Min(DecodedLength, MaxBlockSize))
        {
            throw Invalid(
                $"records a block size of {BlockSize}, expected 1 to {Math.Min(DecodedLength, MaxBlockSize)} (the decoded length, nbytes, and at most c-blosc's {MaxBlockSize})");
        }

        CheckLayout();
    }

    // What the frame's length says about the decoded length, checked before the output is allocated.
    private void CheckLayout()
    {
        if (Memcpyed && FrameLength != DecodedLength + (long)Length)
        {
            throw Invalid(
                $"is stored as is (flag 0x02) with a decoded length of {DecodedLength}, so its length (cbytes) must be {DecodedLength + (long)Length}, but it records {FrameLength}");
        }

        long offsetsEnd = Length + (4L * BlockCount);
        if (!Memcpyed && offsetsEnd > FrameLength)
        {
            throw Invalid(
                $"has {BlockCount} blocks of {BlockSize} bytes, whose offsets take {offsetsEnd - Length} bytes, but its length (cbytes) is {FrameLength}");
        }
    }
}
