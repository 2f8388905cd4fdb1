using Azure;
using Zarr.Testing;
using Zarr.Testing.Xunit;

namespace Zarr.Storage.Azure.Tests;

/// <summary>
/// The store conformance checks for <see cref="AzureBlobStore"/> against azurite, with every capability: each store is a
/// new prefix in a container the run shares, and the raw hooks upload and download its blobs through the SDK directly.
/// </summary>
public sealed class AzureBlobStoreConformanceTests(Azurite azurite) : StoreTests<AzureBlobStore>
{
    /// <summary>Starts azurite before the check runs, so that a missing Node.js skips the test instead of failing the check.</summary>
    public override async ValueTask InitializeAsync() => await azurite.StartedAsync();

    public override async ValueTask<AzureBlobStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(await azurite.SharedContainerAsync(), "store-" + Guid.NewGuid().ToString("N"), readOnly);

    public override async ValueTask SetRawAsync(AzureBlobStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        await store.Container.GetBlobClient(store.Prefix + key).UploadAsync(new BinaryData(value), overwrite: true, cancellationToken);

    public override async ValueTask<byte[]?> GetRawAsync(AzureBlobStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            var content = await store.Container.GetBlobClient(store.Prefix + key).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
