namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// Runs one fuzz case under the bounds every case must keep: it ends (no hang), it throws nothing but the
/// exceptions its API documents, and it allocates less than <see cref="MaxAllocatedBytes"/> on its thread.
/// </summary>
internal static class FuzzBounds
{
    /// <summary>Inputs are a few kilobytes and chunks a few hundred bytes: more than this is an unbounded allocation.</summary>
    public const long MaxAllocatedBytes = 64L << 20;

    /// <summary>A case that runs longer has hung (a case takes milliseconds; the margin is for a loaded machine).</summary>
    public static readonly TimeSpan MaxCaseTime = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="fuzzCase"/>, which checks its own result when the call succeeds.</summary>
    /// <param name="fuzzCase">The call under test.</param>
    /// <param name="documented">The exception types the call's <c>&lt;exception&gt;</c> docs allow; any other propagates.</param>
    public static void Run(Action fuzzCase, params Type[] documented)
    {
        var run = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            ThrowsOnlyDocumented(fuzzCase, documented);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        if (!run.Wait(MaxCaseTime))
        {
            throw new TimeoutException($"The fuzz case did not finish within {MaxCaseTime.TotalSeconds} s: a hang.");
        }

        run.GetAwaiter().GetResult().Should().BeLessThan(MaxAllocatedBytes, "a fuzz case of a few kilobytes must not allocate without bound");
    }

    private static void ThrowsOnlyDocumented(Action fuzzCase, Type[] documented)
    {
        try
        {
            fuzzCase();
        }
        catch (Exception ex) when (documented.Any(type => type.IsInstanceOfType(ex)))
        {
            // Documented rejection of bad input: what the fuzz case expects.
        }
    }
}
