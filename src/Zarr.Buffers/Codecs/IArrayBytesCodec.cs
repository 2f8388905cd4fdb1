using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>A codec that serialises an array into bytes, for example <see cref="BytesCodec"/>. A pipeline has exactly one.</summary>
public interface IArrayBytesCodec : ICodec
{
    /// <summary>Encodes one chunk into bytes.</summary>
    /// <param name="chunk">The chunk, of shape and data type <paramref name="spec"/>.</param>
    /// <param name="spec">The spec of <paramref name="chunk"/>.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The encoded bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentException"><paramref name="chunk"/> does not match <paramref name="spec"/>, or the codec's configuration does not suit its data type.</exception>
    Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype);

    /// <summary>Decodes one chunk from bytes.</summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <param name="spec">The spec of the result.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The chunk, an n-dimensional buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="System.IO.InvalidDataException"><paramref name="bytes"/> is not a valid encoding of a chunk of <paramref name="spec"/>.</exception>
    /// <exception cref="ArgumentException">The codec's configuration does not suit the data type.</exception>
    NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype);

    /// <summary>
    /// The most bytes <see cref="Encode"/> makes of a chunk of <paramref name="spec"/> (zarr-python's
    /// <c>compute_encoded_size</c>, as an upper bound): the pipeline bounds what each bytes-to-bytes decoder after this
    /// codec may produce by it, so that a decompression bomb is refused at about the cost of a chunk. The default,
    /// <see cref="ICodec.UnknownEncodedLength"/>, says no bound is known (a variable-length encoding has none); the
    /// decoders after such a codec are then bounded only by the largest buffer (<see cref="Array.MaxLength"/>).
    /// </summary>
    /// <param name="spec">The spec of the chunks this codec encodes.</param>
    /// <returns>The bound, in bytes, or <see cref="ICodec.UnknownEncodedLength"/>.</returns>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="spec"/>.</exception>
    long MaxEncodedLength(ChunkSpec spec) => ICodec.UnknownEncodedLength;
}
