using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// The central directory of a zip archive, read and checked: every offset and size it records lies inside the file
/// and before the directory, every entry name is a valid store key, so that no later read leaves the file.
/// </summary>
/// <remarks>
/// Entries are never read here, only their directory: opening an archive costs one read of its tail and one of its
/// directory. A name recorded twice (zarr-python overwrites that way) is the last record's, as in Python's
/// <c>zipfile</c>. Directory entries (names ending in <c>/</c>) are no keys; they are kept as records, and their local
/// headers bound the data of the entries before them.
/// </remarks>
internal sealed class ZipCentralDirectory
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ZipCentralDirectory(long offset, List<ZipEntryInfo> entries, List<ReadOnlyMemory<byte>> records, ReadOnlyMemory<byte> comment)
    {
        Offset = offset;
        Entries = entries;
        Records = records;
        Comment = comment;
    }

    /// <summary>Where the directory starts, which is where the entries' data ends.</summary>
    public long Offset { get; }

    /// <summary>The entries that are values, in directory order (a later record of a name after an earlier one).</summary>
    public IReadOnlyList<ZipEntryInfo> Entries { get; }

    /// <summary>Every directory record as it is in the file, for an archive that is appended to.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Records { get; }

    /// <summary>The archive's comment as its end record holds it, for an archive that is appended to.</summary>
    public ReadOnlyMemory<byte> Comment { get; }

    /// <summary>Reads and checks the directory of the archive open in <paramref name="handle"/>.</summary>
    /// <param name="handle">The archive.</param>
    /// <param name="archive">The archive's path, for messages.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="InvalidDataException">The file is not a zip archive, or its directory is truncated, out of the file or names an invalid key.</exception>
    public static ZipCentralDirectory Read(SafeFileHandle handle, string archive)
    {
        long fileLength = RandomAccess.GetLength(handle);
        (long endOffset, long count, long size, long offset, byte[] comment) = ReadEnd(handle, fileLength, archive);
        if (size > Array.MaxLength)
        {
            throw Invalid(archive, $"its central directory claims {size} bytes, more than this store reads into memory ({Array.MaxLength})");
        }

        if (count > size / ZipFormat.CentralHeaderLength)
        {
            throw Invalid(archive, $"its central directory claims {count} entries in {size} bytes, which cannot hold more than {size / ZipFormat.CentralHeaderLength}");
        }

        if (offset > endOffset || size > endOffset - offset)
        {
            throw Invalid(archive, $"its central directory ({size} bytes at offset {offset}) does not end before its end record at offset {endOffset}; the archive is truncated or corrupt");
        }

        byte[] directory = new byte[size];
        ReadExactly(handle, directory, offset, archive);
        var (entries, records) = Parse(directory, offset, count, archive);
        return new ZipCentralDirectory(offset, entries, records, comment);
    }

    /// <summary>The exception for an archive that is not a valid zip archive.</summary>
    public static InvalidDataException Invalid(string archive, string why, Exception? inner = null) =>
        new($"'{MessageText.Bounded(archive)}' is not a valid zip archive: {why}.", inner);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; a file that ends first is invalid.</summary>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string archive)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = RandomAccess.Read(handle, destination[read..], offset + read);
            if (n == 0)
            {
                throw Invalid(archive, $"it ends at offset {offset + read}, inside a record of {destination.Length} bytes at offset {offset}");
            }

            read += n;
        }
    }

    /// <summary>The entry count, directory size and directory offset, from the ZIP64 end record when there is one, and the comment.</summary>
    private static (long EndOffset, long Count, long Size, long Offset, byte[] Comment) ReadEnd(SafeFileHandle handle, long fileLength, string archive)
    {
        int tailLength = (int)Math.Min(fileLength, ZipFormat.EndLength + ZipFormat.Max16);
        byte[] tail = new byte[tailLength];
        ReadExactly(handle, tail, fileLength - tailLength, archive);
        int at = FindEnd(tail) ?? throw Invalid(archive, $"no end of central directory record in its last {tailLength} bytes");
        long endOffset = fileLength - tailLength + at;
        var end = tail.AsSpan(at, ZipFormat.EndLength);
        byte[] comment = tail.AsSpan(at + ZipFormat.EndLength, BinaryPrimitives.ReadUInt16LittleEndian(end[20..])).ToArray();
        if (BinaryPrimitives.ReadUInt16LittleEndian(end[4..]) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(end[6..]) != 0)
        {
            throw Invalid(archive, "it spans several disks");
        }

        long locatorOffset = endOffset - ZipFormat.Zip64LocatorLength;
        if (locatorOffset >= 0)
        {
            byte[] locator = new byte[ZipFormat.Zip64LocatorLength];
            ReadExactly(handle, locator, locatorOffset, archive);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == ZipFormat.Zip64LocatorSignature)
            {
                (long zip64End, long zip64Count, long zip64Size, long zip64Offset) =
                    ReadZip64End(handle, BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8)), locatorOffset, archive);
                return (zip64End, zip64Count, zip64Size, zip64Offset, comment);
            }
        }

        return (endOffset, BinaryPrimitives.ReadUInt16LittleEndian(end[10..]), BinaryPrimitives.ReadUInt32LittleEndian(end[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(end[16..]), comment);
    }

    private static (long EndOffset, long Count, long Size, long Offset) ReadZip64End(SafeFileHandle handle, long offset, long locatorOffset, string archive)
    {
        if (offset < 0 || offset > locatorOffset - ZipFormat.Zip64EndLength)
        {
            throw Invalid(archive, $"its ZIP64 end record is said to be at offset {offset}, which does not end before its locator at offset {locatorOffset}");
        }

        byte[] record = new byte[ZipFormat.Zip64EndLength];
        ReadExactly(handle, record, offset, archive);
        var r = record.AsSpan();
        if (BinaryPrimitives.ReadUInt32LittleEndian(r) != ZipFormat.Zip64EndSignature)
        {
            throw Invalid(archive, $"there is no ZIP64 end record at offset {offset}, where its locator points");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(r[16..]) != 0 || BinaryPrimitives.ReadUInt32LittleEndian(r[20..]) != 0)
        {
            throw Invalid(archive, "it spans several disks");
        }

        return (offset, Checked(r[32..], "entry count", archive), Checked(r[40..], "central directory size", archive),
            Checked(r[48..], "central directory offset", archive));
    }

    private static long Checked(ReadOnlySpan<byte> field, string what, string archive)
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(field);
        return value >= 0 ? value : throw Invalid(archive, $"its ZIP64 end record has a {what} of {(ulong)value}, past any file");
    }

    /// <summary>
    /// The end record whose comment ends the file, else the last one whose comment fits in it (bytes appended after
    /// the archive). A comment may hold the end record's signature; the record it ends is the real one.
    /// </summary>
    private static int? FindEnd(ReadOnlySpan<byte> tail)
    {
        int? fits = null;
        for (int at = tail.Length - ZipFormat.EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[at..]) != ZipFormat.EndSignature)
            {
                continue;
            }

            int commentEnd = at + ZipFormat.EndLength + BinaryPrimitives.ReadUInt16LittleEndian(tail[(at + 20)..]);
            if (commentEnd == tail.Length)
            {
                return at;
            }

            fits ??= commentEnd < tail.Length ? at : null;
        }

        return fits;
    }

    private static (List<ZipEntryInfo> Entries, List<ReadOnlyMemory<byte>> Records) Parse(byte[] directory, long offset, long count, string archive)
    {
        var entries = new List<ZipEntryInfo>();
        var records = new List<ReadOnlyMemory<byte>>();
        int at = 0;
        for (long i = 0; i < count; i++)
        {
            var rest = directory.AsSpan(at);
            if (rest.Length < ZipFormat.CentralHeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(rest) != ZipFormat.CentralHeaderSignature)
            {
                throw Invalid(archive, $"central directory record {i} of {count} (offset {offset + at}) is truncated or corrupt");
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[30..]);
            int recordLength = ZipFormat.CentralHeaderLength + nameLength + extraLength + BinaryPrimitives.ReadUInt16LittleEndian(rest[32..]);
            if (recordLength > rest.Length)
            {
                throw Invalid(archive, $"central directory record {i} of {count} (offset {offset + at}) runs past the end of the directory");
            }

            string name = Name(rest.Slice(ZipFormat.CentralHeaderLength, nameLength), i, archive);
            records.Add(directory.AsMemory(at, recordLength));
            entries.Add(Entry(rest[..recordLength], name, offset, archive));
            at += recordLength;
        }

        if (at != directory.Length)
        {
            throw Invalid(archive, $"its end record counts {count} entries, but its central directory holds {directory.Length - at} bytes of records after them");
        }

        SetDataLimits(entries, offset);
        return ([.. entries.Where(entry => !entry.Name.EndsWith('/'))], records);
    }

    /// <summary>
    /// Bounds each entry's data by the next local header (of any entry, directory entries included) or the central
    /// directory, so that a read can refuse an entry whose data overlaps another's.
    /// </summary>
    private static void SetDataLimits(List<ZipEntryInfo> entries, long directoryOffset)
    {
        long[] starts = [.. entries.Select(entry => entry.HeaderOffset).Distinct().Order()];
        foreach (var entry in entries)
        {
            int next = Array.BinarySearch(starts, entry.HeaderOffset) + 1;
            entry.DataLimit = next < starts.Length ? starts[next] : directoryOffset;
        }
    }

    private static string Name(ReadOnlySpan<byte> bytes, long index, string archive)
    {
        string name;
        try
        {
            name = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Invalid(archive, $"the name of entry {index} is not UTF-8", e);
        }

        string key = name.EndsWith('/') ? name[..^1] : name;
        if (key.Length == 0 || key[0] == '/' || key.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw Invalid(archive, $"entry {index} is named '{MessageText.Bounded(name)}', which is not a store key (an empty, '.' or '..' segment, or a leading '/')");
        }

        return name;
    }

    /// <summary>The entry of one record, its sizes and offset taken from the ZIP64 extra field where the record defers to it.</summary>
    private static ZipEntryInfo Entry(ReadOnlySpan<byte> record, string name, long directoryOffset, string archive)
    {
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
        ushort method = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        long compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(record[24..]);
        long headerOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[42..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[28..]);
        var extra = record.Slice(ZipFormat.CentralHeaderLength + nameLength, BinaryPrimitives.ReadUInt16LittleEndian(record[30..]));
        if (size == ZipFormat.Max32 || compressedSize == ZipFormat.Max32 || headerOffset == ZipFormat.Max32)
        {
            var zip64 = new Zip64Fields(Zip64Extra(extra) ?? throw InvalidEntry(archive, name, "it defers a size or offset to a ZIP64 extra field that it does not have"), name, archive);
            size = zip64.Next(size);
            compressedSize = zip64.Next(compressedSize);
            headerOffset = zip64.Next(headerOffset);
        }

        if (headerOffset > directoryOffset - ZipFormat.LocalHeaderLength)
        {
            throw InvalidEntry(archive, name, $"its local header at offset {headerOffset} does not lie before the central directory at offset {directoryOffset}");
        }

        if (compressedSize > directoryOffset - ZipFormat.LocalHeaderLength - headerOffset)
        {
            throw InvalidEntry(archive, name, $"its {compressedSize} bytes of data from offset {headerOffset} run past the central directory at offset {directoryOffset}");
        }

        if (method == ZipFormat.Stored && compressedSize != size)
        {
            throw InvalidEntry(archive, name, $"it is stored uncompressed, but its size ({size}) differs from its stored length ({compressedSize})");
        }

        return new ZipEntryInfo(name, flags, method, crc, compressedSize, size, headerOffset);
    }

    /// <summary>The exception for an entry whose records are inconsistent or point outside the file.</summary>
    public static InvalidDataException InvalidEntry(string archive, string name, string why, Exception? inner = null) =>
        Invalid(archive, $"entry '{MessageText.Bounded(name)}' is corrupt: {why}", inner);

    private static ReadOnlyMemory<byte>? Zip64Extra(ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            if (id == ZipFormat.Zip64ExtraId)
            {
                return extra.Slice(4, length).ToArray();
            }

            extra = extra[(4 + length)..];
        }

        return null;
    }

    /// <summary>The 64-bit values of a ZIP64 extra field, taken in order by the fields that defer to it.</summary>
    private ref struct Zip64Fields(ReadOnlyMemory<byte> data, string name, string archive)
    {
        private int _at;

        public long Next(long field)
        {
            if (field != ZipFormat.Max32)
            {
                return field;
            }

            if (data.Length - _at < sizeof(long))
            {
                throw InvalidEntry(archive, name, "its ZIP64 extra field is shorter than the fields that defer to it");
            }

            long value = BinaryPrimitives.ReadInt64LittleEndian(data.Span[_at..]);
            _at += sizeof(long);
            return value >= 0 ? value : throw InvalidEntry(archive, name, $"its ZIP64 extra field holds {(ulong)value}, past any file");
        }
    }
}
