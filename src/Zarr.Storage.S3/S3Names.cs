using System.Text;
using System.Text.RegularExpressions;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.S3;

/// <summary>The rules for the bucket, the prefix inside it and the object keys an <see cref="S3Store"/> makes.</summary>
internal static partial class S3Names
{
    /// <summary>S3's limit on an object key, in UTF-8 bytes.</summary>
    public const int MaxObjectKeyBytes = 1024;

    /// <summary>
    /// Checks a bucket name against S3's naming rules for general purpose buckets: 3 to 63 characters, lowercase letters,
    /// digits, <c>.</c> and <c>-</c>, starting and ending with a letter or digit.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="bucket"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="bucket"/> breaks the rules.</exception>
    public static string Bucket(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return BucketPattern().IsMatch(bucket)
            ? bucket
            : throw new ArgumentException(
                $"An S3 bucket name has 3 to 63 characters (lowercase letters, digits, '.' and '-', starting and ending with a letter or digit), got '{MessageText.Bounded(bucket)}'.",
                nameof(bucket));
    }

    /// <summary>
    /// The prefix inside the bucket as the store uses it: <c>""</c> for the bucket root, else the segments followed by
    /// one <c>/</c> (<c>a/b</c> and <c>a/b/</c> are both <c>a/b/</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> starts with <c>/</c>, has an empty, <c>.</c> or <c>..</c> segment, or is too long.</exception>
    public static string Prefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return prefix;
        }

        string directory = prefix[^1] == '/' ? prefix : prefix + "/";
        if (directory[..^1].Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException(
                $"A prefix inside an S3 bucket is '/'-separated names, none empty, '.' or '..', and not starting with '/', got '{MessageText.Bounded(prefix)}'.",
                nameof(prefix));
        }

        return Encoding.UTF8.GetByteCount(directory) < MaxObjectKeyBytes
            ? directory
            : throw new ArgumentException($"A prefix inside an S3 bucket must leave room for keys under S3's {MaxObjectKeyBytes}-byte limit, got '{MessageText.Bounded(prefix)}'.", nameof(prefix));
    }

    /// <summary>Checks what a store key adds to the base rules: no <c>.</c> or <c>..</c> segment, and an object key within S3's limit.</summary>
    /// <exception cref="ArgumentException">The key breaks a rule; the message names it.</exception>
    public static void CheckKey(string key, string objectKey)
    {
        if (key.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"An S3 store key must not have a '.' or '..' segment, which HTTP paths collapse, got '{MessageText.Bounded(key)}'.", nameof(key));
        }

        int bytes = Encoding.UTF8.GetByteCount(objectKey);
        if (bytes > MaxObjectKeyBytes)
        {
            throw new ArgumentException(
                $"The S3 object key of '{MessageText.Bounded(key)}' is {bytes} UTF-8 bytes, more than S3's limit of {MaxObjectKeyBytes}.", nameof(key));
        }
    }

    /// <summary>zarr-python's directory normalisation: <c>""</c> stays <c>""</c>, anything else ends with one <c>/</c>.</summary>
    public static string AsDirectory(string prefix) => prefix.Length == 0 || prefix[^1] == '/' ? prefix : prefix + "/";

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
