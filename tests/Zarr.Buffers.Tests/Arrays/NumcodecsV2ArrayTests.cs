using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>
/// Reads the Zarr v2 arrays in tests/data/numcodecs, written by zarr-python 2 with numcodecs' lz4 and bz2 compressors,
/// value by value against expected.json (which zarr-python read back); then writes each array through this library and
/// reads it again.
/// </summary>
public class NumcodecsV2ArrayTests
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Expected = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Numcodecs, "expected.json")))!["arrays"]!.AsArray()
            .Select(a => a!.AsObject()).ToDictionary(a => (string)a["path"]!));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Arrays => [.. Expected.Value.Keys];

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task Reads_the_array_value_by_value_with_the_fill_value_where_a_chunk_is_missing(string path)
    {
        var array = await OpenAsync(path);
        double[] expected = ExpectedValues(path);

        double[] whole = (await array.ReadAsync(null, cancellationToken: Token)).ToArray<double>();

        whole.Should().Equal(expected, SameDouble);
        array.Metadata.Codecs.ToJsonString().Should().Contain(CodecNameOf(path));
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task Reads_each_element_alone(string path)
    {
        var array = await OpenAsync(path);
        double[] expected = ExpectedValues(path);
        long[] shape = array.Shape.ToArray();

        for (int flat = 0; flat < expected.Length; flat++)
        {
            var region = ElementRegion(flat, shape);
            double value = (await array.ReadAsync(region, cancellationToken: Token)).ToArray<double>().Single();

            SameDouble(value, expected[flat]).Should().BeTrue($"element {flat} of {path} is {value}, expected {expected[flat]}");
        }
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task Writes_the_array_with_the_same_compressor_and_reads_it_back(string path)
    {
        var source = await OpenAsync(path);
        var values = await source.ReadAsync(null, cancellationToken: Token);
        var store = new MemoryStore();
        var metadata = ArrayMetadata.ParseV2(File.ReadAllBytes(Path.Combine(RepoPaths.Numcodecs, path, ".zarray")));

        var copy = await ZarrArray.CreateAsync(store, "copy", metadata, Token);
        await copy.WriteAsync(null, values, cancellationToken: Token);
        var reopened = await ZarrArray.OpenAsync(store, "copy", Token);

        (await reopened.ReadAsync(null, cancellationToken: Token)).ToArray<double>().Should().Equal(ExpectedValues(path), SameDouble);
        var chunks = store.StoreDict.Where(e => !e.Key.EndsWith(".zarray", StringComparison.Ordinal)).Select(e => e.Value.ToBytes()).ToList();
        chunks.Should().NotBeEmpty().And.AllSatisfy(chunk => StartsLikeNumcodecs(path, chunk, metadata).Should().BeTrue());
    }

    private static async Task<ZarrArray> OpenAsync(string path) =>
        await ZarrArray.OpenAsync(new LocalStore(Path.Combine(RepoPaths.Numcodecs, path), readOnly: true), "", Token);

    private static double[] ExpectedValues(string path) =>
        [.. Expected.Value[path]["values_c_order"]!.AsArray().Select(v => v is null ? double.NaN : (double)v)];

    // lz4: the length header states a whole chunk's bytes; bz2: a bzip2 stream header of the array's level.
    private static bool StartsLikeNumcodecs(string path, byte[] chunk, ArrayMetadata metadata) => path.StartsWith("lz4", StringComparison.Ordinal)
        ? BinaryPrimitives.ReadUInt32LittleEndian(chunk) == metadata.ChunkShape.ToArray().Aggregate(1L, (a, b) => a * b) * metadata.DataType.ItemSize
        : chunk.AsSpan().StartsWith("BZh"u8);

    private static string CodecNameOf(string path) => path.StartsWith("lz4", StringComparison.Ordinal) ? Lz4Codec.CodecName : Bz2Codec.CodecName;

    private static bool SameDouble(double actual, double expected) => actual.Equals(expected);

    private static NRange[] ElementRegion(long flat, long[] shape)
    {
        var region = new NRange[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            nint index = (nint)(flat % shape[axis]);
            region[axis] = new NRange(index, index + 1);
            flat /= shape[axis];
        }

        return region;
    }
}
