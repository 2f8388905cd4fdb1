using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Arrays;

/// <summary>
/// The metadata of a Zarr array: a Zarr v3 <c>zarr.json</c>, or a Zarr v2 <c>.zarray</c> (with its <c>.zattrs</c>)
/// translated to the equivalent v3 codec chain. Immutable.
/// </summary>
/// <remarks>
/// Malformed metadata throws <see cref="InvalidDataException"/> naming the field; well-formed metadata that uses a
/// feature this library lacks (an extension data type, chunk grid or storage transformer, an extension field without
/// <c>"must_understand": false</c>, a v2 filter) throws <see cref="NotSupportedException"/> naming the feature. Extension
/// fields that need not be understood are ignored and not written back. Codecs are kept as JSON and checked when the codec
/// pipeline is built.
/// </remarks>
public sealed partial class ArrayMetadata
{
    private const string ZarrJson = "zarr.json";
    private const string Zarray = ".zarray";

    private static readonly HashSet<string> s_v3Fields =
    [
        "zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs",
        "attributes", "dimension_names", "storage_transformers",
    ];

    private readonly JsonArray _codecs;
    private readonly JsonObject _attributes;
    private readonly JsonObject? _v2Document;

    /// <summary>Describes a new Zarr v3 array.</summary>
    /// <param name="shape">The array's shape.</param>
    /// <param name="dataType">The element type.</param>
    /// <param name="chunkShape">The regular chunk shape, of the same rank.</param>
    /// <param name="fillValue">The value of elements never written, converted to <paramref name="dataType"/>; null means zero (false for bool).
    /// A NaN becomes numpy's positive quiet NaN (float32 bits <c>0x7fc00000</c>), the one <c>"NaN"</c> in <c>zarr.json</c> reads as, so fill
    /// chunks have the same bytes however the metadata was made; for another NaN payload, parse a hex pattern.</param>
    /// <param name="codecs">The codec chain as in <c>zarr.json</c> (copied); null means <c>[{"name": "bytes", "configuration": {"endian": "little"}}]</c>.</param>
    /// <param name="chunkKeyEncoding">The chunk key encoding; null means <see cref="ChunkKeyEncoding.Default"/> with <c>/</c>.</param>
    /// <param name="dimensionNames">A name (or null) per axis, or null for none.</param>
    /// <param name="attributes">User attributes (copied); null means none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataType"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes are invalid or of different ranks, <paramref name="dimensionNames"/> has the wrong length, or <paramref name="fillValue"/> is not a number.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fillValue"/> is out of range for <paramref name="dataType"/>.</exception>
    public ArrayMetadata(
        ReadOnlySpan<long> shape,
        DataType dataType,
        ReadOnlySpan<long> chunkShape,
        object? fillValue = null,
        JsonArray? codecs = null,
        ChunkKeyEncoding? chunkKeyEncoding = null,
        IReadOnlyList<string?>? dimensionNames = null,
        JsonObject? attributes = null)
        : this(
            3,
            new ChunkGrid(shape, chunkShape),
            dataType ?? throw new ArgumentNullException(nameof(dataType)),
            FillValueJson.FromValue(fillValue ?? 0, dataType),
            (JsonArray?)codecs?.DeepClone() ?? [new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "little" } }],
            chunkKeyEncoding ?? ChunkKeyEncoding.Default(),
            dimensionNames,
            (JsonObject?)attributes?.DeepClone() ?? [],
            null)
    {
        if (dimensionNames is not null && dimensionNames.Count != shape.Length)
        {
            throw new ArgumentException(
                $"Got {dimensionNames.Count} dimension names for an array of rank {shape.Length}.", nameof(dimensionNames));
        }
    }

    private ArrayMetadata(
        int zarrFormat, ChunkGrid grid, DataType dataType, object? fillValue, JsonArray codecs,
        ChunkKeyEncoding chunkKeyEncoding, IReadOnlyList<string?>? dimensionNames, JsonObject attributes, JsonObject? v2Document)
    {
        ZarrFormat = zarrFormat;
        ChunkGrid = grid;
        DataType = dataType;
        FillValue = fillValue;
        _codecs = codecs;
        ChunkKeyEncoding = chunkKeyEncoding;
        DimensionNames = dimensionNames is null ? null : Array.AsReadOnly(dimensionNames.ToArray());
        _attributes = attributes;
        _v2Document = v2Document;
    }

    /// <summary>2 for metadata read from <c>.zarray</c>, else 3.</summary>
    public int ZarrFormat { get; }

    /// <summary>The array's shape.</summary>
    public ReadOnlySpan<long> Shape => ChunkGrid.ArrayShape;

    /// <summary>The shape of every chunk.</summary>
    public ReadOnlySpan<long> ChunkShape => ChunkGrid.ChunkShape;

    /// <summary>The chunk grid, for chunk and region arithmetic.</summary>
    public ChunkGrid ChunkGrid { get; }

    /// <summary>The element type.</summary>
    public DataType DataType { get; }

    /// <summary>
    /// The value of elements never written, as an element of <see cref="DataType"/> (a <see cref="float"/> for float32,
    /// a <see cref="Buffers.Complex64"/> for complex64). Null only for a Zarr v2 array whose <c>fill_value</c> is null:
    /// missing chunks then read as zero and no written chunk counts as empty.
    /// </summary>
    public object? FillValue { get; }

    /// <summary>How chunk coordinates become store keys.</summary>
    public ChunkKeyEncoding ChunkKeyEncoding { get; }

    /// <summary>A name (or null) per axis, or null when the metadata has none.</summary>
    public IReadOnlyList<string?>? DimensionNames { get; }

    /// <summary>A copy of the codec chain, in Zarr v3 form (a v2 array's order, dtype and compressor translated).</summary>
    public JsonArray Codecs => (JsonArray)_codecs.DeepClone();

    /// <summary>A copy of the user attributes.</summary>
    public JsonObject Attributes => (JsonObject)_attributes.DeepClone();

    /// <summary>Parses a Zarr v3 <c>zarr.json</c> of an array.</summary>
    /// <param name="utf8Json">The document's UTF-8 bytes.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="InvalidDataException">The document is not valid array metadata; the message names the field.</exception>
    /// <exception cref="NotSupportedException">The array uses an extension data type, chunk grid, chunk key encoding, storage transformer or extension field that must be understood.</exception>
    public static ArrayMetadata Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = MetadataReader.Parse(ZarrJson, utf8Json);
        if (reader.Integer(reader.Required("zarr_format"), "zarr_format") != 3)
        {
            throw reader.Error("zarr_format", $"is {MetadataReader.Describe(reader.Optional("zarr_format"))}, expected 3");
        }

        string nodeType = reader.String(reader.Required("node_type"), "node_type");
        if (nodeType != "array")
        {
            throw reader.Error("node_type", $"is '{MessageText.Bounded(nodeType)}', expected 'array'");
        }

        long[] shape = reader.Integers(reader.Required("shape"), "shape", 0);
        var dataType = ParseDataType(reader);
        var grid = ParseChunkGrid(reader, shape);
        var encoding = ParseChunkKeyEncoding(reader);
        var fillValue = FillValueJson.Parse(reader, reader.Required("fill_value"), dataType, 3);
        var codecs = reader.Array(reader.Required("codecs"), "codecs");
        if (codecs.Count == 0)
        {
            throw reader.Error("codecs", "is empty; expected at least an array-to-bytes codec");
        }

        if (reader.Optional("storage_transformers") is { } transformers && reader.Array(transformers, "storage_transformers").Count > 0)
        {
            throw new NotSupportedException($"Storage transformers are not supported; zarr.json lists {MetadataReader.Describe(transformers)}.");
        }

        RejectUnknownExtensions(reader);

        return new ArrayMetadata(3, grid, dataType, fillValue, (JsonArray)codecs.DeepClone(), encoding,
            ParseDimensionNames(reader, shape.Length), ParseAttributes(reader), null);
    }

    /// <summary>
    /// Parses a Zarr v2 <c>.zarray</c> and its optional <c>.zattrs</c>. A document that leaves out <c>compressor</c>,
    /// <c>fill_value</c>, <c>filters</c> or <c>dimension_separator</c> reads as if they were null (<c>"."</c> for the
    /// separator), and <see cref="ToJson"/> writes them back stated, as the v2 spec requires.
    /// </summary>
    /// <param name="zarray">The <c>.zarray</c> document's UTF-8 bytes.</param>
    /// <param name="zattrs">The <c>.zattrs</c> document's UTF-8 bytes; empty when there is none.</param>
    /// <returns>The metadata, with the codec chain translated to Zarr v3 (<c>order: F</c> becomes a <c>transpose</c>).</returns>
    /// <exception cref="InvalidDataException">A document is not valid metadata; the message names the field.</exception>
    /// <exception cref="NotSupportedException">The array uses a data type, compressor or filter this library lacks.</exception>
    public static ArrayMetadata ParseV2(ReadOnlySpan<byte> zarray, ReadOnlySpan<byte> zattrs = default)
    {
        var reader = MetadataReader.Parse(Zarray, zarray);
        if (reader.Integer(reader.Required("zarr_format"), "zarr_format") != 2)
        {
            throw reader.Error("zarr_format", $"is {MetadataReader.Describe(reader.Optional("zarr_format"))}, expected 2");
        }

        long[] shape = reader.Integers(reader.Required("shape"), "shape", 0);
        long[] chunks = reader.Integers(reader.Required("chunks"), "chunks", 1);
        CheckRank(reader, "chunks", chunks.Length, shape.Length);
        var dataType = V2Codecs.ParseDtype(reader, out var endian);
        var fillNode = reader.Optional("fill_value");
        var fillValue = fillNode is null ? null : FillValueJson.Parse(reader, fillNode, dataType, 2);
        var codecs = V2Codecs.Translate(reader, shape.Length, endian);
        char separator = reader.Optional("dimension_separator") is { } sep
            ? reader.String(sep, "dimension_separator") switch
            {
                "." => '.',
                "/" => '/',
                var other => throw reader.Error("dimension_separator", $"is '{MessageText.Bounded(other)}', expected '.' or '/'"),
            }
            : '.';
        var attributes = zattrs.IsEmpty ? [] : MetadataReader.Parse(".zattrs", zattrs).Root;
        return new ArrayMetadata(2, new ChunkGrid(shape, chunks), dataType, fillValue, codecs,
            ChunkKeyEncoding.V2(separator), null, attributes, WithEveryV2Field(reader.Root, separator));
    }

    /// <summary>
    /// The metadata document in this array's own format: <c>zarr.json</c> for v3; for v2, the <c>.zarray</c> it was read from
    /// or made as (whose attributes belong in <c>.zattrs</c>), with every field the v2 spec requires.
    /// </summary>
    /// <returns>The document.</returns>
    public JsonObject ToJson()
    {
        if (_v2Document is not null)
        {
            return (JsonObject)_v2Document.DeepClone();
        }

        var json = new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = ShapeJson(ChunkGrid.ArrayShape),
            ["data_type"] = DataType.Name,
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = ShapeJson(ChunkGrid.ChunkShape) },
            },
            ["chunk_key_encoding"] = new JsonObject
            {
                ["name"] = ChunkKeyEncoding.Name,
                ["configuration"] = new JsonObject { ["separator"] = ChunkKeyEncoding.Separator.ToString() },
            },
            ["fill_value"] = FillValueJson.Write(FillValue!, DataType),
            ["codecs"] = Codecs,
            ["attributes"] = Attributes,
        };
        if (DimensionNames is not null)
        {
            json["dimension_names"] = new JsonArray([.. DimensionNames.Select(n => (JsonNode?)n)]);
        }

        json["storage_transformers"] = new JsonArray();
        return json;
    }

    // The spec lets a zarr.json carry extension fields; one that does not say "must_understand": false must be refused.
    private static void RejectUnknownExtensions(MetadataReader reader)
    {
        foreach (var (name, value) in reader.Root)
        {
            if (!s_v3Fields.Contains(name) && !(value is JsonObject extension && extension["must_understand"] is JsonValue flag
                && flag.GetValueKind() == System.Text.Json.JsonValueKind.False))
            {
                throw new NotSupportedException($"zarr.json has the extension field '{MessageText.Bounded(name)}', which is not supported and does not say \"must_understand\": false.");
            }
        }
    }

    private static DataType ParseDataType(MetadataReader reader)
    {
        var node = reader.Required("data_type");
        if (node is JsonObject)
        {
            throw new NotSupportedException($"Extension data type {MetadataReader.Describe(node)} is not supported; expected one of {string.Join(", ", DataType.All)}.");
        }

        string name = reader.String(node, "data_type");
        return DataType.All.FirstOrDefault(d => d.Name == name)
            ?? throw new NotSupportedException($"Data type '{MessageText.Bounded(name)}' in zarr.json is not supported; expected one of {string.Join(", ", DataType.All)}.");
    }

    private static ChunkGrid ParseChunkGrid(MetadataReader reader, long[] shape)
    {
        var grid = reader.Object(reader.Required("chunk_grid"), "chunk_grid");
        string name = reader.String(grid["name"], "chunk_grid.name");
        if (name != "regular")
        {
            throw new NotSupportedException($"Chunk grid '{MessageText.Bounded(name)}' is not supported; only 'regular' is.");
        }

        var configuration = reader.Object(grid["configuration"], "chunk_grid.configuration");
        long[] chunkShape = reader.Integers(configuration["chunk_shape"], "chunk_grid.configuration.chunk_shape", 1);
        CheckRank(reader, "chunk_shape", chunkShape.Length, shape.Length);
        return new ChunkGrid(shape, chunkShape);
    }

    private static ChunkKeyEncoding ParseChunkKeyEncoding(MetadataReader reader)
    {
        var encoding = reader.Object(reader.Required("chunk_key_encoding"), "chunk_key_encoding");
        string name = reader.String(encoding["name"], "chunk_key_encoding.name");
        char? separator = null;
        if (encoding["configuration"] is { } configuration && reader.Object(configuration, "chunk_key_encoding.configuration")["separator"] is { } sep)
        {
            separator = reader.String(sep, "chunk_key_encoding.configuration.separator") switch
            {
                "/" => '/',
                "." => '.',
                var other => throw reader.Error("chunk_key_encoding.configuration.separator", $"is '{MessageText.Bounded(other)}', expected '/' or '.'"),
            };
        }

        return name switch
        {
            "default" => ChunkKeyEncoding.Default(separator ?? '/'),
            "v2" => ChunkKeyEncoding.V2(separator ?? '.'),
            _ => throw new NotSupportedException($"Chunk key encoding '{MessageText.Bounded(name)}' is not supported; expected 'default' or 'v2'."),
        };
    }

    private static string?[]? ParseDimensionNames(MetadataReader reader, int rank)
    {
        if (reader.Optional("dimension_names") is not { } node)
        {
            return null;
        }

        var names = reader.Array(node, "dimension_names");
        CheckRank(reader, "dimension_names", names.Count, rank);
        return [.. names.Select(n => n is null ? null : reader.String(n, "dimension_names"))];
    }

    private static JsonObject ParseAttributes(MetadataReader reader) =>
        reader.Optional("attributes") is { } node ? (JsonObject)reader.Object(node, "attributes").DeepClone() : [];

    private static void CheckRank(MetadataReader reader, string field, int rank, int shapeRank)
    {
        if (rank != shapeRank)
        {
            throw reader.Error(field, $"has rank {rank} but shape has rank {shapeRank}");
        }
    }
}
