using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// A store that keeps each value in a file under a root folder (zarr-python's <c>LocalStore</c>): key
/// <c>a/b/c</c> is the file <c>root/a/b/c</c>.
/// </summary>
/// <remarks>
/// <para>
/// Keys are checked before any file is touched: a key must be a relative path of non-empty segments, none of
/// them <c>.</c> or <c>..</c>, without backslashes, NUL or other characters the file system forbids in names, and
/// without lone surrogates (which Unix file names store as U+FFFD), so no key can leave the root or alias another key. zarr-python does no such check (<c>../x</c> escapes its root,
/// <c>a//b</c> and <c>a/./b</c> alias <c>a/b</c>). Names of the form <c>.~zarr-*.partial</c> are reserved for
/// temporary files. A segment longer than a file name may be, or a key too long for a path on this platform, is
/// refused with <see cref="ArgumentException"/> in time linear in its length. On a case-insensitive file system
/// (Windows, macOS by default) keys that differ only in case name the same file, as they do in zarr-python.
/// </para>
/// <para>
/// Symbolic links: a key whose path, links followed, leads outside the root (or through links that loop) is
/// refused by every key operation with <see cref="ArgumentException"/>; listings do not descend through links
/// that lead outside, and do not list them. Links inside the root are followed by reads and listings (a cycle
/// is walked once); a dangling link is no key. Writes replace a link to a file rather than write through it (a
/// link to a folder is refused, as a folder is), and deletes remove links themselves, never their targets, as Python's <c>shutil.rmtree</c>. A root that is a link is
/// resolved once. zarr-python follows every link, wherever it leads.
/// </para>
/// <para>
/// Writes are atomic: the bytes go to a temporary file in the target's folder, which then replaces the target
/// in one rename, so a reader sees the old value or the new one, never a torn one, and a failed write leaves the
/// old value (or none) and no temporary file. Temporary files never show in listings. <see cref="SetIfNotExistsAsync"/>
/// publishes with an operation that fails when the target exists, in one step (a hard link on Unix, a move without
/// overwrite on Windows), so exactly one of several concurrent writers wins; on a Unix file system without hard
/// links it falls back to a move that checks first, which is not race-free. Writes are not flushed to disk (atomic
/// visibility, not durability), as in zarr-python. A writer killed midway leaves its temporary file; the file is
/// abandoned once its writer's process is gone (its lock dropped) and no write has touched it for a minute, and
/// is then removed by <see cref="DeleteDirAsync"/>, <see cref="Store.ClearAsync"/> and the next write of the same
/// key. The temporary file of a live writer is never removed.
/// </para>
/// <para>
/// The root is created when the store opens (explicitly or on its first get or set), not by the constructor. A
/// read-only store never creates it: opening one whose root is missing, which its first get does, throws
/// <see cref="DirectoryNotFoundException"/>, as zarr-python's <c>FileNotFoundError</c>; exists, listing and sizes
/// do not open the store and report an empty store. A root that is a file is refused by the constructor with
/// <see cref="ArgumentException"/>; one that becomes a file later fails opening (explicit or by the first get or set)
/// and writes with <see cref="IOException"/>; both messages say the root is not a directory.
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
public class LocalStore : Store, IEquatable<LocalStore>, IScatteredReader
{
    private readonly LocalPaths _paths;
    private readonly LocalTree _tree;

    /// <summary>Makes a store over the folder <paramref name="root"/>; the folder need not exist yet.</summary>
    /// <param name="root">The folder, absolute or relative to the current directory.</param>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty, not a valid path, or an existing file (the message says it is not a directory).</exception>
    public LocalStore(string root, bool readOnly = false)
        : this(new LocalPaths(root), readOnly)
    {
        if (File.Exists(Root))
        {
            throw new ArgumentException(NotADirectoryMessage, nameof(root));
        }
    }

    private LocalStore(LocalPaths paths, bool readOnly)
        : base(readOnly)
    {
        _paths = paths;
        _tree = new LocalTree(paths);
    }

    /// <summary>The absolute path of the root folder, as given (a root that is a symbolic link stays one).</summary>
    public string Root => _paths.Root;

    /// <inheritdoc />
    public override bool SupportsWrites => true;

    /// <inheritdoc />
    public override bool SupportsDeletes => true;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <remarks>
    /// <see langword="true"/> for a <see cref="LocalStore"/>, whose set has written the file when it completes.
    /// <see langword="false"/> for a subclass, whose own set may keep the caller's buffer, unless it overrides this.
    /// </remarks>
    public override bool CopiesOnSet => GetType() == typeof(LocalStore);

    /// <inheritdoc />
    /// <returns>
    /// A new, not yet open <see cref="LocalStore"/> over the same root; a root that has become a file since is
    /// reported when the new store opens, as by this one.
    /// </returns>
    public override LocalStore WithReadOnly(bool readOnly = false) => new LocalStore(_paths, readOnly);

    /// <inheritdoc />
    /// <remarks>Reads only the requested bytes, at their offset in the file.</remarks>
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    /// <exception cref="DirectoryNotFoundException">The store is read-only and its root does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read, or the store opens and its root is a file (the message says it is not a directory).</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        using var file = await OpenRangeAsync(key, byteRange, cancellationToken).ConfigureAwait(false);
        if (file.Handle is null)
        {
            return null;
        }

        if (file.Length > Array.MaxLength)
        {
            throw new IOException($"Cannot read {file.Length} bytes of '{MessageText.Bounded(key)}' into one buffer; the limit is {Array.MaxLength}.");
        }

        byte[] data = GC.AllocateUninitializedArray<byte>((int)file.Length);
        int read = await file.ReadIntoAsync(data, cancellationToken).ConfigureAwait(false);
        return prototype.Buffer.FromArrayLike(data.AsMemory(0, read));
    }

    /// <inheritdoc />
    /// <remarks>Reads the requested bytes from the file straight into <paramref name="destination"/>, at their offset in the file (<see cref="RandomAccess"/>).</remarks>
    /// <exception cref="ArgumentException">The key is invalid, a symbolic link on its path leads outside the root, or the bytes do not fit in <paramref name="destination"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The store is read-only and its root does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read, or the store opens and its root is a file.</exception>
    public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        using var file = await OpenRangeAsync(key, byteRange, cancellationToken).ConfigureAwait(false);
        if (file.Handle is null)
        {
            return null;
        }

        EnsureFits(key, byteRange, file.Length, destination);
        return await file.ReadIntoAsync(destination[..(int)file.Length], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a <see cref="LocalStore"/> can read scattered here: in a 64-bit process on Linux, macOS or FreeBSD, whose
    /// libc has <c>preadv(2)</c> with a 64-bit offset. Windows has no scattered read of a file through its cache.
    /// </summary>
    internal static bool CanScatter { get; } =
        Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD());

    /// <inheritdoc />
    bool IScatteredReader.ScattersReads => CanScatter && GetType() == typeof(LocalStore);

    /// <inheritdoc cref="IScatteredReader.GetScatteredAsync"/>
    /// <remarks>
    /// One system call per <see cref="NativeMethods.MaxVectors"/> runs. The read blocks the calling thread, a worker of
    /// the array's chunk loop, as <see cref="RandomAccess.ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/>
    /// blocks a thread-pool thread outside Windows; that saves the two thread switches per chunk of handing it over.
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    /// <exception cref="DirectoryNotFoundException">The store is read-only and its root does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read, or the store opens and its root is a file.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the read or between two system calls of it.</exception>
    async ValueTask<long?> IScatteredReader.GetScatteredAsync(string key, ReadOnlyMemory<nint> addresses, int runLength, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        using var file = await OpenRangeAsync(key, null, cancellationToken).ConfigureAwait(false);
        return file.Handle is null ? null
            : file.Length != (long)addresses.Length * runLength ? file.Length
            : file.ReadScattered(addresses.Span, runLength, key, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<bool>(cancellationToken)
            : new(File.Exists(_paths.Locate(key).Target));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A key that is a symbolic link to a file (inside the root), or a dangling one, is replaced by a file; the link's
    /// target is unchanged. A link to a folder is refused as a folder is: it holds keys. The write removes the
    /// temporary files that killed writers of the same key left (see <see cref="LocalStore"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    /// <exception cref="IOException">The file cannot be written, the key is a folder or a link to one, or the root is a file (the message says it is not a directory).</exception>
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        await WriteAsync(key, value, exclusive: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Atomic: among concurrent calls for one key exactly one stores its value and returns <see langword="true"/>.
    /// A key that is a dangling symbolic link is not replaced: the call returns <see langword="false"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    /// <exception cref="IOException">The file cannot be written, the key is a folder or a link to one, or the root is a file (the message says it is not a directory).</exception>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        WriteAsync(key, value, exclusive: true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Deletes the one file; a folder of that name is not a key and is left alone. A key that is a symbolic link
    /// loses the link, never its target.
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    /// <exception cref="IOException">The file cannot be deleted.</exception>
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (ReadOnlyError(key) is { } readOnly)
        {
            return ValueTask.FromException(readOnly);
        }

        string entry = _paths.Locate(key).Entry;
        try
        {
            // A file, or a link that is not to a folder (a dangling one included): a folder is no key.
            FileAttributes attributes = new FileInfo(entry).Attributes;
            if ((int)attributes != -1 && !attributes.HasFlag(FileAttributes.Directory))
            {
                LocalTree.DeleteOne(entry, isFolder: false);
                PruneEmptyFolders(Path.GetDirectoryName(entry));
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
    /// Symbolic links under the prefix are removed themselves, never followed (as Python's <c>shutil.rmtree</c>);
    /// a prefix that is itself a link loses the link only. Temporary files that killed writers left are removed
    /// (see <see cref="LocalStore"/>); those of live writers stay.
    /// </remarks>
    /// <exception cref="IOException">A file cannot be deleted.</exception>
    public override Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix, isDirectory: true);
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
            DeleteTree(prefix, cancellationToken);
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
    /// <exception cref="ArgumentException">The key is invalid, or a symbolic link on its path leads outside the root.</exception>
    public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }

        var file = new FileInfo(_paths.Locate(key).Target);
        return file.Exists ? ValueTask.FromResult(file.Length) : ValueTask.FromException<long>(KeyNotFound(key));
    }

    /// <inheritdoc />
    public override Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix, isDirectory: true);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<long>(cancellationToken);
        }

        long total = 0;
        if (_paths.ResolveInside(prefix) is { } folder)
        {
            foreach ((string _, LocalEntry file) in _tree.Files(folder, "", cancellationToken))
            {
                // Listings do not read lengths (that costs a call per file); a file deleted since no longer counts.
                var info = new FileInfo(file.Path);
                total += info.Exists ? info.Length : 0;
            }
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
        ValidatePrefix(prefix, isDirectory: true);
        return ListDirCoreAsync(prefix, cancellationToken);
    }

    /// <summary>Whether <paramref name="other"/> is a store of the same type over the same root (read-only state aside).</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both have the same root.</returns>
    public virtual bool Equals(LocalStore? other) =>
        other is not null && other.GetType() == GetType() && LocalPaths.PathComparer.Equals(other.Root, Root);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocalStore);

    /// <summary>A hash of the root.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => LocalPaths.PathComparer.GetHashCode(Root);

    /// <summary>The store's URL, <c>file://</c> and the root with <c>/</c> separators.</summary>
    /// <returns>For example <c>file:///data/example.zarr</c>.</returns>
    public override string ToString() => "file://" + Root.Replace('\\', '/');

    /// <inheritdoc />
    /// <remarks>
    /// Every <c>/</c>-separated segment must be a non-empty file name, not <c>.</c> or <c>..</c>, without
    /// backslashes, NUL or other characters the file system forbids, without lone surrogates, not a reserved temporary-file name, and at
    /// most 255 long (UTF-8 bytes on Unix, characters on Windows); the root and the key together must make a path
    /// the platform can open (4,095 UTF-8 bytes on Linux, 1,023 on macOS, 32,767 characters on Windows). The checks
    /// take time linear in the key's length.
    /// </remarks>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        _paths.ValidateKey(key);
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
    /// <exception cref="IOException">The root cannot be created, or it is a file (the message says it is not a directory).</exception>
    protected override ValueTask OpenCoreAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Root))
        {
            throw new IOException(NotADirectoryMessage);
        }

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

    private string NotADirectoryMessage => $"The LocalStore root '{Root}' is not a directory: it is a file.";

    private void ValidatePrefix(string prefix, bool isDirectory)
    {
        base.ValidatePrefix(prefix);
        LocalPaths.ValidatePrefix(prefix, isDirectory);
    }

    /// <summary>The file of <paramref name="key"/> open for reading, with the bytes <paramref name="byteRange"/> selects of it; no handle when the key does not exist.</summary>
    private async ValueTask<FileRange> OpenRangeAsync(string key, ByteRequest? byteRange, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        SafeFileHandle? handle = TryOpenForReading(_paths.Locate(key).Target);
        if (handle is null)
        {
            return default;
        }

        long fileLength = RandomAccess.GetLength(handle);
        (long start, long length) = byteRange?.Resolve(fileLength) ?? (0, fileLength);
        return new FileRange(handle, start, length);
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

    /// <summary>
    /// Deletes the keys under a directory prefix. Its parent folders are followed (they must lead inside the root);
    /// its own folder is not: when it is a link, the link goes.
    /// </summary>
    private void DeleteTree(string prefix, CancellationToken cancellationToken)
    {
        string trimmed = prefix.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            // The root itself is kept, even when it is a link.
            LocalTree.DeleteTree(_paths.ResolvedRoot, cancellationToken);
            return;
        }

        int slash = trimmed.LastIndexOf('/');
        if (_paths.ResolveInside(slash < 0 ? "" : trimmed[..slash]) is { } parent)
        {
            string folder = Path.Join(parent, trimmed.AsSpan(slash + 1));
            LocalTree.DeleteTree(folder, cancellationToken);
            PruneEmptyFolders(folder);
        }
    }

    private async IAsyncEnumerable<string> ListPrefixCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A string prefix: search the folder of its last complete segment and compare the keys there.
        string folderPrefix = prefix[..(prefix.LastIndexOf('/') + 1)];
        if (_paths.ResolveInside(folderPrefix) is not { } folder)
        {
            yield break;
        }

        foreach ((string key, LocalEntry _) in _tree.Files(folder, folderPrefix, cancellationToken))
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    private async IAsyncEnumerable<string> ListDirCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_paths.ResolveInside(prefix) is not { } folder)
        {
            yield break;
        }

        foreach (LocalEntry child in _tree.Children(folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A folder is a child only when it holds a key: empty folders are not part of the store.
            if (!child.IsFolder || _tree.HoldsFiles(child.Path, cancellationToken))
            {
                yield return child.Name;
            }
        }
    }

    private async ValueTask<bool> WriteAsync(string key, Buffer value, bool exclusive, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        string path = _paths.Locate(key).Entry;
        // A rename replaces a link to a folder as it replaces a file, which would drop the keys seen through the
        // link, so a folder reached through a link is refused up front, as a real folder is when the rename fails.
        if (Directory.Exists(path))
        {
            throw FolderConflict(key, null);
        }

        try
        {
            return await AtomicFileWriter.WriteAsync(path, value, exclusive, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (File.Exists(Root))
        {
            // The root was replaced by a file after the store opened.
            throw new IOException(NotADirectoryMessage, e);
        }
        catch (IOException e) when (ConflictsWithFolder(path))
        {
            throw FolderConflict(key, e);
        }
    }

    private IOException FolderConflict(string key, IOException? inner) =>
        new($"Cannot store '{MessageText.Bounded(key)}' in {this}: a folder of that name (or a link to one), or a file where one of its "
            + "parent folders should be, holds other keys, and a file system cannot hold both.", inner);

    /// <summary>Whether <paramref name="path"/> is a folder or lies under a file: keys that a file system cannot store together.</summary>
    private bool ConflictsWithFolder(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }

        for (string? folder = Path.GetDirectoryName(path); folder is not null && _paths.IsInside(folder) && folder.Length > _paths.ResolvedRoot.Length;
             folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes the resolved <paramref name="folder"/> and its ancestors below the root while they are empty.</summary>
    private void PruneEmptyFolders(string? folder)
    {
        while (folder is not null && folder.Length > _paths.ResolvedRoot.Length && _paths.IsInside(folder)
            && LocalTree.TryDeleteEmptyFolder(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }
    }
}
