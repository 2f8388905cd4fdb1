using System.Text.RegularExpressions;
using CsCheck;

namespace Zarr.Testing.CsCheck;

/// <summary>The replay seed in a CsCheck failure report.</summary>
internal static partial class CsCheckSeeds
{
    /// <summary>The seed CsCheck's report names, or null when it names none.</summary>
    public static string? SeedOf(CsCheckException failure) =>
        SeedPattern().Match(failure.Message) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("Set seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
