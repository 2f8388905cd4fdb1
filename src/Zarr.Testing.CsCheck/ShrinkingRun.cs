using System.Globalization;
using CsCheck;

namespace Zarr.Testing.CsCheck;

/// <summary>What the stateful checks share: their iteration count, and a run that shrinks a failure further from its seed.</summary>
internal static class ShrinkingRun
{
    /// <summary><paramref name="requested"/>, or the count <see cref="CodecConformance.IterationsVariable"/> sets, or <paramref name="defaultCount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> is below 1.</exception>
    public static long Iterations(long? requested, long defaultCount)
    {
        if (requested is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "iterations");
            return count;
        }

        return long.TryParse(Environment.GetEnvironmentVariable(CodecConformance.IterationsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out long set) && set > 0
            ? set
            : defaultCount;
    }

    /// <summary>
    /// Runs <paramref name="sample"/> (iterations, seed) and, on a failure, runs it again from the failure's seed with
    /// <paramref name="shrinkIterations"/>: CsCheck otherwise shrinks only with what is left of the first run.
    /// </summary>
    /// <returns>The shrunk failure, or null when every sample passed.</returns>
    public static async Task<CsCheckException?> ShrunkFailureAsync(Func<long, string?, Task> sample, long iterations, string? seed, long shrinkIterations)
    {
        if (await FailureAsync(sample, iterations, seed).ConfigureAwait(false) is not { } failure)
        {
            return null;
        }

        return await FailureAsync(sample, shrinkIterations, CsCheckSeeds.SeedOf(failure)).ConfigureAwait(false) ?? failure;
    }

    private static async Task<CsCheckException?> FailureAsync(Func<long, string?, Task> sample, long iterations, string? seed)
    {
        try
        {
            await sample(iterations, seed).ConfigureAwait(false);
            return null;
        }
        catch (CsCheckException ex)
        {
            return ex;
        }
    }
}
