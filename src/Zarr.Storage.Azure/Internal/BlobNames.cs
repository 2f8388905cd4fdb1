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
    /// <exception cref="ArgumentException"><paramref name="prefix"/> has an empty, <c>.</c> or <c>..</c> segment, or is too long for a blob name.</exception>
    public static string NormalisePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string trimmed = prefix.Trim('/');
        if (trimmed.Length == 0)
        {
            return "";
        }

        if (BadSegment(trimmed) is { } segment)
        {
            throw new ArgumentException(
                $"A blob prefix must be '/'-separated names without empty, '.' or '..' segments, got '{MessageText.Bounded(prefix)}' (segment '{segment}').",
                nameof(prefix));
        }

        string normalised = trimmed + "/";
        return normalised.Length < MaxLength
            ? normalised
            : throw new ArgumentException(
                $"A blob prefix must leave room for keys within the {MaxLength} characters of a blob name, got one of {normalised.Length} characters: '{MessageText.Bounded(prefix)}'.",
                nameof(prefix));
    }

    /// <summary>
    /// Checks a key that the store's base rules accepted: no empty, <c>.</c> or <c>..</c> segment (a blob URL would
    /// collapse them into another name), and short enough under <paramref name="prefix"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The key breaks a rule; the message names it.</exception>
    public static void ValidateKey(string prefix, string key)
    {
        if (BadSegment(key) is { } segment)
        {
            throw new ArgumentException(
                $"An Azure Blob store key must be '/'-separated names without empty, '.' or '..' segments (a blob URL would collapse them), got '{MessageText.Bounded(key)}' (segment '{segment}').",
                nameof(key));
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

    private static string? BadSegment(string path) =>
        path.Split('/').FirstOrDefault(segment => segment is "" or "." or "..");
}
