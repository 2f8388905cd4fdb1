using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>Partial reads of sharded arrays: only the shard index and the inner chunks a region touches are fetched.</summary>
public sealed partial class ZarrArrayTests
{
    // An 8x8 int32 shard of 2x2 inner chunks: a 4x4 grid of 16-byte inner chunks and a 16 * 16 + 4 = 260-byte index.
    private const int InnerChunkBytes = 16;
    private const int ShardIndexBytes = 260;

    public static TheoryData<string> IndexLocations => ["start", "end"];

    [Theory]
    [MemberData(nameof(IndexLocations))]
    public async Task Reading_one_inner_chunk_of_a_shard_fetches_only_the_index_and_that_chunk(string location)
    {
        var (store, array) = await ShardedArrayAsync(location);
        int first = location == "start" ? ShardIndexBytes : 0;
        long offset = first + (6 * InnerChunkBytes); // Inner chunk [1, 2] is the seventh in C order.

        var whole = await ValuesAsync<int>(array, [new NRange(2, 4), new NRange(4, 6)]);
        var reads = store.TakeReads();

        whole.Should().Equal(20, 21, 28, 29);
        reads.Should().Equal(ExpectedShardReads(location, new RangeByteRequest(offset, offset + InnerChunkBytes), offset + InnerChunkBytes));
        store.GetRangesCalls.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(IndexLocations))]
    public async Task Reading_one_element_of_a_shard_fetches_only_the_index_and_that_element_of_its_inner_chunk(string location)
    {
        var (store, array) = await ShardedArrayAsync(location);
        int first = location == "start" ? ShardIndexBytes : 0;
        long offset = first + (6 * InnerChunkBytes); // Element [3, 5] is the last of inner chunk [1, 2], the seventh in C order.

        var single = await ValuesAsync<int>(array, [new NRange(3, 4), new NRange(5, 6)]);

        single.Should().Equal(29);
        store.TakeReads().Should().Equal(ExpectedShardReads(location, new RangeByteRequest(offset + 12, offset + 16), offset + InnerChunkBytes));
        store.GetRangesCalls.Should().Be(0, "the bytes codec of the inner chunk reads its one run of bytes with one read");
    }

    [Theory]
    [MemberData(nameof(IndexLocations))]
    public async Task A_region_spanning_several_inner_chunks_of_a_shard_is_one_coalesced_read_through_the_prototype(string location)
    {
        var (store, array) = await ShardedArrayAsync(location);
        var marked = BufferPrototype.Of<MarkedBuffer, MarkedNDBuffer>();

        var values = await array.ReadAsync([new NRange(0, 6), new NRange(0, 4)], marked, Token);

        values.Should().BeOfType<MarkedNDBuffer>();
        Flatten<int>(values).Should().Equal(Enumerable.Range(0, 6).SelectMany(row => Enumerable.Range(8 * row, 4)));
        var reads = store.TakeReads();
        reads.Should().HaveCount(location == "start" ? 2 : 3, "the index, then inner chunks [0..3, 0..2], which the region covers whole, in one merged range (and a byte past them that an index at the end holds)");
        reads[1].Length.Should().Be(10 * InnerChunkBytes, "the merged range runs from inner chunk [0, 0] (the first) to [2, 1] (the tenth), the gaps included");
        store.GetRangesCalls.Should().Be(1);
        store.ValueTypes.Should().OnlyContain(t => t == typeof(MarkedBuffer));
    }

    [Fact]
    public async Task Inner_chunks_the_index_marks_empty_read_as_the_fill_value_without_being_fetched()
    {
        var (store, array) = await ShardedArrayAsync("end", writeAll: false);
        await array.WriteAsync([new NRange(0, 2), new NRange(0, 2)], CpuNDBuffer.FromArray(new[] { 1, 2, 3, 4 }, [2, 2]), Prototype, Token);
        store.TakeReads();

        (await ValuesAsync<int>(array, [new NRange(1, 3), new NRange(1, 3)])).Should().Equal(4, -1, -1, -1);
        store.TakeReads().Select(r => r.Length).Should().Equal(ShardIndexBytes, sizeof(int), 1);
        (await ValuesAsync<int>(array, [new NRange(6, 8), new NRange(5, 8)])).Should().Equal(-1, -1, -1, -1, -1, -1);
        store.TakeReads().Select(r => r.Length).Should().Equal(ShardIndexBytes);
        store.GetRangesCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_missing_shard_read_in_part_is_the_fill_value_after_one_index_read()
    {
        var (store, array) = await ShardedArrayAsync("end", writeAll: false);

        (await ValuesAsync<int>(array, [new NRange(8, 10), new NRange(0, 1)])).Should().Equal(-1, -1);

        store.TakeReads().Should().Equal(("c/1/0", new SuffixByteRequest(ShardIndexBytes), -1));
        store.GetRangesCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_region_touching_every_inner_chunk_of_a_shard_reads_the_shard_whole()
    {
        var (store, array) = await ShardedArrayAsync("end");

        (await ValuesAsync<int>(array, [new NRange(0, 8), new NRange(0, 8)])).Should().Equal(Enumerable.Range(0, 64));
        (await ValuesAsync<int>(array, [new NRange(1, 7), new NRange(1, 7)])).Should().HaveCount(36);

        store.TakeReads().Should().Equal(("c/0/0", null, (16 * InnerChunkBytes) + ShardIndexBytes), ("c/0/0", null, (16 * InnerChunkBytes) + ShardIndexBytes));
        store.GetRangesCalls.Should().Be(0);
    }

    [Fact]
    public async Task Every_region_of_an_array_with_edge_shards_reads_as_that_part_of_the_whole_array()
    {
        var codecs = JsonNode.Parse("""
            [{"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 3],
              "codecs": [{"name": "bytes", "configuration": {"endian": "big"}}, {"name": "gzip"}]}}]
            """)!.AsArray();
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([7, 9], DataType.Int16, [4, 6], fillValue: (short)-1, codecs: codecs));
        await array.WriteAsync([new NRange(0, 5), new NRange(2, 9)], CpuNDBuffer.FromArray(Enumerable.Range(0, 35).Select(i => (short)i).ToArray(), [5, 7]), Prototype, Token);
        var whole = await array.ReadAsync(null, Prototype, Token);

        for (int r0 = 0; r0 < 7; r0++)
        {
            for (int r1 = r0 + 1; r1 <= 7; r1++)
            {
                for (int c0 = 0; c0 < 9; c0 += 2)
                {
                    for (int c1 = c0 + 1; c1 <= 9; c1 += 2)
                    {
                        NRange[] region = [new NRange(r0, r1), new NRange(c0, c1)];
                        (await array.ReadAsync(region, Prototype, Token)).AllEqual(whole[region]).Should().BeTrue($"region [{r0}..{r1}, {c0}..{c1}] reads as the whole array's");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(6, 10_000UL, 16UL, "*'c/0/0'*inner chunk [1, 2]*[10000, 10000+16)*outside the shard*")]
    [InlineData(6, 16UL, ulong.MaxValue, "*'c/0/0'*inner chunk [1, 2]*outside the shard*")]
    [InlineData(6, 16UL, 15UL, "*'c/0/0'*inner chunk [1, 2]*")]
    public async Task A_corrupt_index_read_in_part_names_the_shard_and_the_inner_chunk(int entry, ulong offset, ulong length, string message)
    {
        var (store, array) = await ShardedArrayAsync("end", indexCodecs: """[{"name": "bytes", "configuration": {"endian": "little"}}]""");
        var shard = (await store.GetAsync("c/0/0", Prototype, null, Token))!;
        var patch = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(patch, offset);
        BinaryPrimitives.WriteUInt64LittleEndian(patch.AsSpan(8), length);
        shard.CopyFrom((16 * InnerChunkBytes) + (entry * 16), patch);
        await store.SetAsync("c/0/0", shard, Token);

        var read = () => array.ReadAsync([new NRange(2, 4), new NRange(4, 6)], Prototype, Token);

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public async Task A_shard_shorter_than_its_index_read_in_part_names_the_shard()
    {
        var (store, array) = await ShardedArrayAsync("start");
        await store.SetAsync("c/0/0", CpuBuffer.FromBytes(new byte[100]), Token);

        var read = () => array.ReadAsync([new NRange(0, 1)], Prototype, Token);

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage("*'c/0/0'*100 bytes*16 inner chunks*260 bytes*truncated*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_into_part_of_a_shard_rewrites_it_whole_and_a_shard_left_all_fill_is_deleted_unless_empty_chunks_are_written(bool writeEmptyChunks)
    {
        var (_, array) = await ShardedArrayAsync("end", writeAll: false);
        var store = new LoggingStore(array.Store);
        array = await ZarrArray.OpenAsync(store, "", Token);
        array.WriteEmptyChunks = writeEmptyChunks;

        await array.WriteAsync([new NRange(3, 4), new NRange(5, 6)], CpuNDBuffer.FromArray(new[] { 7L }, [1, 1]), Prototype, Token);
        await array.WriteAsync([new NRange(0, 1), new NRange(0, 2)], CpuNDBuffer.FromArray(new[] { 1, 2 }, [1, 2]), Prototype, Token);

        (await ValuesAsync<int>(array, [new NRange(0, 4), new NRange(0, 6)])).Should().Equal(
            1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 7);
        store.Counter["Set"].Should().Be(2, "each write stores the shard once, whole");
        store.BytesWritten["Set"].Should().Be(InnerChunkBytes + ShardIndexBytes + (2 * InnerChunkBytes) + ShardIndexBytes);

        await array.WriteAsync([new NRange(0, 4), new NRange(0, 6)], CpuNDBuffer.Create([], DataType.Int32, fillValue: -1), Prototype, Token);

        (await array.Store.ExistsAsync("c/0/0", Token)).Should().Be(writeEmptyChunks);
        if (writeEmptyChunks)
        {
            (await array.Store.GetAsync("c/0/0", Prototype, null, Token))!.Length.Should().Be(ShardIndexBytes, "an all-fill shard is its index alone");
        }
    }

    /// <summary>
    /// A 16x8 int32 array of two 8x8 shards of 2x2 inner chunks (uncompressed, so inner chunks are 16 bytes), fill -1; with
    /// <paramref name="writeAll"/> the first shard holds 0..63.
    /// </summary>
    private static async Task<(RangeRecordingStore Store, ZarrArray Array)> ShardedArrayAsync(string location, bool writeAll = true, string? indexCodecs = null)
    {
        var configuration = JsonNode.Parse("""
            {"chunk_shape": [2, 2], "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}
            """)!.AsObject();
        configuration["index_location"] = location;
        if (indexCodecs is not null)
        {
            configuration["index_codecs"] = JsonNode.Parse(indexCodecs);
        }

        JsonArray codecs = [new JsonObject { ["name"] = "sharding_indexed", ["configuration"] = configuration }];
        var store = new RangeRecordingStore();
        var array = await CreateAsync(store, new ArrayMetadata([16, 8], DataType.Int32, [8, 8], fillValue: -1, codecs: codecs));
        if (writeAll)
        {
            await array.WriteAsync([new NRange(0, 8)], CpuNDBuffer.FromArray(Enumerable.Range(0, 64).ToArray(), [8, 8]), Prototype, Token);
        }

        store.TakeReads();
        return (store, array);
    }

    /// <summary>The reads of one part of shard c/0/0: the index, <paramref name="read"/>, and for an index at the end the byte that shows the index follows the inner chunk ending at <paramref name="innerChunkEnd"/>.</summary>
    private static (string, ByteRequest?, int)[] ExpectedShardReads(string location, RangeByteRequest read, long innerChunkEnd)
    {
        ByteRequest index = location == "start" ? new RangeByteRequest(0, ShardIndexBytes) : new SuffixByteRequest(ShardIndexBytes);
        (string, ByteRequest?, int)[] expected = [("c/0/0", index, ShardIndexBytes), ("c/0/0", read, (int)(read.End - read.Start))];
        long probe = innerChunkEnd + ShardIndexBytes;
        return location == "start" ? expected : [.. expected, ("c/0/0", new RangeByteRequest(probe - 1, probe), 1)];
    }

    private static T[] Flatten<T>(NDBuffer buffer)
    {
        var tensor = buffer.AsTensor<T>();
        var values = new T[tensor.FlattenedLength];
        tensor.FlattenTo(values);
        return values;
    }

    /// <summary>Records every read of a chunk key (the key, the byte range and the bytes returned, -1 when missing) and every GetRanges call.</summary>
    private sealed class RangeRecordingStore : MemoryStore
    {
        private ConcurrentQueue<(string Key, ByteRequest? Range, int Length)> _reads = new();
        private int _getRangesCalls;

        public int GetRangesCalls => _getRangesCalls;

        public ConcurrentQueue<Type> ValueTypes { get; } = new();

        public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            var value = await base.GetAsync(key, prototype, byteRange, cancellationToken);
            if (!key.EndsWith("json", StringComparison.Ordinal))
            {
                _reads.Enqueue((key, byteRange, value?.Length ?? -1));
                if (value is not null)
                {
                    ValueTypes.Enqueue(value.GetType());
                }
            }

            return value;
        }

        public override Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype,
            long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _getRangesCalls);
            return base.GetRangesAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);
        }

        /// <summary>The reads since the last call, in order.</summary>
        public List<(string Key, ByteRequest? Range, int Length)> TakeReads() => [.. Interlocked.Exchange(ref _reads, new())];
    }
}
