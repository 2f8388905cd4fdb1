using Azure.Identity;
using Azure.Storage.Blobs;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Tests;
using Zarr.Storage;
using Zarr.Storage.Azure;

namespace Zarr.Storage.Azure.Tests;

/// <summary>The two examples of src/Zarr.Storage.Azure/README.md, verbatim: the first is only built (it names no real account), the second runs against azurite.</summary>
public sealed class PackageReadmeExampleTests(Azurite azurite)
{
    [Fact]
    public void The_credential_comes_from_the_sdk_configuration_not_from_code()
    {
        var service = new BlobServiceClient(new Uri("https://myaccount.blob.core.windows.net"), new DefaultAzureCredential());
        BlobContainerClient container = service.GetBlobContainerClient("zarr");

        container.Uri.Should().Be(new Uri("https://myaccount.blob.core.windows.net/zarr"));
    }

    // The example is application code, verbatim: it passes no test token.
#pragma warning disable xUnit1051
    [Fact]
    public async Task The_example_uploads_a_folder_and_reads_the_array_back()
    {
        BlobContainerClient container = await azurite.NewContainerAsync(options: null, TestContext.Current.CancellationToken);
        string localFolder = Path.Combine(RepoPaths.Interop, "zarrita.js", "fixtures", "v3", "data.zarr", "1d.contiguous.raw.i2");

        var store = new AzureBlobStore(container, prefix: "data/example.zarr");   // keys live under data/example.zarr/
        int uploaded = await StoreCopy.CopyAsync(new LocalStore(localFolder, readOnly: true), store, "", BufferPrototype.Default);
        var reader = new AzureBlobStore(container, "data/example.zarr", readOnly: true);
        ZarrArray array = await ZarrArray.OpenAsync(reader, "");                 // GET zarr.json
        NDBuffer values = await array.ReadAsync(null);                          // ranged GETs, ten at a time

        var local = await ZarrArray.OpenAsync(new LocalStore(localFolder, readOnly: true), "");
        uploaded.Should().Be(Directory.GetFiles(localFolder, "*", SearchOption.AllDirectories).Length);
        values.AllEqual(await local.ReadAsync(null)).Should().BeTrue();
    }
#pragma warning restore xUnit1051
}
