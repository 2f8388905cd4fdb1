using System.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// Decodes regions of one encoded chunk, fetching only the bytes a region needs (zarr-python's
/// <c>ArrayBytesCodecPartialDecodeMixin.decode_partial</c>, zarrs' <c>ArrayPartialDecoderTraits</c>).
/// <see cref="CodecPipeline.CreatePartialDecoder"/> makes one over an <see cref="IByteRangeReader"/>.
/// </summary>
/// <remarks>Implementations are thread-safe: several regions of one chunk may be decoded at once.</remarks>
public interface IPartialDecoder
{
    /// <summary>The spec of the chunk decoded.</summary>
    ChunkSpec Spec { get; }

    /// <summary>Decodes one region of the chunk; a chunk that does not exist reads as the fill value.</summary>
    /// <param name="region">One range per leading axis of <see cref="Spec"/>'s shape (missing trailing axes are taken whole, from-end indexes count from each axis' length).</param>
    /// <param name="prototype">Makes every buffer, the result's included.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The region, of its own shape and the chunk's data type; it may share memory with the stored value, so copy it before changing it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="region"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the chunk has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the chunk.</exception>
    /// <exception cref="InvalidDataException">The stored bytes are corrupt or truncated.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<NDBuffer> DecodeAsync(NRange[] region, BufferPrototype prototype, CancellationToken cancellationToken = default);
}
