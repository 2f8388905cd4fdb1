using BenchmarkDotNet.Attributes;

namespace Zarr.Buffers.Benchmarks;

/// <summary>The flat Buffer's copying members on 1 MiB.</summary>
[MemoryDiagnoser]
public class BufferBenchmarks
{
    private byte[] _bytes = null!;
    private CpuBuffer _half = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = new byte[1 << 20];
        new Random(42).NextBytes(_bytes);
        _half = CpuBuffer.FromBytes(_bytes.AsSpan(0, 1 << 19));
    }

    [Benchmark]
    public Buffer FromBytes_1MiB() => CpuBuffer.FromBytes(_bytes);

    [Benchmark]
    public Buffer Concat_1MiB() => _half + _half;
}
