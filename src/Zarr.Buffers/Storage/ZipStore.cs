using System.IO.Compression;
using System.Runtime.CompilerServices;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// A store in a zip archive (zarr-python's <c>ZipStore</c>): the value of key <c>a/b</c> is the entry named
/// <c>a/b</c>, so a zip of a Zarr folder, made with its hierarchy at the archive's root, reads as that folder.
/// </summary>
/// <remarks>
/// <para>
/// Opening (explicitly, or lazily by the first call) reads the archive's central directory, and nothing else: every
/// offset and size in it is checked against the file, and an archive whose directory is truncated, points outside
/// the file, or names an entry that is not a store key (an empty, <c>.</c> or <c>..</c> segment, a leading <c>/</c>)
/// is refused with <see cref="InvalidDataException"/> naming the entry. ZIP64 archives are read and written.
/// Directory entries (names ending in <c>/</c>) are not keys. A name recorded twice is the last record's, as in
/// Python's <c>zipfile</c>. Names are read as UTF-8.
/// </para>
/// <para>
/// Reads: a byte range of a stored (uncompressed) entry reads just those bytes of the file, at the entry's data offset,
/// through <see cref="RandomAccess"/>; readers do not lock each other out, so reads run in parallel. A deflated entry
/// is inflated from its start up to the end of the range and no further, streaming (so a suffix inflates the whole
/// entry). Encrypted entries and methods other than stored and deflated fail with <see cref="NotSupportedException"/>.
/// </para>
/// <para>
/// Checks on read, each an <see cref="InvalidDataException"/> naming the archive and the key: a read that covers a whole
/// entry (no range, a range of the whole value, or a range of a deflated entry that inflates it to its end, such as a
/// suffix) checks its CRC-32 against the central directory, as Python's <c>zipfile</c> does when a whole entry is read
/// (<c>Bad CRC-32</c>), and the message gives both CRCs; an empty entry must record 0. A part of a stored entry cannot be
/// checked: it reads only its own bytes, and the CRC-32 covers the entry. The check (System.IO.Hashing's vectorised
/// <c>Crc32</c>, about 0.07 ms per MiB here) roughly triples the cost of a 1 MiB get served from the page cache, and is
/// small beside a read from disk or an inflate (docs/benchmarks.md). A deflated entry whose data is corrupt, cut short, or inflates to another length than
/// recorded is refused. The local header, read on an entry's first read, must name the entry and agree with the central
/// directory on the method, CRC-32 and sizes (it may hold zeros when the entry's flags say a data descriptor follows
/// the data, and 0xFFFFFFFF sizes of ZIP64), so that no reader trusting local headers would read other bytes; and the
/// entry's data must end before the next local header or the central directory: overlapping entries, a zip bomb's
/// trick, are refused as recent versions of Python's <c>zipfile</c> refuse them (<c>Overlapped entries</c>).
/// </para>
/// <para>
/// Writes (<see cref="ZipStoreMode.Write"/>, <see cref="ZipStoreMode.Append"/>) append entries, stored by default as in
/// zarr-python (<c>ZIP_STORED</c>: Zarr chunks are usually compressed by their codecs already) or deflated at the
/// <see cref="CompressionLevel"/> given. Appends are serialised by a lock around the archive, as in zarr-python, and an entry
/// is visible to reads once its bytes are written. The central directory is written when the store closes
/// (<see cref="Close"/> or disposal): until then the file is not a valid archive, and a process that dies first
/// leaves it so. The writer holds the file exclusively.
/// </para>
/// <para>
/// Closing (<see cref="Close"/>, or <see cref="Store.DisposeAsync"/> without blocking a thread) waits for the reads and
/// writes in flight, which complete with their own results, then writes the directory and closes the file, as
/// zarr-python's <c>close</c> waits for its lock: a call in flight never fails because the store closed. A call that
/// starts while the store closes waits for the close, then opens the store again, as any call after a close does.
/// </para>
/// <para>
/// Deliberate differences from zarr-python, whose <c>zipfile</c> cannot remove an entry: a zip archive here is
/// write-once per key. <see cref="SetAsync"/> of a key that exists throws <see cref="NotSupportedException"/> naming
/// it (zarr-python writes a second entry of the same name and warns), <see cref="SetIfNotExistsAsync"/> returns
/// <see langword="false"/>, and <see cref="DeleteAsync"/> and <see cref="DeleteDirAsync"/> of existing keys throw
/// <see cref="NotSupportedException"/> (zarr-python's delete writes an empty entry); of missing keys they do nothing, as
/// in zarr-python. <see cref="SupportsDeletes"/> is <see langword="false"/>. <see cref="ClearAsync"/> empties the
/// archive, as zarr-python's does. <see cref="WithReadOnly"/> makes a copy of a read-only store only.
/// </para>
/// </remarks>
public sealed class ZipStore : Store, IEquatable<ZipStore>
{
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private ZipArchiveFile? _archive;
    private bool _created;

    /// <summary>Makes a store over the archive at <paramref name="path"/>, not yet open: nothing is read or written until it opens.</summary>
    /// <param name="path">The archive file, absolute or relative to the current directory.</param>
    /// <param name="mode">Read an existing archive (the default; the store is read-only), write a new one, or append to one.</param>
    /// <param name="compression">
    /// How written entries are compressed: <see cref="CompressionLevel.NoCompression"/> (the default, zarr-python's
    /// <c>ZIP_STORED</c>) stores them, so that ranged reads read only the bytes they need; any other level deflates them.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> or <paramref name="compression"/> is not a defined value.</exception>
    public ZipStore(string path, ZipStoreMode mode = ZipStoreMode.Read, CompressionLevel compression = CompressionLevel.NoCompression)
        : base(readOnly: mode == ZipStoreMode.Read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Expected one of {string.Join(", ", Enum.GetNames<ZipStoreMode>())}.");
        }

        if (!Enum.IsDefined(compression))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, $"Expected one of {string.Join(", ", Enum.GetNames<CompressionLevel>())}.");
        }

        Path = System.IO.Path.GetFullPath(path);
        Mode = mode;
        Compression = compression;
    }

    /// <summary>The absolute path of the archive.</summary>
    public string Path { get; }

    /// <summary>How the store opens the archive.</summary>
    public ZipStoreMode Mode { get; }

    /// <summary>How written entries are compressed: <see cref="CompressionLevel.NoCompression"/> stores them.</summary>
    public CompressionLevel Compression { get; }

    /// <inheritdoc />
    public override bool SupportsWrites => !ReadOnly;

    /// <inheritdoc />
    /// <remarks>Always <see langword="false"/>: an entry of a zip archive cannot be removed (see <see cref="ZipStore"/>).</remarks>
    public override bool SupportsDeletes => false;

    /// <inheritdoc />
    public override bool SupportsListing => true;

    /// <inheritdoc />
    /// <returns>A new, not yet open read-only store over the same archive.</returns>
    /// <exception cref="NotSupportedException">
    /// This store writes, or <paramref name="readOnly"/> is <see langword="false"/>: the writer of an archive holds it
    /// exclusively, so no second store can share it.
    /// </exception>
    public override ZipStore WithReadOnly(bool readOnly = false) => readOnly && ReadOnly
        ? new ZipStore(Path)
        : throw new NotSupportedException(
            $"{this} cannot make a {(readOnly ? "read-only" : "writable")} copy: the writer of a zip archive holds it exclusively. Open a new ZipStore once this one is closed.");

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid for a zip archive (see <see cref="ValidateKey"/>).</exception>
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The archive, or the entry, is corrupt, points outside the file or into another entry, or fails its CRC-32 check
    /// (see <see cref="ZipStore"/>); the message names the archive and the entry.
    /// </exception>
    /// <exception cref="NotSupportedException">The entry is encrypted, or compressed with a method other than stored or deflated.</exception>
    /// <exception cref="IOException">The archive cannot be read, or the value is longer than a buffer can be.</exception>
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(prototype);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] data;
        // The lease ends before the prototype's code runs, so a close never waits for the caller's code.
        using (var lease = await EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            if (lease.Archive.Find(key) is not { } entry)
            {
                return null;
            }

            (long start, long length) = Range(key, entry, byteRange);
            data = GC.AllocateUninitializedArray<byte>((int)length);
            await lease.Archive.ReadAsync(entry, start, data, cancellationToken).ConfigureAwait(false);
        }

        return prototype.Buffer.FromArrayLike(data);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the requested bytes straight into <paramref name="destination"/>, as <see cref="GetAsync"/> reads them, and
    /// checks them the same way. When the read fails (a CRC-32 that does not match, corrupt data, an I/O error,
    /// cancellation), the part of <paramref name="destination"/> it was to fill is cleared, so no unchecked bytes remain.
    /// </remarks>
    /// <exception cref="ArgumentException">The key is invalid for a zip archive, or the bytes do not fit in <paramref name="destination"/>.</exception>
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The archive, or the entry, is corrupt, points outside the file or into another entry, or fails its CRC-32 check
    /// (see <see cref="ZipStore"/>); the message names the archive and the entry.
    /// </exception>
    /// <exception cref="NotSupportedException">The entry is encrypted, or compressed with a method other than stored or deflated.</exception>
    /// <exception cref="IOException">The archive cannot be read.</exception>
    public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = await EnterAsync(cancellationToken).ConfigureAwait(false);
        if (lease.Archive.Find(key) is not { } entry)
        {
            return null;
        }

        (long start, long length) = Range(key, entry, byteRange);
        EnsureFits(key, byteRange, length, destination);
        var target = destination[..(int)length];
        try
        {
            await lease.Archive.ReadAsync(entry, start, target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            target.Span.Clear();
            throw;
        }

        return (int)length;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is invalid for a zip archive.</exception>
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The store opens and the archive is not a valid zip archive.</exception>
    public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return await FindAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    /// <remarks>The size recorded in the central directory; nothing of the entry is read.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for a zip archive.</exception>
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The store opens and the archive is not a valid zip archive.</exception>
    public override async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        return (await FindAsync(key, cancellationToken).ConfigureAwait(false))?.Size ?? throw KeyNotFound(key);
    }

    /// <inheritdoc />
    /// <remarks>Appends an entry, stored or deflated as <see cref="Compression"/> says; the caller's bytes are read during the call only.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for a zip archive.</exception>
    /// <exception cref="NotSupportedException">The key exists: an entry of a zip archive cannot be replaced.</exception>
    /// <exception cref="InvalidDataException">The store opens, in <see cref="ZipStoreMode.Append"/>, and the file is not a valid zip archive.</exception>
    /// <exception cref="IOException">The archive cannot be written.</exception>
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        if (!await AddAsync(key, value, cancellationToken).ConfigureAwait(false))
        {
            throw new NotSupportedException(
                $"The key '{MessageText.Bounded(key)}' exists in {this}, and an entry of a zip archive cannot be replaced; write each key once.");
        }
    }

    /// <inheritdoc />
    /// <remarks>Atomic: the check and the append happen under the archive's lock.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for a zip archive.</exception>
    /// <exception cref="InvalidDataException">The store opens, in <see cref="ZipStoreMode.Append"/>, and the file is not a valid zip archive.</exception>
    /// <exception cref="IOException">The archive cannot be written.</exception>
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        AddAsync(key, value, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A missing key is nothing to delete, as in every store; an existing one cannot be removed from a zip archive.</remarks>
    /// <exception cref="ArgumentException">The key is invalid for a zip archive.</exception>
    /// <exception cref="NotSupportedException">The key exists: an entry of a zip archive cannot be removed.</exception>
    public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        if (await FindAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw CannotRemove(key);
        }
    }

    /// <inheritdoc />
    /// <remarks>A prefix with no keys is nothing to delete, as in zarr-python; keys cannot be removed from a zip archive.</remarks>
    /// <exception cref="ArgumentException">The prefix is invalid.</exception>
    /// <exception cref="NotSupportedException">A key lies under the prefix: an entry of a zip archive cannot be removed.</exception>
    public override async Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(prefix);
        await foreach (string key in ListPrefixAsync(StoreKey.AsDirectory(prefix), cancellationToken).ConfigureAwait(false))
        {
            throw CannotRemove(key);
        }
    }

    /// <inheritdoc />
    /// <remarks>Empties the archive (truncates the file), as zarr-python's <c>clear</c> recreates it.</remarks>
    /// <exception cref="IOException">The archive cannot be truncated.</exception>
    /// <exception cref="InvalidDataException">The store opens, in <see cref="ZipStoreMode.Append"/>, and the file is not a valid zip archive.</exception>
    public override async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly("");
        using var lease = await EnterAsync(cancellationToken).ConfigureAwait(false);
        await lease.Archive.ClearAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The store opens and the archive is not a valid zip archive.</exception>
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) => ListPrefixAsync("", cancellationToken);

    /// <inheritdoc />
    /// <remarks>A plain string prefix, as in zarr-python.</remarks>
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The store opens and the archive is not a valid zip archive.</exception>
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListCoreAsync(prefix, directory: false, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">The store opens, in <see cref="ZipStoreMode.Read"/>, and there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The store opens and the archive is not a valid zip archive.</exception>
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        return ListCoreAsync(StoreKey.AsDirectory(prefix.TrimEnd('/')), directory: true, cancellationToken);
    }

    /// <summary>Closes the store: a writer writes the archive's central directory, which makes the file a valid archive.</summary>
    /// <remarks>
    /// Blocks until the reads and writes in flight complete (as zarr-python's <c>close</c> waits for its lock): they
    /// finish normally, with their own results, and the file is closed once the last one ends, so a call in flight never
    /// fails because of the close. Calls that start meanwhile wait for the close and then open the store again, as any
    /// call after it does. Disposing the store (<see cref="Store.DisposeAsync"/>) does the same without blocking a thread.
    /// A call in flight that never ends holds the close: cancel it to close sooner.
    /// </remarks>
    /// <exception cref="IOException">The central directory cannot be written; the file is closed all the same.</exception>
    public override void Close()
    {
        base.Close();
        _openLock.Wait();
        try
        {
            Interlocked.Exchange(ref _archive, null)?.Dispose();
        }
        finally
        {
            _openLock.Release();
        }
    }

    /// <summary>Whether <paramref name="other"/> is a store over the same archive path.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when both paths are the same, as in zarr-python.</returns>
    public bool Equals(ZipStore? other) => other is not null && string.Equals(other.Path, Path, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ZipStore);

    /// <summary>A hash of the archive path.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path);

    /// <summary>The store's URL, <c>zip://</c> and the archive path, as in zarr-python.</summary>
    /// <returns>For example <c>zip:///data/example.zip</c>.</returns>
    public override string ToString() => "zip://" + Path;

    /// <summary>
    /// Checks a key: the rules of every store, and those of a zip entry name that reads back as the same key: no empty,
    /// <c>.</c> or <c>..</c> segment, no trailing <c>/</c> (which names a directory entry), at most 65535 bytes of UTF-8.
    /// </summary>
    /// <param name="key">The key to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for a zip archive; the message names it.</exception>
    protected override void ValidateKey(string key)
    {
        base.ValidateKey(key);
        if (key.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException(
                $"A zip store key must not have an empty, '.' or '..' segment or end with '/', got '{MessageText.Bounded(key)}'.", nameof(key));
        }

        if (System.Text.Encoding.UTF8.GetByteCount(key) > ZipFormat.Max16)
        {
            throw new ArgumentException($"A zip entry name takes at most {ZipFormat.Max16} bytes of UTF-8, got '{MessageText.Bounded(key)}'.", nameof(key));
        }
    }

    /// <summary>Closes the store as <see cref="Close"/> does, waiting for the calls in flight without blocking a thread.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    /// <exception cref="IOException">The central directory cannot be written; the file is closed all the same.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215", Justification = "The base only calls Close, which blocks a thread while the calls in flight end; this override closes the same way without blocking.")]
    protected override async ValueTask DisposeAsyncCore()
    {
        base.Close();
        await _openLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _archive, null) is { } archive)
            {
                await archive.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _openLock.Release();
        }
    }

    /// <summary>Opens the archive as <see cref="Mode"/> says, once: a race of first uses opens it once.</summary>
    /// <param name="cancellationToken">Cancels the wait for a concurrent open.</param>
    /// <returns>A task that completes when the archive is open.</returns>
    /// <exception cref="FileNotFoundException">In <see cref="ZipStoreMode.Read"/> there is no archive at <see cref="Path"/>.</exception>
    /// <exception cref="InvalidDataException">The archive is not a valid zip archive.</exception>
    protected override async ValueTask OpenCoreAsync(CancellationToken cancellationToken)
    {
        await OpenArchiveAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NotSupportedException CannotRemove(string key) =>
        new($"The key '{MessageText.Bounded(key)}' cannot be deleted: an entry of a zip archive cannot be removed.");

    private static (long Start, long Length) Range(string key, ZipEntryInfo entry, ByteRequest? byteRange)
    {
        (long start, long length) = byteRange?.Resolve(entry.Size) ?? (0, entry.Size);
        return length <= Array.MaxLength
            ? (start, length)
            : throw new IOException($"Cannot read {length} bytes of '{MessageText.Bounded(key)}' into one buffer; the limit is {Array.MaxLength}.");
    }

    /// <summary>The open archive, opening it (and marking the store open) first when needed.</summary>
    private async ValueTask<ZipArchiveFile> ArchiveAsync(CancellationToken cancellationToken)
    {
        var archive = Volatile.Read(ref _archive) ?? await OpenArchiveAsync(cancellationToken).ConfigureAwait(false);
        MarkOpen();
        return archive;
    }

    /// <summary>
    /// The open archive, opening it first when needed, with this call registered as a user of its file until the lease
    /// is disposed: a close waits for it. An archive that is closing is opened again once the close is done.
    /// </summary>
    private async ValueTask<ZipArchiveFile.Lease> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // A closing archive is no longer in _archive, so the next round waits for the close, which holds the open lock.
            var archive = Volatile.Read(ref _archive) ?? await OpenArchiveAsync(cancellationToken).ConfigureAwait(false);
            if (archive.TryEnter() is { } lease)
            {
                MarkOpen();
                return lease;
            }
        }
    }

    private async ValueTask<ZipArchiveFile> OpenArchiveAsync(CancellationToken cancellationToken)
    {
        await _openLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_archive is null)
            {
                _archive = Mode == ZipStoreMode.Read ? ZipArchiveFile.OpenRead(Path) : ZipArchiveFile.OpenWrite(Path, create: Mode == ZipStoreMode.Write && !_created);
                _created = true;
            }

            return _archive;
        }
        finally
        {
            _openLock.Release();
        }
    }

    /// <summary>The entry of <paramref name="key"/> in the index, which needs no lease: the index outlives the file.</summary>
    private async ValueTask<ZipEntryInfo?> FindAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await ArchiveAsync(cancellationToken).ConfigureAwait(false)).Find(key);
    }

    private async ValueTask<bool> AddAsync(string key, Buffer value, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        using var lease = await EnterAsync(cancellationToken).ConfigureAwait(false);
        return await lease.Archive.AddAsync(key, value.AsBufferLike(), Compression, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<string> ListCoreAsync(string prefix, bool directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var archive = await ArchiveAsync(cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in archive.Keys())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!directory)
            {
                yield return key;
                continue;
            }

            int slash = key.IndexOf('/', prefix.Length);
            string child = slash < 0 ? key[prefix.Length..] : key[prefix.Length..slash];
            if (seen.Add(child))
            {
                yield return child;
            }
        }
    }
}
