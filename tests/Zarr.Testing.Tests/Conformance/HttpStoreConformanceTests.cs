using Zarr.Buffers.Tests.Servers;
using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>
/// The read-only conformance checks for <see cref="HttpStore"/>: each store is a new folder served by a loopback HTTP
/// server, and the raw hooks write and read that folder's files.
/// </summary>
public sealed class HttpStoreConformanceTests : StoreTests<HttpStore>
{
    private readonly TempFolder _folder = new();
    private readonly LoopbackHttpServer _server;
    private readonly HttpClient _client = new();

    public HttpStoreConformanceTests() => _server = LoopbackHttpServer.Start(_folder.Path);

    public override StoreCapabilities Capabilities => StoreCapabilities.None;

    public override ValueTask<HttpStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new HttpStore(_client, new Uri(_server.BaseUri, Path.GetFileName(_folder.NewSubfolder()) + "/")));

    public override ValueTask SetRawAsync(HttpStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        TempFolder.WriteAsync(FolderOf(store), key, value, cancellationToken);

    public override ValueTask<byte[]?> GetRawAsync(HttpStore store, string key, CancellationToken cancellationToken) =>
        TempFolder.ReadAsync(FolderOf(store), key, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        _folder.Dispose();
        await base.DisposeAsync();
    }

    private string FolderOf(HttpStore store) => Path.Combine(_folder.Path, store.BaseUri.Segments[^1].TrimEnd('/'));
}
