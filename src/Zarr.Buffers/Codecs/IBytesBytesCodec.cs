using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>A codec that turns bytes into bytes: a compressor (<see cref="GzipCodec"/>, <see cref="ZstdCodec"/>) or a checksum (<see cref="Crc32cCodec"/>).</summary>
public interface IBytesBytesCodec : ICodec
{
    /// <summary>Encodes one chunk's bytes.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The encoded bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype);

    /// <summary>Decodes one chunk's bytes.</summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decoded bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="System.IO.InvalidDataException"><paramref name="bytes"/> is corrupt or truncated.</exception>
    Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype);

    /// <summary>
    /// Decodes one chunk's bytes, which must decode to at most <paramref name="maxDecodedLength"/> bytes: the most that
    /// the codecs before this one encode a chunk of <paramref name="spec"/> to (<see cref="MaxEncodedLength"/>), which
    /// the pipeline passes. Compressors override it to stop as soon as their output would pass the bound, without
    /// allocating a length that the compressed data claims first. The default calls <see cref="Decode(Buffer, ChunkSpec, BufferPrototype)"/>
    /// and checks the length afterwards, so a codec that does not override it is still refused over the bound, but only
    /// once it has decoded everything.
    /// </summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the data may decode to; 0 or more.</param>
    /// <returns>The decoded bytes, at most <paramref name="maxDecodedLength"/> of them, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="System.IO.InvalidDataException"><paramref name="bytes"/> is corrupt or truncated, or decodes to more than <paramref name="maxDecodedLength"/> bytes.</exception>
    Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecodedLength);
        var decoded = Decode(bytes, spec, prototype);
        return decoded.Length <= maxDecodedLength ? decoded : throw DecodeLimit.Exceeded(Name, bytes.Length, maxDecodedLength);
    }

    /// <summary>
    /// The most bytes <see cref="Encode"/> makes of at most <paramref name="decodedLength"/> bytes (zarr-python's
    /// <c>compute_encoded_size</c>, as an upper bound): <c>crc32c</c> adds 4, a compressor adds its worst-case expansion.
    /// The pipeline bounds the decoding of the codec after this one by it. The default, twice
    /// <paramref name="decodedLength"/> plus 4 KiB, covers every compressor and checksum numcodecs has; a codec whose
    /// output can be larger must override it, or the codecs after it refuse its output as too long.
    /// </summary>
    /// <param name="decodedLength">The most bytes this codec is given to encode; 0 or more and below 2^62 (the pipeline passes no larger bound: it treats one as unknown).</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <returns>The bound, in bytes.</returns>
    long MaxEncodedLength(long decodedLength, ChunkSpec spec) => (2 * decodedLength) + 4096;

    /// <summary>
    /// Decodes one chunk's bytes straight into <paramref name="destination"/>, which has exactly the length they must
    /// decode to. The pipeline calls it on the codec next to the <c>bytes</c> codec, to decompress into the decoded
    /// chunk's own memory; compressors override it to skip an intermediate buffer. The default calls
    /// <see cref="Decode(Buffer, ChunkSpec, BufferPrototype, long)"/> and copies.
    /// </summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="prototype">Makes any intermediate buffer.</param>
    /// <param name="destination">Where the decoded bytes go; its length is the expected decoded length.</param>
    /// <exception cref="System.IO.InvalidDataException"><paramref name="bytes"/> is corrupt, truncated, or does not decode to exactly <c>destination.Length</c> bytes.</exception>
    void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        var decoded = Decode(bytes, spec, prototype, destination.Length);
        if (decoded.Length != destination.Length)
        {
            throw new InvalidDataException(
                $"Codec '{Name}' decoded {decoded.Length} bytes, but the chunk ({spec}) takes {destination.Length}.");
        }

        decoded.AsSpan().CopyTo(destination.Span);
    }
}
