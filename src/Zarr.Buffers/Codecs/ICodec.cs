using System.Text.Json.Nodes;

namespace Zarr.Codecs;

/// <summary>
/// A Zarr v3 codec: one step of a chunk's encoding. Implement one of <see cref="IArrayArrayCodec"/>,
/// <see cref="IArrayBytesCodec"/> or <see cref="IBytesBytesCodec"/>, and register a factory with
/// <see cref="CodecRegistry.Register"/> to read it from <c>zarr.json</c>.
/// </summary>
/// <remarks>
/// Codecs are immutable and thread-safe: the array layer encodes and decodes many chunks in parallel with one instance.
/// Every buffer a codec returns is made through the <see cref="Zarr.Buffers.BufferPrototype"/> it is handed.
/// </remarks>
public interface ICodec
{
    /// <summary>
    /// The encoded length that stands for "no bound is known": what <see cref="IArrayBytesCodec.MaxEncodedLength"/>
    /// returns by default, and what <see cref="CodecPipeline.MaxEncodedLength"/> returns when a codec of the chain has no bound.
    /// </summary>
    const long UnknownEncodedLength = long.MaxValue;

    /// <summary>The codec's name in <c>zarr.json</c>, for example <c>gzip</c>.</summary>
    string Name { get; }

    /// <summary>The codec's metadata, <c>{"name": ..., "configuration": {...}}</c>, as <c>zarr.json</c> holds it.</summary>
    /// <returns>A new JSON object that the caller may modify.</returns>
    JsonObject ToJson();

    /// <summary>
    /// Checks that the codec applies to chunks of <paramref name="spec"/> (zarr-python's <c>validate</c>), so that an array
    /// whose codecs do not fit its data type or shape fails when it is opened rather than at its first chunk.
    /// The default accepts every spec.
    /// </summary>
    /// <param name="spec">The spec of this codec's input on encode.</param>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="spec"/> (for example a transpose order of another rank, or a bytes codec without endian for int32).</exception>
    void Validate(ChunkSpec spec)
    {
    }
}
