namespace Zarr.Codecs;

/// <summary>The codec inside a Blosc frame: the <c>cname</c> of the <c>blosc</c> codec's configuration.</summary>
/// <remarks>zarr-python also names <c>snappy</c>, which numcodecs' and Debian's c-blosc builds leave out; it is not supported.</remarks>
public enum BloscCname
{
    /// <summary><c>lz4</c>: LZ4, fast.</summary>
    Lz4,

    /// <summary><c>lz4hc</c>: LZ4's high-compression encoder; its frames decode as LZ4.</summary>
    Lz4hc,

    /// <summary><c>blosclz</c>: c-blosc's own LZ77 format.</summary>
    BloscLz,

    /// <summary><c>zstd</c>: Zstandard, zarr-python's default.</summary>
    Zstd,

    /// <summary><c>zlib</c>: deflate in a zlib stream.</summary>
    Zlib,
}
