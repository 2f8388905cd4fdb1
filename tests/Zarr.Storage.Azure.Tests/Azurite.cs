using Azure.Storage.Blobs;
using Zarr.Buffers.Tests;
using Zarr.Buffers.Tests.Servers;

[assembly: AssemblyFixture(typeof(Zarr.Storage.Azure.Tests.Azurite))]

namespace Zarr.Storage.Azure.Tests;

/// <summary>
/// One azurite blob server for the whole test run, started by the first test that asks for it (so that where Node.js is
/// missing, that test and every later one is skipped rather than the fixture failing) and stopped when the run ends.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account and its published key: for the local emulator only.</summary>
    internal const string Account = "devstoreaccount1";
    internal const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Lazy<Task<NodeServer>> _server = new(StartAsync);
    private readonly Lazy<Task<BlobContainerClient>> _shared;
    private readonly Lazy<Task<BlobContainerClient>> _interop;

    public Azurite()
    {
        _shared = new(() => NewContainerAsync(options: null, CancellationToken.None));
        _interop = new(UploadInteropAsync);
    }

    /// <summary>Starts the server unless it runs; skips the calling test where Node.js is missing.</summary>
    public Task StartedAsync() => _server.Value;

    /// <summary>A container the tests share, each under prefixes of its own.</summary>
    public Task<BlobContainerClient> SharedContainerAsync() => _shared.Value;

    /// <summary>A container holding tests/data/interop as it is on disk, uploaded once.</summary>
    public Task<BlobContainerClient> InteropContainerAsync() => _interop.Value;

    /// <summary>A new, empty container reached through a client made with <paramref name="options"/> (a counting policy, say).</summary>
    public async Task<BlobContainerClient> NewContainerAsync(BlobClientOptions? options, CancellationToken cancellationToken)
    {
        var container = await ClientAsync(options).ConfigureAwait(false);
        await container.CreateAsync(cancellationToken: cancellationToken);
        return container;
    }

    /// <summary>A client of a container that does not exist: its name is new.</summary>
    public async Task<BlobContainerClient> ClientAsync(BlobClientOptions? options)
    {
        var server = await _server.Value;
        string connectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentKey};BlobEndpoint=http://127.0.0.1:{server.Port}/{Account};";
        return new BlobServiceClient(connectionString, options).GetBlobContainerClient("c" + Guid.NewGuid().ToString("N"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await _server.Value.Result.DisposeAsync();
        }
    }

    // The SDK speaks a newer service version than azurite 3.37 knows; azurite answers it all the same when told to.
    private static Task<NodeServer> StartAsync() => NodeServer.StartAsync(
        "azurite-blob",
        (port, folder) => ["--blobHost", "127.0.0.1", "--blobPort", $"{port}", "--location", folder, "--silent", "--disableTelemetry", "--skipApiVersionCheck"],
        CancellationToken.None);

    private async Task<BlobContainerClient> UploadInteropAsync()
    {
        var container = await NewContainerAsync(options: null, CancellationToken.None);
        string[] files = Directory.GetFiles(RepoPaths.Interop, "*", SearchOption.AllDirectories);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, token) =>
        {
            string name = Path.GetRelativePath(RepoPaths.Interop, file).Replace('\\', '/');
            await using var content = File.OpenRead(file);
            await container.GetBlobClient(name).UploadAsync(content, token);
        });
        return container;
    }
}
