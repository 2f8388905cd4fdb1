namespace Zarr.Storage;

/// <summary>
/// One entry of a zip archive as its central directory records it. The offset of its data is only known from its
/// local header, which is read on the first access (opening an archive of many entries reads its directory only).
/// </summary>
internal sealed class ZipEntryInfo(string name, ushort flags, ushort method, uint crc, long compressedSize, long size, long headerOffset)
{
    /// <summary>The data offset while it is not yet known.</summary>
    private const long Unknown = -1;

    private long _dataOffset = Unknown;

    /// <summary>The entry's name, which is the store key.</summary>
    public string Name => name;

    /// <summary>The general-purpose flags; bit 0 marks an encrypted entry.</summary>
    public ushort Flags => flags;

    /// <summary>The compression method: 0 stored, 8 deflated.</summary>
    public ushort Method => method;

    /// <summary>The CRC-32 of the uncompressed bytes.</summary>
    public uint Crc => crc;

    /// <summary>The length of the entry's data in the archive.</summary>
    public long CompressedSize => compressedSize;

    /// <summary>The length of the value: the uncompressed size.</summary>
    public long Size => size;

    /// <summary>Where the entry's local header starts in the archive.</summary>
    public long HeaderOffset => headerOffset;

    /// <summary>
    /// Where the next local header, or the central directory, starts: the entry's data must end there or before, so
    /// entries never overlap (Python's <c>zipfile</c> refuses overlapping entries, a zip bomb's trick, the same way).
    /// Set once, before the entry is shared.
    /// </summary>
    public long DataLimit { get; set; }

    /// <summary>Whether the entry is encrypted, which this store does not read.</summary>
    public bool IsEncrypted => (flags & 1) != 0;

    /// <summary>Where the entry's data starts, or null while its local header has not been read.</summary>
    public long? DataOffset
    {
        get
        {
            long offset = Volatile.Read(ref _dataOffset);
            return offset == Unknown ? null : offset;
        }

        // Racing readers compute the same offset from the same header, so the last write wins harmlessly.
        set => Volatile.Write(ref _dataOffset, value ?? Unknown);
    }
}
