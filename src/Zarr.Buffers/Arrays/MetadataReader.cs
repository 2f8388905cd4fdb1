using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers.Internal;

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

    /// <summary>Parses a document that must be a JSON object of valid Unicode text in which no object has a key twice.</summary>
    /// <exception cref="InvalidDataException">The document is not JSON, not valid Unicode, not an object, or repeats a key; the message names the document.</exception>
    public static MetadataReader Parse(string document, ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        (string Path, string Key)? duplicate;
        try
        {
            root = JsonElement.Parse(utf8Json);
            duplicate = CheckTextAndFindDuplicateKey(root);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Invalid {document}: not valid JSON ({MessageText.Bounded(ex.Message)}).", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"Invalid {document}: not valid Unicode text ({MessageText.Bounded(ex.Message)}).", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Invalid {document}: expected a JSON object, got {MessageText.Bounded(root.GetRawText())}.");
        }

        if (duplicate is { } repeated)
        {
            throw new InvalidDataException(
                $"Invalid {document}: the key '{MessageText.Bounded(repeated.Key)}' appears more than once in {MessageText.Bounded("$" + repeated.Path)}.");
        }

        return new MetadataReader(document, JsonObject.Create(root)!);
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

    /// <summary>A node's JSON for a message, bounded as every quoted outside value is.</summary>
    public static string Describe(JsonNode? node) => MessageText.Bounded(node?.ToJsonString());

    /// <summary>
    /// The first key that an object repeats, and the path of that object below <paramref name="element"/>
    /// (<c>.codecs[0].configuration</c>; empty for <paramref name="element"/> itself), built only when there is one.
    /// JsonObject would keep one copy of a repeated key or throw on access, so a repeated key is refused here rather
    /// than read as either copy.
    /// </summary>
    private static (string Path, string Key)? CheckTextAndFindDuplicateKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    return ("", property.Name);
                }

                if (CheckTextAndFindDuplicateKey(property.Value) is { } nested)
                {
                    return ($".{property.Name}{nested.Path}", nested.Key);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            // System.Text.Json checks text only when it is first read: decoding it now refuses bad UTF-8 or a lone
            // escaped surrogate here, rather than later, from any field, as InvalidOperationException.
            _ = element.GetString();
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (CheckTextAndFindDuplicateKey(item) is { } nested)
                {
                    return ($"[{index}]{nested.Path}", nested.Key);
                }

                index++;
            }
        }

        return null;
    }
}
