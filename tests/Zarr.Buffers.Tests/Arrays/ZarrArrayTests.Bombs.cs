using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers.Tests.Codecs;
using Zarr.Codecs;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>Decompression bombs in v2 chunks, sharding configurations that cannot work, and truncated shards read in part.</summary>
public sealed partial class ZarrArrayTests
{
    public static TheoryData<string> V2Bombs => ["gzip", "zlib", "zstd-with-size", "zstd-without-size", "lz4"];

    [Theory]
    [MemberData(nameof(V2Bombs))]
    public async Task A_bomb_in_a_v2_chunk_is_refused_at_about_the_cost_of_a_chunk(string bomb)
    {
        string compressor = bomb.Split('-')[0];
        var store = new MemoryStore();
        var metadata = ArrayMetadata.ParseV2(Utf8($$"""
            {"zarr_format": 2, "shape": [1024], "chunks": [1024], "dtype": "|u1", "order": "C",
             "compressor": {"id": "{{compressor}}", "level": 1}, "fill_value": 0, "filters": null}
            """));
        var array = await ZarrArray.CreateAsync(store, "v2", metadata, Token);
        await store.SetAsync("v2/0", DecompressionBombs.Get(bomb), Token);
        var pipeline = CodecPipeline.FromJson(JsonDocument.Parse(array.Metadata.Codecs.ToJsonString()).RootElement);
        var spec = new ChunkSpec([1024], DataType.UInt8);
        var bytes = DecompressionBombs.Get(bomb);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => pipeline.Decode(bytes, spec, Prototype)));
        var read = () => array.ReadAsync(null, Prototype, Token);

        TestContext.Current.TestOutputHelper?.WriteLine($"v2 {bomb}: refused, {allocated} bytes allocated");
        refused.Should().BeOfType<InvalidDataException>();
        allocated.Should().BeLessThan(512 * 1024);
        await read.Should().ThrowAsync<InvalidDataException>().WithMessage("*'v2/0'*");
    }

    [Fact]
    public async Task A_sharding_codec_whose_index_cannot_be_held_is_refused_when_the_array_is_opened()
    {
        var store = new MemoryStore();
        await store.SetAsync("a/zarr.json", CpuBuffer.FromBytes(Utf8("""
            {"zarr_format": 3, "node_type": "array", "shape": [268435456], "data_type": "uint8",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [268435456]}},
             "chunk_key_encoding": {"name": "default"}, "fill_value": 0,
             "codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [1]}}]}
            """)), Token);

        var open = () => ZarrArray.OpenAsync(store, "a", Token);

        await open.Should().ThrowAsync<InvalidDataException>().WithMessage("*'a/zarr.json'*codecs*chunk_shape [1]*268435456 inner chunks*");
    }

    [Fact]
    public async Task A_shard_whose_data_was_cut_short_but_whose_index_survived_is_corrupt_when_read_in_part()
    {
        var (store, array) = await ShardedArrayAsync("end");
        byte[] shard = (await store.GetAsync("c/0/0", Prototype, null, Token))!.ToBytes();
        await store.SetAsync("c/0/0", CpuBuffer.FromBytes(shard.AsSpan(InnerChunkBytes)), Token); // the data loses 16 bytes; the index is whole

        var last = () => array.ReadAsync([new NRange(7, 8), new NRange(7, 8)], Prototype, Token);

        await last.Should().ThrowAsync<InvalidDataException>().WithMessage("*'c/0/0'*inner chunk [3, 3]*[240, 240+16)*outside the shard's data area*truncated*");
    }

    private static byte[] Utf8(string json) => System.Text.Encoding.UTF8.GetBytes(json);
}
