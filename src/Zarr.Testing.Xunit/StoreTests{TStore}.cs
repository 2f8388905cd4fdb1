using System.Runtime.CompilerServices;
using Xunit;
using Zarr.Storage;

namespace Zarr.Testing.Xunit;

/// <summary>
/// The store conformance suite (zarr-python's <c>StoreTests</c>) as an xunit v3 base class: subclass it for your store,
/// override the three harness hooks, and every check of <see cref="StoreConformance{TStore}"/> runs as its own test,
/// named after the check.
/// </summary>
/// <typeparam name="TStore">The store class under test.</typeparam>
/// <remarks>
/// <para>
/// The class is a <see cref="StoreHarness{TStore}"/>: implement <see cref="StoreHarness{TStore}.CreateStoreAsync"/>,
/// <see cref="StoreHarness{TStore}.SetRawAsync"/> and <see cref="StoreHarness{TStore}.GetRawAsync"/>, and override
/// <see cref="StoreHarness{TStore}.Prototype"/>, <see cref="StoreHarness{TStore}.Capabilities"/> or
/// <see cref="StoreHarness{TStore}.DisposeAsync"/> when needed. xunit makes a new instance per test and disposes it
/// afterwards, so a harness that deletes its storage in <c>DisposeAsync</c> leaves nothing behind.
/// </para>
/// <para>
/// A check that needs a capability the harness does not declare is reported as skipped. Every test is
/// virtual: override one with <c>[Fact(Skip = "why")]</c> to skip it for your store, or
/// to run more code around <c>base</c>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MemoryStoreConformanceTests : StoreTests&lt;MemoryStore&gt;
/// {
///     public override ValueTask&lt;MemoryStore&gt; CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =&gt;
///         new(new MemoryStore(readOnly: readOnly));
///
///     public override ValueTask SetRawAsync(MemoryStore store, string key, ReadOnlyMemory&lt;byte&gt; value, CancellationToken cancellationToken)
///     {
///         store.StoreDict[key] = Prototype.Buffer.FromBytes(value.Span);
///         return default;
///     }
///
///     public override ValueTask&lt;byte[]?&gt; GetRawAsync(MemoryStore store, string key, CancellationToken cancellationToken) =&gt;
///         new(store.StoreDict.TryGetValue(key, out var value) ? value.ToBytes() : null);
/// }
/// </code>
/// </example>
public abstract class StoreTests<TStore> : StoreHarness<TStore>, IAsyncLifetime
    where TStore : class, IStore
{
    private StoreConformance<TStore>? _conformance;

    /// <summary>The checks this class runs, over this harness.</summary>
    protected StoreConformance<TStore> Conformance => _conformance ??= new StoreConformance<TStore>(this);

    /// <summary>Prepares the test; the default does nothing, since every check makes its own stores.</summary>
    /// <returns>A completed task.</returns>
    public virtual ValueTask InitializeAsync() => default;

    /// <inheritdoc cref="StoreConformance{TStore}.CapabilityFlagsMatchAsync(CancellationToken)" />
    [Fact]
    public virtual Task CapabilityFlagsMatch() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.DescribesAndEqualsItselfAsync(CancellationToken)" />
    [Fact]
    public virtual Task DescribesAndEqualsItself() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.OpensReadOnlyOrWritableAsync(CancellationToken)" />
    [Fact]
    public virtual Task OpensReadOnlyOrWritable() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.OpeningTwiceFailsAndCloseClosesAsync(CancellationToken)" />
    [Fact]
    public virtual Task OpeningTwiceFailsAndCloseCloses() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ReadOnlyStoreRejectsWritesAsync(CancellationToken)" />
    [Fact]
    public virtual Task ReadOnlyStoreRejectsWrites() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.WithReadOnlySharesTheDataAsync(CancellationToken)" />
    [Fact]
    public virtual Task WithReadOnlySharesTheData() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetReturnsTheRequestedBytesAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetReturnsTheRequestedBytes() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetOfAMissingKeyIsNullAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetOfAMissingKeyIsNull() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetIntoFillsTheDestinationAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetIntoFillsTheDestination() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetIntoRefusesASmallDestinationAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetIntoRefusesASmallDestination() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetOpensLazilyAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetOpensLazily() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ReadsHonourThePrototypeAsync(CancellationToken)" />
    [Fact]
    public virtual Task ReadsHonourThePrototype() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetPartialValuesKeepsInputOrderAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetPartialValuesKeepsInputOrder() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetRangesKeepsInputOrderAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetRangesKeepsInputOrder() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetSizeIsTheValueLengthAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetSizeIsTheValueLength() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.GetSizePrefixCountsTheDirectoryAsync(CancellationToken)" />
    [Fact]
    public virtual Task GetSizePrefixCountsTheDirectory() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ExistsSeesOnlyValuesAsync(CancellationToken)" />
    [Fact]
    public virtual Task ExistsSeesOnlyValues() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.SetStoresTheBytesAsync(CancellationToken)" />
    [Fact]
    public virtual Task SetStoresTheBytes() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.SetOpensLazilyAsync(CancellationToken)" />
    [Fact]
    public virtual Task SetOpensLazily() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ConcurrentSetsAllLandAsync(CancellationToken)" />
    [Fact]
    public virtual Task ConcurrentSetsAllLand() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.SetKeepsItsOwnCopyAsync(CancellationToken)" />
    [Fact]
    public virtual Task SetKeepsItsOwnCopy() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.SetIfNotExistsKeepsExistingValuesAsync(CancellationToken)" />
    [Fact]
    public virtual Task SetIfNotExistsKeepsExistingValues() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.SetIfNotExistsIsAtomicAsync(CancellationToken)" />
    [Fact]
    public virtual Task SetIfNotExistsIsAtomic() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.DeleteRemovesTheKeyAsync(CancellationToken)" />
    [Fact]
    public virtual Task DeleteRemovesTheKey() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.DeletingAMissingKeyDoesNotThrowAsync(CancellationToken)" />
    [Fact]
    public virtual Task DeletingAMissingKeyDoesNotThrow() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.DeleteDirRemovesOnlyTheDirectoryAsync(CancellationToken)" />
    [Fact]
    public virtual Task DeleteDirRemovesOnlyTheDirectory() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ClearEmptiesTheStoreAsync(CancellationToken)" />
    [Fact]
    public virtual Task ClearEmptiesTheStore() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.IsEmptyUsesDirectorySemanticsAsync(CancellationToken)" />
    [Fact]
    public virtual Task IsEmptyUsesDirectorySemantics() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ListReturnsEveryKeyAsync(CancellationToken)" />
    [Fact]
    public virtual Task ListReturnsEveryKey() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ListPrefixReturnsFullKeysAsync(CancellationToken)" />
    [Fact]
    public virtual Task ListPrefixReturnsFullKeys() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ListPrefixIsAStringPrefixAsync(CancellationToken)" />
    [Fact]
    public virtual Task ListPrefixIsAStringPrefix() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ListOfTheEmptyPrefixIsEverythingAsync(CancellationToken)" />
    [Fact]
    public virtual Task ListOfTheEmptyPrefixIsEverything() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.ListDirReturnsImmediateChildrenAsync(CancellationToken)" />
    [Fact]
    public virtual Task ListDirReturnsImmediateChildren() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.CancelledReadsThrowAsync(CancellationToken)" />
    [Fact]
    public virtual Task CancelledReadsThrow() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.CancelledCallsChangeNothingAsync(CancellationToken)" />
    [Fact]
    public virtual Task CancelledCallsChangeNothing() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.NullArgumentsAreRejectedAsync(CancellationToken)" />
    [Fact]
    public virtual Task NullArgumentsAreRejected() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.InvalidKeysAreRejectedAsync(CancellationToken)" />
    [Fact]
    public virtual Task InvalidKeysAreRejected() => RunCheckAsync();

    /// <inheritdoc cref="StoreConformance{TStore}.RandomOperationsMatchAModelAsync(CancellationToken)" />
    [Fact]
    public virtual Task RandomOperationsMatchAModel() => RunCheckAsync();

    /// <summary>
    /// Runs the check named <paramref name="check"/> with the test's cancellation token, skipping the test when the
    /// harness lacks a capability the check needs.
    /// </summary>
    /// <param name="check">The check's name; by default the calling test method's name.</param>
    /// <returns>A task that fails the test when the store fails the check.</returns>
    /// <exception cref="ArgumentException">No check has that name.</exception>
    protected Task RunCheckAsync([CallerMemberName] string check = "")
    {
        var found = Conformance.Checks.FirstOrDefault(c => c.Name == check)
            ?? throw new ArgumentException($"No store conformance check is named '{check}'.", nameof(check));
        Assert.SkipUnless(Conformance.Applies(found),
            $"{check} needs StoreCapabilities.{found.Requires & ~Capabilities}, which {GetType().Name} does not declare.");
        return found.RunAsync(TestContext.Current.CancellationToken);
    }
}
