using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// The codec pipeline on one 512 x 512 float32 chunk (1 MiB) of values with one decimal (compressible about 1.4x to 1.8x),
/// for each codec chain; the allocated column shows what a decode costs besides the chunk itself.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    internal static readonly ChunkSpec Spec = new([512, 512], DataType.Float32);

    private NDBuffer _chunk = null!;
    private CodecPipeline _pipeline = null!;
    private Buffer _encoded = null!;

    [ParamsSource(nameof(Chains))]
    public string Chain { get; set; } = "";

    public static IEnumerable<string> Chains =>
    [
        "bytes(little)",
        "bytes(big)",
        "transpose+bytes",
        "bytes+crc32c",
        "bytes+gzip(1)",
        "bytes+zstd(1)",
    ];

    [GlobalSetup]
    public void Setup()
    {
        _chunk = Chunk();
        _pipeline = Pipeline(Chain);
        _encoded = _pipeline.Encode(_chunk, Spec, BufferPrototype.Default);
    }

    [Benchmark]
    public Buffer Encode() => _pipeline.Encode(_chunk, Spec, BufferPrototype.Default);

    [Benchmark]
    public NDBuffer Decode() => _pipeline.Decode(_encoded, Spec, BufferPrototype.Default);

    /// <summary>The chunk every benchmark encodes: random values with one decimal.</summary>
    internal static NDBuffer Chunk()
    {
        var random = new Random(42);
        var values = new float[Spec.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Round((float)random.NextDouble() * 100, 1);
        }

        return CpuNDBuffer.FromArray(values, Spec.Shape);
    }

    /// <summary>The codec chain of a <see cref="Chain"/> name.</summary>
    internal static CodecPipeline Pipeline(string chain) => CodecPipeline.FromJson(JsonDocument.Parse(Json(chain)).RootElement);

    private static string Json(string chain) => chain switch
    {
        "bytes(little)" => $"[{Little}]",
        "bytes(big)" => """[{"name": "bytes", "configuration": {"endian": "big"}}]""",
        "transpose+bytes" => $$$"""[{"name": "transpose", "configuration": {"order": [1, 0]}}, {{{Little}}}]""",
        "bytes+crc32c" => $$$"""[{{{Little}}}, "crc32c"]""",
        "bytes+gzip(1)" => $$$"""[{{{Little}}}, {"name": "gzip", "configuration": {"level": 1}}]""",
        "bytes+zstd(1)" => $$$"""[{{{Little}}}, {"name": "zstd", "configuration": {"level": 1}}]""",
        _ => throw new ArgumentOutOfRangeException(nameof(chain), chain, "Unknown chain."),
    };

    private const string Little = """{"name": "bytes", "configuration": {"endian": "little"}}""";
}
