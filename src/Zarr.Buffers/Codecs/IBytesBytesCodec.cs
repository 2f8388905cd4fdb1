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
}
