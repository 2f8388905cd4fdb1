using System.Buffers.Binary;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

/// <summary>Forged and damaged frames: refused with <see cref="InvalidDataException"/> naming the field, never over-allocated.</summary>
public partial class BloscCodecTests
{
    private const int ChunkLength = 512;

    public static TheoryData<string, int, int, string> ForgedFields => new()
    {
        { "version 3", 0, 3, "*format version 3, expected 2*" },
        { "version 1", 0, 1, "*format version 1, expected 2 (c-blosc 1.x refuses version 1*" },
        { "codec version 2", 1, 2, "*lz4 format version 2, expected 1*" },
        { "extended flag", 2, 0x21 | 0x08, "*flags 0x29 with bit 3 set*" },
        { "type size 0", 3, 0, "*type size of 0, expected 1 to 255*" },
        { "decoded length past the chunk", 4, ChunkLength + 1, "*decoded length (nbytes) of 513, expected 0 to 512*" },
        { "negative decoded length", 4, -5, "*decoded length (nbytes) of -5*" },
        { "block size 0", 8, 0, "*block size of 0*" },
        { "block size past the decoded length", 8, ChunkLength + 1, "*block size of 513, expected 1 to 512*" },
        { "one-byte blocks", 8, 1, "*512 blocks of 1 bytes, whose offsets take 2048 bytes, but its length (cbytes) is 436*" },
        { "frame length past the data", 12, 437, "*frame length (cbytes) of 437, but 436 bytes are given*" },
        { "frame length inside the header", 12, 15, "*frame length (cbytes) of 15*" },
        { "block offset inside the offset table", 16, 19, "*block 0 the offset 19, expected 20*" },
        { "block offset past the end", 16, 436, "*block 0 the offset 436*" },
        { "stream length past the end", 20, 500, "*stream at offset 20 a compressed length of 500, expected 0 to 412*" },
        { "negative stream length", 20, -1, "*compressed length of -1*" },
        { "short first stream", 20, 255, "*lz4 stream of 255 bytes*decompresses to*256*" },
    };

    [Theory]
    [MemberData(nameof(ForgedFields))]
    public void A_forged_field_is_invalid_data_naming_it(string field, int offset, int value, string message)
    {
        byte[] frame = Convert.FromHexString(CBloscLz4Shuffle);
        if (offset < 4)
        {
            frame[offset] = (byte)value;
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(offset), value);
        }

        var act = () => Decode(frame, ChunkLength);

        act.Should().Throw<InvalidDataException>(field).WithMessage(message);
    }

    [Fact]
    public void A_frame_stored_as_is_must_be_its_data_and_the_header()
    {
        byte[] frame = new byte[16 + 100];
        frame[0] = 2;
        frame[1] = 1;
        frame[2] = 0x02;
        frame[3] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), 101);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), 101);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(12), 116);

        var act = () => Decode(frame, 101);

        act.Should().Throw<InvalidDataException>().WithMessage("*stored as is (flag 0x02) with a decoded length of 101, so its length (cbytes) must be 117, but it records 116*");
    }

    [Fact]
    public void A_snappy_frame_is_not_supported_and_says_so()
    {
        byte[] frame = Convert.FromHexString(CBloscLz4Shuffle);
        frame[2] = (2 << 5) | 0x01;

        var act = () => Decode(frame, ChunkLength);

        act.Should().Throw<NotSupportedException>().WithMessage("*compressed with snappy*");
    }

    [Fact]
    public void Into_a_chunk_the_decoded_length_must_be_the_chunks()
    {
        byte[] frame = Convert.FromHexString(CBloscLz4Shuffle);

        var act = () => new BloscCodec().DecodeInto(CpuBuffer.FromBytes(frame), BytesSpec(600), BufferPrototype.Default, new byte[600]);

        act.Should().Throw<InvalidDataException>().WithMessage("*decoded length (nbytes) of 512, but the chunk takes 600*");
    }

    [Theory]
    [InlineData(int.MaxValue - 16, 1 << 20, ChunkLength)]
    [InlineData(1 << 30, ChunkLength, int.MaxValue)]
    public void A_header_that_claims_gigabytes_is_refused_before_anything_is_allocated(int decodedLength, int blockSize, long bound)
    {
        byte[] frame = Convert.FromHexString(CBloscLz4Shuffle);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), decodedLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), blockSize);
        var bytes = CpuBuffer.FromBytes(frame);
        Exception? refused = null;

        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            new BloscCodec().Decode(bytes, BytesSpec(ChunkLength), BufferPrototype.Default, bound);
        }
        catch (InvalidDataException e)
        {
            refused = e;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        refused.Should().NotBeNull();
        refused!.Message.Should().ContainAny($"decoded length (nbytes) of {decodedLength}", "whose offsets take");
        allocated.Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Every_truncation_is_invalid_data()
    {
        byte[] frame = Convert.FromHexString(CBloscLz4Shuffle);

        for (int length = 0; length < frame.Length; length++)
        {
            var act = () => Decode(frame[..length], ChunkLength);
            act.Should().Throw<InvalidDataException>($"the frame cut to {length} bytes");
        }
    }

    [Theory]
    [InlineData(BloscCname.Lz4, BloscShuffle.Shuffle, 4)]
    [InlineData(BloscCname.Zstd, BloscShuffle.BitShuffle, 2)]
    [InlineData(BloscCname.Zlib, BloscShuffle.Shuffle, 8)]
    public void Damaged_frames_decode_or_fail_as_invalid_data_only(BloscCname cname, BloscShuffle shuffle, int typeSize)
    {
        byte[] data = BloscTestData.Generate(BloscTestData.Ramp, 40_000, typeSize);
        byte[] frame = new BloscCodec(cname, 5, shuffle, typeSize, 4096).Encode(CpuBuffer.FromBytes(data), BytesSpec(data.Length), BufferPrototype.Default).ToBytes();
        var random = new Random(typeSize);

        for (int attempt = 0; attempt < 300; attempt++)
        {
            byte[] damaged = (byte[])frame.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            try
            {
                Decode(damaged, data.Length);
            }
            catch (InvalidDataException)
            {
                // The only failure a damaged frame may cause; any other exception fails the test.
            }
        }
    }

    // Header fields and values to forge: offset (0 to 3 are bytes, 4 to 12 little-endian int32) and the values.
    public static TheoryData<string, int, int, int> ForgedHeaders()
    {
        var fields = new (int Offset, int[] Values)[]
        {
            (0, [0, 1, 3, 255]),
            (1, [0, 2, 255]),
            (2, Enumerable.Range(0, 256).ToArray()),
            (3, [0, 1, 2, 3, 5, 8, 16, 17, 255]),
            (4, [0, 1, 127, 128, 1999, 2001, 4000, -1]),
            (8, [0, 1, 16, 127, 128, 511, 513, 1999, 2000, 2001, 4000, int.MaxValue, -1]),
            (12, [-1, 0, 15, 16, 17, 100, 1, 64]),
        };
        var cases = new TheoryData<string, int, int, int>();
        foreach (string frame in (string[])["lz4 shuffle", "zstd bitshuffle", "blosclz stored as is"])
        {
            foreach (var (offset, values) in fields)
            {
                foreach (int value in values)
                {
                    // The frame length is forged relative to the real one (12: +value), the rest to absolute values.
                    cases.Add(frame, offset, value, offset == 12 && value is 1 or 64 or 100 ? 1 : 0);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(ForgedHeaders))]
    public void A_header_c_blosc_refuses_is_refused_and_one_it_reads_decodes_to_its_bytes(string kind, int offset, int value, int relative)
    {
        CBlosc.SkipUnlessLoaded();
        byte[] data = BloscTestData.Generate(BloscTestData.Ramp, 2000, 4);
        byte[] real = kind switch
        {
            "lz4 shuffle" => CBlosc.Compress(5, 1, 4, data, "lz4", 512),
            "zstd bitshuffle" => CBlosc.Compress(5, 2, 4, data, "zstd", 512),
            _ => CBlosc.Compress(0, 0, 4, data, "blosclz"),
        };

        // Room past the frame, zeroed, so that a frame length forged larger than the real one stays inside the buffer.
        byte[] frame = new byte[real.Length + 128];
        real.CopyTo(frame, 0);
        if (offset < 4)
        {
            frame[offset] = (byte)value;
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(offset), relative == 1 ? real.Length + value : value);
        }

        byte[]? expected = CBlosc.TryDecompress(frame);
        byte[]? actual = TryDecode(frame);

        if (expected is null)
        {
            actual.Should().BeNull("c-blosc refuses the frame");
        }
        else
        {
            actual.Should().Equal(expected, "c-blosc reads the frame");
        }
    }

    // The decoded bytes, or null when the frame is refused as it must be: InvalidDataException, or NotSupportedException for snappy.
    private static byte[]? TryDecode(byte[] frame)
    {
        try
        {
            return new BloscCodec().Decode(CpuBuffer.FromBytes(frame), BytesSpec(1 << 20), BufferPrototype.Default, 1 << 20).ToBytes();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return null;
        }
    }
}
