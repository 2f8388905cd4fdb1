using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers.Tests.Servers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>
/// The other direction of interop: arrays this library writes are read by zarrita.js, an independent implementation
/// (tests/servers/zarrita-read.mjs on Node.js), and must give the values written, including the fill value in chunks
/// never written and partial edge chunks. <see cref="NodePrograms"/> installs zarrita on first use.
/// </summary>
public sealed class ZarritaInteropTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarrita-interop-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Every data type zarrita.js 0.7 reads (it has no complex types, and float16 needs Node's Float16Array), each with both byte orders.</summary>
    public static TheoryData<string, string> PlainArrays()
    {
        var data = new TheoryData<string, string>();
        foreach (var dtype in DataType.All.Where(d => d.Kind != DataTypeKind.Complex && d != DataType.Float16))
        {
            data.Add(dtype.Name, "little");
            if (dtype.ItemSize > 1)
            {
                data.Add(dtype.Name, "big");
            }
        }

        return data;
    }

    public static TheoryData<string, string> CodecChains() => new()
    {
        { "transpose", """[{"name":"transpose","configuration":{"order":[1,0,2]}},{"name":"bytes","configuration":{"endian":"little"}}]""" },
        { "transpose-gzip-crc32c", """[{"name":"transpose","configuration":{"order":[2,0,1]}},{"name":"bytes","configuration":{"endian":"big"}},{"name":"gzip","configuration":{"level":5}},{"name":"crc32c"}]""" },
        { "zstd", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"zstd","configuration":{"level":3,"checksum":true}}]""" },
        { "gzip-zstd-crc32c", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"gzip","configuration":{"level":1}},{"name":"zstd","configuration":{"level":0,"checksum":false}},{"name":"crc32c"}]""" },
        { "blosc-lz4-shuffle", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"typesize":8,"cname":"lz4","clevel":5,"shuffle":"shuffle","blocksize":0}}]""" },
        { "blosc-zstd-bitshuffle", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"typesize":8,"cname":"zstd","clevel":9,"shuffle":"bitshuffle","blocksize":64}}]""" },
        { "blosc-zlib-lz4hc-unset", """[{"name":"bytes","configuration":{"endian":"big"}},{"name":"blosc","configuration":{"cname":"zlib","clevel":1}},{"name":"blosc","configuration":{"cname":"lz4hc","clevel":9,"shuffle":"noshuffle"}}]""" },
        { "blosc-blosclz", """[{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{"typesize":8,"cname":"blosclz","clevel":5,"shuffle":"shuffle","blocksize":0}}]""" },
        // Shards the write covers in part go through the sharding codec's partial encoder. zarrita.js 0.7 needs index_codecs
        // stated and reads neither an index at the start nor nested sharding, so those are checked against our own reader only.
        { "sharding-gzip", """[{"name":"sharding_indexed","configuration":{"chunk_shape":[3,1,2],"codecs":[{"name":"bytes","configuration":{"endian":"big"}},{"name":"gzip","configuration":{"level":1}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}]}}]""" },
    };

    [Theory]
    [MemberData(nameof(PlainArrays))]
    public async Task Zarrita_reads_every_data_type_in_both_byte_orders(string dtypeName, string endian)
    {
        var dtype = DataType.Parse(dtypeName);
        var codecs = new JsonArray(new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = endian } });
        var metadata = new ArrayMetadata([5, 7], dtype, [2, 3], FillValueFor(dtype), codecs);
        var expected = await WriteAsync(metadata, [new NRange(0, 4), new NRange(1, 6)]);
        await ShouldMatchZarritaAsync(expected);
    }

    [Theory]
    [MemberData(nameof(CodecChains))]
    public async Task Zarrita_reads_every_codec_chain(string name, string codecsJson)
    {
        var codecs = JsonNode.Parse(codecsJson)!.AsArray();
        var metadata = new ArrayMetadata([4, 5, 6], DataType.Float64, [3, 2, 4], double.NaN, codecs);
        var expected = await WriteAsync(metadata, [new NRange(1, 4), new NRange(0, 3), new NRange(2, 6)]);
        await ShouldMatchZarritaAsync(expected, name);
    }

    /// <summary>Chunk key encodings and Zarr v2 arrays (written as their <c>.zarray</c>).</summary>
    public static TheoryData<string> Layouts() => new("dot-separator", "v2-keys", "v2-zlib", "v2-big-endian-F", "v2-blosc");

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Zarrita_reads_every_key_encoding_and_v2_layout(string layout)
    {
        var metadata = layout switch
        {
            "dot-separator" => new ArrayMetadata([5, 7], DataType.Int32, [2, 3], 3, chunkKeyEncoding: ChunkKeyEncoding.Default('.')),
            "v2-keys" => new ArrayMetadata([5, 7], DataType.Int32, [2, 3], 3, chunkKeyEncoding: ChunkKeyEncoding.V2()),
            "v2-zlib" => ArrayMetadata.ParseV2("""
                {"zarr_format": 2, "shape": [5, 7], "chunks": [2, 3], "dtype": "<i4", "order": "C",
                 "compressor": {"id": "zlib", "level": 1}, "fill_value": 3, "filters": null}
                """u8),
            "v2-blosc" => ArrayMetadata.ParseV2("""
                {"zarr_format": 2, "shape": [50, 70], "chunks": [20, 30], "dtype": "<i4", "order": "C",
                 "compressor": {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": -1, "blocksize": 0}, "fill_value": 3, "filters": null}
                """u8),
            _ => ArrayMetadata.ParseV2("""
                {"zarr_format": 2, "shape": [5, 7], "chunks": [2, 3], "dtype": ">f8", "order": "F",
                 "compressor": {"id": "gzip", "level": 1}, "fill_value": "NaN", "filters": null}
                """u8),
        };
        var expected = await WriteAsync(metadata, [new NRange(0, 4), new NRange(1, 7)]);
        await ShouldMatchZarritaAsync(expected, layout);
    }

    [Fact]
    public async Task Zarrita_reads_a_scalar_array()
    {
        var metadata = new ArrayMetadata([], DataType.Int32, [], 5);
        var expected = await WriteAsync(metadata, []);
        await ShouldMatchZarritaAsync(expected);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Writes a region with distinct values, leaving the rest (whole chunks among it) to the fill value; returns the whole array as written.</summary>
    private async Task<NDBuffer> WriteAsync(ArrayMetadata metadata, NRange[] region)
    {
        var store = new LocalStore(_folder);
        var array = await ZarrArray.CreateAsync(store, "", metadata, Token);
        long[] regionShape = metadata.ChunkGrid.RegionShape(region);
        long size = regionShape.Aggregate(1L, (a, b) => a * b);
        var doubles = Enumerable.Range(0, (int)size).Select(i => (i % 7) * 1.5 - 4).ToArray();
        var value = CpuNDBuffer.FromArray(doubles, regionShape).AsType(metadata.DataType);
        await array.WriteAsync(region, value, BufferPrototype.Default, Token);

        var expected = CpuNDBuffer.Create(metadata.Shape, metadata.DataType, fillValue: metadata.FillValue);
        expected[region] = value;
        return expected;
    }

    private async Task ShouldMatchZarritaAsync(NDBuffer expected, string because = "")
    {
        var read = await ReadWithZarritaAsync(_folder);
        read.TryGetPropertyValue("error", out var error).Should().BeFalse($"zarrita failed: {error}");
        read["shape"]!.AsArray().Select(n => n!.GetValue<long>()).Should().Equal(expected.Shape.ToArray());
        read["dtype"]!.GetValue<string>().Should().Be(expected.DType.Name);
        var actual = read["values"]!.AsArray().Select(ToDouble).ToArray();
        var wanted = ReadDoubles(expected);
        actual.Should().HaveCount(wanted.Length);
        for (int i = 0; i < wanted.Length; i++)
        {
            actual[i].Should().Be(wanted[i], $"element {i} of the {expected.DType} array ({because}) must read back as written");
        }
    }

    private static object FillValueFor(DataType dtype) => dtype.Kind switch
    {
        DataTypeKind.Bool => true,
        DataTypeKind.Float => double.NaN,
        _ => 7,
    };

    private static double[] ReadDoubles(NDBuffer buffer)
    {
        var values = buffer.AsType(DataType.Float64, MemoryOrder.C).AsTensor<double>();
        var result = new double[values.FlattenedLength];
        values.FlattenTo(result);
        return result;
    }

    private static double ToDouble(JsonNode? node) => node!.GetValueKind() switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => double.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => node.GetValue<double>(),
    };

    private static async Task<JsonObject> ReadWithZarritaAsync(string arrayFolder)
    {
        var result = await NodePrograms.RunAsync("zarrita-read.mjs", [arrayFolder], Token);
        return JsonNode.Parse(result.Output) as JsonObject
            ?? throw new InvalidOperationException($"zarrita printed no result (exit code {result.ExitCode}): {result.Errors}");
    }
}
