using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <content>ReadIntoAsync, and the reads straight into the output behind it and ReadAsync.</content>
public sealed partial class ZarrArrayTests
{
    // A 7 x 9 int32 array of 3 x 4 chunks (a 3 x 3 grid with edge chunks), holding 0..62 in C order except chunk [1, 2],
    // which is missing and reads as the fill value.
    private const int Rows = 7;
    private const int Columns = 9;
    private const int ReadIntoFill = -1;
    private const string MissingChunk = "c/1/2";

    private static readonly string[] s_readIntoCodecs = ["raw", "big-endian", "zstd", "gzip", "crc32c", "sharded", "transpose", "v2 raw", "v2 zlib", "v2 F order"];

    public static TheoryData<string, string, MemoryOrder> ReadIntoCases
    {
        get
        {
            var cases = new TheoryData<string, string, MemoryOrder>();
            foreach (string codecs in s_readIntoCodecs)
            {
                foreach (string region in s_readIntoRegions.Keys)
                {
                    cases.Add(codecs, region, MemoryOrder.C);
                    cases.Add(codecs, region, MemoryOrder.F);
                }
            }

            return cases;
        }
    }

    private static readonly Dictionary<string, NRange[]?> s_readIntoRegions = new()
    {
        ["whole array"] = null,
        ["one aligned chunk"] = [new NRange(3, 6), new NRange(4, 8)],
        ["chunks partly covered"] = [new NRange(1, 5), new NRange(2, 7)],
        ["edge chunk"] = [new NRange(6, 7), new NRange(8, 9)],
        ["one row across the missing chunk"] = [new NRange(4, 5), new NRange(0, 9)],
        ["missing chunk whole"] = [new NRange(3, 6), new NRange(8, 9)],
    };

    [Theory]
    [MemberData(nameof(ReadIntoCases))]
    public async Task ReadInto_fills_a_destination_of_either_order_with_the_regions_values(string codecs, string region, MemoryOrder order)
    {
        var array = await ReadIntoArrayAsync(new MemoryStore(), codecs);
        var selection = s_readIntoRegions[region];
        long[] shape = array.Metadata.ChunkGrid.RegionShape(selection);
        var destination = CpuNDBuffer.Create(shape, DataType.Int32, order, fillValue: 12345);

        await array.ReadIntoAsync(selection, destination, Prototype, Token);

        Flatten<int>(destination).Should().Equal(ExpectedValues(selection), $"{codecs}, {region}, {order} order");
        Flatten<int>(await array.ReadAsync(selection, Prototype, Token)).Should().Equal(ExpectedValues(selection));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("zstd")]
    [InlineData("v2 raw")]
    public async Task ReadInto_reads_a_LocalStore_through_the_files(string codecs)
    {
        var array = await ReadIntoArrayAsync(new LocalStore(_folder), codecs);

        foreach (var (name, selection) in s_readIntoRegions)
        {
            var destination = CpuNDBuffer.Empty(array.Metadata.ChunkGrid.RegionShape(selection), DataType.Int32);
            await array.ReadIntoAsync(selection, destination, Prototype, Token);
            Flatten<int>(destination).Should().Equal(ExpectedValues(selection), name);
        }
    }

    [Theory]
    [InlineData(new long[] { 4, 5 }, "int32", "shape [4, 5] int32: the region is [4, 4] int32")]
    [InlineData(new long[] { 4, 4 }, "int64", "shape [4, 4] int64: the region is [4, 4] int32")]
    [InlineData(new long[] { 16 }, "int32", "shape [16] int32: the region is [4, 4] int32")]
    public async Task ReadInto_refuses_a_destination_of_another_shape_or_data_type_naming_both_and_leaves_it_alone(long[] shape, string dtype, string message)
    {
        var array = await ReadIntoArrayAsync(new MemoryStore(), "raw");
        var destination = CpuNDBuffer.Create(shape, DataType.Parse(dtype), fillValue: 7);

        var act = () => array.ReadIntoAsync([new NRange(0, 4), new NRange(0, 4)], destination, Prototype, Token);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain(message);
        destination.AllEqual(7).Should().BeTrue();
    }

    [Fact]
    public async Task ReadInto_of_a_null_destination_throws()
    {
        var array = await ReadIntoArrayAsync(new MemoryStore(), "raw");

        var act = () => array.ReadIntoAsync(null, null!, Prototype, Token);

        await act.Should().ThrowAsync<ArgumentNullException>();
    }

    [Theory]
    [InlineData("raw", "GetInto", 12L * 4)]
    [InlineData("zstd", "GetInto", -1L)]
    [InlineData("big-endian", "Get", 12L * 4)]
    public async Task A_read_of_whole_chunks_costs_one_store_call_per_chunk(string codecs, string call, long bytesPerChunk)
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await ReadIntoArrayAsync(store, codecs);
        var destination = CpuNDBuffer.Empty([6, 8], DataType.Int32);

        await array.ReadIntoAsync([new NRange(0, 6), new NRange(0, 8)], destination, Prototype, Token);

        Flatten<int>(destination).Should().Equal(ExpectedValues([new NRange(0, 6), new NRange(0, 8)]));
        store.Counter[call].Should().Be(4, "chunks [0, 0], [0, 1], [1, 0] and [1, 1], one call each");
        if (bytesPerChunk > 0)
        {
            store.BytesRead[call].Should().Be(4 * bytesPerChunk);
        }
    }

    [Fact]
    public async Task A_chunk_covered_whole_and_contiguous_in_the_destination_is_read_by_the_store_straight_into_it()
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await ReadIntoArrayAsync(store, "raw");
        int[] values = new int[12];
        var destination = CpuNDBuffer.FromArray(values, [3, 4]);

        await array.ReadIntoAsync([new NRange(3, 6), new NRange(4, 8)], destination, Prototype, Token);

        values.Should().Equal(ExpectedValues([new NRange(3, 6), new NRange(4, 8)]), "the store wrote into the caller's own array");
        store.Counter.Should().ContainKey("GetInto").WhoseValue.Should().Be(1);
        store.Counter.Should().NotContainKey("Get", "no buffer was read and copied");
        store.BytesRead["GetInto"].Should().Be(12 * 4);
    }

    [Fact]
    public async Task A_partly_covered_raw_chunk_is_read_from_the_regions_first_byte_to_its_last_in_one_call()
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await ReadIntoArrayAsync(store, "raw");

        var values = await array.ReadAsync([new NRange(1, 2), new NRange(1, 3)], Prototype, Token);

        Flatten<int>(values).Should().Equal(ExpectedValues([new NRange(1, 2), new NRange(1, 3)]));
        store.Counter["GetInto"].Should().Be(1);
        store.BytesRead["GetInto"].Should().Be(2 * 4, "elements [1, 1] and [1, 2] of chunk [0, 0]");
    }

    [Fact]
    public async Task Reads_through_another_prototype_make_their_buffers_through_it_and_never_read_into_memory()
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await ReadIntoArrayAsync(store, "raw");

        var values = await array.ReadAsync(null, OtherNDBuffer.Prototype, Token);

        values.Should().BeOfType<OtherNDBuffer>();
        Flatten<int>(values).Should().Equal(ExpectedValues(null));
        store.Counter.Should().NotContainKey("GetInto");
    }

    [Theory]
    [InlineData("raw", 47, "takes 48 bytes, but the encoded chunk has 47")]
    [InlineData("raw", 49, "takes 48 bytes, but the encoded chunk is longer")]
    [InlineData("zstd", 20, "cannot be decoded: ")]
    public async Task A_corrupt_chunk_read_into_the_output_is_reported_with_its_key(string codecs, int length, string detail)
    {
        var store = new MemoryStore();
        var array = await ReadIntoArrayAsync(store, codecs);
        await store.SetAsync("c/0/0", CpuBuffer.FromBytes(new byte[length]), Token);

        foreach (NRange[]? region in new[] { [new NRange(0, 3), new NRange(0, 4)], (NRange[]?)null })
        {
            var act = () => array.ReadAsync(region, Prototype, Token);
            (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().StartWith("Chunk 'c/0/0' of array '' cannot be decoded:").And.Contain(detail);
        }
    }

    [Fact]
    public async Task A_truncated_raw_chunk_read_in_part_is_reported_with_its_key()
    {
        var store = new MemoryStore();
        var array = await ReadIntoArrayAsync(store, "raw");
        await store.SetAsync("c/0/0", CpuBuffer.FromBytes(new byte[20]), Token);

        var act = () => array.ReadAsync([new NRange(2, 3), new NRange(0, 2)], Prototype, Token);

        (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("'c/0/0'").And.Contain("it is truncated");
    }

    [Fact]
    public async Task A_raw_chunk_linked_outside_a_LocalStores_root_is_refused_for_that_reason_not_as_too_long()
    {
        var store = new LocalStore(_folder);
        var array = await ReadIntoArrayAsync(store, "raw");
        string outside = _folder + "-outside";
        string chunk = Path.Combine(_folder, "c", "0", "0");
        File.Move(chunk, outside);
        try
        {
            File.CreateSymbolicLink(chunk, outside);

            var act = () => array.ReadAsync([new NRange(0, 3), new NRange(0, 4)], Prototype, Token);

            (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("'c/0/0'").And.Contain("leads outside the root")
                .And.NotContain("longer");
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Theory]
    [InlineData("raw", true)]
    [InlineData("raw", false)]
    [InlineData("zstd", true)]
    [InlineData("zstd", false)]
    public async Task A_one_chunk_read_from_a_MemoryStore_allocates_nothing_in_proportion_to_the_chunk(string codecs, bool whole)
    {
        // A MemoryStore completes synchronously and one chunk skips the parallel loop, so the whole read runs on this
        // thread and the thread's allocation counter sees all of it. 256 x 256 int32 chunks are 256 KiB.
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([512, 512], DataType.Int32, [256, 256], codecs: ReadIntoCodecs(codecs)));
        await array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int32, fillValue: 3), Prototype, Token);
        NRange[] region = whole ? [new NRange(256, 512), new NRange(0, 256)] : [new NRange(10, 200), new NRange(20, 250)];
        var destination = CpuNDBuffer.Empty(array.Metadata.ChunkGrid.RegionShape(region), DataType.Int32);
        Task Read() => array.ReadIntoAsync(region, destination, Prototype, Token);
        Read().IsCompletedSuccessfully.Should().BeTrue("the read completes synchronously");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = Read();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        read.IsCompletedSuccessfully.Should().BeTrue();
        await read;
        destination.AllEqual(3).Should().BeTrue();
        TestContext.Current.TestOutputHelper?.WriteLine($"{codecs}, whole {whole}: {allocated} bytes");
        allocated.Should().BeLessThan(16 * 1024, "the chunk goes into the destination or into pooled scratch");
    }

    [Fact]
    public async Task Reads_into_the_output_see_each_chunk_before_or_after_a_concurrent_write_never_torn()
    {
        // Whole-chunk writes of all-1 and all-2 race whole-chunk reads of a LocalStore (a write replaces the file, a read
        // reads it in one call); every read must see one value or the other. Bounded by count, not time.
        var array = await CreateAsync(new LocalStore(_folder), new ArrayMetadata([64, 64], DataType.Int32, [64, 64]));
        await array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int32, fillValue: 1), Prototype, Token);
        var writer = Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                await array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int32, fillValue: 1 + (i % 2)), Prototype, Token);
            }
        }, Token);

        var destination = CpuNDBuffer.Empty([64, 64], DataType.Int32);
        int reads = 0;
        while (!writer.IsCompleted || reads < 10)
        {
            await array.ReadIntoAsync(null, destination, Prototype, Token);
            (destination.AllEqual(1) || destination.AllEqual(2)).Should().BeTrue($"read {reads} saw one whole chunk");
            reads++;
        }

        await writer;
    }

    private static async Task<ZarrArray> ReadIntoArrayAsync(IStore store, string codecs)
    {
        var metadata = codecs switch
        {
            "v2 raw" => ArrayMetadata.CreateV2([Rows, Columns], DataType.Int32, [3, 4], fillValue: ReadIntoFill, dimensionSeparator: '/'),
            "v2 zlib" => ArrayMetadata.CreateV2([Rows, Columns], DataType.Int32, [3, 4], compressor: new JsonObject { ["id"] = "zlib", ["level"] = 1 }, fillValue: ReadIntoFill, dimensionSeparator: '/'),
            "v2 F order" => ArrayMetadata.CreateV2([Rows, Columns], DataType.Int32, [3, 4], order: MemoryOrder.F, fillValue: ReadIntoFill, dimensionSeparator: '/'),
            _ => new ArrayMetadata([Rows, Columns], DataType.Int32, [3, 4], fillValue: ReadIntoFill, codecs: ReadIntoCodecs(codecs)),
        };
        var array = await CreateAsync(store, metadata);
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, Rows * Columns).ToArray(), [Rows, Columns]), Prototype, Token);
        string missing = metadata.ZarrFormat == 2 ? MissingChunk[2..] : MissingChunk;
        await store.DeleteAsync(missing, Token);
        return array;
    }

    private static JsonArray ReadIntoCodecs(string codecs) => JsonNode.Parse(codecs switch
    {
        "raw" => """[{"name": "bytes", "configuration": {"endian": "little"}}]""",
        "big-endian" => """[{"name": "bytes", "configuration": {"endian": "big"}}]""",
        "zstd" => """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 1, "checksum": false}}]""",
        "gzip" => """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 1}}]""",
        "crc32c" => """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]""",
        "sharded" => """[{"name": "sharding_indexed", "configuration": {"chunk_shape": [3, 2], "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}], "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]}}]""",
        "transpose" => """[{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "little"}}]""",
        _ => throw new ArgumentException($"Unknown codecs '{codecs}'.", nameof(codecs)),
    })!.AsArray();

    /// <summary>The values of <paramref name="region"/> in C order: the element's index in the array, or the fill value in the missing chunk.</summary>
    private static int[] ExpectedValues(NRange[]? region)
    {
        var (rows, columns) = region is null ? (new NRange(0, Rows), new NRange(0, Columns)) : (region[0], region[1]);
        var values = new List<int>();
        for (int row = (int)rows.Start.Value; row < rows.End.Value; row++)
        {
            for (int column = (int)columns.Start.Value; column < columns.End.Value; column++)
            {
                bool missing = row / 3 == 1 && column / 4 == 2;
                values.Add(missing ? ReadIntoFill : (row * Columns) + column);
            }
        }

        return [.. values];
    }
}
