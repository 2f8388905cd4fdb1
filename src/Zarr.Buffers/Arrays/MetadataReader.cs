using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zarr.Arrays;

/// <summary>
/// Typed access to the fields of one metadata document (<c>zarr.json</c> or <c>.zarray</c>); every
/// failure is an <see cref="InvalidDataException"/> naming the document and the field.
/// </summary>
internal sealed class MetadataReader
{
    private readonly JsonObject _root;

    private MetadataReader(string document, JsonObject root)
    {
        Document = document;
        _root = root;
    }

    /// <summary>The document's name, used in messages (<c>zarr.json</c>, <c>.zarray</c>).</summary>
    public string Document { get; }

    public static MetadataReader Parse(string document, ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Json);
            DecodeText(root);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Invalid {document}: not valid JSON ({ex.Message}).", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"Invalid {document}: not valid Unicode text ({ex.Message}).", ex);
        }

        return root is JsonObject obj
            ? new MetadataReader(document, obj)
            : throw new InvalidDataException($"Invalid {document}: expected a JSON object, got {Describe(root)}.");
    }

    /// <summary>
    /// Decodes every name and string now: System.Text.Json checks text only when it is first read, so bad UTF-8 or a
    /// lone escaped surrogate would otherwise surface later, from any field, as <see cref="InvalidOperationException"/>.
    /// </summary>
    private static void DecodeText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    DecodeText(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    DecodeText(child);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    /// <summary>The whole document.</summary>
    public JsonObject Root => _root;

    public JsonNode? Optional(string field) => _root[field];

    public JsonNode Required(string field) =>
        _root.TryGetPropertyValue(field, out var node) ? node ?? throw Error(field, "must not be null")
        : throw new InvalidDataException($"Invalid {Document}: missing field '{field}'.");

    public string String(JsonNode? node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
        : throw Error(field, $"expected a string, got {Describe(node)}");

    public long Integer(JsonNode? node, string field) =>
        node is JsonValue value && value.TryGetValue(out long result) ? result
        : throw Error(field, $"expected an integer, got {Describe(node)}");

    /// <summary>A list of integers of at least <paramref name="minimum"/>, such as a shape.</summary>
    public long[] Integers(JsonNode? node, string field, long minimum)
    {
        if (node is not JsonArray array)
        {
            throw Error(field, $"expected an array of integers, got {Describe(node)}");
        }

        var result = new long[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = array[i] is JsonValue value && value.TryGetValue(out long item) && item >= minimum ? item
                : throw Error(field, $"expected integers >= {minimum}, got {Describe(array[i])} at index {i}");
        }

        return result;
    }

    public JsonObject Object(JsonNode? node, string field) =>
        node as JsonObject ?? throw Error(field, $"expected an object, got {Describe(node)}");

    public JsonArray Array(JsonNode? node, string field) =>
        node as JsonArray ?? throw Error(field, $"expected an array, got {Describe(node)}");

    public InvalidDataException Error(string field, string problem) =>
        new($"Invalid {Document}: field '{field}' {problem}.");

    public static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
