using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Zarr.Buffers;

namespace Zarr.Storage;

/// <summary>
/// A store that keeps each value in a file under a root folder (zarr-python's <c>LocalStore</c>): key
/// <c>a/b/c</c> is the file <c>root/a/b/c</c>.
/// </summary>
/// <remarks>
/// <para>
/// Keys are checked before any file is touched: a key must be a relative path of non-empty segments, none of
/// them <c>.</c> or <c>..</c>, without backslashes, NUL or other characters the file system forbids in names, so
/// no key can leave the root or alias another key. zarr-python does no such check (<c>../x</c> escapes its root,
/// <c>a//b</c> and <c>a/./b</c> alias <c>a/b</c>). Names of the form <c>.~zarr-*.partial</c> are reserved for
/// temporary files. On a case-insensitive file system (Windows, macOS by default) keys that differ only in case
/// name the same file, as they do in zarr-python.
/// </para>
/// <para>
/// Writes are atomic: the bytes go to a temporary file in the target's folder, which then replaces the target
/// in one rename, so a reader sees the old value or the new one, never a torn one, and a failed write leaves the
/// old value (or none) and no temporary file. Temporary files never show in listings. <see cref="SetIfNotExistsAsync"/>
/// publishes with an operation that fails when the target exists, in one step (a hard link on Unix, a move without
/// overwrite on Windows), so exactly one of several concurrent writers wins; on a Unix file system without hard
/// links it falls back to a move that checks first, which is not race-free. Writes are not flushed to disk (atomic visibility, not durability), as in zarr-python.
/// </para>
/// <para>
/// The root is created when the store opens (explicitly or on its first get or set), not by the constructor. A
/// read-only store never creates it: opening one whose root is missing, which its first get does, throws
/// <see cref="DirectoryNotFoundException"/>, as zarr-python's <c>FileNotFoundError</c>; exists, listing and sizes
/// do not open the store and report an empty store.
/// </para>
/// <para>
/// Deliberate differences from zarr-python, chosen so that both stores behave alike: <see cref="DeleteAsync"/>
/// deletes one file only, never a directory tree; <see cref="ListPrefixAsync"/> is a plain string prefix, as in
/// MemoryStore (<c>"0"</c> matches <c>0/zarr.json</c> and <c>0_c/zarr.json</c>); folders that hold no file are
/// not keys, so they are not listed by <see cref="ListDirAsync"/>, and deletes remove the folders they leave
/// empty; <see cref="DeleteDirAsync"/> of a prefix naming a file leaves the file and deletes the folder's keys,
/// and <c>DeleteDirAsync("")</c> keeps the root; <see cref="Store.GetPartialValuesAsync"/> returns null for a
/// missing key. Equality compares the root only, as in zarr-python.
/// </para>
/// </remarks>
public class LocalStore : Store, IEquatable<LocalStore>
{
    private const string TempPrefix = ".~zarr-";
    private const string TempSuffix = ".partial";

    /// <summary>
    /// How often a write tries to create its temporary file when concurrent deletes keep removing the folder it
    /// writes into; each loss backs off a little longer, and a file in the way fails every attempt quickly.
    /// </summary>
    private const int FolderRaceAttempts = 50;

    private static readonly SearchValues<char> s_forbidden =
        SearchValues.Create([.. Path.GetInvalidFileNameChars(), '\\', '/']);

    private static readonly StringComparer s_pathComparer =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static readonly EnumerationOptions s_recursive = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
    };

    private static readonly EnumerationOptions s_flat = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    /// <summary>Where the key starts in the full path of a file under the root.</summary>
    private readonly int _keyOffset;

    /// <summary>Makes a store over the folder <paramref name="root"/>; the folder need not exist yet.</summary>
    /// <param name="root">The folder, absolute or relative to the current directory.</param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty, not a valid path, or an existing file (the message says it is not a directory).</exception>
    public LocalStore(string root, bool readOnly = false)
        : base(readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (File.Exists(Root))
        {
            throw new ArgumentException($"The LocalStore root '{Root}' is not a directory: it is a file.", nameof(root));
        }

        // A file-system root such as "/" keeps its separator; any other root is followed by one.
        _keyOffset = Path.EndsInDirectorySeparator(Root) ? Root.Length : Root.Length + 1;
    }

    /// <summary>The absolute path of the root folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => true;

    /// <inheritdoc />
    public override bool SupportsDeletes => true;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <returns>A new, not yet open <see cref="LocalStore"/> over the same root.</returns>
    public override LocalStore WithReadOnly(bool readOnly = false) => new LocalStore(Root, readOnly);

    /// <inheritdoc />
    /// <remarks>Reads only the requested bytes, at their offset in the file.</remarks>
    /// <exception cref="DirectoryNotFoundException">The store is read-only and its root does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        ArgumentNullException.ThrowIfNull(prototype);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        using SafeFileHandle? handle = TryOpenForReading(path);
        if (handle is null)
        {
            return null;
        }

        long fileLength = RandomAccess.GetLength(handle);
        (long start, long length) = byteRange?.Resolve(fileLength) ?? (0, fileLength);
        if (length > Array.MaxLength)
        {
            throw new IOException($"Cannot read {length} bytes of '{key}' into one buffer; the limit is {Array.MaxLength}.");
        }

        byte[] data = GC.AllocateUninitializedArray<byte>((int)length);
        int read = 0;
        while (read < data.Length)
        {
            int n = await RandomAccess.ReadAsync(handle, data.AsMemory(read), start + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return prototype.Buffer.FromArrayLike(data.AsMemory(0, read));
    }

    /// <inheritdoc />
    public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<bool>(cancellationToken)
            : new(File.Exists(path));
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The file cannot be written.</exception>
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        await WriteAsync(key, value, exclusive: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Atomic: among concurrent calls for one key exactly one stores its value and returns <see langword="true"/>.</remarks>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        WriteAsync(key, value, exclusive: true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Deletes the one file; a folder of that name is not a key and is left alone.</remarks>
    /// <exception cref="IOException">The file cannot be deleted.</exception>
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (ReadOnlyError(key) is { } readOnly)
        {
            return ValueTask.FromException(readOnly);
        }

        try
        {
            if (File.Exists(path))
            {
                DeleteFile(path);
                PruneEmptyFolders(Path.GetDirectoryName(path));
            }

            return default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Deletes the files one by one and then the folders left empty, rather than the whole tree at once, so that
    /// a write racing with it (whose temporary file lives in one of these folders) completes instead of failing.
    /// </remarks>
    /// <exception cref="IOException">A file cannot be deleted.</exception>
    public override Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string directory = FolderOf(prefix);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (DeleteError(prefix) is { } error)
        {
            return Task.FromException(error);
        }

        try
        {
            DeleteTree(directory, cancellationToken);
            return Task.CompletedTask;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromException(e);
        }
    }

    /// <inheritdoc />
    public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(key));
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        return file.Exists ? ValueTask.FromResult(file.Length) : ValueTask.FromException<long>(KeyNotFound(key));
    }

    /// <inheritdoc />
    public override Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string directory = FolderOf(prefix);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        long total = 0;
        foreach (long length in Files(directory, static (ref FileSystemEntry entry) => entry.Length))
        {
            total += length;
        }

        return Task.FromResult(total);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) =>
        ListPrefixAsync("", cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListPrefixCoreAsync(prefix, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string directory = FolderOf(prefix);
        return ListDirCoreAsync(directory, cancellationToken);
    }

    /// <summary>Whether <paramref name="other"/> is a store of the same type over the same root (read-only state aside).</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both have the same root.</returns>
    public virtual bool Equals(LocalStore? other) =>
        other is not null && other.GetType() == GetType() && s_pathComparer.Equals(other.Root, Root);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocalStore);

    /// <summary>A hash of the root.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => s_pathComparer.GetHashCode(Root);

    /// <summary>The store's URL, <c>file://</c> and the root with <c>/</c> separators.</summary>
    /// <returns>For example <c>file:///data/example.zarr</c>.</returns>
    public override string ToString() => "file://" + Root.Replace('\\', '/');

    /// <inheritdoc />
    /// <remarks>
    /// Every <c>/</c>-separated segment must be a non-empty file name, not <c>.</c> or <c>..</c>, without
    /// backslashes, NUL or other characters the file system forbids, and not a reserved temporary-file name.
    /// </remarks>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        ValidateSegments(key, key, nameof(key), lastIsPartial: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A prefix is a plain string prefix of keys: it may be empty, and each complete segment (one followed by
    /// <c>/</c>) follows the rules of <see cref="ValidateKey"/>. The last segment, when the prefix does not end with
    /// <c>/</c>, may be the start of a file name (<c>".."</c> of <c>"..x"</c>, <c>"arr/."</c> of <c>"arr/.zarray"</c>),
    /// so it needs only to be free of forbidden characters: the folder searched is that of the complete segments,
    /// never outside the root. A directory operation checks its prefix as a directory, all segments complete.
    /// </remarks>
    protected override void ValidatePrefix(string prefix) => ValidatePrefix(prefix, isDirectory: false);

    /// <summary>Creates the root of a writable store; checks that the root of a read-only store exists.</summary>
    /// <param name="cancellationToken">Unused: the work is one synchronous call.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="DirectoryNotFoundException">The store is read-only and its root does not exist.</exception>
    /// <exception cref="IOException">The root cannot be created.</exception>
    protected override ValueTask OpenCoreAsync(CancellationToken cancellationToken)
    {
        if (!ReadOnly)
        {
            Directory.CreateDirectory(Root);
        }
        else if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The root '{Root}' of read-only {this} does not exist.");
        }

        return default;
    }

    /// <summary>
    /// Checks a prefix: as a string prefix, whose last segment may be partial, or as a directory, whose every
    /// segment is a whole name (<c>".."</c> lists <c>"..x"</c> but would delete the root's parent).
    /// </summary>
    private void ValidatePrefix(string prefix, bool isDirectory)
    {
        base.ValidatePrefix(prefix);
        if (prefix.Length > 0)
        {
            bool endsWithSlash = prefix[^1] == '/';
            ValidateSegments(endsWithSlash ? prefix[..^1] : prefix, prefix, nameof(prefix), lastIsPartial: !endsWithSlash && !isDirectory);
        }
    }

    private static bool IsTempName(ReadOnlySpan<char> name) =>
        name.StartsWith(TempPrefix, StringComparison.Ordinal) && name.EndsWith(TempSuffix, StringComparison.Ordinal);

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
                || IsTempName(segment) || (OperatingSystem.IsWindows() && segment[^1] is '.' or ' '))))
            {
                throw new ArgumentException(
                    $"'{original}' is not a valid LocalStore key: every '/'-separated segment must be a non-empty file name, " +
                    "not '.' or '..', without backslashes or other characters forbidden in file names.", parameter);
            }
        }
    }

    private static SafeFileHandle? TryOpenForReading(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
            || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            return null;
        }
    }

    private void DeleteTree(string directory, CancellationToken cancellationToken)
    {
        foreach (string file in Files(directory, static (ref FileSystemEntry entry) => entry.ToFullPath()).ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            DeleteFile(file);
        }

        string[] folders = Entries(directory, static (ref FileSystemEntry entry) => entry.ToFullPath(), s_recursive,
            static (ref FileSystemEntry entry) => entry.IsDirectory).ToArray();
        // Deepest first, so that a folder is empty by the time its turn comes.
        Array.Sort(folders, static (a, b) => b.Length.CompareTo(a.Length));
        foreach (string folder in folders)
        {
            TryDeleteEmptyFolder(folder);
        }

        // A file of the prefix's name is a key beside the directory, not in it: pruning stops at it.
        PruneEmptyFolders(directory);
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Its folder went away meanwhile: the key is gone either way.
        }
    }

    /// <summary>Deletes <paramref name="folder"/> if it is empty.</summary>
    /// <returns>Whether it is gone.</returns>
    private static bool TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            // Not empty (a key, or a write in flight), or not a folder.
            return false;
        }
    }

    private string PathOf(string key)
    {
        ValidateKey(key);
        return Path.Join(Root, key);
    }

    /// <summary>The folder a directory prefix names (<c>"foo"</c> and <c>"foo/"</c> alike); the root for <c>""</c>.</summary>
    private string FolderOf(string prefix)
    {
        ValidatePrefix(prefix, isDirectory: true);
        return Path.TrimEndingDirectorySeparator(Path.Join(Root, prefix));
    }

    private string KeyOf(ReadOnlySpan<char> fullPath)
    {
        string key = fullPath[_keyOffset..].ToString();
        return Path.DirectorySeparatorChar == '/' ? key : key.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The files (not temporary ones) anywhere under <paramref name="directory"/>, transformed; none when it is missing.</summary>
    private static IEnumerable<T> Files<T>(string directory, FileSystemEnumerable<T>.FindTransform transform) =>
        Entries(directory, transform, s_recursive,
            static (ref FileSystemEntry entry) => !entry.IsDirectory && !IsTempName(entry.FileName));

    /// <summary>
    /// The entries under <paramref name="directory"/> that <paramref name="include"/> accepts, transformed; none when it
    /// is missing or a concurrent delete removes it before the enumeration starts (sub-folders removed during the
    /// enumeration are skipped by .NET).
    /// </summary>
    [SuppressMessage("Performance", "CA1859", Justification = "A missing folder yields an empty array, not an enumerable.")]
    private static IEnumerable<T> Entries<T>(string directory, FileSystemEnumerable<T>.FindTransform transform,
        EnumerationOptions options, FileSystemEnumerable<T>.FindPredicate include)
    {
        if (Directory.Exists(directory))
        {
            try
            {
                return new FileSystemEnumerable<T>(directory, transform, options) { ShouldIncludePredicate = include };
            }
            catch (DirectoryNotFoundException)
            {
                // Deleted since the check.
            }
        }

        return [];
    }

    private async IAsyncEnumerable<string> ListPrefixCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A string prefix: search the folder of its last complete segment and compare the keys there.
        string folder = Path.TrimEndingDirectorySeparator(Path.Join(Root, prefix[..(prefix.LastIndexOf('/') + 1)]));
        foreach (string path in Files(folder, static (ref FileSystemEntry entry) => entry.ToFullPath()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string key = KeyOf(path);
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    private static async IAsyncEnumerable<string> ListDirCoreAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IEnumerable<(string Name, string Path, bool IsDirectory)> children = Entries(directory,
            static (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.ToFullPath(), entry.IsDirectory), s_flat,
            static (ref FileSystemEntry entry) => !IsTempName(entry.FileName));
        foreach ((string name, string path, bool isDirectory) in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A folder is a child only when it holds a key: empty folders are not part of the store.
            if (!isDirectory || Files(path, static (ref FileSystemEntry _) => true).Any())
            {
                yield return name;
            }
        }
    }

    private async ValueTask<bool> WriteAsync(string key, Buffer value, bool exclusive, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);

        string folder = Path.GetDirectoryName(path)!;
        string temp = Path.Join(folder, TempPrefix + Guid.NewGuid().ToString("N") + TempSuffix);
        try
        {
            SafeFileHandle handle = CreateTemp(folder, temp, value.Length);
            try
            {
                using (handle)
                {
                    await RandomAccess.WriteAsync(handle, value.AsBufferLike(), 0, cancellationToken).ConfigureAwait(false);
                }

                return Publish(temp, path, exclusive);
            }
            catch
            {
                // A failed write leaves the old value (or none) and no temporary file.
                DeleteTemp(temp);
                throw;
            }
        }
        catch (IOException e) when (ConflictsWithFolder(path))
        {
            throw new IOException($"Cannot store '{key}' in {this}: a folder of that name, or a file where one of its "
                + "parent folders should be, holds other keys, and a file system cannot hold both.", e);
        }
    }

    /// <summary>Renames the written temporary file to the key's file: replacing it, or only when it does not exist.</summary>
    /// <returns>Whether the value was stored; false when <paramref name="exclusive"/> and the key existed.</returns>
    private static bool Publish(string temp, string path, bool exclusive)
    {
        if (!exclusive)
        {
            File.Move(temp, path, overwrite: true);
            return true;
        }

        if (!OperatingSystem.IsWindows())
        {
            // On Unix only link(2) creates a name if and only if it is free, in one step.
            if (NativeMethods.Link(temp, path) == 0)
            {
                DeleteTemp(temp);
                return true;
            }

            if (Marshal.GetLastPInvokeError() == NativeMethods.EEXIST && !Directory.Exists(path))
            {
                DeleteTemp(temp);
                return false;
            }

            // Other failures (a file system without hard links, a folder in the way...) fall through to the
            // move, which reports real errors as .NET exceptions and, without hard links, is not race-free.
        }

        try
        {
            // On Windows, a move without overwrite is atomic.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            DeleteTemp(temp);
            return false;
        }
    }

    private static void DeleteTemp(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (DirectoryNotFoundException)
        {
            // A concurrent delete removed the folder, and the temporary file with it.
        }
    }

    /// <summary>Whether <paramref name="path"/> is a folder or lies under a file: keys that a file system cannot store together.</summary>
    private bool ConflictsWithFolder(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }

        for (string? folder = Path.GetDirectoryName(path); folder is not null && folder.Length > Root.Length;
             folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return true;
            }
        }

        return false;
    }

    private static SafeFileHandle CreateTemp(string folder, string temp, long length)
    {
        var backOff = default(SpinWait);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(folder);
                return File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                    FileOptions.Asynchronous, preallocationSize: length);
            }
            catch (IOException) when (attempt < FolderRaceAttempts)
            {
                // A concurrent delete pruned the folder, or one of its parents, while it was being created or
                // before the file was: create it again. A file in the way fails every attempt and is reported.
                backOff.SpinOnce();
            }
        }
    }

    /// <summary>Removes <paramref name="folder"/> and its ancestors below the root while they are empty.</summary>
    private void PruneEmptyFolders(string? folder)
    {
        while (folder is not null && folder.Length > Root.Length && TryDeleteEmptyFolder(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }
    }
}
