using CsCheck;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>
/// What a generator shrinks to. CsCheck's shrinking keeps the failing sample of the least <see cref="Size"/>; this
/// finds that sample among many drawn from a fixed seed, so the answer is deterministic and needs no failing property.
/// </summary>
internal static class Shrinking
{
    private const int Samples = 20_000;

    /// <summary>The sample of the least size among <see cref="Samples"/> (only those <paramref name="where"/> accepts, if given).</summary>
    public static T Simplest<T>(Gen<T> gen, Func<T, bool>? where = null)
    {
        var pcg = new PCG(12, 34);
        T simplest = default!;
        Size? least = null;
        for (int i = 0; i < Samples; i++)
        {
            var sample = gen.Generate(pcg, null, out var size);
            if ((where?.Invoke(sample) ?? true) && (least is null || Size.IsLessThan(size, least)))
            {
                (simplest, least) = (sample, size);
            }
        }

        least.Should().NotBeNull("some sample must match");
        return simplest;
    }
}
