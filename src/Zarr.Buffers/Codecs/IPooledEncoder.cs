using System.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// A bytes-to-bytes codec that can leave its encoded bytes in the pooled memory it compressed into, rather than copy them
/// into a new buffer of their exact length, for a writer whose store copies what it is given.
/// </summary>
internal interface IPooledEncoder
{
    /// <summary>Encodes <paramref name="bytes"/> as <see cref="IBytesBytesCodec.Encode"/> does, into memory rented from <paramref name="pool"/>.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <param name="spec">The spec of the array the pipeline's array-to-bytes codec serialised.</param>
    /// <param name="pool">Where the memory comes from, and goes back to when the result is disposed.</param>
    /// <returns>The encoded bytes, never a view of <paramref name="bytes"/> (which the caller may give back to a pool next); the caller disposes them.</returns>
    PooledBytes EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool);
}
