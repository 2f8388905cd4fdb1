using System.Text.Json;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class ZlibCodecTests
{
    private static readonly byte[] Hello = "hello zarr hello zarr hello zarr"u8.ToArray();

    private static readonly ChunkSpec Spec = new([Hello.Length], DataType.UInt8);

    // zlib.compress(b"hello zarr hello zarr hello zarr", 9) from CPython 3.11.
    private static readonly byte[] PythonZlib = Convert.FromHexString("78dacb48cdc9c957a84a2c2a52c8c0c60400c7370c1a");

    [Fact]
    public void Decodes_a_stream_written_by_python_both_ways()
    {
        var codec = new ZlibCodec();
        var destination = new byte[Hello.Length];

        codec.Decode(CpuBuffer.FromBytes(PythonZlib), Spec, BufferPrototype.Default).ToBytes().Should().Equal(Hello);
        codec.DecodeInto(CpuBuffer.FromBytes(PythonZlib), Spec, BufferPrototype.Default, destination);
        destination.Should().Equal(Hello);
    }

    // zlib.compress(b"", 6) from CPython 3.11: the header, an empty final block and the Adler-32 of nothing.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Encodes_no_bytes_as_the_empty_zlib_stream_python_writes(int level)
    {
        var codec = new ZlibCodec(level);
        var empty = new ChunkSpec([0], DataType.UInt8);

        var encoded = codec.Encode(CpuBuffer.FromBytes([]), empty, BufferPrototype.Default);

        encoded.ToBytes().Should().Equal(Convert.FromHexString("789c030000000001"));
        codec.Decode(encoded, empty, BufferPrototype.Default).Length.Should().Be(0);
        using var bcl = new System.IO.Compression.ZLibStream(new MemoryStream(encoded.ToBytes()), System.IO.Compression.CompressionMode.Decompress);
        bcl.ReadByte().Should().Be(-1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Round_trips_at_every_level_through_the_prototype(int level)
    {
        var codec = new ZlibCodec(level);
        var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();

        var encoded = codec.Encode(CpuBuffer.FromBytes(data), Spec, OtherNDBuffer.Prototype);
        var decoded = codec.Decode(encoded, Spec, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        decoded.ToBytes().Should().Equal(data);
        encoded.AsSpan()[0].Should().Be(0x78, "a zlib stream starts with the deflate method byte");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void A_level_outside_0_to_9_is_rejected_and_named(int level)
    {
        var act = () => new ZlibCodec(level);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*0*9*{level}*");
    }

    // Found by CodecChainFuzzTests: a header that asks for a preset dictionary (FDICT) made ZLibStream throw
    // ZLibException, an IOException, where InvalidDataException is documented. The first is the fuzz case itself.
    [Theory]
    [InlineData("787D9C6360B0716200031128BD074ACF7084D00D50BAE7004AC740E5E23740E91B507103300D001D4A")]
    [InlineData("78BB00000000CB48CDC9C957A84A2C2A52C8C0C60400C7370C1A")]
    public void A_stream_that_needs_a_preset_dictionary_is_invalid_data(string hex)
    {
        var codec = new ZlibCodec();
        var bytes = CpuBuffer.FromBytes(Convert.FromHexString(hex));

        var decode = () => codec.Decode(bytes, Spec, BufferPrototype.Default);
        var decodeInto = () => codec.DecodeInto(bytes, Spec, BufferPrototype.Default, new byte[80]);

        decode.Should().Throw<InvalidDataException>().WithMessage("*zlib*corrupt*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage("*zlib*corrupt*");
    }

    [Fact]
    public void Decoding_into_a_chunk_of_another_length_fails()
    {
        var act = () => new ZlibCodec().DecodeInto(CpuBuffer.FromBytes(PythonZlib), Spec, BufferPrototype.Default, new byte[Hello.Length + 1]);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{Hello.Length + 1}*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(12)]
    public void A_stream_cut_short_is_invalid_data_not_a_prefix(int cut)
    {
        var codec = new ZlibCodec();
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251)).ToArray();
        byte[] encoded = codec.Encode(CpuBuffer.FromBytes(data), Spec, BufferPrototype.Default).ToBytes();
        var truncated = CpuBuffer.FromBytes(encoded.AsSpan(0, encoded.Length - cut));

        var decode = () => codec.Decode(truncated, Spec, BufferPrototype.Default);
        var decodeInto = () => codec.DecodeInto(truncated, Spec, BufferPrototype.Default, new byte[data.Length]);

        decode.Should().Throw<InvalidDataException>().WithMessage("*zlib data*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage("*zlib data*");
    }

    [Fact]
    public void Adler32_matches_the_rfc_1950_value()
    {
        Adler32.Compute("Wikipedia"u8).Should().Be(0x11E60398u);
        Adler32.Compute(new byte[100_000]).Should().Be(Adler32.Compute(new byte[100_000]));
        Adler32.Compute([]).Should().Be(1u);
    }

    [Fact]
    public void Corrupt_data_is_invalid_data_not_garbage()
    {
        byte[] corrupt = [.. PythonZlib];
        corrupt[5] ^= 0xFF;

        var act = () => new ZlibCodec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*zlib data*corrupt*");
    }

    [Fact]
    public void Configuration_round_trips_and_bad_keys_are_rejected()
    {
        var codec = ZlibCodec.FromJson(JsonDocument.Parse("""{"level": 4}""").RootElement);

        codec.Level.Should().Be(4);
        codec.ToJson().ToJsonString().Should().Be("""{"name":"numcodecs.zlib","configuration":{"level":4}}""");
        var act = () => ZlibCodec.FromJson(JsonDocument.Parse("""{"lvl": 4}""").RootElement);
        act.Should().Throw<ArgumentException>().WithMessage("*lvl*");
    }
}
