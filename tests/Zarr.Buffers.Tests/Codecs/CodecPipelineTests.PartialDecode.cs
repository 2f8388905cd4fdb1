using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>The pipeline's partial decoder: the array-to-bytes codec's own when nothing surrounds it, else the whole value decoded.</summary>
public partial class CodecPipelineTests
{
    [Theory]
    [InlineData("""[{"name": "bytes"}]""", true)]
    [InlineData("""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [256]}}]""", true)]
    [InlineData("""[{"name": "bytes"}, {"name": "gzip"}]""", false)]
    [InlineData("""[{"name": "bytes"}, {"name": "crc32c"}]""", false)]
    [InlineData("""[{"name": "transpose", "configuration": {"order": [0]}}, {"name": "bytes"}]""", false)]
    public void Only_an_array_to_bytes_codec_that_decodes_in_part_and_stands_alone_decodes_partially(string codecs, bool partially) =>
        Parse(codecs).DecodesPartially.Should().Be(partially);

    [Fact]
    public async Task A_compressed_chunk_is_read_whole_once_and_decoded_to_the_region()
    {
        var pipeline = Parse("""[{"name": "bytes"}, {"name": "gzip"}]""");
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray(), [1024]);
        var encoded = pipeline.Encode(chunk, KiBChunk, BufferPrototype.Default);
        var store = new LoggingStore(new MemoryStore());
        await store.SetAsync("c", encoded, TestContext.Current.CancellationToken);
        var decoder = pipeline.CreatePartialDecoder(new StoreByteRangeReader(store, "c"), KiBChunk);

        var part = await decoder.DecodeAsync([new NRange(300, 302)], OtherNDBuffer.Prototype, TestContext.Current.CancellationToken);

        decoder.Should().BeOfType<WholeValuePartialDecoder>();
        part.Should().BeOfType<OtherNDBuffer>();
        part.AsTensor<byte>().ToArray().Should().Equal(44, 45);
        store.Counter.Should().BeEquivalentTo(new Dictionary<string, int> { ["Set"] = 1, ["Get"] = 1 });
        store.BytesRead["Get"].Should().Be(encoded.Length);
    }

    [Theory]
    [MemberData(nameof(BombNames))]
    public async Task A_bomb_read_in_part_is_refused_at_about_the_cost_of_a_chunk(string bomb)
    {
        var pipeline = Parse($$"""[{"name": "bytes"}, {"name": "{{DecompressionBombs.CodecOf(bomb)}}"}]""");
        var store = new MemoryStore();
        await store.SetAsync("c", DecompressionBombs.Get(bomb), TestContext.Current.CancellationToken);
        var decoder = pipeline.CreatePartialDecoder(new StoreByteRangeReader(store, "c"), KiBChunk);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(
            () => decoder.DecodeAsync([new NRange(0, 1)], BufferPrototype.Default, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult()));

        refused.Should().BeOfType<InvalidDataException>();
        allocated.Should().BeLessThan(BombMemoryBound + DecompressionBombs.Get(bomb).Length, "the store's copy of the bomb aside, decoding costs about a chunk");
    }
}
