using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

public sealed class LocalStoreConformanceTests : StoreTests<LocalStore>
{
    private readonly TempFolder _folder = new();

    public override ValueTask<LocalStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new LocalStore(_folder.NewSubfolder(), readOnly));

    public override ValueTask SetRawAsync(LocalStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        TempFolder.WriteAsync(store.Root, key, value, cancellationToken);

    public override ValueTask<byte[]?> GetRawAsync(LocalStore store, string key, CancellationToken cancellationToken) =>
        TempFolder.ReadAsync(store.Root, key, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await base.DisposeAsync();
    }
}
