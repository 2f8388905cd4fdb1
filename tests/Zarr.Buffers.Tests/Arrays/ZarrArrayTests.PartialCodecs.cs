using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>Partial reads and writes through every kind of pipeline, checked against a plain model and a whole-array write.</summary>
public sealed partial class ZarrArrayTests
{
    public static TheoryData<string> PartialCodecChains => [
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,3],"codecs":[{"name":"bytes","configuration":{"endian":"big"}}],"index_location":"start"}}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,3],"codecs":[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"little"}}],"index_location":"end"}}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[4,3],"index_location":"end","codecs":[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,1],"index_location":"start","codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}}]}}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,3],"codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":1}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]""",
        """[{"name":"bytes","configuration":{"endian":"big"}}]""",
        """[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"sharding_indexed","configuration":{"chunk_shape":[3,2],"codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,3],"codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}},{"name":"crc32c"}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[8,6],"codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}}]""",
        """[{"name":"sharding_indexed","configuration":{"chunk_shape":[1,1],"index_location":"start","codecs":[{"name":"bytes","configuration":{"endian":"big"}}]}}]""",
        """[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"little"}}]""",
    ];

    [Theory]
    [MemberData(nameof(PartialCodecChains))]
    public async Task Random_partial_writes_and_reads_match_a_plain_model_and_store_the_bytes_a_whole_write_stores(string codecsJson)
    {
        var random = new Random(13);
        foreach (bool writeEmpty in new[] { false, true })
        {
            var store = new MemoryStore();
            var array = await CreateAsync(store, new ArrayMetadata([11, 10], DataType.Int16, [8, 6], fillValue: (short)7, codecs: JsonNode.Parse(codecsJson)!.AsArray()));
            array.WriteEmptyChunks = writeEmpty;
            short[] model = [.. Enumerable.Repeat((short)7, 110)];
            for (int step = 0; step < 60; step++)
            {
                var region = RandomRegion(random);
                long count = (region[0].End.Value - region[0].Start.Value) * (region[1].End.Value - region[1].Start.Value);
                short[] values = [.. Enumerable.Range(0, (int)count).Select(_ => (short)(random.Next(3) == 0 ? 7 : random.Next(100)))];
                bool scalar = random.Next(5) == 0;
                var value = scalar ? CpuNDBuffer.FromArray(new[] { values.Length > 0 ? values[0] : (short)7 }, []) : CpuNDBuffer.FromArray(values, [region[0].End.Value - region[0].Start.Value, region[1].End.Value - region[1].Start.Value]);
                await array.WriteAsync(region, value, Prototype, Token);
                int k = 0;
                for (nint r = region[0].Start.Value; r < region[0].End.Value; r++)
                {
                    for (nint c = region[1].Start.Value; c < region[1].End.Value; c++)
                    {
                        model[(r * 10) + c] = scalar ? (values.Length > 0 ? values[0] : (short)7) : values[k];
                        k++;
                    }
                }

                var readRegion = RandomRegion(random);
                var got = await ValuesAsync<short>(array, readRegion);
                var expected = new List<short>();
                for (nint r = readRegion[0].Start.Value; r < readRegion[0].End.Value; r++)
                {
                    for (nint c = readRegion[1].Start.Value; c < readRegion[1].End.Value; c++)
                    {
                        expected.Add(model[(r * 10) + c]);
                    }
                }

                got.Should().Equal(expected, $"step {step} write [{string.Join(",", region)}] read [{string.Join(",", readRegion)}] writeEmpty {writeEmpty}");
            }

            (await ValuesAsync<short>(array, null)).Should().Equal(model);
            var reference = await CreateAsync(new MemoryStore(), new ArrayMetadata([11, 10], DataType.Int16, [8, 6], fillValue: (short)7, codecs: JsonNode.Parse(codecsJson)!.AsArray()));
            reference.WriteEmptyChunks = writeEmpty;
            await reference.WriteAsync(null, CpuNDBuffer.FromArray(model, [11, 10]), Prototype, Token);
            (await ValuesAsync<short>(reference, null)).Should().Equal(model);
            var keys = new List<string>();
            await foreach (var key in store.ListPrefixAsync("c/", Token)) { keys.Add(key); }
            var refKeys = new List<string>();
            await foreach (var key in reference.Store.ListPrefixAsync("c/", Token)) { refKeys.Add(key); }
            keys.Should().BeEquivalentTo(refKeys, $"writeEmpty {writeEmpty}");
            foreach (var key in keys)
            {
                var a = await store.GetAsync(key, Prototype, null, Token);
                var b = await reference.Store.GetAsync(key, Prototype, null, Token);
                a!.AsSpan().ToArray().Should().Equal(b!.AsSpan().ToArray(), key);
            }
        }
    }

    private static NRange[] RandomRegion(Random random)
    {
        int r0 = random.Next(12), r1 = random.Next(r0, 12);
        int c0 = random.Next(11), c1 = random.Next(c0, 11);
        if (random.Next(4) == 0) { r1 = Math.Min(11, r0 + 1); c1 = Math.Min(10, c0 + 1); }
        return [new NRange(r0, r1), new NRange(c0, c1)];
    }

    public static TheoryData<string, int> ShardCorruptions
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var inner in new[] { """{"name":"bytes","configuration":{"endian":"little"}}""", """{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":1,"checksum":false}}""", """{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":1}}""" })
            {
                foreach (int mode in inner.Contains("zstd") || inner.Contains("gzip") ? new[] { 0, 1, 2, 3 } : new[] { 0, 1, 2 })
                {
                    data.Add(inner, mode);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ShardCorruptions))]
    public async Task A_corrupt_shard_fails_a_partial_write_and_read_with_InvalidDataException_and_is_left_unchanged(string inner, int mode)
    {
        var codecs = JsonNode.Parse("""[{"name":"sharding_indexed","configuration":{"chunk_shape":[2,2],"codecs":[""" + inner + """],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}}]}}]""")!.AsArray();
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Int32, [4, 4], fillValue: 0, codecs: codecs));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(1, 16).ToArray(), [4, 4]), Prototype, Token);
        byte[] shard = (await store.GetAsync("c/0/0", Prototype, null, Token))!.AsSpan().ToArray();
        byte[] corrupt = mode switch
        {
            0 => shard[..^5], // truncated
            1 => [.. shard.Take(2), .. Enumerable.Repeat((byte)0xAB, shard.Length - 2)], // inner chunk 0 garbage, index kept
            2 => Shrink(shard), // inner chunk 0 length 3
            _ => [.. shard[..^64].Select(b => (byte)(b ^ 0x5A)), .. shard[^64..]],
        };
        await store.SetAsync("c/0/0", CpuBuffer.FromArrayLike(corrupt), Token);

        var write = () => array.WriteAsync([new NRange(0, 1), new NRange(0, 1)], CpuNDBuffer.FromArray(new[] { 99 }, [1, 1]), Prototype, Token);
        await write.Should().ThrowAsync<InvalidDataException>();
        (await store.GetAsync("c/0/0", Prototype, null, Token))!.AsSpan().ToArray().Should().Equal(corrupt);

        var read = () => array.ReadAsync([new NRange(0, 1), new NRange(0, 1)], Prototype, Token);
        await read.Should().ThrowAsync<InvalidDataException>();
    }

    private static byte[] Shrink(byte[] shard)
    {
        byte[] copy = [.. shard];
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(copy.Length - 64 + 8), 3);
        return copy;
    }

    [Fact]
    public async Task Concurrent_partial_writes_to_the_inner_chunks_of_one_shard_lose_no_update()
    {
        var codecs = new JsonArray(new ShardingCodec([1, 2], new CodecPipeline([new BytesCodec(), new GzipCodec()])).ToJson());
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([8, 8], DataType.Int32, [8, 8], fillValue: 0, codecs: codecs));
        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            array.WriteAsync([new NRange(i / 8, (i / 8) + 1), new NRange(i % 8, (i % 8) + 1)], CpuNDBuffer.FromArray(new[] { i + 1 }, []), Prototype, Token), Token)));
        (await ValuesAsync<int>(array, null)).Should().Equal(Enumerable.Range(1, 64));
        var other = await ZarrArray.OpenAsync(store, "", Token);
        (await ValuesAsync<int>(other, [new NRange(3, 4), new NRange(5, 6)])).Should().Equal(30);
    }


    [Fact]
    public async Task A_read_of_a_shard_during_partial_writes_to_it_through_the_same_array_sees_no_torn_shard()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([1, 4], DataType.Int32, [1, 4], fillValue: 0, codecs: new JsonArray(new ShardingCodec([1, 2]).ToJson())));
        await array.WriteAsync([new NRange(0, 1), new NRange(2, 4)], CpuNDBuffer.FromArray(new[] { 42 }, []), Prototype, Token);
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Token);

        // Inner chunk [0, 0] comes and goes, so inner chunk [0, 1] moves between bytes 0 and 8 of the shard.
        var writer = Task.Run(async () =>
        {
            for (int i = 0; !writing.IsCancellationRequested; i++)
            {
                await array.WriteAsync([new NRange(0, 1), new NRange(0, 2)], CpuNDBuffer.FromArray(new[] { (i % 2) * 7 }, []), Prototype, Token);
            }
        }, Token);
        var seen = new HashSet<int>();
        for (int read = 0; read < 2000; read++)
        {
            seen.UnionWith(await ValuesAsync<int>(array, [new NRange(0, 1), new NRange(2, 3)]));
        }

        await writing.CancelAsync();
        await writer;
        seen.Should().Equal(42);
    }

    [Fact]
    public async Task Empty_regions_write_nothing_and_rank_0_arrays_round_trip_through_sharding_and_big_endian_bytes()
    {
        var codecs = new JsonArray(new ShardingCodec([2, 2]).ToJson());
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Int32, [4, 4], fillValue: 5, codecs: codecs));
        await array.WriteAsync([new NRange(1, 1), new NRange(0, 4)], CpuNDBuffer.FromArray(Array.Empty<int>(), [0, 4]), Prototype, Token);
        (await array.ReadAsync([new NRange(2, 2), new NRange(1, 3)], Prototype, Token)).Shape.ToArray().Should().Equal(0, 2);
        store.StoreDict.Keys.Should().BeEquivalentTo(["zarr.json"]);
        await array.WriteAsync([new NRange(1, 2), new NRange(1, 2)], CpuNDBuffer.FromArray(new[] { 3 }, []), Prototype, Token);
        await array.WriteAsync([new NRange(3, 3), new NRange(0, 4)], CpuNDBuffer.FromArray(Array.Empty<int>(), [0, 4]), Prototype, Token);
        (await ValuesAsync<int>(array, [new NRange(1, 2), new NRange(0, 3)])).Should().Equal(5, 3, 5);
        await array.WriteAsync([new NRange(1, 2), new NRange(1, 2)], CpuNDBuffer.FromArray(new[] { 5 }, []), Prototype, Token);
        store.StoreDict.Keys.Should().BeEquivalentTo(["zarr.json"], "the shard became all fill");

        var scalarStore = new MemoryStore();
        var scalar = await CreateAsync(scalarStore, new ArrayMetadata([], DataType.Int32, [], fillValue: 5, codecs: new JsonArray(new ShardingCodec([]).ToJson())));
        (await ValuesAsync<int>(scalar, null)).Should().Equal(5);
        await scalar.WriteAsync(null, CpuNDBuffer.FromArray(new[] { 8 }, []), Prototype, Token);
        (await ValuesAsync<int>(scalar, null)).Should().Equal(8);
        var plain = await CreateAsync(new MemoryStore(), new ArrayMetadata([], DataType.Int32, [], fillValue: 5, codecs: new JsonArray(new BytesCodec(Endian.Big).ToJson())));
        await plain.WriteAsync(null, CpuNDBuffer.FromArray(new[] { 0x01020304 }, []), Prototype, Token);
        (await ValuesAsync<int>(plain, null)).Should().Equal(0x01020304);
    }

    [Fact]
    public async Task A_partial_write_into_a_missing_edge_shard_fills_the_rest_and_a_write_back_to_fill_obeys_WriteEmptyChunks()
    {
        var codecs = new JsonArray(new ShardingCodec([2, 2], indexLocation: ShardingIndexLocation.Start).ToJson());
        foreach (bool writeEmpty in new[] { false, true })
        {
            var store = new MemoryStore();
            var array = await CreateAsync(store, new ArrayMetadata([5, 5], DataType.Int32, [4, 4], fillValue: 5, codecs: codecs));
            array.WriteEmptyChunks = writeEmpty;
            await array.WriteAsync([new NRange(4, 5), new NRange(2, 3)], CpuNDBuffer.FromArray(new[] { 1 }, []), Prototype, Token);
            (await ValuesAsync<int>(array, [new NRange(3, 5), new NRange(1, 5)])).Should().Equal(5, 5, 5, 5, 5, 1, 5, 5);
            await array.WriteAsync([new NRange(4, 5), new NRange(2, 3)], CpuNDBuffer.FromArray(new[] { 5 }, []), Prototype, Token);
            store.StoreDict.ContainsKey("c/1/0").Should().Be(writeEmpty);
            (await ValuesAsync<int>(array, [new NRange(3, 5), new NRange(1, 5)])).Should().OnlyContain(v => v == 5);
        }
    }

    [Fact]
    public async Task A_partial_write_back_to_a_NaN_fill_value_deletes_the_shard()
    {
        var codecs = new JsonArray(new ShardingCodec([2, 2]).ToJson());
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Float32, [4, 4], fillValue: float.NaN, codecs: codecs));
        await array.WriteAsync([new NRange(0, 1), new NRange(0, 1)], CpuNDBuffer.FromArray(new[] { 1f }, []), Prototype, Token);
        store.StoreDict.Should().ContainKey("c/0/0");
        store.StoreDict["c/0/0"].Length.Should().Be(sizeof(float) * 4 + (4 * 16) + 4, "one 2x2 inner chunk and the index");
        await array.WriteAsync([new NRange(0, 1), new NRange(0, 1)], CpuNDBuffer.FromArray(new[] { float.NaN }, []), Prototype, Token);
        store.StoreDict.Keys.Should().BeEquivalentTo(["zarr.json"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_truncated_uncompressed_chunk_fails_partial_reads_and_writes_naming_its_key(bool local)
    {
        string dir = Path.Combine(Path.GetTempPath(), "zarr-partial-" + Guid.NewGuid().ToString("N"));
        IStore store = local ? new LocalStore(dir) : new MemoryStore();
        try
        {
            var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Int32, [4, 4], fillValue: 0));
            await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(1, 16).ToArray(), [4, 4]), Prototype, Token);
            await store.SetAsync("c/0/0", CpuBuffer.FromArrayLike(new byte[10]), Token);
            foreach (var region in new NRange[][] { [new NRange(3, 4), new NRange(3, 4)], [new NRange(1, 3), new NRange(1, 3)], [new NRange(0, 1), new NRange(2, 3)], [new NRange(0, 1), new NRange(0, 4)] })
            {
                var read = () => array.ReadAsync(region, Prototype, Token);
                (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("c/0/0");
                var write = () => array.WriteAsync(region, CpuNDBuffer.FromArray(new[] { 1 }, []), Prototype, Token);
                (await write.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("c/0/0");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }
}
