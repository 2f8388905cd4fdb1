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
/// Reads every array in ../shared/interop (written by zarr-python, zarrs, zarrita.js and TensorStore) and checks it against
/// expected.json, which was computed without any Zarr library; then writes each readable array back and reads it again.
/// </summary>
public class InteropTests
{
    private static readonly BufferPrototype Prototype = BufferPrototype.Default;
    private static readonly Lazy<string> Folder = new(FindFolder);
    private static readonly Lazy<Dictionary<string, JsonObject>> Expected = new(LoadExpected);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<string>> Arrays() => Expected.Value.Keys.Select(path => new TheoryDataRow<string>(path));

    public static IEnumerable<TheoryDataRow<string>> SupportedArrays() =>
        Expected.Value.Where(e => UnsupportedCodec(e.Value) is null).Select(e => new TheoryDataRow<string>(e.Key));

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task Reads_the_array_or_names_the_unsupported_codec(string path)
    {
        var expected = Expected.Value[path];
        var store = new LocalStore(Path.Combine(Folder.Value, path), readOnly: true);
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
            var chunk = await array.ReadWholeChunkAsync(coords[i], Prototype, Token);
            Sha256(chunk).Should().Be((string)chunks[i]!["sha256"]!, $"chunk {chunks[i]!["key"]}");

            var region = ChunkRegion(grid, coords[i]);
            var part = await array.ReadAsync(region, Prototype, Token);
            Sha256(part).Should().Be(Sha256(whole[region]), $"the region of chunk {chunks[i]!["key"]} reads as that part of the whole array");
        }
    }

    [Theory]
    [MemberData(nameof(SupportedArrays))]
    public async Task Writes_the_array_back_identically(string path)
    {
        var expected = Expected.Value[path];
        var source = await ZarrArray.OpenAsync(new LocalStore(Path.Combine(Folder.Value, path), readOnly: true), "", Token);
        var values = await source.ReadAsync(null, Prototype, Token);
        var target = new MemoryStore();

        var copy = await ZarrArray.CreateAsync(target, "copy", source.Metadata, Token);
        await copy.WriteAsync(null, values, Prototype, Token);

        var reopened = await ZarrArray.OpenAsync(target, "copy", Token);
        Sha256(await reopened.ReadAsync(null, Prototype, Token)).Should().Be((string)expected["array"]!["sha256_le_c"]!);
        foreach (var chunk in expected["chunks"]!.AsArray().Where(c => !(bool)c!["present"]!))
        {
            (await target.ExistsAsync("copy/" + (string)chunk!["key"]!, Token)).Should().BeFalse("a chunk of only the fill value is not written");
        }

        if (IsDeterministic(expected))
        {
            foreach (var chunk in expected["chunks"]!.AsArray().Where(c => (bool)c!["present"]!))
            {
                string key = (string)chunk!["key"]!;
                var written = await target.GetAsync("copy/" + key, Prototype, null, Token);
                written!.ToBytes().Should().Equal(File.ReadAllBytes(Path.Combine(Folder.Value, path, key)), $"chunk {key} is encoded byte for byte as the original");
            }
        }
    }

    public static IEnumerable<TheoryDataRow<string>> WrittenArrays() => WriteCases.Keys.Select(name => new TheoryDataRow<string>(name));

    [Theory]
    [MemberData(nameof(WrittenArrays))]
    public async Task Zarrita_reads_what_this_library_writes(string name)
    {
        var results = await ZarritaResults.Value;
        Assert.SkipWhen(results is null, "zarrita.js is not installed: run 'npm ci' in interop/zarrita (CI does).");
        var (ours, theirs) = results![name];

        theirs["error"].Should().BeNull(theirs["error"]?.ToString());
        Longs(theirs["shape"]).Should().Equal(ours.Shape.ToArray());
        var values = theirs["values"]!.AsArray();
        var flat = ours.Reshape(-1);
        values.Should().HaveCount((int)flat.Size);
        for (int i = 0; i < values.Count; i++)
        {
            var element = flat[new NRange(i, i + 1)].AsScalar();
            SameNumber(AsComplex(element), AsComplex(values[i])).Should().BeTrue($"element {i} is {element} here and {values[i]!.ToJsonString()} in zarrita.js");
        }
    }

    // zarrita.js 0.7.5 has no complex data types, and its float16 needs Float16Array, which Node 20 lacks.
    private static readonly Dictionary<string, ArrayMetadata> WriteCases = new()
    {
        ["bool"] = Metadata(DataType.Bool, fillValue: true),
        ["int8"] = Metadata(DataType.Int8),
        ["int16"] = Metadata(DataType.Int16),
        ["int32"] = Metadata(DataType.Int32),
        ["int64"] = Metadata(DataType.Int64),
        ["uint8"] = Metadata(DataType.UInt8),
        ["uint16"] = Metadata(DataType.UInt16),
        ["uint32"] = Metadata(DataType.UInt32),
        ["uint64"] = Metadata(DataType.UInt64),
        ["float32"] = Metadata(DataType.Float32, fillValue: float.NaN),
        ["float64"] = Metadata(DataType.Float64, fillValue: double.NegativeInfinity),
        ["gzip"] = Metadata(DataType.Float64, codecs: """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 6}}]"""),
        ["zstd"] = Metadata(DataType.Int32, codecs: """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 3, "checksum": true}}]"""),
        ["crc32c"] = Metadata(DataType.UInt16, codecs: """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]"""),
        ["big-endian"] = Metadata(DataType.Float32, codecs: """[{"name": "bytes", "configuration": {"endian": "big"}}]"""),
        ["transpose"] = Metadata(DataType.Int16, codecs: """[{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "little"}}]"""),
        ["dot-separator"] = Metadata(DataType.Int32, keys: ChunkKeyEncoding.Default('.')),
        ["v2-keys"] = Metadata(DataType.Int32, keys: ChunkKeyEncoding.V2()),
        ["v2-zlib"] = ArrayMetadata.ParseV2("""
            {"zarr_format": 2, "shape": [5, 7], "chunks": [2, 3], "dtype": "<i4", "order": "C",
             "compressor": {"id": "zlib", "level": 1}, "fill_value": 3, "filters": null}
            """u8),
        ["v2-big-endian-F"] = ArrayMetadata.ParseV2("""
            {"zarr_format": 2, "shape": [5, 7], "chunks": [2, 3], "dtype": ">f8", "order": "F",
             "compressor": {"id": "gzip", "level": 1}, "fill_value": "NaN", "filters": null}
            """u8),
    };

    private static readonly Lazy<Task<Dictionary<string, (NDBuffer Ours, JsonObject Theirs)>?>> ZarritaResults = new(RunZarritaAsync);

    private static ArrayMetadata Metadata(DataType dtype, object? fillValue = null, string? codecs = null, ChunkKeyEncoding? keys = null) =>
        new([5, 7], dtype, [2, 3], fillValue ?? 3, codecs is null ? null : JsonNode.Parse(codecs)!.AsArray(), keys);

    /// <summary>
    /// Writes every case into a temporary folder (some chunks partly, some not at all), reads each back here and, in one
    /// zarrita.js run, there; null when node or zarrita.js is missing.
    /// </summary>
    private static async Task<Dictionary<string, (NDBuffer Ours, JsonObject Theirs)>?> RunZarritaAsync()
    {
        string script = Path.Combine(RepoRoot(), "interop", "zarrita", "read.mjs");
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules")))
        {
            return null;
        }

        string root = Path.Combine(Path.GetTempPath(), "zarr-buffers-zarrita-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ours = new Dictionary<string, NDBuffer>();
            long[] values = [.. Enumerable.Range(0, 24)];
            foreach (var (name, metadata) in WriteCases)
            {
                var array = await ZarrArray.CreateAsync(new LocalStore(Path.Combine(root, name)), "", metadata);
                await array.WriteAsync([new NRange(0, 4), new NRange(1, 7)], CpuNDBuffer.FromArray(values, [4, 6]), Prototype);
                ours[name] = await array.ReadAsync(null, Prototype);
            }

            var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true };
            start.ArgumentList.Add(script);
            foreach (string name in WriteCases.Keys)
            {
                start.ArgumentList.Add(Path.Combine(root, name));
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            string output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .ToDictionary(result => Path.GetFileName((string)result["path"]!), result => (ours[Path.GetFileName((string)result["path"]!)], result));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
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

    // Without compression the encoding is a pure function of the values, so a faithful writer reproduces the bytes.
    private static bool IsDeterministic(JsonObject expected) =>
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

    private static string Sha256(NDBuffer buffer) => buffer.DType.Accept(new LittleEndianHash(buffer));

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

    private static string FindFolder() => Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "interop"));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZarrTesting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ZarrTesting.sln above {AppContext.BaseDirectory}.");
    }

    private static Dictionary<string, JsonObject> LoadExpected() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(Folder.Value, "expected.json")))!["stores"]!.AsArray()
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
