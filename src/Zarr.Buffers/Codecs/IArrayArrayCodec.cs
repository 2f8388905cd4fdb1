using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>A codec that turns an array into another array, for example <see cref="TransposeCodec"/>.</summary>
public interface IArrayArrayCodec : ICodec
{
    /// <summary>The spec of the arrays this codec encodes into, given the spec of the arrays it encodes.</summary>
    /// <param name="decoded">The spec of this codec's input on encode.</param>
    /// <returns>The spec of this codec's output on encode (the transpose codec permutes the shape).</returns>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="decoded"/> (for example a transpose order of the wrong rank).</exception>
    ChunkSpec ResolveEncodedSpec(ChunkSpec decoded);

    /// <summary>Encodes one chunk.</summary>
    /// <param name="chunk">The chunk, of shape and data type <paramref name="spec"/>.</param>
    /// <param name="spec">The spec of the decoded side (<paramref name="chunk"/>'s).</param>
    /// <param name="prototype">Makes every buffer the codec returns.</param>
    /// <returns>The encoded array, of spec <see cref="ResolveEncodedSpec"/>(<paramref name="spec"/>).</returns>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="spec"/>.</exception>
    NDBuffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype);

    /// <summary>Decodes one chunk.</summary>
    /// <param name="chunk">The encoded array, of spec <see cref="ResolveEncodedSpec"/>(<paramref name="spec"/>).</param>
    /// <param name="spec">The spec of the decoded side (the result's).</param>
    /// <param name="prototype">Makes every buffer the codec returns.</param>
    /// <returns>The decoded chunk, of spec <paramref name="spec"/>.</returns>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="spec"/>.</exception>
    NDBuffer Decode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype);
}
