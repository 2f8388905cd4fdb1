using Xunit;
using Zarr.Storage;
using Zarr.Testing.CsCheck;

namespace Consumer.CsCheck;

// The README's "Property-based tests of your codec or store", xunit: the store and array model checks on a store.
public sealed class LocalStorePropertyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("zarr-properties-").FullName;

    [Fact]
    public Task Operation_sequences_match_a_dictionary() =>
        StoreModelCheck.RunAsync(NewStore, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public Task Concurrent_writes_end_as_some_sequential_order() =>
        StoreModelCheck.RunParallelAsync(NewStore, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public Task Arrays_read_back_what_was_written() =>
        ArrayModelCheck.RunAsync(NewStore, cancellationToken: TestContext.Current.CancellationToken);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A fresh, empty store for each sequence, inside the folder Dispose deletes.
    private IStore NewStore() => new LocalStore(Path.Combine(_root, Guid.NewGuid().ToString("N")));
}
