using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

public sealed class LoggingStoreConformanceTests : StoreTests<LoggingStore>
{
    private readonly TempFolder _folder = new();

    public override ValueTask<LoggingStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new LoggingStore(new LocalStore(_folder.NewSubfolder(), readOnly)));

    public override ValueTask SetRawAsync(LoggingStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        TempFolder.WriteAsync(Root(store), key, value, cancellationToken);

    public override ValueTask<byte[]?> GetRawAsync(LoggingStore store, string key, CancellationToken cancellationToken) =>
        TempFolder.ReadAsync(Root(store), key, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await base.DisposeAsync();
    }

    private static string Root(LoggingStore store) => ((LocalStore)store.Inner).Root;
}
