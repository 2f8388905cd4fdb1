namespace Zarr.Storage;

/// <summary>How a <see cref="ZipStore"/> opens its archive (zarr-python's <c>mode</c>: <c>"r"</c>, <c>"w"</c>, <c>"a"</c>).</summary>
public enum ZipStoreMode
{
    /// <summary>Reads an existing archive; the store is read-only (<c>"r"</c>).</summary>
    Read,

    /// <summary>
    /// Creates a new archive, replacing any file at the path, when the store first opens (<c>"w"</c>); opening again
    /// after <see cref="Store.Close"/> appends to the archive it made rather than replacing it.
    /// </summary>
    Write,

    /// <summary>Adds entries to an existing archive, or creates one where no file (or an empty one) is (<c>"a"</c>).</summary>
    Append,
}
