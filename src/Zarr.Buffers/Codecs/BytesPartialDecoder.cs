using System.Buffers;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>
/// The <c>bytes</c> codec's partial decoder: a region of a chunk stored in C order is a set of contiguous byte runs,
/// one per element of the region's leading axes, so it reads only those runs (in one <see cref="IByteRangeReader.GetRangesAsync"/>
/// call that the store may coalesce) and decodes them as a chunk of the region's shape.
/// </summary>
internal sealed class BytesPartialDecoder(BytesCodec codec, IByteRangeReader input, ChunkSpec spec) : IPartialDecoder
{
    public ChunkSpec Spec { get; } = spec;

    public async ValueTask<NDBuffer> DecodeAsync(NRange[] region, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        var resolved = PartialRegion.Resolve(Spec, region, prototype);
        long[] shape = ShapeMath.RegionShape(resolved);
        if (PartialRegion.IsWhole(Spec, resolved))
        {
            var whole = await input.GetAsync(null, prototype, cancellationToken).ConfigureAwait(false);
            return whole is null ? PartialRegion.Fill(Spec, resolved, prototype) : codec.Decode(whole, Spec, prototype);
        }

        if (ShapeMath.Product(shape) == 0)
        {
            return prototype.NDBuffer.Empty(shape, Spec.DType);
        }

        var runs = Runs(resolved);
        var parts = runs.Count == 1
            ? await input.GetAsync(runs[0], prototype, cancellationToken).ConfigureAwait(false) is { } single ? [single] : null
            : await input.GetRangesAsync(runs, prototype, cancellationToken).ConfigureAwait(false);
        return parts is null ? PartialRegion.Fill(Spec, resolved, prototype) : codec.Decode(Join(parts, runs, prototype), Spec.DType, shape, prototype);
    }

    /// <summary>
    /// The byte runs of a region (of rank 1 or more: a scalar's only region is whole) in C order: the trailing axes the region covers whole, with the axis before them, make
    /// one contiguous run; each combination of indexes on the axes before that starts another.
    /// </summary>
    private List<ByteRequest?> Runs(NRange[] region)
    {
        var shape = Spec.Shape;
        int rank = shape.Length;
        long[] strides = new long[rank];
        long stride = Spec.DType.ItemSize;
        for (int axis = rank - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }

        int runAxis = rank - 1;
        while (runAxis > 0 && region[runAxis].Start.Value == 0 && region[runAxis].End.Value == shape[runAxis])
        {
            runAxis--;
        }

        long runLength = (region[runAxis].End.Value - region[runAxis].Start.Value) * strides[runAxis];
        var runs = new List<ByteRequest?>();
        long[] index = [.. region.Take(runAxis).Select(range => (long)range.Start.Value)];
        while (true)
        {
            long start = region[runAxis].Start.Value * strides[runAxis];
            for (int axis = 0; axis < runAxis; axis++)
            {
                start += index[axis] * strides[axis];
            }

            runs.Add(new RangeByteRequest(start, start + runLength));
            int next = runAxis - 1;
            while (next >= 0 && ++index[next] == region[next].End.Value)
            {
                index[next] = region[next].Start.Value;
                next--;
            }

            if (next < 0)
            {
                return runs;
            }
        }
    }

    /// <summary>The runs' bytes one after another, each checked to be as long as its run (a shorter one means a truncated chunk).</summary>
    private Buffer Join(IReadOnlyList<Buffer> parts, List<ByteRequest?> runs, BufferPrototype prototype)
    {
        long total = parts.Sum(part => (long)part.Length);
        byte[] joined = GC.AllocateUninitializedArray<byte>(checked((int)total));
        int position = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            var run = (RangeByteRequest)runs[i]!;
            if (parts[i].Length != run.End - run.Start)
            {
                throw Spec.EncodedLengthMismatch($"ends before byte {run.End}: it is truncated");
            }

            parts[i].AsSpan().CopyTo(joined.AsSpan(position));
            position += parts[i].Length;
        }

        return prototype.Buffer.FromArrayLike(joined);
    }
}
