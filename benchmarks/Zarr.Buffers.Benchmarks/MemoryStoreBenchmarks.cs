using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// <see cref="MemoryStore"/> gets and sets of a 100 B value against a bare <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// lookup, the floor a get is measured against; the allocated column shows what a get costs besides the buffer it returns.
/// </summary>
[MemoryDiagnoser]
public class MemoryStoreBenchmarks : IAsyncDisposable
{
    private const string Key = "c/0/0";

    private static readonly ByteRequest Range = new RangeByteRequest(10, 60);

    private readonly ConcurrentDictionary<string, byte[]> _dictionary = new(StringComparer.Ordinal);
    private readonly MemoryStore _store = new();
    private readonly Buffer _value = CpuBuffer.FromBytes(new byte[100]);

    [GlobalSetup]
    public void Setup()
    {
        _dictionary[Key] = new byte[100];
        _store.SetAsync(Key, _value).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public byte[]? DictionaryTryGetValue() => _dictionary.TryGetValue(Key, out byte[]? value) ? value : null;

    [Benchmark]
    public ValueTask<Buffer?> Get() => _store.GetAsync(Key, BufferPrototype.Default);

    [Benchmark]
    public ValueTask<Buffer?> GetRange() => _store.GetAsync(Key, BufferPrototype.Default, Range);

    [Benchmark]
    public ValueTask Set() => _store.SetAsync(Key, _value);

    [GlobalCleanup]
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _store.DisposeAsync();
    }
}
