using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>Reading and writing the <c>{"name": ..., "configuration": {...}}</c> metadata of codecs.</summary>
internal static class CodecJson
{
    private static readonly JsonDocument s_emptyObject = JsonDocument.Parse("{}");

    /// <summary>An empty configuration, handed to factories of codecs whose metadata has none.</summary>
    public static JsonElement EmptyConfiguration => s_emptyObject.RootElement;

    /// <summary>The metadata of a codec; a null or empty configuration is left out.</summary>
    public static JsonObject Create(string name, JsonObject? configuration = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (configuration is { Count: > 0 })
        {
            metadata["configuration"] = configuration;
        }

        return metadata;
    }

    /// <summary>Throws when <paramref name="configuration"/> is not an object or holds a key other than <paramref name="keys"/>.</summary>
    public static void ExpectKeys(JsonElement configuration, string codec, params ReadOnlySpan<string> keys)
    {
        if (configuration.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The configuration of codec '{codec}' must be a JSON object, got {configuration.ValueKind}: {MessageText.Bounded(configuration.GetRawText())}.", nameof(configuration));
        }

        foreach (var property in configuration.EnumerateObject())
        {
            if (!keys.Contains(property.Name))
            {
                throw new ArgumentException(
                    $"Codec '{codec}' has no configuration key '{MessageText.Bounded(property.Name)}'; expected {(keys.IsEmpty ? "none" : string.Join(", ", keys.ToArray()))}.",
                    nameof(configuration));
            }
        }
    }

    public static int GetInt32(JsonElement configuration, string codec, string key, int defaultValue)
    {
        if (!configuration.TryGetProperty(key, out var value))
        {
            return defaultValue;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
            ? result
            : throw Invalid(codec, key, value, "an integer");
    }

    public static bool GetBoolean(JsonElement configuration, string codec, string key, bool defaultValue)
    {
        if (!configuration.TryGetProperty(key, out var value))
        {
            return defaultValue;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Invalid(codec, key, value, "true or false");
    }

    public static string? GetString(JsonElement configuration, string codec, string key)
    {
        if (!configuration.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(codec, key, value, "a string");
    }

    public static int[] GetInt32Array(JsonElement configuration, string codec, string key)
    {
        if (!configuration.TryGetProperty(key, out var value))
        {
            throw new ArgumentException($"Codec '{codec}' needs the configuration key '{key}'.", nameof(configuration));
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(codec, key, value, "an array of integers");
        }

        var result = new int[value.GetArrayLength()];
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            result[i++] = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int number)
                ? number
                : throw Invalid(codec, key, value, "an array of integers");
        }

        return result;
    }

    public static ArgumentException Invalid(string codec, string key, JsonElement value, string expected) =>
        new($"The configuration key '{key}' of codec '{codec}' must be {expected}, got {MessageText.Bounded(value.GetRawText())}.");
}
