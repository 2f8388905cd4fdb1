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
    /// Decodes one chunk's bytes straight into <paramref name="destination"/>, which has exactly the length they must
    /// decode to. The pipeline calls it on the codec next to the <c>bytes</c> codec, to decompress into the decoded
    /// chunk's own memory; compressors override it to skip an intermediate buffer. The default calls
    /// <see cref="Decode"/> and copies.
    /// </summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="prototype">Makes any intermediate buffer.</param>
    /// <param name="destination">Where the decoded bytes go; its length is the expected decoded length.</param>
    /// <exception cref="System.IO.InvalidDataException"><paramref name="bytes"/> is corrupt, truncated, or does not decode to exactly <c>destination.Length</c> bytes.</exception>
    void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        var decoded = Decode(bytes, spec, prototype);
        if (decoded.Length != destination.Length)
        {
            throw new InvalidDataException(
                $"Codec '{Name}' decoded {decoded.Length} bytes, but the chunk ({spec}) takes {destination.Length}.");
        }

        decoded.AsSpan().CopyTo(destination.Span);
    }
}
