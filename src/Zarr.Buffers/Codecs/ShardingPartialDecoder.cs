using System.Buffers;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>
/// The <c>sharding_indexed</c> codec's partial decoder: reads the shard's index, then only the inner chunks a region
/// touches. Inner chunks the region covers whole (or that the inner pipeline cannot decode in part) are read in one
/// coalesced <see cref="IByteRangeReader.GetRangesAsync"/> call; each inner chunk it covers in part goes to the inner
/// pipeline's own partial decoder over that inner chunk's bytes, so nested sharding reads in part at every level.
/// A region that touches every inner chunk reads the shard whole, in one read (zarr-python's <c>_is_total_shard</c>).
/// </summary>
/// <remarks>
/// The shard's length is unknown when only its index is read, so for an index at the end a one-byte read after the
/// last inner chunk read plus the index length shows that the index still follows it (else the shard is truncated).
/// A shard missing, or deleted between the reads, reads as the fill value.
/// </remarks>
internal sealed class ShardingPartialDecoder : IPartialDecoder
{
    private readonly ShardingCodec _codec;
    private readonly IByteRangeReader _input;
    private readonly ChunkGrid _innerGrid;
    private readonly ChunkSpec _innerSpec;

    public ShardingPartialDecoder(ShardingCodec codec, IByteRangeReader input, ChunkSpec spec)
    {
        _codec = codec;
        _input = input;
        Spec = spec;
        _innerGrid = new ChunkGrid(spec.Shape, codec.ChunkShape);
        _innerSpec = spec.WithShape(codec.ChunkShape);
    }

    public ChunkSpec Spec { get; }

    public async ValueTask<NDBuffer> DecodeAsync(NRange[] region, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        var resolved = PartialRegion.Resolve(Spec, region, prototype);
        long[] shape = ShapeMath.RegionShape(resolved);
        if (ShapeMath.Product(shape) == 0)
        {
            return prototype.NDBuffer.Empty(shape, Spec.DType);
        }

        if (TouchesEveryInnerChunk(resolved))
        {
            var shard = await _input.GetAsync(null, prototype, cancellationToken).ConfigureAwait(false);
            return shard is null ? PartialRegion.Fill(Spec, resolved, prototype) : _codec.Decode(shard, Spec, prototype)[resolved];
        }

        if (await _input.GetAsync(_codec.IndexByteRequest(Spec), prototype, cancellationToken).ConfigureAwait(false) is not { } indexBytes)
        {
            return PartialRegion.Fill(Spec, resolved, prototype);
        }

        var index = _codec.ParseIndex(indexBytes, Spec, prototype, null);
        // Filled first, so that inner chunks the index marks empty need nothing more.
        var output = PartialRegion.Fill(Spec, resolved, prototype);
        var whole = new List<InnerPart>();
        var partial = new List<InnerPart>();
        foreach (var part in _innerGrid.Project(resolved))
        {
            if (index.RangeOf(part.ChunkCoords) is { } range)
            {
                (part.IsComplete || !_codec.Codecs.DecodesPartially ? whole : partial).Add(new InnerPart(part, range));
            }
        }

        return whole.Count + partial.Count == 0 ? output
            : await ReadInnerChunksAsync(whole, partial, output, resolved, prototype, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and decodes the inner chunks the index lists into <paramref name="output"/>; the fill value when the shard was deleted meanwhile.</summary>
    private async Task<NDBuffer> ReadInnerChunksAsync(List<InnerPart> whole, List<InnerPart> partial, NDBuffer output, NRange[] resolved,
        BufferPrototype prototype, CancellationToken cancellationToken)
    {
        var last = whole.Concat(partial).MaxBy(p => p.Range.End);
        var probe = _codec.DataEndProbe(Spec, last.Range.End);
        var reading = whole.Count == 0 ? Task.FromResult<IReadOnlyList<Buffer>?>([])
            : _input.GetRangesAsync([.. whole.Select(p => (ByteRequest?)p.Range)], prototype, cancellationToken);
        var decoding = partial.Select(p => DecodeInPartAsync(p, prototype, cancellationToken)).ToArray();
        var probing = probe is null ? Task.FromResult<Buffer?>(null) : _input.GetAsync(probe, prototype, cancellationToken).AsTask();
        await Task.WhenAll([reading, probing, .. decoding]).ConfigureAwait(false);

        var probed = await probing.ConfigureAwait(false);
        if (await reading.ConfigureAwait(false) is not { } bytes || (probe is not null && probed is null))
        {
            return PartialRegion.Fill(Spec, resolved, prototype);
        }

        if (probed is not null)
        {
            ShardingCodec.CheckDataEndProbe(probed, last.Part.ChunkCoords, last.Range);
        }

        for (int i = 0; i < whole.Count; i++)
        {
            var (part, range) = whole[i];
            output[part.OutputSelection] = _codec.DecodeInnerChunk(bytes[i], range, part.ChunkCoords, Spec, prototype)[part.ChunkSelection];
        }

        for (int i = 0; i < partial.Count; i++)
        {
            output[partial[i].Part.OutputSelection] = await decoding[i].ConfigureAwait(false);
        }

        return output;
    }

    /// <summary>Decodes the part of one inner chunk the region touches with the inner pipeline's partial decoder, over the inner chunk's bytes.</summary>
    private async Task<NDBuffer> DecodeInPartAsync(InnerPart inner, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        long[] coords = inner.Part.ChunkCoords;
        var bytes = new ByteRangeSlice(_input, inner.Range, () => ShardingCodec.OutsideShard(coords, inner.Range, "the shard"));
        try
        {
            return await _codec.Codecs.CreatePartialDecoder(bytes, _innerSpec).DecodeAsync(inner.Part.ChunkSelection, prototype, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw ShardingCodec.InvalidInnerChunk(coords, ex);
        }
    }

    // A selection that touches every inner chunk needs about every byte of the shard, so one whole read beats an index
    // read plus range reads.
    private bool TouchesEveryInnerChunk(NRange[] region)
    {
        var innerShape = _innerGrid.ChunkShape;
        var grid = _innerGrid.GridShape;
        for (int axis = 0; axis < region.Length; axis++)
        {
            if (region[axis].Start.Value >= innerShape[axis] || (region[axis].End.Value - 1) / innerShape[axis] < grid[axis] - 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An inner chunk the region touches and where the index puts its bytes.</summary>
    private readonly record struct InnerPart(ChunkProjection Part, RangeByteRequest Range);
}
