using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// An open zip archive: its index of entries, the reads of their bytes, and, when writable, the entries it appends
/// and the central directory it writes when disposed. <see cref="ZipStore"/> holds one while it is open.
/// </summary>
/// <remarks>
/// Reads take no lock beyond a dictionary lookup and read through <see cref="RandomAccess"/>, so they run in parallel.
/// Appends are serialised; an entry is indexed only once its bytes are in the file, so a reader never sees a partial one.
/// A call that may race the archive's disposal holds a <see cref="Lease"/> (<see cref="TryEnter"/>) while it uses the
/// file: disposal waits for every lease to end before it writes the directory and closes the file.
/// </remarks>
internal sealed class ZipArchiveFile : IDisposable, IAsyncDisposable
{
    /// <summary>Deflate cannot expand data by more than this factor, so an entry that claims more is corrupt.</summary>
    private const int MaxDeflateRatio = 1032;

    private const int SkipChunk = 64 << 10;

    private readonly SafeFileHandle _handle;
    private readonly string _path;
    private readonly long _zip64Threshold;
    private readonly long _countThreshold;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, ZipEntryInfo> _entries = new(StringComparer.Ordinal);
    private readonly List<ReadOnlyMemory<byte>>? _records;
    private long _end;
    private ReadOnlyMemory<byte> _comment;
    private bool _changed;
    private int _users;
    private TaskCompletionSource? _idle;

    private ZipArchiveFile(SafeFileHandle handle, string path, bool writable, long zip64Threshold, long countThreshold)
    {
        _handle = handle;
        _path = path;
        _records = writable ? [] : null;
        _zip64Threshold = zip64Threshold;
        _countThreshold = countThreshold;
    }

    /// <summary>Opens an existing archive for reading; other readers may open it too.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid zip archive.</exception>
    public static ZipArchiveFile OpenRead(string path) =>
        Open(path, FileMode.Open, FileAccess.Read, FileShare.Read, archive => archive.Index(ZipCentralDirectory.Read(archive._handle, path)));

    /// <summary>
    /// Opens an archive to add entries to, holding the file exclusively: a new empty one when <paramref name="create"/>
    /// is true or the file is missing or empty, else the existing one, whose directory the new entries overwrite and
    /// which is written again, whole, on <see cref="Dispose"/>.
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <param name="create">Whether to replace any file at <paramref name="path"/>.</param>
    /// <param name="zip64Threshold">Offsets and sizes from this on use ZIP64 records (lower than 4 GiB only in tests).</param>
    /// <param name="countThreshold">Entry counts from this on use ZIP64 records (lower than 65535 only in tests).</param>
    /// <exception cref="InvalidDataException">The existing file is not a valid zip archive.</exception>
    public static ZipArchiveFile OpenWrite(string path, bool create, long zip64Threshold = ZipFormat.Max32, long countThreshold = ZipFormat.Max16) =>
        Open(path, create ? FileMode.Create : FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, archive =>
        {
            if (RandomAccess.GetLength(archive._handle) == 0)
            {
                archive._changed = true;
                return;
            }

            var directory = ZipCentralDirectory.Read(archive._handle, path);
            archive.Index(directory);
            archive._records!.AddRange(directory.Records);
            archive._comment = directory.Comment;
        }, zip64Threshold, countThreshold);

    /// <summary>The entry named <paramref name="key"/>, if there is one.</summary>
    public ZipEntryInfo? Find(string key)
    {
        lock (_gate)
        {
            return _entries.GetValueOrDefault(key);
        }
    }

    /// <summary>A snapshot of the keys.</summary>
    public string[] Keys()
    {
        lock (_gate)
        {
            return [.. _entries.Keys];
        }
    }

    /// <summary>
    /// Registers a call that uses the file, unless the archive is being disposed: the lease holds off disposal until
    /// it is disposed itself.
    /// </summary>
    /// <returns>The lease, or null when the archive is being disposed (open it again instead).</returns>
    public Lease? TryEnter()
    {
        lock (_gate)
        {
            if (_idle is not null)
            {
                return null;
            }

            _users++;
            return new Lease(this);
        }
    }

    /// <summary>
    /// Reads bytes <paramref name="start"/> to <paramref name="start"/> + <c>destination.Length</c> of the entry's value:
    /// of a stored entry just those bytes of the file; of a deflated one, the entry inflated from its start up to the end
    /// of the range and no further. A read that covers the whole value checks its CRC-32 (as does a read of a deflated
    /// entry that inflates it to its end); a part of a stored entry cannot be checked.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry's local header or data is corrupt, ends outside the file, overlaps another entry, or fails its CRC-32 check.</exception>
    /// <exception cref="NotSupportedException">The entry is encrypted or compressed with a method other than stored or deflated.</exception>
    public async ValueTask ReadAsync(ZipEntryInfo entry, long start, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (entry.IsEncrypted)
        {
            throw new NotSupportedException($"{Describe(entry)} is encrypted; ZipStore reads unencrypted archives only.");
        }

        if (entry.Method is not (ZipFormat.Stored or ZipFormat.Deflated))
        {
            throw new NotSupportedException($"{Describe(entry)} is compressed with method {entry.Method}; ZipStore reads stored (0) and deflated (8) entries only.");
        }

        bool whole = start == 0 && destination.Length == entry.Size;
        if (destination.Length == 0 && !whole)
        {
            return;
        }

        long data = entry.DataOffset ?? await LocateDataAsync(entry, cancellationToken).ConfigureAwait(false);
        if (entry.Method == ZipFormat.Stored)
        {
            await ReadStoredAsync(entry, data + start, destination, cancellationToken).ConfigureAwait(false);
            if (whole)
            {
                EnsureCrc(entry, Crc32.HashToUInt32(destination.Span));
            }
        }
        else
        {
            await InflateAsync(entry, data, start, destination, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends an entry unless the key exists; returns whether it did.</summary>
    /// <param name="key">The entry's name, a valid key.</param>
    /// <param name="value">The value; read during the call only.</param>
    /// <param name="compression">NoCompression stores the value; any other level deflates it.</param>
    /// <param name="cancellationToken">Cancels the wait for other appends; once the bytes are being written, the append completes.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public async ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, CompressionLevel compression, CancellationToken cancellationToken)
    {
        if (Find(key) is not null)
        {
            return false;
        }

        byte[] name = Encoding.UTF8.GetBytes(key);
        ushort flags = Ascii.IsValid(name) ? (ushort)0 : ZipFormat.Utf8Flag;
        uint crc = Crc32.HashToUInt32(value.Span);
        (ushort method, ReadOnlyMemory<byte> payload) = compression == CompressionLevel.NoCompression
            ? (ZipFormat.Stored, value)
            : (ZipFormat.Deflated, Deflate(value.Span, compression));
        uint time = ZipFormat.DosTime(DateTime.Now);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Find(key) is not null)
            {
                return false;
            }

            long offset = _end;
            byte[] header = ZipFormat.LocalHeader(name, flags, method, time, crc, payload.Length, value.Length);
            await RandomAccess.WriteAsync(_handle, [header, payload], offset, CancellationToken.None).ConfigureAwait(false);
            byte[] record = ZipFormat.CentralRecord(name, flags, method, time, crc, payload.Length, value.Length, offset, _zip64Threshold);
            _end = offset + header.Length + payload.Length;
            var entry = new ZipEntryInfo(key, flags, method, crc, payload.Length, value.Length, offset) { DataOffset = offset + header.Length, DataLimit = _end };
            _changed = true;
            lock (_gate)
            {
                _entries[key] = entry;
                _records!.Add(record);
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Empties the archive (zarr-python's <c>clear</c>, which recreates the file).</summary>
    /// <exception cref="IOException">The file cannot be truncated.</exception>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RandomAccess.SetLength(_handle, 0);
            _end = 0;
            _comment = ReadOnlyMemory<byte>.Empty;
            _changed = true;
            lock (_gate)
            {
                _entries.Clear();
                _records!.Clear();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Waits for the leases in flight to end, then writes the central directory of a writable archive that changed and
    /// closes the file. New leases are refused from the call on; a second disposal returns at once.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be written; the file is closed all the same.</exception>
    public void Dispose()
    {
        if (BeginDispose() is { } idle)
        {
            idle.Wait();
            Close();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    /// <returns>A task that completes when the file is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose() is { } idle)
        {
            await idle.ConfigureAwait(false);
            Close();
        }
    }

    private static ZipArchiveFile Open(string path, FileMode mode, FileAccess access, FileShare share, Action<ZipArchiveFile> load,
        long zip64Threshold = ZipFormat.Max32, long countThreshold = ZipFormat.Max16)
    {
        var handle = File.OpenHandle(path, mode, access, share);
        var archive = new ZipArchiveFile(handle, path, access == FileAccess.ReadWrite, zip64Threshold, countThreshold);
        try
        {
            load(archive);
            return archive;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static ReadOnlyMemory<byte> Deflate(ReadOnlySpan<byte> value, CompressionLevel compression)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, compression, leaveOpen: true))
        {
            deflate.Write(value);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>Refuses new leases and returns a task that completes when the last lease ends; null when disposal had begun.</summary>
    private Task? BeginDispose()
    {
        lock (_gate)
        {
            if (_idle is not null)
            {
                return null;
            }

            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_users == 0)
            {
                _idle.SetResult();
            }

            return _idle.Task;
        }
    }

    private void Exit()
    {
        TaskCompletionSource? idle;
        lock (_gate)
        {
            _users--;
            idle = _users == 0 ? _idle : null;
        }

        idle?.SetResult();
    }

    private void Close()
    {
        try
        {
            if (_records is not null && _changed)
            {
                WriteDirectory();
            }
        }
        finally
        {
            _handle.Dispose();
        }
    }

    private void Index(ZipCentralDirectory directory)
    {
        foreach (var entry in directory.Entries)
        {
            _entries[entry.Name] = entry;
        }

        _end = directory.Offset;
    }

    private void WriteDirectory()
    {
        var directory = new ArrayBufferWriter<byte>();
        foreach (var record in _records!)
        {
            directory.Write(record.Span);
        }

        ZipFormat.WriteEnd(directory, _end, directory.WrittenCount, _records.Count, _zip64Threshold, _countThreshold, _comment.Span);
        RandomAccess.Write(_handle, directory.WrittenSpan, _end);
        RandomAccess.SetLength(_handle, _end + directory.WrittenCount);
    }

    /// <summary>Reads the entry's local header for the offset of its data, checking that it matches the directory.</summary>
    private async ValueTask<long> LocateDataAsync(ZipEntryInfo entry, CancellationToken cancellationToken)
    {
        int nameLength = Encoding.UTF8.GetByteCount(entry.Name);
        byte[] header = new byte[ZipFormat.LocalHeaderLength + nameLength];
        int read = 0;
        while (read < header.Length)
        {
            int n = await RandomAccess.ReadAsync(_handle, header.AsMemory(read), entry.HeaderOffset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw Corrupt(entry, $"the file ends inside its local header at offset {entry.HeaderOffset}");
            }

            read += n;
        }

        var h = header.AsSpan();
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != ZipFormat.LocalHeaderSignature)
        {
            throw Corrupt(entry, $"there is no local header at offset {entry.HeaderOffset}, where the central directory points");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) != nameLength || !h[ZipFormat.LocalHeaderLength..].SequenceEqual(Encoding.UTF8.GetBytes(entry.Name)))
        {
            throw Corrupt(entry, $"its local header at offset {entry.HeaderOffset} names another entry");
        }

        EnsureLocalHeaderAgrees(entry, h);
        long data = entry.HeaderOffset + header.Length + BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
        if (data + entry.CompressedSize > entry.DataLimit)
        {
            throw Corrupt(entry, $"its {entry.CompressedSize} bytes of data from offset {data} run past offset {entry.DataLimit}, where the next entry or the central directory starts (entries must not overlap)");
        }

        entry.DataOffset = data;
        return data;
    }

    /// <summary>
    /// Refuses a local header that records another method, CRC-32 or size than the central directory: a reader that
    /// trusts local headers would read other bytes. An entry whose CRC-32 and sizes follow in a data descriptor may
    /// record zeros, and a ZIP64 entry records 0xFFFFFFFF sizes.
    /// </summary>
    private void EnsureLocalHeaderAgrees(ZipEntryInfo entry, ReadOnlySpan<byte> header)
    {
        bool described = (BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) & ZipFormat.DataDescriptorFlag) != 0;
        EnsureAgrees(entry, "compression method", BinaryPrimitives.ReadUInt16LittleEndian(header[8..]), entry.Method, described: false, zip64: false);
        EnsureAgrees(entry, "CRC-32", BinaryPrimitives.ReadUInt32LittleEndian(header[14..]), entry.Crc, described, zip64: false);
        EnsureAgrees(entry, "compressed size", BinaryPrimitives.ReadUInt32LittleEndian(header[18..]), entry.CompressedSize, described, zip64: true);
        EnsureAgrees(entry, "size", BinaryPrimitives.ReadUInt32LittleEndian(header[22..]), entry.Size, described, zip64: true);
    }

    private void EnsureAgrees(ZipEntryInfo entry, string field, long local, long central, bool described, bool zip64)
    {
        if (local != central && !(described && local == 0) && !(zip64 && local == ZipFormat.Max32))
        {
            throw Corrupt(entry, $"its local header at offset {entry.HeaderOffset} records a {field} of {local}, its central directory {central}");
        }
    }

    private void EnsureCrc(ZipEntryInfo entry, uint crc)
    {
        if (crc != entry.Crc)
        {
            throw Corrupt(entry, $"bad CRC-32: its bytes hash to {crc:x8}, its central directory records {entry.Crc:x8}");
        }
    }

    private async ValueTask ReadStoredAsync(ZipEntryInfo entry, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = await RandomAccess.ReadAsync(_handle, destination[read..], offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw Corrupt(entry, $"the file ends at offset {offset + read}, inside the entry's data");
            }

            read += n;
        }
    }

    private async ValueTask InflateAsync(ZipEntryInfo entry, long data, long start, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (entry.Size > (entry.CompressedSize * MaxDeflateRatio) + MaxDeflateRatio)
        {
            throw Corrupt(entry, $"it claims {entry.Size} bytes inflated from {entry.CompressedSize}, more than deflate can produce");
        }

        var inflater = new DeflateStream(new FileSliceStream(_handle, data, entry.CompressedSize), CompressionMode.Decompress);
        await using var disposeInflater = inflater.ConfigureAwait(false);
        bool toEnd = start + destination.Length == entry.Size;
        // A read that inflates the entry to its end has seen every byte, so it can check the CRC-32, skipped bytes included.
        var crc = toEnd ? new Crc32() : null;
        bool overruns;
        try
        {
            await SkipAsync(inflater, start, crc, cancellationToken).ConfigureAwait(false);
            await inflater.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
            overruns = toEnd && await inflater.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0;
        }
        catch (EndOfStreamException e)
        {
            throw Corrupt(entry, $"it inflates to fewer than its recorded {entry.Size} bytes", e);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(entry, $"its deflate data is corrupt ({e.Message})", e);
        }

        if (overruns)
        {
            throw Corrupt(entry, $"it inflates to more than its recorded {entry.Size} bytes");
        }

        if (crc is not null)
        {
            crc.Append(destination.Span);
            EnsureCrc(entry, crc.GetCurrentHashAsUInt32());
        }
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes, adding them to <paramref name="crc"/> when there is one.</summary>
    private static async ValueTask SkipAsync(Stream stream, long count, Crc32? crc, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, SkipChunk));
        try
        {
            for (long left = count; left > 0; left -= SkipChunk)
            {
                var chunk = scratch.AsMemory(0, (int)Math.Min(left, SkipChunk));
                await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
                crc?.Append(chunk.Span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private InvalidDataException Corrupt(ZipEntryInfo entry, string why, Exception? inner = null) =>
        ZipCentralDirectory.InvalidEntry(_path, entry.Name, why, inner);

    private string Describe(ZipEntryInfo entry) => $"Entry '{MessageText.Bounded(entry.Name)}' of '{MessageText.Bounded(_path)}'";

    /// <summary>A call's use of the archive's file: disposal of the archive waits until it is disposed.</summary>
    public readonly struct Lease(ZipArchiveFile archive) : IDisposable
    {
        /// <summary>The archive in use.</summary>
        public ZipArchiveFile Archive => archive;

        /// <summary>Ends the use; the last one lets a waiting disposal proceed.</summary>
        public void Dispose() => archive.Exit();
    }
}
