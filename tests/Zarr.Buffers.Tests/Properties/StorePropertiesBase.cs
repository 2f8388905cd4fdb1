using Zarr.Storage;
using Zarr.Testing.CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// A store against the dictionary model of <see cref="StoreModelCheck"/>: random operation sequences, shrunk to the
/// shortest failing one, and concurrent writers whose end state must match some sequential order of their operations.
/// </summary>
public abstract class StorePropertiesBase
{
    /// <summary>The operation sequences to run; a subclass over a slow medium may run fewer.</summary>
    protected virtual long SequenceIterations => PropertyGen.Iterations(StoreModelCheck.DefaultSequenceIterations);

    /// <summary>The concurrent runs; each is replayed in sequential orders until one matches, so they cost more.</summary>
    protected virtual long ParallelIterations => PropertyGen.Iterations(StoreModelCheck.DefaultParallelIterations);

    [Fact]
    public Task Random_operation_sequences_behave_as_the_dictionary_model() =>
        StoreModelCheck.RunAsync(CreateStore, SequenceIterations, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public Task Concurrent_writes_end_in_a_state_of_some_sequential_order() =>
        StoreModelCheck.RunParallelAsync(CreateStore, ParallelIterations, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A new, empty, writable store.</summary>
    protected abstract IStore CreateStore();
}
