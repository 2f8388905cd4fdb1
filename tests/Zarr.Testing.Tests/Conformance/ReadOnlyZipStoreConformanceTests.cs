using System.IO.Compression;
using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>
/// The read-only conformance checks for a <see cref="ZipStore"/> opened in <see cref="ZipStoreMode.Read"/>: each store
/// reads a new archive, which the raw hooks write with System.IO.Compression as stored entries, so that every ranged read
/// takes the path that reads only the requested bytes.
/// </summary>
public sealed class ReadOnlyZipStoreConformanceTests : StoreTests<ZipStore>
{
    private readonly TempFolder _folder = new();

    public override StoreCapabilities Capabilities => StoreCapabilities.Listing | StoreCapabilities.StringPrefixListing;

    public override ValueTask<ZipStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new ZipStore(RawZipArchive.CreateEmpty(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".zip"))));

    public override ValueTask SetRawAsync(ZipStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        RawZipArchive.SetAsync(store, key, value, CompressionLevel.NoCompression, cancellationToken);

    public override ValueTask<byte[]?> GetRawAsync(ZipStore store, string key, CancellationToken cancellationToken) =>
        RawZipArchive.GetAsync(store, key, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await base.DisposeAsync();
    }
}
