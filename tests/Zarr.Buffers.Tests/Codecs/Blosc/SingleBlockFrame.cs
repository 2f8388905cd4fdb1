using System.Buffers.Binary;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

/// <summary>
/// The smallest Blosc1 frames that carry one blosclz stream, so that blosclz is checked against c-blosc without the
/// rest of the Blosc codec: type size 1, no shuffle and one block of the whole buffer, which c-blosc 1.21 writes as the
/// 16-byte header, one 4-byte block start, then the block's one stream behind its 4-byte compressed size (a type size
/// of 1 means one split). A stream as long as the block, or the memcpyed flag, means the bytes are stored as they are.
/// </summary>
internal static class SingleBlockFrame
{
    private const int HeaderLength = 16;
    private const int StreamStart = HeaderLength + 4 + 4;
    private const byte Memcpyed = 0x02;

    /// <summary>A frame whose one block is <paramref name="stream"/>, which decodes to <paramref name="decodedLength"/> bytes.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> stream, int decodedLength)
    {
        var frame = new byte[StreamStart + stream.Length];
        WriteHeader(frame, decodedLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(HeaderLength), HeaderLength + 4);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(HeaderLength + 4), stream.Length);
        stream.CopyTo(frame.AsSpan(StreamStart));
        return frame;
    }

    /// <summary>
    /// The blosclz stream of a frame that c-blosc compressed with type size 1, no shuffle and one block, or null when
    /// c-blosc stored the bytes as they are.
    /// </summary>
    public static byte[]? Stream(byte[] frame)
    {
        frame[1].Should().Be(1, "blosclz's format version is 1");
        frame[3].Should().Be(1, "the frame's type size is 1");
        if ((frame[2] & Memcpyed) != 0)
        {
            return null;
        }

        int decodedLength = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4));
        BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8)).Should().Be(decodedLength, "the frame holds one block");

        (frame[2] & 0xE0).Should().Be(0, "blosclz's compressor code is 0");
        BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(HeaderLength)).Should().Be(HeaderLength + 4);
        int streamLength = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(HeaderLength + 4));
        frame.Length.Should().Be(StreamStart + streamLength);
        return streamLength == decodedLength ? null : frame[StreamStart..];
    }

    private static void WriteHeader(Span<byte> frame, int decodedLength)
    {
        frame[0] = 2;
        frame[1] = 1;
        frame[3] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], decodedLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame[8..], decodedLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame[12..], frame.Length);
    }
}
