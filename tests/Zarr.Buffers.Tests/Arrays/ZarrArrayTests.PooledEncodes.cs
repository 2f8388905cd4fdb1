using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

// A compressed chunk goes to a store that copies what it is given in the pooled memory it was compressed into; these pin
// down that the bytes are those of the unpooled path, that every rented array goes back exactly once, and that a store
// that may keep its buffers never sees pooled memory.
public sealed partial class ZarrArrayTests
{
    // Every bytes-to-bytes codec that can encode into pooled memory, last in the chain; zstd-crc32c pools both.
    private static readonly string[] s_pooledCompressors = ["zstd", "gzip", "v2-zlib", "blosc", "v2-lz4", "v2-bz2", "crc32c", "zstd-crc32c"];

    public static TheoryData<string> PooledCompressors => [.. s_pooledCompressors];

    public static TheoryData<string, string> CopyingStoresAndCompressors =>
        [.. new[] { "memory", "local" }.SelectMany(store => s_pooledCompressors.Select(compressor => (store, compressor)))];

    [Theory]
    [MemberData(nameof(CopyingStoresAndCompressors))]
    public async Task A_compressed_write_to_a_store_that_copies_stores_the_same_bytes_from_pooled_memory_and_returns_it(string storeKind, string compressor)
    {
        var pool = new CountingPool();
        var store = Store(storeKind);
        var array = await CreateAsync(store, CompressedMetadata(compressor));
        array.EncodePool = pool;
        var reference = new KeepingStore();
        var referenceArray = await CreateAsync(reference, CompressedMetadata(compressor));
        var values = Source([6, 9], "C", start: 1);

        await array.WriteAsync(null, values, Prototype, Token);
        await array.WriteAsync([new NRange(1, 2), new NRange(1, 8)], Source([1, 7], "F", start: 500), Prototype, Token);
        await referenceArray.WriteAsync(null, values, Prototype, Token);
        await referenceArray.WriteAsync([new NRange(1, 2), new NRange(1, 8)], Source([1, 7], "F", start: 500), Prototype, Token);

        pool.Rents.Should().BeGreaterThanOrEqualTo(PooledCodecs(compressor) * (9 + 3),
            "each pooled codec encodes each of the 9 chunks once and the 3 the second write touches again");
        pool.Outstanding.Should().Be(0);
        pool.UnknownReturns.Should().Be(0);
        foreach (string key in reference.StoreDict.Keys)
        {
            var stored = await store.GetAsync(key, Prototype, null, Token);
            stored!.AsSpan().ToArray().Should().Equal(reference.StoreDict[key].AsSpan().ToArray(), $"chunk '{key}' is encoded alike either way");
        }

        (await array.ReadAsync(null, Prototype, Token)).AllEqual(await referenceArray.ReadAsync(null, Prototype, Token)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PooledCompressors))]
    public async Task A_store_that_may_keep_what_it_is_given_never_gets_pooled_memory(string compressor)
    {
        var pool = new CountingPool();
        var store = new KeepingStore();
        var array = await CreateAsync(store, CompressedMetadata(compressor));
        array.EncodePool = pool;
        var values = Source([6, 9], "C", start: 1);

        await array.WriteAsync(null, values, Prototype, Token);

        pool.Rents.Should().Be(0);
        (await array.ReadAsync(null, Prototype, Token)).AllEqual(values).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PooledCompressors))]
    public async Task A_failing_set_gives_the_pooled_memory_back_exactly_once(string compressor)
    {
        var pool = new CountingPool();
        var array = await CreateAsync(new FailingSetStore(), CompressedMetadata(compressor));
        array.EncodePool = pool;

        var write = () => array.WriteAsync(null, Source([6, 9], "C", start: 1), Prototype, Token);

        await write.Should().ThrowAsync<IOException>().WithMessage("*disk full*");
        pool.Rents.Should().BeGreaterThan(0);
        pool.Outstanding.Should().Be(0);
        pool.UnknownReturns.Should().Be(0);
    }

    private static int PooledCodecs(string compressor) => compressor == "zstd-crc32c" ? 2 : 1;

    // The 6 x 9 int32 array of 2 x 3 chunks of WriteMetadata, compressed.
    private static ArrayMetadata CompressedMetadata(string compressor) => compressor switch
    {
        "v2-zlib" => V2Compressed(new JsonObject { ["id"] = "zlib", ["level"] = 1 }),
        "v2-lz4" => V2Compressed(new JsonObject { ["id"] = "lz4", ["acceleration"] = 1 }),
        "v2-bz2" => V2Compressed(new JsonObject { ["id"] = "bz2", ["level"] = 1 }),
        "blosc" => V3Compressed("""{"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}"""),
        "crc32c" => V3Compressed("""{"name": "crc32c"}"""),
        "zstd-crc32c" => V3Compressed("""{"name": "zstd", "configuration": {"level": 1}}, {"name": "crc32c"}"""),
        _ => V3Compressed($$$"""{"name": "{{{compressor}}}", "configuration": {"level": 1}}"""),
    };

    private static ArrayMetadata V2Compressed(JsonObject compressor) =>
        ArrayMetadata.CreateV2([6, 9], DataType.Int32, [2, 3], compressor: compressor, fillValue: -1);

    private static ArrayMetadata V3Compressed(string bytesBytesCodecs) => new([6, 9], DataType.Int32, [2, 3], fillValue: -1,
        codecs: JsonNode.Parse($$$"""[{"name": "bytes", "configuration": {"endian": "little"}}, {{{bytesBytesCodecs}}}]""")!.AsArray());

    /// <summary>A store whose set copies (as it says) but fails, after a yield, as a full disk would; metadata goes through SetIfNotExistsAsync and is kept.</summary>
    private sealed class FailingSetStore() : WrapperStore(new MemoryStore())
    {
        public override bool CopiesOnSet => true;

        public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new IOException($"Cannot store '{key}': disk full.");
        }
    }
}
