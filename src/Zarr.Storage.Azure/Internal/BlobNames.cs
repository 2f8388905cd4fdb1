using Zarr.Buffers.Internal;

namespace Zarr.Storage.Azure.Internal;

/// <summary>
/// How <see cref="AzureBlobStore"/> maps keys to blob names: the store's prefix, then the key. Both are checked so that
/// no two keys name the same blob and no key names a blob outside the prefix.
/// </summary>
internal static class BlobNames
{
    /// <summary>The longest blob name the service accepts, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The prefix as the store keeps it: <c>""</c> for the whole container, else its segments joined by <c>/</c> with one
    /// <c>/</c> at the end; a leading or trailing <c>/</c> is dropped (<c>"/data/a.zarr/"</c> becomes <c>"data/a.zarr/"</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> has a backslash or a segment that is empty or ends with a dot, or is too long for a blob name.</exception>
    public static string NormalisePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string trimmed = prefix.Trim('/');
        if (trimmed.Length == 0)
        {
            return "";
        }

        if (Flaw(trimmed) is { } flaw)
        {
            throw new ArgumentException($"A blob prefix must be '/'-separated names, got '{MessageText.Bounded(prefix)}' with {flaw}.", nameof(prefix));
        }

        string normalised = trimmed + "/";
        return normalised.Length < MaxLength
            ? normalised
            : throw new ArgumentException(
                $"A blob prefix must leave room for keys within the {MaxLength} characters of a blob name, got one of {normalised.Length} characters: '{MessageText.Bounded(prefix)}'.",
                nameof(prefix));
    }

    /// <summary>
    /// Checks a key that the store's base rules accepted: no backslash and no segment that is empty or ends with a dot
    /// (see <see cref="Flaw"/>), and short enough under <paramref name="prefix"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The key breaks a rule; the message names it.</exception>
    public static void ValidateKey(string prefix, string key)
    {
        if (Flaw(key) is { } flaw)
        {
            throw new ArgumentException($"An Azure Blob store key must be '/'-separated names, got '{MessageText.Bounded(key)}' with {flaw}.", nameof(key));
        }

        if (prefix.Length + key.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The blob name of key '{MessageText.Bounded(key)}' under prefix '{MessageText.Bounded(prefix)}' has {prefix.Length + key.Length} characters; the service allows {MaxLength}.",
                nameof(key));
        }
    }

    /// <summary><paramref name="prefix"/> as a directory: <c>""</c> stays <c>""</c>, anything else ends with one <c>/</c>.</summary>
    public static string AsDirectory(string prefix) =>
        prefix.Length == 0 || prefix[^1] == '/' ? prefix : prefix + "/";

    /// <summary>
    /// What would make <paramref name="path"/> name another blob than it says, or null: a backslash (a blob URL turns it
    /// into <c>/</c>), an empty segment, or a segment ending with a dot (a URL collapses <c>.</c> and <c>..</c>, and the
    /// service's naming rules say that no path segment should end with a dot).
    /// </summary>
    private static string? Flaw(string path)
    {
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "a backslash, which a blob URL turns into '/'";
        }

        return path.Split('/').FirstOrDefault(segment => segment.Length == 0 || segment[^1] == '.') switch
        {
            null => null,
            "" => "an empty segment",
            var segment => $"the segment '{MessageText.Bounded(segment)}', which ends with a dot (a blob URL collapses '.' and '..', and the service's naming rules forbid a trailing dot)",
        };
    }
}
