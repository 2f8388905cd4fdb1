using System.Buffers;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// The partial decoder of codecs that cannot do better (zarrs' default partial decoder): reads the whole value,
/// decodes it and returns the region. A compressed chunk is read whole because its bytes do not map to elements.
/// </summary>
/// <remarks>Costs one read of the whole value and one whole decode per call.</remarks>
public sealed class WholeValuePartialDecoder : IPartialDecoder
{
    private readonly IByteRangeReader _input;
    private readonly Func<Buffer, ChunkSpec, BufferPrototype, NDBuffer> _decode;

    /// <summary>A decoder that reads <paramref name="input"/> whole and decodes it with <paramref name="decode"/>.</summary>
    /// <param name="input">Reads the encoded chunk.</param>
    /// <param name="spec">The spec of the chunk.</param>
    /// <param name="decode">Decodes the whole chunk, for example <see cref="CodecPipeline.Decode"/> or a codec's <see cref="IArrayBytesCodec.Decode"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public WholeValuePartialDecoder(IByteRangeReader input, ChunkSpec spec, Func<Buffer, ChunkSpec, BufferPrototype, NDBuffer> decode)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(decode);
        _input = input;
        Spec = spec;
        _decode = decode;
    }

    /// <inheritdoc />
    public ChunkSpec Spec { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The value is corrupt, or decodes to another shape or data type than <see cref="Spec"/>'s.</exception>
    public async ValueTask<NDBuffer> DecodeAsync(NRange[] region, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        var resolved = PartialRegion.Resolve(Spec, region, prototype);
        if (await _input.GetAsync(null, prototype, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return PartialRegion.Fill(Spec, resolved, prototype);
        }

        var chunk = _decode(bytes, Spec, prototype);
        return chunk.DType == Spec.DType && chunk.Shape.SequenceEqual(Spec.Shape) ? chunk[resolved]
            : throw new InvalidDataException(
                $"The chunk decoded to shape {ShapeMath.Format(chunk.Shape)} {chunk.DType}, expected {ShapeMath.Format(Spec.Shape)} {Spec.DType}.");
    }
}
