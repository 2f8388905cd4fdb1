using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class GzipCodecTests
{
    private static readonly ChunkSpec Spec = new([32], DataType.UInt8);

    // gzip.compress(b"hello zarr hello zarr hello zarr", compresslevel=9, mtime=0) from CPython 3.11.
    private static readonly byte[] PythonGzip = Convert.FromHexString("1f8b0800000000000203cb48cdc9c957a84a2c2a52c8c0c604008c0cc3a020000000");

    [Fact]
    public void Decodes_a_stream_written_by_python()
    {
        var decoded = new GzipCodec().Decode(CpuBuffer.FromBytes(PythonGzip), Spec, BufferPrototype.Default);

        decoded.ToBytes().Should().Equal("hello zarr hello zarr hello zarr"u8.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void Round_trips_at_every_level_through_the_prototype(int level)
    {
        var codec = new GzipCodec(level);
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();

        var encoded = codec.Encode(CpuBuffer.FromBytes(data), Spec, OtherNDBuffer.Prototype);
        var decoded = codec.Decode(encoded, Spec, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        decoded.ToBytes().Should().Equal(data);
        encoded.AsSpan()[..2].ToArray().Should().Equal(0x1F, 0x8B);
    }

    [Fact]
    public void Empty_data_round_trips()
    {
        var codec = new GzipCodec();

        codec.Decode(codec.Encode(CpuBuffer.CreateZeroLength(), Spec, BufferPrototype.Default), Spec, BufferPrototype.Default).Length.Should().Be(0);
    }

    [Fact]
    public void Several_members_decode_as_their_concatenation()
    {
        var codec = new GzipCodec();
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i % 7)).ToArray();
        var members = Members(codec, "hello "u8.ToArray(), [], data, "zarr"u8.ToArray());
        byte[] expected = [.. "hello "u8, .. data, .. "zarr"u8];

        var decoded = codec.Decode(members, Spec, OtherNDBuffer.Prototype);
        var into = new byte[expected.Length];
        codec.DecodeInto(members, Spec, BufferPrototype.Default, into);

        decoded.Should().BeOfType<OtherBuffer>();
        decoded.ToBytes().Should().Equal(expected);
        into.Should().Equal(expected);
    }

    [Fact]
    public void Several_members_cut_short_are_rejected()
    {
        var codec = new GzipCodec(0);
        var members = Members(codec, "hello "u8.ToArray(), new byte[3000], "zarr"u8.ToArray());
        int last = Members(codec, "zarr"u8.ToArray()).Length;
        int lastTwo = Members(codec, new byte[3000], "zarr"u8.ToArray()).Length;

        foreach (int cut in Enumerable.Range(1, members.Length - 21).Where(cut => cut != last && cut != lastTwo && (cut < 40 || cut % 97 == 0)))
        {
            var truncated = members[..^cut];
            var decode = () => codec.Decode(truncated, Spec, BufferPrototype.Default);
            var decodeInto = () => codec.DecodeInto(truncated, Spec, BufferPrototype.Default, new byte[3010]);

            decode.Should().Throw<InvalidDataException>($"cut {cut}").WithMessage("*gzip*");
            decodeInto.Should().Throw<InvalidDataException>($"cut {cut}").WithMessage("*gzip*");
        }
    }

    [Fact]
    public void Several_members_of_another_length_than_the_chunk_are_rejected()
    {
        var codec = new GzipCodec();
        var members = Members(codec, "hello "u8.ToArray(), "zarr"u8.ToArray());

        var tooShort = () => codec.DecodeInto(members, Spec, BufferPrototype.Default, new byte[9]);
        var tooLong = () => codec.DecodeInto(members, Spec, BufferPrototype.Default, new byte[11]);

        tooShort.Should().Throw<InvalidDataException>().WithMessage("*more than the 9 bytes*");
        tooLong.Should().Throw<InvalidDataException>().WithMessage("*decodes to 10 bytes, but the chunk takes 11*");
    }

    private static Buffer Members(GzipCodec codec, params byte[][] parts) =>
        parts.Select(part => codec.Encode(CpuBuffer.FromBytes(part), Spec, BufferPrototype.Default)).Aggregate((left, right) => left + right);

    public static TheoryData<string, byte[]> CorruptStreams => new()
    {
        { "not gzip", "plain text, not gzip at all"u8.ToArray() },
        { "too short", PythonGzip[..19] },
        { "huge trailer length", [.. PythonGzip[..^4], 0xFF, 0xFF, 0xFF, 0x7F] },
        { "short trailer length", [.. PythonGzip[..^4], 31, 0, 0, 0] },
        { "truncated", PythonGzip[..20] },
        { "trailer cut", PythonGzip[..^4] },
        { "bad crc", [.. PythonGzip[..^8], 0, 0, 0, 0, .. PythonGzip[^4..]] },
        { "bad deflate", [.. PythonGzip[..10], 0xFF, 0xFF, 0xFF, .. PythonGzip[13..]] },
    };

    [Theory]
    [MemberData(nameof(CorruptStreams))]
    public void Corrupt_input_fails_with_invalid_data(string what, byte[] data)
    {
        var act = () => new GzipCodec().Decode(CpuBuffer.FromBytes(data), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>(what).WithMessage("*gzip*");
    }

    [Fact]
    public void A_header_flag_that_hides_the_data_as_a_comment_is_rejected_by_its_crc()
    {
        // Found by CodecConformance's RejectsFlippedBits: FCOMMENT set on this one-member stream of 4 bytes makes the
        // deflate data a comment; the trailer then inflates to 4 other bytes, and the trailer's length still matches.
        byte[] encoded = Convert.FromHexString("1F8B0800000000000403CB5BA8CA0A00134C9EBA04000000");
        byte[] flipped = [.. encoded];
        flipped[3] ^= 0x10;
        var spec = new ChunkSpec([4], DataType.UInt8);
        var codec = new GzipCodec();

        var decode = () => codec.Decode(CpuBuffer.FromBytes(flipped), spec, BufferPrototype.Default);
        var decodeInto = () => codec.DecodeInto(CpuBuffer.FromBytes(flipped), spec, BufferPrototype.Default, new byte[4]);

        codec.Decode(CpuBuffer.FromBytes(encoded), spec, BufferPrototype.Default).AsSpan().Length.Should().Be(4);
        decode.Should().Throw<InvalidDataException>().WithMessage("*gzip*CRC-32*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage("*gzip*CRC-32*");
    }

    [Fact]
    public void A_pipeline_inflates_straight_into_the_chunk()
    {
        var pipeline = new CodecPipeline([new BytesCodec(null), new GzipCodec()]);

        var chunk = pipeline.Decode(CpuBuffer.FromBytes(PythonGzip), Spec, OtherNDBuffer.Prototype);

        chunk.Should().BeOfType<OtherNDBuffer>();
        chunk.AsTensor<byte>().ToArray().Should().Equal("hello zarr hello zarr hello zarr"u8.ToArray());
    }

    [Fact]
    public void Bools_inflated_into_the_chunk_are_normalised()
    {
        var codec = new GzipCodec();
        var pipeline = new CodecPipeline([new BytesCodec(null), codec]);
        var spec = new ChunkSpec([4], DataType.Bool);
        var stored = codec.Encode(CpuBuffer.FromBytes([0, 2, 1, 255]), spec, BufferPrototype.Default);

        pipeline.Decode(stored, spec, BufferPrototype.Default).AsTensor<bool>().ToArray().Should().Equal(false, true, true, true);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(34)]
    public void A_stream_of_the_wrong_size_for_the_chunk_fails_clearly(long length)
    {
        var pipeline = new CodecPipeline([new BytesCodec(null), new GzipCodec()]);

        var act = () => pipeline.Decode(CpuBuffer.FromBytes(PythonGzip), new ChunkSpec([length], DataType.UInt8), BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage($"*gzip*decodes to*{length}*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Rejects_levels_outside_0_to_9(int level)
    {
        var act = () => new GzipCodec(level);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*0*9*{level}*");
    }

    [Fact]
    public void Writes_and_reads_its_metadata()
    {
        var json = """{"name":"gzip","configuration":{"level":9}}""";

        new GzipCodec(9).ToJson().ToJsonString().Should().Be(json);
        CodecRegistry.Default.Create(System.Text.Json.JsonDocument.Parse(json).RootElement).Should().BeOfType<GzipCodec>().Which.Level.Should().Be(9);
        var act = () => GzipCodec.FromJson(System.Text.Json.JsonDocument.Parse("""{"level":"high"}""").RootElement);
        act.Should().Throw<ArgumentException>().WithMessage("*level*gzip*integer*\"high\"*");
    }
}
