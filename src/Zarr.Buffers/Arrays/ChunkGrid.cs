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
        ShapeMath.RegionShape(ResolveRegion(region));

    /// <summary>
    /// The chunks a region touches, in C order of their grid coordinates, each with the selection inside the chunk
    /// and inside the region's buffer. An empty region touches no chunk.
    /// </summary>
    /// <remarks>
    /// The region is checked at once, but the projections are made one at a time as they are enumerated, so a region
    /// of a huge grid (a whole <c>[2^40]</c> array of <c>[1024]</c> chunks) costs memory for one projection, not for
    /// every chunk. Each enumeration starts again from the first chunk.
    /// </remarks>
    /// <param name="region">The region, as for <see cref="ResolveRegion"/>.</param>
    /// <returns>One projection per touched chunk.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the array has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A range does not lie inside the array.</exception>
    public IEnumerable<ChunkProjection> Project(params NRange[]? region)
    {
        var resolved = ResolveRegion(region);
        return resolved.Any(range => range.Start.Value == range.End.Value) ? [] : Enumerate(resolved);
    }

    // An iterator, so that only the chunk being visited exists; Project checks the region before the first MoveNext.
    private IEnumerable<ChunkProjection> Enumerate(NRange[] region)
    {
        int rank = region.Length;
        var first = new long[rank];
        var last = new long[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            first[axis] = region[axis].Start.Value / _chunkShape[axis];
            last[axis] = (region[axis].End.Value - 1) / _chunkShape[axis];
        }

        var chunk = first.ToArray();
        while (true)
        {
            yield return Projection(region, chunk);
            int axis = rank - 1;
            while (axis >= 0 && chunk[axis] == last[axis])
            {
                chunk[axis] = first[axis];
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }

            chunk[axis]++;
        }
    }

    private ChunkProjection Projection(NRange[] region, long[] chunk)
    {
        var inChunk = new NRange[chunk.Length];
        var inOutput = new NRange[chunk.Length];
        bool complete = true;
        for (int axis = 0; axis < chunk.Length; axis++)
        {
            long start = region[axis].Start.Value, end = region[axis].End.Value, size = _chunkShape[axis];

            // The chunk's end inside the array, without computing chunkStart + size, which overflows for the last chunk of a huge array.
            long chunkStart = chunk[axis] * size;
            long chunkEnd = chunkStart + Math.Min(size, _arrayShape[axis] - chunkStart);
            long from = Math.Max(start, chunkStart);
            long to = Math.Min(end, chunkEnd);
            inChunk[axis] = new NRange((nint)(from - chunkStart), (nint)(to - chunkStart));
            inOutput[axis] = new NRange((nint)(from - start), (nint)(to - start));
            complete &= from == chunkStart && to == chunkEnd;
        }

        return new ChunkProjection([.. chunk], inChunk, inOutput, complete);
    }
}
