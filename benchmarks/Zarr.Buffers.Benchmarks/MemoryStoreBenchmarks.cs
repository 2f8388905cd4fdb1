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
    public Buffer? Get() => Completed(_store.GetAsync(Key, BufferPrototype.Default));

    [Benchmark]
    public Buffer? GetRange() => Completed(_store.GetAsync(Key, BufferPrototype.Default, Range));

    [Benchmark]
    public void Set()
    {
        var set = _store.SetAsync(Key, _value);
        if (!set.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("A MemoryStore set completes synchronously.");
        }
    }

    // The store completes synchronously; reading the result directly keeps the benchmark harness's await machinery out of
    // the measurement, so that the get and the dictionary lookup are timed alike.
    private static Buffer? Completed(ValueTask<Buffer?> get) => get.IsCompletedSuccessfully
        ? get.Result
        : throw new InvalidOperationException("A MemoryStore get completes synchronously.");

    [GlobalCleanup]
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _store.DisposeAsync();
    }
}
