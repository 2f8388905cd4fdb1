using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Codecs;

namespace Zarr.Arrays;

/// <summary>Translates the data layout of a Zarr v2 <c>.zarray</c> (dtype, order, filters, compressor) to a Zarr v3 codec chain.</summary>
internal static class V2Codecs
{
    public static DataType ParseDtype(MetadataReader reader, out Endian? endian)
    {
        var node = reader.Required("dtype");
        string typeString = node is JsonValue ? reader.String(node, "dtype")
            : throw new NotSupportedException($"Structured dtype {MetadataReader.Describe(node)} in .zarray is not supported.");
        try
        {
            return DataType.ParseTypeString(typeString, out endian);
        }
        catch (ArgumentException ex)
        {
            throw new NotSupportedException($"dtype '{MessageText.Bounded(typeString)}' in .zarray is not supported: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// <c>order: F</c> becomes a reversing <c>transpose</c>, the dtype's byte order a <c>bytes</c> codec and the
    /// compressor the matching bytes-to-bytes codec.
    /// </summary>
    public static JsonArray Translate(MetadataReader reader, int rank, Endian? endian)
    {
        var codecs = new JsonArray();
        string order = reader.String(reader.Required("order"), "order");
        if (order == "F" && rank > 1)
        {
            codecs.Add((JsonNode)Codec("transpose", new JsonObject { ["order"] = new JsonArray([.. Enumerable.Range(0, rank).Reverse().Select(a => (JsonNode)a)]) }));
        }
        else if (order is not ("C" or "F"))
        {
            throw reader.Error("order", $"is '{MessageText.Bounded(order)}', expected 'C' or 'F'");
        }

        codecs.Add((JsonNode)(endian is { } e
            ? Codec("bytes", new JsonObject { ["endian"] = e == Endian.Little ? "little" : "big" })
            : Codec("bytes", null)));

        if (reader.Optional("filters") is { } filters && reader.Array(filters, "filters").Count > 0)
        {
            throw new NotSupportedException($"Zarr v2 filters are not supported; .zarray lists {MetadataReader.Describe(filters)}.");
        }

        if (reader.Optional("compressor") is { } compressorNode)
        {
            codecs.Add((JsonNode)Compressor(reader, reader.Object(compressorNode, "compressor")));
        }

        return codecs;
    }

    private static JsonObject Compressor(MetadataReader reader, JsonObject compressor)
    {
        string id = reader.String(compressor["id"], "compressor.id");
        var level = compressor["level"]?.DeepClone();
        return id switch
        {
            "gzip" => Codec("gzip", new JsonObject { ["level"] = level ?? 1 }),
            "zlib" => Codec(ZlibCodec.CodecName, new JsonObject { ["level"] = level ?? 1 }),
            "zstd" => Codec("zstd", new JsonObject { ["level"] = level ?? 1, ["checksum"] = compressor["checksum"]?.DeepClone() ?? false }),
            "blosc" => Blosc(reader, compressor),
            "lz4" => Codec(Lz4Codec.CodecName, new JsonObject { ["acceleration"] = compressor["acceleration"]?.DeepClone() ?? 1 }),
            "bz2" => Codec(Bz2Codec.CodecName, new JsonObject { ["level"] = level ?? 1 }),
            _ => throw new NotSupportedException($"Zarr v2 compressor '{MessageText.Bounded(id)}' is not supported; expected gzip, zlib, zstd, blosc, lz4 or bz2."),
        };
    }

    // numcodecs' Blosc: its defaults, its shuffle numbers, and AUTOSHUFFLE (-1), which is what the v3 codec does with an
    // unset shuffle; the type size is always the dtype's item size, so it is left unset too.
    private static JsonObject Blosc(MetadataReader reader, JsonObject compressor)
    {
        var configuration = new JsonObject
        {
            ["cname"] = compressor["cname"]?.DeepClone() ?? "lz4",
            ["clevel"] = compressor["clevel"]?.DeepClone() ?? 5,
            ["blocksize"] = compressor["blocksize"]?.DeepClone() ?? 0,
        };
        long shuffle = compressor["shuffle"] is { } node ? reader.Integer(node, "compressor.shuffle") : 1;
        if (shuffle != -1)
        {
            configuration["shuffle"] = shuffle switch
            {
                0 => "noshuffle",
                1 => "shuffle",
                2 => "bitshuffle",
                _ => throw reader.Error("compressor.shuffle", $"is {shuffle}, expected -1 (auto), 0 (none), 1 (byte) or 2 (bit)"),
            };
        }

        return Codec(BloscCodec.CodecName, configuration);
    }

    private static JsonObject Codec(string name, JsonObject? configuration)
    {
        var codec = new JsonObject { ["name"] = name };
        if (configuration is not null)
        {
            codec["configuration"] = configuration;
        }

        return codec;
    }
}
