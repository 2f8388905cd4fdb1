using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using Zarr.Storage;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// What <see cref="ZipStore"/>'s CRC-32 check costs a get of a 1 MiB stored entry from the page cache: a read of the
/// whole entry is checked, a read of all but its last byte is the same read unchecked, and the hash alone is the
/// difference's floor.
/// </summary>
[MemoryDiagnoser]
public class ZipStoreBenchmarks : IAsyncDisposable
{
    private const int Size = 1 << 20;
    private const string Key = "c/0";

    private static readonly ByteRequest AllButTheLastByte = new RangeByteRequest(0, Size - 1);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"zarr-zip-benchmark-{Guid.NewGuid():N}.zip");
    private readonly byte[] _value = new byte[Size];
    private readonly byte[] _destination = new byte[Size];
    private ZipStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        new Random(42).NextBytes(_value);
        await using (var writer = new ZipStore(_path, ZipStoreMode.Write))
        {
            await writer.SetAsync(Key, CpuBuffer.FromBytes(_value));
        }

        _store = new ZipStore(_path);
    }

    [Benchmark(Baseline = true)]
    public uint Crc32Alone() => Crc32.HashToUInt32(_value);

    [Benchmark]
    public async Task<int?> GetIntoWholeEntryChecked() => await _store.GetIntoAsync(Key, _destination);

    [Benchmark]
    public async Task<int?> GetIntoAllButTheLastByteUnchecked() => await _store.GetIntoAsync(Key, _destination, AllButTheLastByte);

    [Benchmark]
    public async Task<Buffer?> GetWholeEntryChecked() => await _store.GetAsync(Key, BufferPrototype.Default);

    [Benchmark]
    public async Task<Buffer?> GetAllButTheLastByteUnchecked() => await _store.GetAsync(Key, BufferPrototype.Default, AllButTheLastByte);

    [GlobalCleanup]
    public async Task CleanupAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        File.Delete(_path);
    }
}
