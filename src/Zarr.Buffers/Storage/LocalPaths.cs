using System.Buffers;
using System.Text;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// How <see cref="LocalStore"/> maps keys to paths under its root: which keys are file paths at all, how long they
/// may be on this platform, and whether a path, once its symbolic links are followed, still lies inside the root.
/// </summary>
/// <remarks>
/// Checks run in time linear in the key's length, and the length limits come first, so that a key of any length is
/// refused before anything proportional to its segment count (per-folder strings, file-system calls) is spent on it.
/// </remarks>
internal sealed class LocalPaths
{
    /// <summary>The longest file name, in UTF-8 bytes on Unix and UTF-16 characters on Windows (NAME_MAX, NTFS).</summary>
    internal const int MaxNameLength = 255;

    /// <summary>
    /// The longest path the platform opens, without its terminating NUL: PATH_MAX (4096) on Linux, 1024 on macOS, in
    /// UTF-8 bytes; on Windows the 32,767 UTF-16 characters of extended paths, which .NET uses for long paths.
    /// </summary>
    internal static readonly int MaxPathLength =
        OperatingSystem.IsWindows() ? 32_767 : OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? 1023 : 4095;

    /// <summary>Links followed while resolving one path before it counts as a loop, as Linux's own limit (MAXSYMLINKS).</summary>
    private const int MaxLinkHops = 40;

    private static readonly SearchValues<char> s_forbidden =
        SearchValues.Create([.. Path.GetInvalidFileNameChars(), '\\', '/']);

    private static readonly StringComparison s_pathComparison =
        IgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly char[] s_separators = ['/', Path.DirectorySeparatorChar];

    /// <summary>The length of <see cref="Root"/> and the separator after it, in the unit of <see cref="MaxPathLength"/>.</summary>
    private readonly int _rootPathLength;

    private string? _resolvedRoot;

    /// <summary>Makes the rules for keys under <paramref name="root"/>.</summary>
    /// <param name="root">The folder, absolute or relative to the current directory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or not a valid path.</exception>
    public LocalPaths(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        // A file-system root such as "/" keeps its separator; any other root is followed by one.
        _rootPathLength = PathLength(Root) + (Path.EndsInDirectorySeparator(Root) ? 0 : 1);
    }

    /// <summary>Compares paths as the platform's file systems usually do: ignoring case on Windows and macOS.</summary>
    public static StringComparer PathComparer { get; } =
        IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The absolute path of the root folder, as given (a link stays a link).</summary>
    public string Root { get; }

    /// <summary>
    /// The root with every symbolic link on its way followed: worked out once, the first time the root exists
    /// (until then, each time), so that a root reached through a link keeps working and costs nothing afterwards.
    /// </summary>
    public string ResolvedRoot
    {
        get
        {
            if (Volatile.Read(ref _resolvedRoot) is { } resolved)
            {
                return resolved;
            }

            int hops = 0;
            string fileSystemRoot = Path.GetPathRoot(Root)!;
            // Links that loop leave the root as given: nothing under it can be opened anyway.
            resolved = Resolve(fileSystemRoot, Root.AsSpan(fileSystemRoot.Length), ref hops) ?? Root;
            if (Directory.Exists(resolved))
            {
                Volatile.Write(ref _resolvedRoot, resolved);
            }

            return resolved;
        }
    }

    /// <summary>
    /// Checks a key: a relative path of whole file names (not <c>.</c>, <c>..</c> or a temporary-file name, without
    /// backslashes, characters file names cannot hold or lone surrogates), each at most <see cref="MaxNameLength"/> long, and short
    /// enough that the root and the key (or the key's folder and a temporary file's name) make a path the platform
    /// can open.
    /// </summary>
    /// <param name="key">A key that passed the rules every store shares.</param>
    /// <exception cref="ArgumentException">The key breaks a rule; the message names it and the rule.</exception>
    public void ValidateKey(string key)
    {
        // The key's temporary file lies beside it, and its name may be longer than the key's own.
        int folderLength = PathLength(key.AsSpan(0, key.LastIndexOf('/') + 1));
        if (_rootPathLength + Math.Max(PathLength(key), folderLength + AtomicFileWriter.MaxTempNameLength) > MaxPathLength)
        {
            throw new ArgumentException(
                $"{Show(key)} is too long for a LocalStore key under '{Root}': with the root it makes a path longer than "
                + $"the {MaxPathLength} {PathUnit} this platform allows (room for a temporary file's name included).", nameof(key));
        }

        ValidateSegments(key, key, nameof(key), lastIsPartial: false);
    }

    /// <summary>
    /// Checks a prefix: as a string prefix, whose last segment may be the start of a name, or as a directory, whose
    /// every segment is a whole name (<c>".."</c> lists <c>"..x"</c> but would delete the root's parent).
    /// </summary>
    /// <param name="prefix">A prefix that passed the rules every store shares.</param>
    /// <param name="isDirectory">Whether the prefix names a directory.</param>
    /// <exception cref="ArgumentException">The prefix breaks a rule; the message names it and the rule.</exception>
    public static void ValidatePrefix(string prefix, bool isDirectory)
    {
        if (prefix.Length > 0)
        {
            bool endsWithSlash = prefix[^1] == '/';
            ValidateSegments(endsWithSlash ? prefix[..^1] : prefix, prefix, nameof(prefix), lastIsPartial: !endsWithSlash && !isDirectory);
        }
    }

    /// <summary>
    /// Where a relative path under the root leads once every symbolic link on it is followed, or
    /// <see langword="null"/> when it leaves the root or its links loop.
    /// </summary>
    /// <param name="relative">A checked key or directory prefix, or <c>""</c> for the root.</param>
    /// <returns>The resolved path, inside the root; parts that do not exist are kept as they are.</returns>
    public string? ResolveInside(string relative) => ResolveInside(ResolvedRoot, relative);

    /// <summary>
    /// Where <paramref name="relative"/>, taken from the resolved folder <paramref name="from"/>, leads once every
    /// symbolic link on it is followed, or <see langword="null"/> when that is outside the root or the links loop.
    /// </summary>
    /// <param name="from">A resolved folder inside the root.</param>
    /// <param name="relative">A relative path: a key, a name, or a link's target.</param>
    /// <returns>The resolved path, inside the root, or <see langword="null"/>.</returns>
    public string? ResolveInside(string from, ReadOnlySpan<char> relative)
    {
        int hops = 0;
        return Resolve(from, relative, ref hops) is { } resolved && IsInside(resolved) ? resolved : null;
    }

    /// <summary>
    /// Where a checked key lives: its entry (its folder resolved, its own name not followed), which writes replace
    /// and deletes remove, and its target (every link followed), which reads open.
    /// </summary>
    /// <param name="key">A key that passed <see cref="ValidateKey"/>.</param>
    /// <returns>The entry and the target, both inside the root.</returns>
    /// <exception cref="ArgumentException">The key leads outside the root, or through links that loop.</exception>
    public (string Entry, string Target) Locate(string key)
    {
        int slash = key.LastIndexOf('/');
        string name = key[(slash + 1)..];
        if (ResolveInside(slash < 0 ? "" : key[..slash]) is { } folder && ResolveInside(folder, name) is { } target)
        {
            return (Path.Join(folder, name), target);
        }

        throw new ArgumentException(
            $"{Show(key)} is not a valid key of the LocalStore at '{Root}': a symbolic link on its path leads outside "
            + "the root (or the links loop), and a LocalStore never reads, writes or deletes outside its root.", nameof(key));
    }

    /// <summary>Whether a resolved path is the resolved root or lies under it.</summary>
    /// <param name="resolved">A path whose links are all followed.</param>
    /// <returns><see langword="true"/> when the path is inside the root.</returns>
    public bool IsInside(string resolved)
    {
        string root = ResolvedRoot;
        return resolved.StartsWith(root, s_pathComparison)
            && (resolved.Length == root.Length || Path.EndsInDirectorySeparator(root) || resolved[root.Length] == Path.DirectorySeparatorChar);
    }

    /// <summary>
    /// A key or prefix as an error message shows it: quoted, and when it is long, by its start and its length, so
    /// that refusing a huge key does not cost a message as large.
    /// </summary>
    /// <param name="value">The key or prefix.</param>
    /// <returns>The text to show.</returns>
    public static string Show(string value) => $"'{MessageText.Bounded(value)}'";

    private static bool IgnoresCase => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    private static string PathUnit => OperatingSystem.IsWindows() ? "characters" : "UTF-8 bytes";

    /// <summary>A path's length in the unit the platform limits: UTF-8 bytes on Unix, UTF-16 characters on Windows.</summary>
    private static int PathLength(ReadOnlySpan<char> path) => OperatingSystem.IsWindows() ? path.Length : Encoding.UTF8.GetByteCount(path);

    /// <summary>
    /// Checks the segments of a key or prefix (without its trailing <c>/</c>); when <paramref name="lastIsPartial"/>,
    /// the last segment is the start of a name and only its characters are checked. Windows drops a trailing dot or
    /// space from a file name, which would alias two keys, so there such whole segments are rejected too.
    /// </summary>
    private static void ValidateSegments(string path, string original, string parameter, bool lastIsPartial)
    {
        int partialStart = lastIsPartial ? path.LastIndexOf('/') + 1 : int.MaxValue;
        foreach (Range range in path.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> segment = path.AsSpan()[range];
            bool whole = range.Start.Value < partialStart;
            if (segment.ContainsAny(s_forbidden) || (whole && (segment.IsEmpty || segment is "." || segment is ".."
                || AtomicFileWriter.IsTempName(segment) || (OperatingSystem.IsWindows() && segment[^1] is '.' or ' '))))
            {
                throw new ArgumentException(
                    $"{Show(original)} is not a valid LocalStore key: every '/'-separated segment must be a non-empty file name, "
                    + "not '.' or '..', without backslashes or other characters forbidden in file names.", parameter);
            }

            if (whole && HasLoneSurrogate(segment))
            {
                throw new ArgumentException(
                    $"{Show(original)} is not a valid LocalStore key: its segment {Show(segment.ToString())} holds a lone surrogate, "
                    + "which a file name cannot hold (Unix stores it as U+FFFD, so keys with different lone surrogates would share one file).",
                    parameter);
            }

            if (whole && PathLength(segment) > MaxNameLength)
            {
                throw new ArgumentException(
                    $"{Show(original)} is not a valid LocalStore key: its segment {Show(segment.ToString())} is longer than "
                    + $"the {MaxNameLength} {PathUnit} a file name may have.", parameter);
            }
        }
    }

    /// <summary>Whether <paramref name="segment"/> is not well-formed UTF-16: a surrogate without its other half.</summary>
    private static bool HasLoneSurrogate(ReadOnlySpan<char> segment)
    {
        int first = segment.IndexOfAnyInRange('\uD800', '\uDFFF');
        segment = first < 0 ? default : segment[first..];
        while (!segment.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(segment, out _, out int consumed) != OperationStatus.Done)
            {
                return true;
            }

            segment = segment[consumed..];
        }

        return false;
    }

    /// <summary>
    /// Walks <paramref name="relative"/> from the resolved folder <paramref name="from"/>, following each symbolic
    /// link (its target resolved in turn, from the link's folder) as <c>realpath(3)</c> does.
    /// </summary>
    /// <returns>The resolved path; parts that do not exist are kept as they are; <see langword="null"/> when links loop.</returns>
    private static string? Resolve(string from, ReadOnlySpan<char> relative, ref int hops)
    {
        string current = from;
        while (!relative.IsEmpty)
        {
            int separator = relative.IndexOfAny(s_separators);
            ReadOnlySpan<char> segment = separator < 0 ? relative : relative[..separator];
            relative = separator < 0 ? default : relative[(separator + 1)..];
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            string next = Path.Join(current, segment);
            var entry = new FileInfo(next);
            FileAttributes attributes = entry.Attributes;
            if ((int)attributes == -1)
            {
                // Nothing below a missing entry exists, so no link below it can lead anywhere: the rest is literal.
                return relative.IsEmpty ? next : Path.GetFullPath(Path.Join(next, relative));
            }

            if (!attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            bool rooted = Path.IsPathRooted(target);
            string start = rooted ? Path.GetPathRoot(target)! : current;
            if (Resolve(start, target.AsSpan(rooted ? start.Length : 0), ref hops) is not { } resolved)
            {
                return null;
            }

            current = resolved;
        }

        return current;
    }
}
