using System.Text;
using System.Text.Json.Nodes;
using Zarr.Buffers;

namespace Zarr.Arrays;

/// <content>Zarr v2: the typed factory and the completion of <c>.zarray</c> documents to every field the spec requires.</content>
public sealed partial class ArrayMetadata
{
    /// <summary>
    /// Describes a new Zarr v2 array (a <c>.zarray</c>), without writing JSON by hand. <see cref="ToJson"/> then gives a
    /// document with every field the v2 spec requires (<c>zarr_format</c>, <c>shape</c>, <c>chunks</c>, <c>dtype</c>,
    /// <c>compressor</c>, <c>fill_value</c>, <c>order</c>, <c>filters</c>) and <c>dimension_separator</c>.
    /// </summary>
    /// <param name="shape">The array's shape.</param>
    /// <param name="dataType">The element type.</param>
    /// <param name="chunkShape">The chunk shape, of the same rank.</param>
    /// <param name="byteOrder">The byte order of the stored elements, written into the dtype (<c>&lt;i4</c>, <c>&gt;i4</c>); one-byte types have none (<c>|u1</c>).</param>
    /// <param name="order">The layout of the elements in a chunk: <see cref="MemoryOrder.C"/> or <see cref="MemoryOrder.F"/>.</param>
    /// <param name="compressor">The numcodecs compressor configuration, for example <c>{"id": "zstd", "level": 3}</c> (copied): gzip, zlib, zstd, blosc, lz4 or bz2; null for none.</param>
    /// <param name="fillValue">The value of elements never written, converted to <paramref name="dataType"/>; null means zero (false for bool), as zarr-python's default.</param>
    /// <param name="dimensionSeparator">The separator of chunk key parts: <c>'.'</c> (keys such as <c>0.1</c>, the v2 default) or <c>'/'</c>.</param>
    /// <param name="attributes">User attributes, written to <c>.zattrs</c> (copied); null means none.</param>
    /// <returns>The metadata, equal to what <see cref="ParseV2"/> reads back from its <see cref="ToJson"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataType"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes are invalid or of different ranks, <paramref name="fillValue"/> is not a number, or <paramref name="compressor"/> is malformed (no string <c>id</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteOrder"/>, <paramref name="order"/> or <paramref name="dimensionSeparator"/> is not one of the values above, or <paramref name="fillValue"/> is out of range for <paramref name="dataType"/>.</exception>
    /// <exception cref="NotSupportedException"><paramref name="compressor"/> names a compressor this library lacks.</exception>
    public static ArrayMetadata CreateV2(
        ReadOnlySpan<long> shape,
        DataType dataType,
        ReadOnlySpan<long> chunkShape,
        Endian byteOrder = Endian.Little,
        MemoryOrder order = MemoryOrder.C,
        JsonObject? compressor = null,
        object? fillValue = null,
        char dimensionSeparator = '.',
        JsonObject? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        _ = new ChunkGrid(shape, chunkShape);
        if (byteOrder is not (Endian.Little or Endian.Big))
        {
            throw new ArgumentOutOfRangeException(nameof(byteOrder), byteOrder, $"Byte order {byteOrder} is not Little or Big.");
        }

        if (order is not (MemoryOrder.C or MemoryOrder.F))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"A Zarr v2 order is C or F, not {order}.");
        }

        if (dimensionSeparator is not ('.' or '/'))
        {
            throw new ArgumentOutOfRangeException(nameof(dimensionSeparator), dimensionSeparator, $"A Zarr v2 dimension separator is '.' or '/', not '{dimensionSeparator}'.");
        }

        var document = new JsonObject
        {
            ["zarr_format"] = 2,
            ["shape"] = ShapeJson(shape),
            ["chunks"] = ShapeJson(chunkShape),
            ["dtype"] = dataType.ToTypeString(byteOrder),
            ["compressor"] = compressor?.DeepClone(),
            ["fill_value"] = FillValueJson.Write(FillValueJson.FromValue(fillValue ?? 0, dataType), dataType),
            ["order"] = order.ToString(),
            ["filters"] = null,
            ["dimension_separator"] = dimensionSeparator.ToString(),
        };
        try
        {
            return ParseV2(Utf8(document), attributes is null ? default : Utf8(attributes));
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException($"Compressor {compressor?.ToJsonString()} is not a valid Zarr v2 compressor: {ex.Message}", nameof(compressor), ex);
        }
    }

    /// <summary>
    /// The parsed <c>.zarray</c> with the fields the v2 spec requires that it left out, at the values their absence
    /// meant (null <c>compressor</c>, <c>fill_value</c> and <c>filters</c>), and <c>dimension_separator</c> stated, so that
    /// every <c>.zarray</c> this library writes back opens in readers that insist on them (zarr-python 2 raises
    /// <c>KeyError: 'filters'</c>).
    /// </summary>
    private static JsonObject WithEveryV2Field(JsonObject document, char dimensionSeparator)
    {
        document.TryAdd("compressor", null);
        document.TryAdd("fill_value", null);
        document.TryAdd("filters", null);
        document["dimension_separator"] = dimensionSeparator.ToString();
        return document;
    }

    private static JsonArray ShapeJson(ReadOnlySpan<long> shape) => new([.. shape.ToArray().Select(n => (JsonNode)n)]);

    private static byte[] Utf8(JsonNode json) => Encoding.UTF8.GetBytes(json.ToJsonString());
}
