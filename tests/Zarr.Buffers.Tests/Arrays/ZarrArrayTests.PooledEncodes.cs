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
    public static TheoryData<string, string> CopyingStoresAndCompressors => new()
    {
        { "memory", "zstd" }, { "memory", "gzip" }, { "memory", "v2-zlib" },
        { "local", "zstd" }, { "local", "gzip" }, { "local", "v2-zlib" },
    };

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

        pool.Rents.Should().BeGreaterThanOrEqualTo(9 + 3, "each of the 9 chunks is written once and the 3 the second write touches again");
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
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("v2-zlib")]
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

    [Fact]
    public async Task A_failing_set_gives_the_pooled_memory_back_exactly_once()
    {
        var pool = new CountingPool();
        var array = await CreateAsync(new FailingSetStore(), CompressedMetadata("zstd"));
        array.EncodePool = pool;

        var write = () => array.WriteAsync(null, Source([6, 9], "C", start: 1), Prototype, Token);

        await write.Should().ThrowAsync<IOException>().WithMessage("*disk full*");
        pool.Rents.Should().BeGreaterThan(0);
        pool.Outstanding.Should().Be(0);
        pool.UnknownReturns.Should().Be(0);
    }

    // The 6 x 9 int32 array of 2 x 3 chunks of WriteMetadata, compressed.
    private static ArrayMetadata CompressedMetadata(string compressor) => compressor switch
    {
        "v2-zlib" => ArrayMetadata.CreateV2([6, 9], DataType.Int32, [2, 3], compressor: new JsonObject { ["id"] = "zlib", ["level"] = 1 }, fillValue: -1),
        _ => new ArrayMetadata([6, 9], DataType.Int32, [2, 3], fillValue: -1, codecs: JsonNode.Parse($$$"""
            [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "{{{compressor}}}", "configuration": {"level": 1}}]
            """)!.AsArray()),
    };

    /// <summary>Hands out new arrays and counts them back in: an array returned twice, or never rented, is an unknown return.</summary>
    private sealed class CountingPool : ArrayPool<byte>
    {
        private readonly HashSet<byte[]> _outstanding = [];

        public int Rents { get; private set; }

        public int UnknownReturns { get; private set; }

        public int Outstanding
        {
            get
            {
                lock (_outstanding)
                {
                    return _outstanding.Count;
                }
            }
        }

        public override byte[] Rent(int minimumLength)
        {
            byte[] array = new byte[minimumLength];
            lock (_outstanding)
            {
                _outstanding.Add(array);
                Rents++;
            }

            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            lock (_outstanding)
            {
                UnknownReturns += _outstanding.Remove(array) ? 0 : 1;
            }
        }
    }

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
