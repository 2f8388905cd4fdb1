using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// <see cref="ZarrArray.ReadAsync"/> on a 4096 x 4096 float32 array (64 MiB) of 512 x 512 chunks (1 MiB each), raw and
/// zstd-1, in a <see cref="LocalStore"/> in a temp folder and in a <see cref="MemoryStore"/>: a whole read, one aligned
/// chunk, and a 1000 x 1000 region that touches 9 chunks partly. The allocated column shows what a read costs besides
/// its output.
/// </summary>
[MemoryDiagnoser]
public class ArrayReadBenchmarks
{
    private const int Side = 4096;
    private const int ChunkSide = 512;

    private string? _folder;
    private ZarrArray _raw = null!;
    private ZarrArray _zstd = null!;

    [Params("local", "memory")]
    public string Store { get; set; } = "";

    [GlobalSetup]
    public async Task Setup()
    {
        if (Store == "local")
        {
            _folder = Directory.CreateTempSubdirectory("zarr-read-bench-").FullName;
        }

        IStore store = _folder is null ? new MemoryStore() : new LocalStore(_folder);

        var values = new float[Side * Side];
        var random = new Random(42);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Round((float)random.NextDouble() * 100, 1);
        }

        var data = CpuNDBuffer.FromArray(values, [Side, Side]);
        _raw = await Create(store, "raw", null, data);
        _zstd = await Create(store, "zstd", JsonNode.Parse("""[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 1, "checksum": false}}]""")!.AsArray(), data);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _raw.Store.DisposeAsync();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Benchmark]
    public Task<NDBuffer> WholeRaw() => _raw.ReadAsync(null);

    [Benchmark]
    public Task<NDBuffer> OneAlignedChunkRaw() => _raw.ReadAsync([new NRange(ChunkSide, 2 * ChunkSide), new NRange(ChunkSide, 2 * ChunkSide)]);

    [Benchmark]
    public Task<NDBuffer> Unaligned1000Raw() => _raw.ReadAsync([new NRange(300, 1300), new NRange(300, 1300)]);

    [Benchmark]
    public Task<NDBuffer> WholeZstd() => _zstd.ReadAsync(null);

    private static async Task<ZarrArray> Create(IStore store, string path, JsonArray? codecs, NDBuffer data)
    {
        var array = await ZarrArray.CreateAsync(store, path, new ArrayMetadata([Side, Side], DataType.Float32, [ChunkSide, ChunkSide], codecs: codecs));
        await array.WriteAsync(null, data);
        return array;
    }
}
