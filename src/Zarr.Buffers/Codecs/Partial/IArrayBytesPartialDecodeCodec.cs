namespace Zarr.Codecs;

/// <summary>
/// An array-to-bytes codec that decodes regions of a chunk from some of its bytes (zarr-python's
/// <c>ArrayBytesCodecPartialDecodeMixin</c>): <see cref="BytesCodec"/> reads the byte runs of a region,
/// <see cref="ShardingCodec"/> its index and the inner chunks a region touches.
/// </summary>
/// <remarks>
/// The pipeline calls <see cref="CreatePartialDecoder"/> only when no other codec surrounds this one
/// (<see cref="CodecPipeline.DecodesPartially"/>), so the bytes it reads are the stored bytes. A codec that does not
/// implement this interface is decoded whole by <see cref="WholeValuePartialDecoder"/>.
/// </remarks>
public interface IArrayBytesPartialDecodeCodec : IArrayBytesCodec
{
    /// <summary>A partial decoder of the chunk whose stored bytes <paramref name="input"/> reads. Reads nothing yet.</summary>
    /// <param name="input">Reads the encoded chunk.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <returns>The decoder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The codec does not apply to <paramref name="spec"/>.</exception>
    IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec);
}
