using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <summary>
/// The interop corpus: the arrays in tests/data/interop (written by zarr-python, zarrs, zarrita.js and TensorStore), their
/// expected.json (computed without any Zarr library), and the check that an array reads as expected through any store.
/// Linked into the store test projects, which read the corpus through their own stores.
/// </summary>
internal static class InteropCheck
{
    internal static readonly BufferPrototype Prototype = BufferPrototype.Default;
    internal static readonly Lazy<Dictionary<string, JsonObject>> Expected = new(LoadExpected);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<string>> Arrays() => Expected.Value.Keys.Select(path => new TheoryDataRow<string>(path));

    public static IEnumerable<TheoryDataRow<string>> SupportedArrays() =>
        Expected.Value.Where(e => UnsupportedCodec(e.Value) is null).Select(e => new TheoryDataRow<string>(e.Key));

    /// <summary>
    /// Reads the interop array <paramref name="path"/> through <paramref name="source"/> (a store whose root is that
    /// array's folder) and checks it against expected.json, or checks that its unsupported codec is named.
    /// </summary>
    internal static async Task CheckReadsThroughAsync(IStore source, string path)
    {
        var expected = Expected.Value[path];
        var store = new LoggingStore(source);
        if (UnsupportedCodec(expected) is { } codec)
        {
            var open = () => ZarrArray.OpenAsync(store, "", Token);
            await open.Should().ThrowAsync<NotSupportedException>().WithMessage($"*'{codec}'*");
            return;
        }

        var array = await ZarrArray.OpenAsync(store, "", Token);
        array.Shape.ToArray().Should().Equal(Longs(expected["shape"]));
        array.Metadata.ChunkShape.ToArray().Should().Equal(Longs(expected["chunk_shape"]));
        array.DataType.Name.Should().Be((string)expected["dtype"]!);
        if (expected["fill_value"] is { } fill)
        {
            SameNumber(AsComplex(array.Metadata.FillValue!), AsComplex(fill)).Should().BeTrue($"the fill value is {array.Metadata.FillValue}, expected {fill.ToJsonString()}");
        }
        else
        {
            array.Metadata.FillValue.Should().BeNull();
        }

        var whole = await array.ReadAsync(null, Prototype, Token);
        whole.Shape.ToArray().Should().Equal(array.Shape.ToArray());
        Sha256(whole).Should().Be((string)expected["array"]!["sha256_le_c"]!);
        foreach (var sample in expected["array"]!["samples"]!.AsArray())
        {
            var index = Longs(sample!["index"]);
            var element = whole[[.. index.Select(i => new NRange((nint)i, (nint)i + 1))]].AsScalar();
            SameNumber(AsComplex(element), AsComplex(sample["value"])).Should().BeTrue($"element [{string.Join(", ", index)}] is {element}, expected {sample["value"]!.ToJsonString()}");
        }

        var chunks = expected["chunks"]!.AsArray();
        var grid = array.Metadata.ChunkGrid;
        var coords = AllChunks(grid.GridShape.ToArray()).ToList();
        coords.Should().HaveCount(chunks.Count);
        for (int i = 0; i < chunks.Count; i++)
        {
            array.ChunkKey(coords[i]).Should().Be((string)chunks[i]!["key"]!);
            var chunk = await array.ReadChunkAsync(coords[i], Prototype, Token);
            Sha256(chunk).Should().Be((string)chunks[i]!["sha256"]!, $"chunk {chunks[i]!["key"]}");

            var region = ChunkRegion(grid, coords[i]);
            var part = await array.ReadAsync(region, Prototype, Token);
            Sha256(part).Should().Be(Sha256(whole[region]), $"the region of chunk {chunks[i]!["key"]} reads as that part of the whole array");
        }

        if (InnerChunkShape(expected) is { } innerShape)
        {
            // Each inner chunk alone is a region that covers its shard only in part (unless the shard is one inner chunk).
            var innerGrid = new ChunkGrid(grid.ArrayShape, innerShape);
            foreach (var inner in AllChunks(innerGrid.GridShape.ToArray()))
            {
                var region = ChunkRegion(innerGrid, inner);
                Sha256(await array.ReadAsync(region, Prototype, Token)).Should().Be(Sha256(whole[region]), $"inner chunk [{string.Join(", ", inner)}] reads as that part of the whole array");
            }

            // Only shards of several inner chunks, some stored, have inner chunks to fetch by range.
            int getRanges = store.Counter.GetValueOrDefault("GetRanges");
            if (chunks.Any(c => c!["shard_index"]?["entries"] is JsonArray { Count: > 1 } entries && entries.Any(e => (bool)e!["present"]!)))
            {
                getRanges.Should().BePositive("inner chunks are read through the partial path");
            }
            else
            {
                getRanges.Should().Be(0, "a shard of one inner chunk, or of none stored, is read whole or not at all");
            }
        }
    }

    /// <summary>The first codec of the array that the registry cannot build, or null when all are supported.</summary>
    private static string? UnsupportedCodec(JsonObject expected)
    {
        IEnumerable<string> names = expected["codecs"] is JsonArray codecs
            ? codecs.Select(c => (string)c!["name"]!)
            : expected["compressor"] is JsonObject compressor ? [(string)compressor["id"]!] : [];
        return names.FirstOrDefault(n => n != "zlib" && !CodecRegistry.Default.IsRegistered(n));
    }

    /// <summary>The inner chunk shape of an array whose codecs are a sharding codec, else null.</summary>
    private static long[]? InnerChunkShape(JsonObject expected) =>
        expected["codecs"] is JsonArray codecs && codecs.FirstOrDefault(c => (string)c!["name"]! == ShardingCodec.CodecName) is { } sharding
            ? Longs(sharding["configuration"]!["chunk_shape"])
            : null;

    // Without compression the encoding is a pure function of the values, so a faithful writer reproduces the bytes.
    internal static bool IsDeterministic(JsonObject expected) =>
        expected["codecs"] is JsonArray codecs
            ? codecs.All(c => (string)c!["name"]! is "bytes" or "transpose" or "crc32c")
            : expected["compressor"] is null;

    private static IEnumerable<long[]> AllChunks(long[] gridShape)
    {
        if (gridShape.Any(n => n == 0))
        {
            yield break;
        }

        var coords = new long[gridShape.Length];
        while (true)
        {
            yield return (long[])coords.Clone();
            int axis = coords.Length - 1;
            while (axis >= 0 && ++coords[axis] == gridShape[axis])
            {
                coords[axis--] = 0;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    private static NRange[] ChunkRegion(ChunkGrid grid, long[] coords) =>
        [.. coords.Select((c, axis) => new NRange((nint)(c * grid.ChunkShape[axis]), (nint)Math.Min((c + 1) * grid.ChunkShape[axis], grid.ArrayShape[axis])))];

    internal static string Sha256(NDBuffer buffer) => buffer.DType.Accept(new LittleEndianHash(buffer));

    private static Complex AsComplex(object value) => value switch
    {
        bool b => b ? 1 : 0,
        Complex c => c,
        Complex64 c => c,
        Half h => (double)h,
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Complex AsComplex(JsonNode? node) => node switch
    {
        JsonArray pair => new Complex(Real(pair[0]), Real(pair[1])),
        JsonValue v when v.TryGetValue(out bool b) => b ? 1 : 0,
        _ => Real(node),
    };

    private static double Real(JsonNode? node) => node!.AsValue().TryGetValue(out string? text)
        ? text switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) }
        : node.GetValue<double>();

    private static bool SameNumber(Complex a, Complex b) =>
        (a.Real == b.Real || (double.IsNaN(a.Real) && double.IsNaN(b.Real))) && (a.Imaginary == b.Imaginary || (double.IsNaN(a.Imaginary) && double.IsNaN(b.Imaginary)));

    private static long[] Longs(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<long>())];

    private static Dictionary<string, JsonObject> LoadExpected() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Interop, "expected.json")))!["stores"]!.AsArray()
            .Select(s => s!.AsObject())
            .ToDictionary(s => (string)s["path"]!);

    private readonly struct LittleEndianHash(NDBuffer buffer) : IDataTypeVisitor<string>
    {
        public string Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            BitConverter.IsLittleEndian.Should().BeTrue("the expected hashes are of little-endian bytes");
            var tensor = buffer.AsTensor<T>();
            var values = new T[tensor.FlattenedLength];
            tensor.FlattenTo(values);
            return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));
        }
    }
}
