using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>Decompression bombs in any position of a chain are refused at about the cost of a chunk.</summary>
public partial class CodecPipelineTests
{
    // A 1 KiB chunk: what decoding a bomb for it may cost is a few chunks, the decompressors' stream buffers (an
    // 80 KiB copy buffer, 64 KiB blocks) and the exception; a bomb allocated whole would cost 1 GiB.
    private const long BombMemoryBound = 512 * 1024;

    private static readonly ChunkSpec KiBChunk = new([1024], DataType.UInt8);

    /// <summary>Each bomb as the outermost codec after each inner chain: a checksum, another compressor, a shard.</summary>
    public static TheoryData<string, string> BombsInChains
    {
        get
        {
            string[] inner =
            [
                """{"name": "bytes"}, {"name": "crc32c"}""",
                """{"name": "bytes"}, {"name": "gzip"}""",
                """{"name": "bytes"}, {"name": "numcodecs.zlib"}, {"name": "crc32c"}""",
                """{"name": "sharding_indexed", "configuration": {"chunk_shape": [256]}}""",
            ];
            var data = new TheoryData<string, string>();
            foreach (string chain in inner)
            {
                foreach (string bomb in DecompressionBombs.Names)
                {
                    data.Add(chain, bomb);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> BombNames => [.. DecompressionBombs.Names];

    [Theory]
    [MemberData(nameof(BombsInChains))]
    public void A_bomb_after_any_codec_is_refused_at_about_the_cost_of_a_chunk(string inner, string bomb)
    {
        var pipeline = Parse($$"""[{{inner}}, {"name": "{{DecompressionBombs.CodecOf(bomb)}}"}]""");
        var bytes = DecompressionBombs.Get(bomb);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => pipeline.Decode(bytes, KiBChunk, BufferPrototype.Default)));

        TestContext.Current.TestOutputHelper?.WriteLine($"{bomb} after [{inner}]: refused, {allocated} bytes allocated");
        refused.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("more than");
        allocated.Should().BeLessThan(BombMemoryBound);
    }

    [Theory]
    [MemberData(nameof(BombNames))]
    public void A_bomb_next_to_the_bytes_codec_is_refused_at_about_the_cost_of_a_chunk(string bomb)
    {
        var pipeline = Parse($$"""[{"name": "bytes"}, {"name": "{{DecompressionBombs.CodecOf(bomb)}}"}]""");
        var bytes = DecompressionBombs.Get(bomb);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => pipeline.Decode(bytes, KiBChunk, BufferPrototype.Default)));

        TestContext.Current.TestOutputHelper?.WriteLine($"{bomb} ({bytes.Length} bytes) next to bytes: refused, {allocated} bytes allocated");
        refused.Should().BeOfType<InvalidDataException>();
        allocated.Should().BeLessThan(BombMemoryBound);
    }

    [Theory]
    [InlineData("""[{"name": "bytes"}]""", 1024)]
    [InlineData("""[{"name": "bytes"}, {"name": "crc32c"}]""", 1028)]
    [InlineData("""[{"name": "bytes"}, {"name": "crc32c"}, {"name": "crc32c"}]""", 1032)]
    [InlineData("""[{"name": "transpose", "configuration": {"order": [0]}}, {"name": "bytes"}, {"name": "gzip"}]""", 1024 + 128 + 16 + 5 + 18 + 1024)]
    [InlineData("""[{"name": "bytes"}, {"name": "numcodecs.zlib"}]""", 1024 + 128 + 16 + 5 + 6 + 1024)]
    [InlineData("""[{"name": "bytes"}, {"name": "zstd"}]""", 1024 + 4 + 63 + 1024)]
    [InlineData("""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [256], "codecs": [{"name": "bytes"}, {"name": "crc32c"}]}}]""", (4 * 260) + (4 * 16) + 4)]
    public void The_max_encoded_length_widens_the_chunk_by_each_codec_s_worst_case(string chain, long expected)
    {
        Parse(chain).MaxEncodedLength(KiBChunk).Should().Be(expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(70_000)]
    [InlineData(300_000)]
    public void Incompressible_chunks_round_trip_through_every_compressor_in_every_position(int length)
    {
        var spec = new ChunkSpec([length], DataType.UInt8);
        var chunk = CpuNDBuffer.FromArray(RandomBytes(length), [length]);
        var pipeline = Parse("""
            [{"name": "bytes"}, {"name": "gzip", "configuration": {"level": 0}}, {"name": "numcodecs.zlib", "configuration": {"level": 9}},
             {"name": "zstd", "configuration": {"level": 19}}, {"name": "crc32c"}, {"name": "gzip", "configuration": {"level": 9}}]
            """);

        var encoded = pipeline.Encode(chunk, spec, BufferPrototype.Default);
        var decoded = pipeline.Decode(encoded, spec, BufferPrototype.Default);

        encoded.Length.Should().BeLessThanOrEqualTo((int)pipeline.MaxEncodedLength(spec));
        new BytesCodec().Encode(decoded, spec, BufferPrototype.Default).ToBytes().Should().Equal(RandomBytes(length));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("numcodecs.zlib")]
    [InlineData("zstd")]
    [InlineData("zstd-without-size")]
    [InlineData("crc32c")]
    public void Each_codec_decodes_data_at_its_bound_and_refuses_it_one_byte_over(string name)
    {
        var codec = (IBytesBytesCodec)CodecRegistry.Default.Create(JsonNodeOf(name.Split('-')[0]));
        var encoded = name == "zstd-without-size" ? CpuBuffer.FromBytes(ZstdWithoutSize(RandomBytes(5000)))
            : codec.Encode(CpuBuffer.FromBytes(RandomBytes(5000)), KiBChunk, BufferPrototype.Default);

        codec.Decode(encoded, KiBChunk, BufferPrototype.Default, 5000).Length.Should().Be(5000);
        var over = () => codec.Decode(encoded, KiBChunk, BufferPrototype.Default, 4999);
        over.Should().Throw<InvalidDataException>().WithMessage($"*({encoded.Length} bytes) decodes to more than 4999 bytes*");
    }

    [Fact]
    public void A_user_codec_without_a_bound_is_taken_to_at_most_double_its_input_plus_4_KiB()
    {
        var pipeline = new CodecPipeline([new BytesCodec(), new SpyCodec(), new GzipCodec()]);

        pipeline.MaxEncodedLength(KiBChunk).Should().Be(new GzipCodec().MaxEncodedLength((2 * 1024) + 4096, KiBChunk));
        var bomb = () => pipeline.Decode(DecompressionBombs.Get("gzip"), KiBChunk, BufferPrototype.Default);
        bomb.Should().Throw<InvalidDataException>().WithMessage("*more than 6144 bytes*");
    }

    [Fact]
    public void A_user_codec_without_a_bound_is_refused_over_the_bound_after_decoding()
    {
        IBytesBytesCodec spy = new SpyCodec();

        spy.Decode(CpuBuffer.FromBytes(new byte[10]), KiBChunk, BufferPrototype.Default, 10).Length.Should().Be(10);
        var over = () => spy.Decode(CpuBuffer.FromBytes(new byte[10]), KiBChunk, BufferPrototype.Default, 9);
        over.Should().Throw<InvalidDataException>().WithMessage("*spy data (10 bytes) decodes to more than 9 bytes*");
    }

    [Fact]
    public void A_user_codec_with_a_negative_bound_is_named()
    {
        var pipeline = new CodecPipeline([new BytesCodec(), new NegativeBoundCodec()]);

        var bound = () => pipeline.MaxEncodedLength(KiBChunk);

        bound.Should().Throw<InvalidOperationException>().WithMessage("*'negative'*NegativeBoundCodec*-1*");
    }

    private static System.Text.Json.JsonElement JsonNodeOf(string name) =>
        System.Text.Json.JsonDocument.Parse(new JsonObject { ["name"] = name }.ToJsonString()).RootElement;

    private static byte[] ZstdWithoutSize(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, leaveOpen: true))
        {
            zstd.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private sealed class NegativeBoundCodec : IBytesBytesCodec
    {
        public string Name => "negative";

        public JsonObject ToJson() => new() { ["name"] = Name };

        public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => bytes;

        public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => bytes;

        public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => -1;
    }
}
