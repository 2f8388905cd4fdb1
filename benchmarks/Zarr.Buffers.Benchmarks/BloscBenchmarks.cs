using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// The managed <see cref="BloscCodec"/> beside c-blosc (libblosc1, one thread) on one 1 MiB float32 chunk of a smooth ramp,
/// for lz4 + byte shuffle, zstd + byte shuffle and blosclz + bit shuffle at level 5. Both decoders decode the same
/// c-blosc frame into a preallocated chunk; each encoder compresses the chunk into its own frame.
/// </summary>
[MemoryDiagnoser]
public class BloscBenchmarks
{
    private const int Elements = 256 * 1024;
    private const int Level = 5;

    private static readonly ChunkSpec Spec = new([Elements], DataType.Float32);

    private readonly byte[] _decoded = new byte[Elements * 4];
    private readonly byte[] _frameSpace = new byte[(Elements * 4) + 16];
    private byte[] _chunk = null!;
    private Buffer _chunkBuffer = null!;
    private Buffer _frame = null!;
    private BloscCodec _codec = null!;

    [Params("lz4+shuffle", "zstd+shuffle", "blosclz+bitshuffle")]
    public string Case { get; set; } = "";

    private string Cname => Case.Split('+')[0];

    private BloscShuffle Shuffle => Case.EndsWith("+bitshuffle", StringComparison.Ordinal) ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle;

    [GlobalSetup]
    public void Setup()
    {
        var values = new float[Elements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 1000f + (i * 0.25f) + MathF.Sin(i / 50f);
        }

        _chunk = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        _chunkBuffer = CpuBuffer.FromBytes(_chunk);
        int length = CBloscNative.Compress(Level, (int)Shuffle, 4, _chunk, _frameSpace, Cname);
        _frame = CpuBuffer.FromBytes(_frameSpace.AsSpan(0, length));
        _codec = new BloscCodec(Cname switch { "lz4" => BloscCname.Lz4, "zstd" => BloscCname.Zstd, _ => BloscCname.BloscLz }, Level, Shuffle, 4);
    }

    [Benchmark]
    public void Decode_managed() => _codec.DecodeInto(_frame, Spec, BufferPrototype.Default, _decoded);

    [Benchmark]
    public int Decode_c_blosc() => CBloscNative.Decompress(_frame.AsSpan(), _decoded);

    [Benchmark]
    public Buffer Encode_managed() => _codec.Encode(_chunkBuffer, Spec, BufferPrototype.Default);

    [Benchmark]
    public int Encode_c_blosc() => CBloscNative.Compress(Level, (int)Shuffle, 4, _chunk, _frameSpace, Cname);
}
