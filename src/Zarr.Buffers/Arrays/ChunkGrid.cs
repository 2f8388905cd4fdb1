using System.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Arrays;

/// <summary>
/// A regular chunk grid (Zarr v3 <c>chunk_grid</c> <c>regular</c>): the array is cut into chunks of one shape,
/// and the chunks at the upper edges keep that full shape in storage even where they extend past the array.
/// </summary>
public sealed class ChunkGrid
{
    private readonly long[] _arrayShape;
    private readonly long[] _chunkShape;
    private readonly long[] _gridShape;

    /// <summary>Creates the grid of an array.</summary>
    /// <param name="arrayShape">The array's shape; lengths may be 0.</param>
    /// <param name="chunkShape">The chunk shape, of the same rank; every length at least 1.</param>
    /// <exception cref="ArgumentException">The ranks differ, a length of <paramref name="arrayShape"/> is negative or a length of <paramref name="chunkShape"/> is below 1.</exception>
    public ChunkGrid(ReadOnlySpan<long> arrayShape, ReadOnlySpan<long> chunkShape)
    {
        if (arrayShape.Length != chunkShape.Length)
        {
            throw new ArgumentException(
                $"Chunk shape {ShapeMath.Format(chunkShape)} has rank {chunkShape.Length} but array shape {ShapeMath.Format(arrayShape)} has rank {arrayShape.Length}.",
                nameof(chunkShape));
        }

        _arrayShape = arrayShape.ToArray();
        _chunkShape = chunkShape.ToArray();
        _gridShape = new long[arrayShape.Length];
        for (int axis = 0; axis < _gridShape.Length; axis++)
        {
            if (_arrayShape[axis] < 0 || _chunkShape[axis] < 1)
            {
                throw new ArgumentException(
                    $"Array shape {ShapeMath.Format(arrayShape)} must be >= 0 and chunk shape {ShapeMath.Format(chunkShape)} >= 1 on every axis.",
                    _arrayShape[axis] < 0 ? nameof(arrayShape) : nameof(chunkShape));
            }

            // Ceiling division that cannot overflow, unlike (a + c - 1) / c for an array near long.MaxValue.
            long length = _arrayShape[axis];
            _gridShape[axis] = length == 0 ? 0 : (length - 1) / _chunkShape[axis] + 1;
        }
    }

    /// <summary>The array's shape.</summary>
    public ReadOnlySpan<long> ArrayShape => _arrayShape;

    /// <summary>The shape of every chunk, edge chunks included.</summary>
    public ReadOnlySpan<long> ChunkShape => _chunkShape;

    /// <summary>The number of chunks along each axis.</summary>
    public ReadOnlySpan<long> GridShape => _gridShape;

    /// <summary>
    /// Resolves a region to one plain <c>[start, end)</c> range per axis; missing trailing axes are taken whole and
    /// from-end indexes (<c>^1</c>) count from each axis' length.
    /// </summary>
    /// <param name="region">One range per leading axis; null or empty means the whole array.</param>
    /// <returns>The resolved ranges, one per axis.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the array has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range does not lie inside the array; the message names the region and the shape.</exception>
    public NRange[] ResolveRegion(params NRange[]? region) => ShapeMath.ResolveRanges(_arrayShape, region ?? [], nameof(region));

    /// <summary>The shape of a region, that is of the buffer that holds it.</summary>
    /// <param name="region">The region, as for <see cref="ResolveRegion"/>.</param>
    /// <returns>The length of the region along each axis.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the array has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range does not lie inside the array.</exception>
    public long[] RegionShape(params NRange[]? region) =>
        [.. ResolveRegion(region).Select(r => (long)(r.End.Value - r.Start.Value))];

    /// <summary>
    /// The chunks a region touches, in C order of their grid coordinates, each with the selection inside the chunk
    /// and inside the region's buffer. An empty region touches no chunk.
    /// </summary>
    /// <param name="region">The region, as for <see cref="ResolveRegion"/>.</param>
    /// <returns>One projection per touched chunk.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the array has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range does not lie inside the array.</exception>
    public IReadOnlyList<ChunkProjection> Project(params NRange[]? region)
    {
        var resolved = ResolveRegion(region);
        int rank = resolved.Length;
        var parts = new AxisPart[rank][];
        for (int axis = 0; axis < rank; axis++)
        {
            parts[axis] = ProjectAxis(resolved[axis].Start.Value, resolved[axis].End.Value, axis);
            if (parts[axis].Length == 0)
            {
                return [];
            }
        }

        var result = new List<ChunkProjection>();
        var counters = new int[rank];
        while (true)
        {
            var coords = new long[rank];
            var inChunk = new NRange[rank];
            var inOutput = new NRange[rank];
            bool complete = true;
            for (int axis = 0; axis < rank; axis++)
            {
                var part = parts[axis][counters[axis]];
                coords[axis] = part.Chunk;
                inChunk[axis] = part.InChunk;
                inOutput[axis] = part.InOutput;
                complete &= part.Complete;
            }

            result.Add(new ChunkProjection(coords, inChunk, inOutput, complete));
            int next = rank - 1;
            while (next >= 0 && ++counters[next] == parts[next].Length)
            {
                counters[next--] = 0;
            }

            if (next < 0)
            {
                return result;
            }
        }
    }

    private AxisPart[] ProjectAxis(long start, long end, int axis)
    {
        long size = _chunkShape[axis];
        if (start == end)
        {
            return [];
        }

        long first = start / size, last = (end - 1) / size;
        var parts = new AxisPart[last - first + 1];
        for (long chunk = first; chunk <= last; chunk++)
        {
            // The chunk's end inside the array, without computing chunkStart + size, which overflows for the last chunk of a huge array.
            long chunkStart = chunk * size;
            long chunkEnd = chunkStart + Math.Min(size, _arrayShape[axis] - chunkStart);
            long from = Math.Max(start, chunkStart);
            long to = Math.Min(end, chunkEnd);
            bool complete = from == chunkStart && to == chunkEnd;
            parts[chunk - first] = new AxisPart(
                chunk,
                new NRange((nint)(from - chunkStart), (nint)(to - chunkStart)),
                new NRange((nint)(from - start), (nint)(to - start)),
                complete);
        }

        return parts;
    }

    private readonly record struct AxisPart(long Chunk, NRange InChunk, NRange InOutput, bool Complete);
}
