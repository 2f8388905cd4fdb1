using BenchmarkDotNet.Attributes;
using Zarr.Codecs.Blosc;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// Blosc's byte and bit shuffle kernels on one block (c-blosc's largest block for lz4 at level 5) of 3-byte (RGB), float32, float64,
/// 12-byte (3 x float32), complex128, 24-byte (3 x float64) or 32-byte (2 x complex128) elements, beside a plain copy of the same bytes: the copy is memory speed, so the ratio of each kernel to it says how far from memory
/// speed the kernel is.
/// </summary>
public class ShuffleBenchmarks
{
    private byte[] _source = null!;
    private byte[] _destination = null!;

    [Params(256 * 1024, 1024 * 1024)]
    public int Bytes { get; set; }

    [Params(3, 4, 8, 12, 16, 24, 32)]
    public int TypeSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = new byte[Bytes];
        new Random(42).NextBytes(_source);
        _destination = new byte[Bytes];
    }

    [Benchmark(Baseline = true)]
    public void Copy() => _source.AsSpan().CopyTo(_destination);

    [Benchmark]
    public void ByteShuffle_() => ByteShuffle.Shuffle(TypeSize, _source, _destination);

    [Benchmark]
    public void ByteUnshuffle() => ByteShuffle.Unshuffle(TypeSize, _source, _destination);

    [Benchmark]
    public void BitShuffle_() => BitShuffle.Shuffle(TypeSize, _source, _destination);

    [Benchmark]
    public void BitUnshuffle() => BitShuffle.Unshuffle(TypeSize, _source, _destination);
}
