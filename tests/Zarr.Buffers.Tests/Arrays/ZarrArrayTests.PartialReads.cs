using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>Reads go through each chunk's partial decoder: the bytes a read fetches, counted by LoggingStore, are those the region needs.</summary>
public sealed partial class ZarrArrayTests
{
    private const string LittleEndianBytes = """{"name": "bytes", "configuration": {"endian": "little"}}""";

    [Fact]
    public async Task One_element_of_an_uncompressed_chunk_reads_only_its_bytes()
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await CreateAsync(store, new ArrayMetadata([256, 256], DataType.Int32, [256, 256]));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 256 * 256).ToArray(), [256, 256]), Prototype, Token);
        long before = store.TotalBytesRead;

        (await ValuesAsync<int>(array, [new NRange(100, 101), new NRange(7, 8)])).Should().Equal((100 * 256) + 7);

        (store.TotalBytesRead - before).Should().Be(sizeof(int));
    }

    [Fact]
    public async Task A_block_of_an_uncompressed_chunk_reads_one_run_per_row()
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await CreateAsync(store, new ArrayMetadata([64, 64], DataType.Int16, [64, 64], codecs: Codecs("""{"name": "bytes", "configuration": {"endian": "big"}}""")));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 64 * 64).Select(i => (short)i).ToArray(), [64, 64]), Prototype, Token);
        long before = store.TotalBytesRead;

        var block = await ValuesAsync<short>(array, [new NRange(10, 13), new NRange(20, 25)]);

        block.Should().Equal(Enumerable.Range(10, 3).SelectMany(row => Enumerable.Range((row * 64) + 20, 5)).Select(i => (short)i));
        (store.TotalBytesRead - before).Should().Be(3 * 5 * sizeof(short));
        store.Counter["GetRanges"].Should().Be(1, "the three runs of the block go to the store in one call, which may coalesce them");
    }

    [Theory]
    [InlineData("end", false)]
    [InlineData("start", false)]
    [InlineData("end", true)]
    [InlineData("start", true)]
    public async Task One_element_of_a_64_MiB_shard_of_1_MiB_inner_chunks_reads_the_index_and_one_inner_chunk_at_most(string location, bool checksummed)
    {
        const int IndexBytes = (64 * 16) + 4; // 8x8 inner chunks, each an offset and a length, then the index's CRC-32C
        const int InnerChunkBytes = 512 * 512 * sizeof(int);
        string inner = checksummed ? $"{LittleEndianBytes}, {{\"name\": \"crc32c\"}}" : LittleEndianBytes;
        var store = new LoggingStore(new MemoryStore());
        var array = await CreateAsync(store, new ArrayMetadata([4096, 4096], DataType.Int32, [4096, 4096],
            codecs: Codecs($$$"""{"name": "sharding_indexed", "configuration": {"chunk_shape": [512, 512], "codecs": [{{{inner}}}], "index_location": "{{{location}}}"}}""")));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 4096 * 4096).ToArray(), [4096, 4096]), Prototype, Token);
        long before = store.TotalBytesRead;

        (await ValuesAsync<int>(array, [new NRange(3000, 3001), new NRange(1000, 1001)])).Should().Equal((3000 * 4096) + 1000);

        long probe = location == "end" ? 1 : 0; // the byte that shows the index still follows the inner chunk
        long innerBytes = checksummed ? InnerChunkBytes + 4 : sizeof(int); // a checksummed inner chunk is read whole, to check it
        (store.TotalBytesRead - before).Should().Be(IndexBytes + innerBytes + probe);
    }

    [Theory]
    [MemberData(nameof(IndexLocations))]
    public async Task Nested_sharding_reads_in_part_at_both_levels(string location)
    {
        const int IndexBytes = (16 * 16) + 4; // 4x4 entries at each level, then the CRC-32C
        var store = new LoggingStore(new MemoryStore());
        var array = await CreateAsync(store, new ArrayMetadata([64, 64], DataType.Int32, [64, 64], fillValue: -1, codecs: Codecs($$$"""
            {"name": "sharding_indexed", "configuration": {"chunk_shape": [16, 16], "index_location": "{{{location}}}", "codecs": [
              {"name": "sharding_indexed", "configuration": {"chunk_shape": [4, 4], "index_location": "{{{location}}}", "codecs": [{{{LittleEndianBytes}}}]}}]}}
            """)));
        var values = Enumerable.Range(0, 64 * 64).ToArray();
        await array.WriteAsync(null, CpuNDBuffer.FromArray(values, [64, 64]), Prototype, Token);
        long before = store.TotalBytesRead;
        int getsBefore = store.Counter.GetValueOrDefault("Get");

        (await ValuesAsync<int>(array, [new NRange(37, 38), new NRange(22, 23)])).Should().Equal((37 * 64) + 22);

        long probes = location == "end" ? 2 : 0; // one byte after the touched chunk at each level
        (store.TotalBytesRead - before).Should().Be((2 * IndexBytes) + sizeof(int) + probes);
        (store.Counter["Get"] - getsBefore).Should().Be(3 + (int)probes, "the outer index, the inner index and the element, each one read");
        (await ValuesAsync<int>(array, [new NRange(30, 35), new NRange(10, 50)])).Should().Equal(
            Enumerable.Range(30, 5).SelectMany(row => values.Skip((row * 64) + 10).Take(40)), "a region across inner shards and their chunks reads as written");
    }

    [Fact]
    public async Task A_truncated_inner_shard_read_in_part_names_the_shard_and_the_inner_chunk()
    {
        const string location = "start"; // so that cutting the shard short cuts the last inner shard, not the outer index
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([16, 16], DataType.Int32, [16, 16], codecs: Codecs($$$"""
            {"name": "sharding_indexed", "configuration": {"chunk_shape": [8, 8], "index_location": "{{{location}}}", "codecs": [
              {"name": "sharding_indexed", "configuration": {"chunk_shape": [4, 4], "index_location": "{{{location}}}", "codecs": [{{{LittleEndianBytes}}}]}}]}}
            """)));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(1, 256).ToArray(), [16, 16]), Prototype, Token);
        var shard = (await store.GetAsync("c/0/0", Prototype, null, Token))!.ToBytes();
        await store.SetAsync("c/0/0", CpuBuffer.FromBytes(shard.AsSpan(0, shard.Length - 10)), Token);

        var read = () => array.ReadAsync([new NRange(15, 16), new NRange(15, 16)], Prototype, Token);

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage("*'c/0/0'*inner chunk [1, 1]*outside the shard*");
    }

    private static JsonArray Codecs(string codecs) => JsonNode.Parse($"[{codecs}]")!.AsArray();
}
