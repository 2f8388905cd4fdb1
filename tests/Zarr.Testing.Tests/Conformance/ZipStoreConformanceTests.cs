using System.IO.Compression;
using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>
/// The conformance checks for a writable <see cref="ZipStore"/>: each store appends to a new archive, and the raw hooks
/// read and write it with System.IO.Compression (deflated entries). A zip archive is write-once per key, so the store
/// declares no deletes, no overwrites and no read-only copies.
/// </summary>
public sealed class ZipStoreConformanceTests : StoreTests<ZipStore>
{
    private readonly TempFolder _folder = new();

    public override StoreCapabilities Capabilities =>
        StoreCapabilities.Writes | StoreCapabilities.Listing | StoreCapabilities.AtomicSetIfNotExists | StoreCapabilities.StringPrefixListing;

    public override ValueTask<ZipStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken)
    {
        string path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".zip");
        return new(readOnly ? new ZipStore(RawZipArchive.CreateEmpty(path)) : new ZipStore(path, ZipStoreMode.Append));
    }

    public override ValueTask SetRawAsync(ZipStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        RawZipArchive.SetAsync(store, key, value, CompressionLevel.Optimal, cancellationToken);

    public override ValueTask<byte[]?> GetRawAsync(ZipStore store, string key, CancellationToken cancellationToken) =>
        RawZipArchive.GetAsync(store, key, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await base.DisposeAsync();
    }
}
