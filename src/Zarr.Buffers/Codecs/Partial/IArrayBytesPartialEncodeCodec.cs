using System.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// An array-to-bytes codec that updates a region of a stored chunk without decoding and re-encoding all of it
/// (zarr-python's <c>ArrayBytesCodecPartialEncodeMixin</c>): <see cref="ShardingCodec"/> re-encodes only the inner
/// chunks a region touches and keeps the stored bytes of the others.
/// </summary>
/// <remarks>
/// The pipeline calls <see cref="EncodePartialAsync"/> only when no other codec surrounds this one
/// (<see cref="CodecPipeline.EncodesPartially"/>). The result is the whole new value, which the caller stores in one
/// write, so a store whose writes are atomic never holds a half-updated chunk.
/// </remarks>
public interface IArrayBytesPartialEncodeCodec : IArrayBytesCodec
{
    /// <summary>Encodes the chunk that <paramref name="existing"/> reads with <paramref name="region"/> changed to <paramref name="value"/>.</summary>
    /// <param name="existing">Reads the stored chunk; a missing chunk counts as all fill value.</param>
    /// <param name="region">The part of the chunk that changes: one range per leading axis.</param>
    /// <param name="value">The new values, of the region's shape, or a scalar (rank 0) for every element of it.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The new encoded chunk, or null when it holds only the fill value (the caller may delete it).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not fit the region or the spec.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the chunk.</exception>
    /// <exception cref="InvalidDataException">The stored chunk is corrupt.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<Buffer?> EncodePartialAsync(IByteRangeReader existing, NRange[] region, NDBuffer value, ChunkSpec spec,
        BufferPrototype prototype, CancellationToken cancellationToken = default);
}
