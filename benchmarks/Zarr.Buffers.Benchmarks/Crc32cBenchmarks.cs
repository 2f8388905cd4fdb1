using BenchmarkDotNet.Attributes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// CRC-32C of 1 MiB of random bytes: the <c>crc32c</c> codec's decode checks the checksum and returns a view without
/// copying, so it measures the checksum alone.
/// </summary>
[MemoryDiagnoser]
public class Crc32cBenchmarks
{
    private const int Length = 1 << 20;
    private static readonly ChunkSpec Spec = new([Length], DataType.UInt8);

    private readonly Crc32cCodec _codec = new();
    private Buffer _encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var data = new byte[Length];
        new Random(42).NextBytes(data);
        _encoded = _codec.Encode(CpuBuffer.FromArrayLike(data), Spec, BufferPrototype.Default);
    }

    [Benchmark]
    public Buffer Crc32c_1MiB() => _codec.Decode(_encoded, Spec, BufferPrototype.Default);
}
