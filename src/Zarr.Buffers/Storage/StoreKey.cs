using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>The key and prefix rules every store shares, kept in one place.</summary>
internal static class StoreKey
{
    /// <summary>Checks a key: not null, not empty, not starting with <c>/</c>.</summary>
    /// <param name="key">The key to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or starts with <c>/</c>.</exception>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key[0] == '/')
        {
            throw new ArgumentException(
                $"A store key must be a non-empty path relative to the store root, got '{MessageText.Bounded(key)}'.", nameof(key));
        }
    }

    /// <summary>Checks a prefix: not null and not starting with <c>/</c>; the empty prefix means the whole store.</summary>
    /// <param name="prefix">The prefix to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> starts with <c>/</c>.</exception>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && prefix[0] == '/')
        {
            throw new ArgumentException(
                $"A store prefix must be relative to the store root (empty for the whole store), got '{MessageText.Bounded(prefix)}'.",
                nameof(prefix));
        }
    }

    /// <summary>
    /// zarr-python's directory normalisation for is-empty, delete-dir and get-size-prefix: <c>""</c> stays
    /// <c>""</c>, anything else ends with exactly the one <c>/</c> it had or is given.
    /// </summary>
    /// <param name="prefix">A validated prefix.</param>
    /// <returns><paramref name="prefix"/> as a directory prefix.</returns>
    public static string AsDirectory(string prefix) =>
        prefix.Length == 0 || prefix[^1] == '/' ? prefix : prefix + "/";
}
