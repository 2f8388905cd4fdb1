using BenchmarkDotNet.Attributes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// The chunk of <see cref="CodecBenchmarks"/> decoded into one reused chunk-sized destination, as a whole-chunk
/// <c>ReadIntoAsync</c> does: no output is allocated, so the codec's own time shows (a fresh 1 MiB output costs more
/// than a raw decode on a machine where new pages fault in slowly). Run with and without
/// <c>ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY=1</c>, the zstd row compares ZstdSharp with the system's libzstd.
/// </summary>
[MemoryDiagnoser]
public class CodecDecodeIntoBenchmarks
{
    private CodecPipeline _pipeline = null!;
    private Buffer _encoded = null!;
    private readonly byte[] _destination = new byte[CodecBenchmarks.Spec.ByteLength];

    /// <summary>The chains that decode into memory (<see cref="CodecPipeline.CanDecodeInto"/>).</summary>
    [Params("bytes(little)", "bytes+crc32c", "bytes+gzip(1)", "bytes+zstd(1)")]
    public string Chain { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = CodecBenchmarks.Pipeline(Chain);
        _encoded = _pipeline.Encode(CodecBenchmarks.Chunk(), CodecBenchmarks.Spec, BufferPrototype.Default);
    }

    [Benchmark]
    public void DecodeInto() => _pipeline.DecodeInto(_encoded, CodecBenchmarks.Spec, BufferPrototype.Default, _destination);
}
