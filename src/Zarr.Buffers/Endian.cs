namespace Zarr.Buffers;

/// <summary>The byte order of encoded multi-byte values (zarr-python's <c>Endian</c>).</summary>
public enum Endian
{
    /// <summary>Least significant byte first (the order of every host .NET runs on today).</summary>
    Little,

    /// <summary>Most significant byte first.</summary>
    Big,
}
