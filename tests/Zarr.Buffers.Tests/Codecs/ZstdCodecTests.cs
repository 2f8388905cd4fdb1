using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class ZstdCodecTests
{
    private static readonly ChunkSpec Spec = new([32], DataType.UInt8);

    private static readonly byte[] Text = "hello zarr hello zarr hello zarr"u8.ToArray();

    // Frames made by the zstd 1.5.4 command line from the text above: from a file (content size and checksum recorded)
    // and from a pipe (`| zstd -3 --no-check`: neither).
    private static readonly byte[] CliFrameWithSizeAndChecksum = Convert.FromHexString("28b52ffd24208d00005868656c6c6f207a617272200100fe8a176cdf8d79");
    private static readonly byte[] CliFrameWithoutSize = Convert.FromHexString("28b52ffd00588d00005868656c6c6f207a617272200100fe8a17");

    [Fact]
    public void Decodes_a_frame_written_by_the_zstd_cli_with_content_size_and_checksum()
    {
        new ZstdCodec().Decode(CpuBuffer.FromBytes(CliFrameWithSizeAndChecksum), Spec, BufferPrototype.Default).ToBytes().Should().Equal(Text);
    }

    [Fact]
    public void Decodes_a_frame_without_content_size_by_streaming()
    {
        var decoded = new ZstdCodec().Decode(CpuBuffer.FromBytes(CliFrameWithoutSize), Spec, OtherNDBuffer.Prototype);

        decoded.ToBytes().Should().Equal(Text);
        decoded.Should().BeOfType<OtherBuffer>();
    }

    [Fact]
    public void Decodes_concatenated_frames()
    {
        var data = CpuBuffer.FromBytes([.. CliFrameWithSizeAndChecksum, .. CliFrameWithSizeAndChecksum]);

        new ZstdCodec().Decode(data, Spec, BufferPrototype.Default).ToBytes().Should().Equal([.. Text, .. Text]);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-5, false)]
    [InlineData(19, true)]
    public void Round_trips_through_the_prototype(int level, bool checksum)
    {
        var codec = new ZstdCodec(level, checksum);
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * i % 253)).ToArray();

        var encoded = codec.Encode(CpuBuffer.FromBytes(data), Spec, OtherNDBuffer.Prototype);
        var decoded = codec.Decode(encoded, Spec, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        decoded.ToBytes().Should().Equal(data);
        encoded.AsSpan()[..4].ToArray().Should().Equal(0x28, 0xB5, 0x2F, 0xFD);
        // Frame header descriptor: bit 2 is the content-checksum flag.
        ((encoded.AsSpan()[4] & 0x04) != 0).Should().Be(checksum);
    }

    [Fact]
    public void Empty_data_round_trips()
    {
        var codec = new ZstdCodec();

        codec.Decode(codec.Encode(CpuBuffer.CreateZeroLength(), Spec, BufferPrototype.Default), Spec, BufferPrototype.Default).Length.Should().Be(0);
    }

    public static TheoryData<string, byte[]> CorruptFrames => new()
    {
        { "not zstd", "plain text, not zstd at all"u8.ToArray() },
        { "empty", [] },
        { "truncated with size", CliFrameWithSizeAndChecksum[..^6] },
        { "truncated without size", CliFrameWithoutSize[..^3] },
        { "bad checksum", [.. CliFrameWithSizeAndChecksum[..^1], 0x00] },
        { "bad block", [.. CliFrameWithSizeAndChecksum[..8], 0xFF, .. CliFrameWithSizeAndChecksum[9..]] },
    };

    [Theory]
    [MemberData(nameof(CorruptFrames))]
    public void Corrupt_input_fails_with_invalid_data(string what, byte[] data)
    {
        var act = () => new ZstdCodec().Decode(CpuBuffer.FromBytes(data), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>(what).WithMessage("*zstd*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_pipeline_decompresses_straight_into_the_chunk_with_or_without_a_recorded_size(bool recorded)
    {
        var pipeline = new CodecPipeline([new BytesCodec(null), new ZstdCodec()]);
        var frame = CpuBuffer.FromBytes(recorded ? CliFrameWithSizeAndChecksum : CliFrameWithoutSize);

        var chunk = pipeline.Decode(frame, Spec, OtherNDBuffer.Prototype);

        chunk.Should().BeOfType<OtherNDBuffer>();
        chunk.AsTensor<byte>().ToArray().Should().Equal(Text);
    }

    [Fact]
    public void The_threads_reused_contexts_serve_chunks_of_other_sizes_levels_and_checksums_one_after_another()
    {
        byte[] large = new byte[1 << 20];
        new Random(14).NextBytes(large.AsSpan(0, large.Length / 2));
        var largeSpec = new ChunkSpec([large.Length], DataType.UInt8);
        var withChecksum = new ZstdCodec(level: 19, checksum: true).Encode(CpuBuffer.FromBytes(Text), Spec, BufferPrototype.Default);
        var largeFrame = new ZstdCodec(level: 1).Encode(CpuBuffer.FromBytes(large), largeSpec, BufferPrototype.Default);
        var withoutChecksum = new ZstdCodec(level: 3).Encode(CpuBuffer.FromBytes(Text), Spec, BufferPrototype.Default);
        byte[] corrupt = largeFrame.AsSpan()[..^10].ToArray();
        byte[] into = new byte[large.Length];

        for (int round = 0; round < 2; round++)
        {
            new ZstdCodec().Decode(largeFrame, largeSpec, BufferPrototype.Default).ToBytes().Should().Equal(large);
            new ZstdCodec().Decode(withChecksum, Spec, BufferPrototype.Default).ToBytes().Should().Equal(Text);
            new ZstdCodec().Invoking(codec => codec.Decode(CpuBuffer.FromBytes(corrupt), largeSpec, BufferPrototype.Default)).Should().Throw<InvalidDataException>();
            new ZstdCodec().DecodeInto(largeFrame, largeSpec, BufferPrototype.Default, into);
            into.Should().Equal(large);
            new ZstdCodec().Decode(CpuBuffer.FromBytes(CliFrameWithoutSize), Spec, BufferPrototype.Default).ToBytes().Should().Equal(Text);
        }

        // The checksum flag of the frame header descriptor (byte 4, bit 2) follows each codec, not the previous encode.
        (withChecksum.AsSpan()[4] & 4).Should().Be(4);
        (withoutChecksum.AsSpan()[4] & 4).Should().Be(0);
    }

    [Theory]
    [InlineData(true, 31, "*records 32 decompressed bytes*chunk takes 31*")]
    [InlineData(true, 33, "*records 32 decompressed bytes*chunk takes 33*")]
    [InlineData(false, 31, "*decompresses to more than 31 bytes*31 were expected*")]
    [InlineData(false, 33, "*decompresses to 32 bytes*33 were expected*")]
    public void A_frame_of_the_wrong_size_for_the_chunk_fails_clearly(bool recorded, long length, string message)
    {
        var pipeline = new CodecPipeline([new BytesCodec(null), new ZstdCodec()]);
        var frame = CpuBuffer.FromBytes(recorded ? CliFrameWithSizeAndChecksum : CliFrameWithoutSize);

        var act = () => pipeline.Decode(frame, new ChunkSpec([length], DataType.UInt8), BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(int.MinValue)]
    public void Rejects_levels_zstd_does_not_support(int level)
    {
        var act = () => new ZstdCodec(level);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*zstd level*{level}*");
    }

    [Fact]
    public void Writes_and_reads_its_metadata()
    {
        var json = """{"name":"zstd","configuration":{"level":5,"checksum":true}}""";

        new ZstdCodec(5, true).ToJson().ToJsonString().Should().Be(json);
        var codec = CodecRegistry.Default.Create(System.Text.Json.JsonDocument.Parse(json).RootElement).Should().BeOfType<ZstdCodec>().Which;
        codec.Level.Should().Be(5);
        codec.Checksum.Should().BeTrue();
        var act = () => ZstdCodec.FromJson(System.Text.Json.JsonDocument.Parse("""{"checksum":1}""").RootElement);
        act.Should().Throw<ArgumentException>().WithMessage("*checksum*zstd*true or false*");
    }
}
