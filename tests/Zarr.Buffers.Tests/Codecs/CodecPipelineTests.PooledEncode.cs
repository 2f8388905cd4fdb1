using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

// EncodePooled leaves the last codec's output in pooled memory, and so the output of each codec before it in the
// unbroken run of pooled encoders at the end of the chain, which goes back as soon as the next codec has encoded it.
public partial class CodecPipelineTests
{
    public static TheoryData<string, int> PooledTails => new()
    {
        { "zstd crc32c", 2 },
        { "blosc crc32c", 2 },
        { "zstd gzip crc32c", 3 },
        { "spy crc32c", 1 },
        { "zstd spy crc32c", 1 },
        { "crc32c", 1 },
    };

    [Theory]
    [MemberData(nameof(PooledTails))]
    public void EncodePooled_pools_every_codec_of_the_pooled_run_at_the_end_and_gives_all_but_the_last_back_at_once(string chain, int pooledCodecs)
    {
        var pipeline = new CodecPipeline([new BytesCodec(Endian.Little), .. chain.Split(' ').Select(BytesBytesCodec)]);
        var spec = new ChunkSpec([64, 64], DataType.Int32, 0);
        var chunk = CodecTestData.Sample(DataType.Int32, 64, 64);
        var pool = new CountingPool();

        var encoded = pipeline.EncodePooled(chunk, spec, BufferPrototype.Default, pool)!;

        pool.Rents.Should().Be(pooledCodecs);
        pool.Outstanding.Should().Be(1, "only the last codec's output is still in use");
        encoded.Bytes.AsSpan().ToArray().Should().Equal(pipeline.Encode(chunk, spec, BufferPrototype.Default).ToBytes());
        encoded.Dispose();
        pool.Outstanding.Should().Be(0);
        pool.UnknownReturns.Should().Be(0);
    }

    [Theory]
    [InlineData("zstd spy")]
    [InlineData("")]
    public void EncodePooled_leaves_a_chain_whose_last_codec_cannot_pool_to_Encode(string chain)
    {
        var pipeline = new CodecPipeline([new BytesCodec(Endian.Little), .. chain.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(BytesBytesCodec)]);
        var pool = new CountingPool();

        var encoded = pipeline.EncodePooled(CodecTestData.Sample(DataType.Int32), new ChunkSpec([2, 3], DataType.Int32, 0), BufferPrototype.Default, pool);

        encoded.Should().BeNull();
        pool.Rents.Should().Be(0);
    }

    [Fact]
    public void EncodePooled_gives_the_pooled_output_before_a_failing_codec_back_once()
    {
        var pipeline = new CodecPipeline([new BytesCodec(Endian.Little), new ZstdCodec(), new FailingPooledCodec()]);
        var pool = new CountingPool();

        var encode = () => pipeline.EncodePooled(CodecTestData.Sample(DataType.Int32), new ChunkSpec([2, 3], DataType.Int32, 0), BufferPrototype.Default, pool);

        encode.Should().Throw<InvalidOperationException>().WithMessage("*fails on purpose*");
        pool.Rents.Should().Be(1);
        pool.Outstanding.Should().Be(0);
        pool.UnknownReturns.Should().Be(0);
    }

    private static IBytesBytesCodec BytesBytesCodec(string name) => name switch
    {
        "zstd" => new ZstdCodec(1),
        "gzip" => new GzipCodec(1),
        "blosc" => new BloscCodec(BloscCname.Lz4, 5, BloscShuffle.Shuffle, 4),
        "crc32c" => new Crc32cCodec(),
        _ => new SpyCodec(),
    };

    /// <summary>A pooled encoder that fails before renting anything, as a codec refusing its input does.</summary>
    private sealed class FailingPooledCodec : IBytesBytesCodec, IPooledEncoder
    {
        public string Name => "failing";

        public System.Text.Json.Nodes.JsonObject ToJson() => new() { ["name"] = Name };

        public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => throw Failure();

        public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => throw Failure();

        public PooledBytes EncodePooled(Buffer bytes, ChunkSpec spec, System.Buffers.ArrayPool<byte> pool) => throw Failure();

        private static InvalidOperationException Failure() => new("The codec fails on purpose.");
    }
}
