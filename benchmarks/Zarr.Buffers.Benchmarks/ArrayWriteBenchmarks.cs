using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// <see cref="ZarrArray.WriteAsync"/> of a 4096 x 4096 float32 array in 512 x 512 chunks (64 chunks of 1 MiB) into a
/// <see cref="LocalStore"/> in a temp folder and into a <see cref="MemoryStore"/>: the whole array raw, with zstd level 1, blosc
/// (lz4 level 5, byte shuffle), bz2 level 1 and zstd level 1 then crc32c, one aligned chunk, and a 1000 x 1000 region that
/// touches 9 chunks partly. The allocated column shows what a write costs besides the bytes the store keeps.
/// </summary>
[MemoryDiagnoser]
public class ArrayWriteBenchmarks
{
    private const int Side = 4096;
    private const int ChunkSide = 512;

    private static readonly NRange[] OneChunk = [new(ChunkSide, 2 * ChunkSide), new(ChunkSide, 2 * ChunkSide)];
    private static readonly NRange[] Unaligned = [new(300, 1300), new(300, 1300)];

    private string? _folder;
    private ZarrArray _raw = null!;
    private ZarrArray _zstd = null!;
    private ZarrArray _bloscLz4 = null!;
    private ZarrArray _bz2 = null!;
    private ZarrArray _zstdCrc32c = null!;
    private NDBuffer _whole = null!;
    private NDBuffer _chunk = null!;
    private NDBuffer _unaligned = null!;

    [Params("local", "memory")]
    public string Store { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        IStore store;
        if (Store == "local")
        {
            _folder = Directory.CreateTempSubdirectory("zarr-write-bench-").FullName;
            store = new LocalStore(_folder);
        }
        else
        {
            store = new MemoryStore();
        }

        _raw = Create(store, "raw");
        _zstd = Create(store, "zstd", Zstd1());
        _bloscLz4 = Create(store, "blosc-lz4", new JsonObject
        {
            ["name"] = "blosc",
            ["configuration"] = new JsonObject { ["cname"] = "lz4", ["clevel"] = 5, ["shuffle"] = "shuffle", ["typesize"] = 4, ["blocksize"] = 0 },
        });
        _bz2 = Create(store, "bz2", new JsonObject { ["name"] = "numcodecs.bz2", ["configuration"] = new JsonObject { ["level"] = 1 } });
        _zstdCrc32c = Create(store, "zstd-crc32c", Zstd1(), new JsonObject { ["name"] = "crc32c" });
        _whole = Values(Side, Side);
        _chunk = Values(ChunkSide, ChunkSide);
        _unaligned = Values(1000, 1000);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark]
    public Task WholeRaw() => _raw.WriteAsync(null, _whole);

    [Benchmark]
    public Task OneAlignedChunkRaw() => _raw.WriteAsync(OneChunk, _chunk);

    [Benchmark]
    public Task Unaligned1000Raw() => _raw.WriteAsync(Unaligned, _unaligned);

    [Benchmark]
    public Task WholeZstd1() => _zstd.WriteAsync(null, _whole);

    [Benchmark]
    public Task WholeBloscLz4() => _bloscLz4.WriteAsync(null, _whole);

    [Benchmark]
    public Task WholeBz2() => _bz2.WriteAsync(null, _whole);

    [Benchmark]
    public Task WholeZstd1Crc32c() => _zstdCrc32c.WriteAsync(null, _whole);

    private static JsonObject Zstd1() => new() { ["name"] = "zstd", ["configuration"] = new JsonObject { ["level"] = 1 } };

    // The bytes codec (little-endian), then the given bytes-to-bytes codecs; raw when there are none.
    private static ZarrArray Create(IStore store, string path, params JsonObject[] bytesBytesCodecs)
    {
        JsonArray? codecs = bytesBytesCodecs.Length == 0 ? null
            : [new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "little" } }, .. bytesBytesCodecs];
        return ZarrArray.CreateAsync(store, path, new ArrayMetadata([Side, Side], DataType.Float32, [ChunkSide, ChunkSide], codecs: codecs))
            .GetAwaiter().GetResult();
    }

    // Values with one decimal, which zstd compresses about 1.4x to 1.8x, as in CodecBenchmarks.
    private static CpuNDBuffer Values(int rows, int columns)
    {
        var random = new Random(42);
        var values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Round((float)random.NextDouble() * 100, 1);
        }

        return CpuNDBuffer.FromArray(values, [rows, columns]);
    }
}
