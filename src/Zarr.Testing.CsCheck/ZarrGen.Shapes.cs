using System.Buffers;
using CsCheck;

namespace Zarr.Testing.CsCheck;

/// <content>Shapes, chunk shapes, inner chunk shapes of shards, axis permutations and regions.</content>
public static partial class ZarrGen
{
    /// <summary>
    /// Array shapes of 0 to <paramref name="maxRank"/> axes (rank 0 is a scalar), each of length 1 to
    /// <paramref name="maxLength"/> or, one axis in ten, 0. Shrinks toward rank 0, then toward length 1.
    /// </summary>
    /// <param name="maxRank">The most axes, at least 0.</param>
    /// <param name="maxLength">The longest axis, at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRank"/> is negative or <paramref name="maxLength"/> is below 1.</exception>
    public static Gen<long[]> Shape(int maxRank = 3, long maxLength = 6)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRank);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return Gen.Frequency((9, Gen.Long[1, maxLength]), (1, Gen.Const(0L))).Array[0, maxRank];
    }

    /// <summary>
    /// Chunk shapes of the rank of <paramref name="shape"/> whose lengths are all at least 1 (a chunk shape of an array
    /// whose axis has length 0 included): mostly at most the axis length, one axis in five up to three longer, so
    /// that chunks overhang the array's end. Shrinks toward one chunk covering each axis.
    /// </summary>
    /// <param name="shape">The array's shape.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentException">A length of <paramref name="shape"/> is negative.</exception>
    public static Gen<long[]> ChunkShape(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        RequireLengths(shape, 0, nameof(shape));
        long[] covering = [.. shape.Select(length => Math.Max(length, 1))];
        var axes = covering.Select(length => Gen.Frequency(
            (4, Gen.Long[0, length - 1].Select(shorter => length - shorter)),
            (1, Gen.Long[1, 3].Select(longer => length + longer))));
        return Sequence(axes);
    }

    /// <summary>
    /// The inner chunk shapes of a shard of shape <paramref name="shardShape"/>: on each axis a divisor of its length,
    /// as <c>sharding_indexed</c> requires. Shrinks toward the whole shard (one inner chunk).
    /// </summary>
    /// <param name="shardShape">The shard's (the array's chunk) shape; every length at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shardShape"/> is null.</exception>
    /// <exception cref="ArgumentException">A length of <paramref name="shardShape"/> is below 1.</exception>
    public static Gen<long[]> InnerChunkShape(long[] shardShape)
    {
        ArgumentNullException.ThrowIfNull(shardShape);
        RequireLengths(shardShape, 1, nameof(shardShape));
        return Sequence(shardShape.Select(length => Gen.OneOf(Divisors(length))));
    }

    /// <summary>The orders of <c>0..rank-1</c>, as <c>transpose</c> takes; shrinks toward the identity.</summary>
    /// <param name="rank">The number of axes, at least 0.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is negative.</exception>
    public static Gen<int[]> Permutation(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        // A Lehmer code: position i takes the choice-th axis not yet taken, so all-zero choices are the identity.
        return Sequence(Enumerable.Range(0, rank).Select(position => Gen.Int[0, rank - 1 - position])).Select(choices =>
        {
            var remaining = Enumerable.Range(0, rank).ToList();
            return choices.Select(choice => Take(remaining, choice)).ToArray();
        });
    }

    /// <summary>
    /// Regions inside <paramref name="shape"/>, one range per axis, empty ranges (at either end and inside) included.
    /// Shrinks toward the whole array.
    /// </summary>
    /// <param name="shape">The array's shape.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentException">A length of <paramref name="shape"/> is negative.</exception>
    public static Gen<NRange[]> Region(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        RequireLengths(shape, 0, nameof(shape));
        return Sequence(shape.Select(length => Gen.Long[0, length].SelectMany(start =>
            Gen.Long[0, length - start].Select(cut => new NRange((nint)start, (nint)(length - cut))))));
    }

    /// <summary>One sample of each generator, in order, as an array (empty for none).</summary>
    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (sequence, next) => Gen.Select(sequence, next, (items, item) => (T[])[.. items, item]));

    private static int Take(List<int> remaining, int index)
    {
        int item = remaining[index];
        remaining.RemoveAt(index);
        return item;
    }

    /// <summary>The divisors of <paramref name="length"/>, greatest first, in time proportional to its square root.</summary>
    private static long[] Divisors(long length)
    {
        var small = new List<long>();
        for (long d = 1; d <= length / d; d++)
        {
            if (length % d == 0)
            {
                small.Add(d);
            }
        }

        return [.. small.Select(d => length / d).Concat(small.AsEnumerable().Reverse()).Distinct()];
    }

    private static void RequireLengths(long[] shape, long least, string parameter)
    {
        if (shape.Any(length => length < least))
        {
            throw new ArgumentException($"Every length of [{string.Join(", ", shape)}] must be at least {least}.", parameter);
        }
    }
}
