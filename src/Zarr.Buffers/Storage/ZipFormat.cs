using System.Buffers;
using System.Buffers.Binary;

namespace Zarr.Storage;

/// <summary>
/// The records of the zip format (PKWARE APPNOTE 6.3) that <see cref="ZipStore"/> reads and writes: signatures,
/// fixed lengths, and the encoders of the records it writes. Every number is little-endian.
/// </summary>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint CentralHeaderSignature = 0x02014b50;
    public const uint EndSignature = 0x06054b50;
    public const uint Zip64EndSignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;

    public const int LocalHeaderLength = 30;
    public const int CentralHeaderLength = 46;
    public const int EndLength = 22;
    public const int Zip64EndLength = 56;
    public const int Zip64LocatorLength = 20;

    public const ushort Zip64ExtraId = 1;
    public const ushort Stored = 0;
    public const ushort Deflated = 8;

    /// <summary>General-purpose flag bit 3: the CRC-32 and sizes follow the data in a data descriptor; the local header may hold zeros.</summary>
    public const ushort DataDescriptorFlag = 0x8;

    /// <summary>General-purpose flag bit 11: the name is UTF-8.</summary>
    public const ushort Utf8Flag = 0x800;

    /// <summary>A 32-bit field of this value defers to the ZIP64 record.</summary>
    public const uint Max32 = uint.MaxValue;

    /// <summary>A 16-bit field of this value defers to the ZIP64 record.</summary>
    public const ushort Max16 = ushort.MaxValue;

    private const ushort Version20 = 20;
    private const ushort Version45 = 45;

    // "Made by" Unix (3), so that the external attributes are a Unix mode: a regular file, rw-r--r--.
    private const ushort MadeByUnix = 3 << 8;
    private const uint RegularFileMode = 0x81A4u << 16;

    /// <summary>A local file header. Values are held in <see cref="Buffer"/>s, so sizes always fit in 32 bits.</summary>
    public static byte[] LocalHeader(ReadOnlySpan<byte> name, ushort flags, ushort method, uint dosTime, uint crc, int compressedSize, int size)
    {
        byte[] header = new byte[LocalHeaderLength + name.Length];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, LocalHeaderSignature);
        WriteSharedFields(h[4..], Version20, flags, method, dosTime, crc, compressedSize, size, name.Length);
        name.CopyTo(h[LocalHeaderLength..]);
        return header;
    }

    /// <summary>
    /// The central directory record of an entry written with <see cref="LocalHeader"/> at <paramref name="headerOffset"/>;
    /// an offset from <paramref name="zip64Threshold"/> on moves to a ZIP64 extra field.
    /// </summary>
    public static byte[] CentralRecord(ReadOnlySpan<byte> name, ushort flags, ushort method, uint dosTime, uint crc, int compressedSize,
        int size, long headerOffset, long zip64Threshold)
    {
        bool zip64 = headerOffset >= zip64Threshold;
        int extraLength = zip64 ? 12 : 0;
        ushort version = zip64 ? Version45 : Version20;
        byte[] record = new byte[CentralHeaderLength + name.Length + extraLength];
        var r = record.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(r, CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(r[4..], (ushort)(MadeByUnix | version));
        WriteSharedFields(r[6..], version, flags, method, dosTime, crc, compressedSize, size, name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(r[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt32LittleEndian(r[38..], RegularFileMode);
        BinaryPrimitives.WriteUInt32LittleEndian(r[42..], zip64 ? Max32 : (uint)headerOffset);
        name.CopyTo(r[CentralHeaderLength..]);
        if (zip64)
        {
            var extra = r[(CentralHeaderLength + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 8);
            BinaryPrimitives.WriteInt64LittleEndian(extra[4..], headerOffset);
        }

        return record;
    }

    /// <summary>
    /// The 24 bytes a local header (from offset 4) and a central directory record (from offset 6) share: version needed,
    /// flags, method, time and date, CRC-32, both sizes and the name's length.
    /// </summary>
    private static void WriteSharedFields(Span<byte> fields, ushort version, ushort flags, ushort method, uint dosTime, uint crc,
        int compressedSize, int size, int nameLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(fields, version);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[2..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[4..], method);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[6..], dosTime);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[10..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[14..], (uint)compressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[18..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[22..], (ushort)nameLength);
    }

    /// <summary>
    /// The end of central directory record, preceded by the ZIP64 end record and locator when the count, size or
    /// offset reaches its threshold (<see cref="Max16"/> entries and <see cref="Max32"/> bytes, lower in tests), and
    /// followed by the archive's <paramref name="comment"/> (at most <see cref="Max16"/> bytes, as read from an end record).
    /// </summary>
    public static void WriteEnd(IBufferWriter<byte> output, long directoryOffset, long directorySize, long count, long zip64Threshold, long countThreshold,
        ReadOnlySpan<byte> comment)
    {
        if (count >= countThreshold || directoryOffset >= zip64Threshold || directorySize >= zip64Threshold)
        {
            var end64 = output.GetSpan(Zip64EndLength + Zip64LocatorLength)[..(Zip64EndLength + Zip64LocatorLength)];
            end64.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(end64, Zip64EndSignature);
            BinaryPrimitives.WriteInt64LittleEndian(end64[4..], Zip64EndLength - 12);
            BinaryPrimitives.WriteUInt16LittleEndian(end64[12..], MadeByUnix | Version45);
            BinaryPrimitives.WriteUInt16LittleEndian(end64[14..], Version45);
            BinaryPrimitives.WriteInt64LittleEndian(end64[24..], count);
            BinaryPrimitives.WriteInt64LittleEndian(end64[32..], count);
            BinaryPrimitives.WriteInt64LittleEndian(end64[40..], directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(end64[48..], directoryOffset);
            var locator = end64[Zip64EndLength..];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, Zip64LocatorSignature);
            BinaryPrimitives.WriteInt64LittleEndian(locator[8..], directoryOffset + directorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            output.Advance(end64.Length);
        }

        var end = output.GetSpan(EndLength)[..EndLength];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)Math.Min(count, Max16));
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)Math.Min(count, Max16));
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)Math.Min(directorySize, Max32));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)Math.Min(directoryOffset, Max32));
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], (ushort)comment.Length);
        output.Advance(EndLength);
        output.Write(comment);
    }

    /// <summary>An MS-DOS date and time (local time, two-second resolution, 1980 to 2107), date in the high half.</summary>
    public static uint DosTime(DateTime time)
    {
        if (time.Year < 1980)
        {
            return (1 << 5 | 1) << 16;
        }

        int year = Math.Min(time.Year, 2107) - 1980;
        uint date = (uint)(year << 9 | time.Month << 5 | time.Day);
        uint clock = (uint)(time.Hour << 11 | time.Minute << 5 | time.Second / 2);
        return date << 16 | clock;
    }
}
