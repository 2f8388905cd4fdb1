using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>zarr-python's <c>coalesce_ranges</c> and the fetch loop of <c>get_ranges</c>.</summary>
internal static class RangeCoalescer
{
    /// <summary>How many reads of one <see cref="FetchAsync"/> may be in flight at once (zarr-python's default <c>max_concurrency</c>).</summary>
    internal const int MaxConcurrency = 10;

    /// <summary>
    /// Groups the requests into reads: <see cref="RangeByteRequest"/>s sorted by start merge while the gap to
    /// the group's end is at most <paramref name="maxGapBytes"/> and the merged span at most
    /// <paramref name="maxCoalescedBytes"/>; every other request is a read of its own.
    /// </summary>
    /// <param name="ranges">The requests.</param>
    /// <param name="maxGapBytes">The largest gap that still merges.</param>
    /// <param name="maxCoalescedBytes">The largest span of a merged read.</param>
    /// <returns>The reads; each lists the input indices it serves, merged ones in order of start.</returns>
    public static List<CoalescedRead> Plan(IReadOnlyList<ByteRequest?> ranges, long maxGapBytes, long maxCoalescedBytes)
    {
        var reads = new List<CoalescedRead>();
        var mergeable = new List<int>();
        for (int i = 0; i < ranges.Count; i++)
        {
            if (ranges[i] is RangeByteRequest)
            {
                mergeable.Add(i);
            }
            else
            {
                reads.Add(new CoalescedRead(ranges[i], [i]));
            }
        }

        // The index breaks ties so that the plan does not depend on the (unstable) sort.
        mergeable.Sort((a, b) =>
        {
            int byStart = StartOf(ranges, a).CompareTo(StartOf(ranges, b));
            return byStart != 0 ? byStart : a.CompareTo(b);
        });

        int first = 0;
        while (first < mergeable.Count)
        {
            var head = (RangeByteRequest)ranges[mergeable[first]]!;
            long groupEnd = head.End;
            int next = first + 1;
            for (; next < mergeable.Count; next++)
            {
                var range = (RangeByteRequest)ranges[mergeable[next]]!;
                long mergedEnd = Math.Max(groupEnd, range.End);
                if (range.Start - groupEnd > maxGapBytes || mergedEnd - head.Start > maxCoalescedBytes)
                {
                    break;
                }

                groupEnd = mergedEnd;
            }

            int[] members = mergeable.GetRange(first, next - first).ToArray();
            reads.Add(new CoalescedRead(members.Length == 1 ? head : new RangeByteRequest(head.Start, groupEnd), members));
            first = next;
        }

        return reads;
    }

    /// <summary>Runs the plan for <paramref name="ranges"/> through <paramref name="store"/>'s get and slices the merged reads.</summary>
    /// <param name="store">The store whose <see cref="IStore.GetAsync"/> does the reads.</param>
    /// <param name="key">The key to read.</param>
    /// <param name="ranges">The requests.</param>
    /// <param name="prototype">Makes the buffers.</param>
    /// <param name="maxGapBytes">The largest gap that still merges.</param>
    /// <param name="maxCoalescedBytes">The largest span of a merged read.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One buffer per request, in input order.</returns>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> does not exist.</exception>
    public static async Task<IReadOnlyList<Buffer>> FetchAsync(IStore store, string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes, long maxCoalescedBytes, CancellationToken cancellationToken)
    {
        var results = new Buffer[ranges.Count];
        List<CoalescedRead> plan = Plan(ranges, maxGapBytes, maxCoalescedBytes);
        if (plan.Count == 1)
        {
            await FetchOneAsync(store, key, ranges, plan[0], prototype, results, cancellationToken).ConfigureAwait(false);
            return results;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(plan, options,
            (read, token) => FetchOneAsync(store, key, ranges, read, prototype, results, token)).ConfigureAwait(false);
        return results;
    }

    private static async ValueTask FetchOneAsync(IStore store, string key, IReadOnlyList<ByteRequest?> ranges,
        CoalescedRead read, BufferPrototype prototype, Buffer[] results, CancellationToken cancellationToken)
    {
        Buffer whole = await store.GetAsync(key, prototype, read.Request, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Cannot read byte ranges of '{MessageText.Bounded(key)}': the key does not exist in {store}.");
        if (read.Members.Length == 1)
        {
            results[read.Members[0]] = whole;
            return;
        }

        long origin = ((RangeByteRequest)read.Request!).Start;
        foreach (int index in read.Members)
        {
            var range = (RangeByteRequest)ranges[index]!;
            // The merged read may come back short (past the end of the value); the indexer clamps to it.
            int start = (int)Math.Min(range.Start - origin, whole.Length);
            int end = (int)Math.Min(range.End - origin, whole.Length);
            results[index] = whole[start..end];
        }
    }

    private static long StartOf(IReadOnlyList<ByteRequest?> ranges, int index) => ((RangeByteRequest)ranges[index]!).Start;
}

/// <summary>One read of a <see cref="RangeCoalescer"/> plan.</summary>
/// <param name="Request">What to read; a merged span for a group of ranges.</param>
/// <param name="Members">The input indices the read serves.</param>
internal readonly record struct CoalescedRead(ByteRequest? Request, int[] Members);
