using System.Collections.Concurrent;
using System.Text.Json;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// Maps codec names in <c>zarr.json</c> to factories (zarr-python's codec registry). <see cref="Default"/> knows
/// <c>bytes</c>, <c>transpose</c>, <c>sharding_indexed</c>, <c>gzip</c>, <c>zstd</c>, <c>crc32c</c>, <c>blosc</c>, and <c>numcodecs.zlib</c>, <c>numcodecs.lz4</c> and <c>numcodecs.bz2</c> (Zarr v2 arrays); <see cref="Register"/> adds a codec.
/// </summary>
/// <remarks>Thread-safe. A codec name the registry does not know is never skipped (not even with <c>"must_understand": false</c>): decoding without it would produce wrong values.</remarks>
public sealed class CodecRegistry
{
    private readonly ConcurrentDictionary<string, Func<JsonElement, ICodec>> _factories = new(StringComparer.Ordinal);

    /// <summary>A registry of the built-in codecs, independent of <see cref="Default"/>.</summary>
    public CodecRegistry()
    {
        Register(BytesCodec.CodecName, BytesCodec.FromJson);
        Register(TransposeCodec.CodecName, TransposeCodec.FromJson);
        Register(ShardingCodec.CodecName, configuration => ShardingCodec.FromJson(configuration, this));
        Register(GzipCodec.CodecName, GzipCodec.FromJson);
        Register(ZstdCodec.CodecName, ZstdCodec.FromJson);
        Register(Crc32cCodec.CodecName, Crc32cCodec.FromJson);
        Register(ZlibCodec.CodecName, ZlibCodec.FromJson);
        Register(BloscCodec.CodecName, BloscCodec.FromJson);
        Register(Lz4Codec.CodecName, Lz4Codec.FromJson);
        Register(Bz2Codec.CodecName, Bz2Codec.FromJson);
    }

    /// <summary>The registry that <see cref="CodecPipeline.FromJson"/> uses unless given another; registrations are process-wide.</summary>
    public static CodecRegistry Default { get; } = new();

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) the factory of a codec.</summary>
    /// <param name="name">The codec's name in <c>zarr.json</c>.</param>
    /// <param name="factory">Makes the codec from its configuration object (an empty object when the metadata has none); throws <see cref="ArgumentException"/> for a bad configuration.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public void Register(string name, Func<JsonElement, ICodec> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
    }

    /// <summary>Whether a codec of this name is registered.</summary>
    /// <param name="name">The codec's name.</param>
    /// <returns>True when <see cref="Create"/> can make it.</returns>
    public bool IsRegistered(string name) => name is not null && _factories.ContainsKey(name);

    /// <summary>Makes the codec that one entry of a <c>zarr.json</c> <c>codecs</c> array describes.</summary>
    /// <param name="metadata">An object <c>{"name": ..., "configuration": {...}}</c> (configuration optional) or a bare name string.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The entry is neither an object with a string <c>name</c> nor a string, or the codec's factory rejects its configuration.</exception>
    /// <exception cref="NotSupportedException">No codec of that name is registered; the message names it.</exception>
    public ICodec Create(JsonElement metadata)
    {
        string? name = null;
        var configuration = CodecJson.EmptyConfiguration;
        if (metadata.ValueKind == JsonValueKind.String)
        {
            name = metadata.GetString();
        }
        else if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("name", out var nameElement)
                 && nameElement.ValueKind == JsonValueKind.String)
        {
            name = nameElement.GetString();
            if (metadata.TryGetProperty("configuration", out var given))
            {
                configuration = given;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException(
                $"A codec entry must be an object with a string \"name\" (and an optional \"configuration\") or a name string, got {MessageText.Bounded(metadata.GetRawText())}.",
                nameof(metadata));
        }

        if (!_factories.TryGetValue(name, out var factory))
        {
            throw new NotSupportedException(
                $"Codec '{MessageText.Bounded(name)}' is not supported; the registered codecs are {string.Join(", ", Names)}. Register a factory with CodecRegistry.Register to read it.");
        }

        return factory(configuration);
    }
}
