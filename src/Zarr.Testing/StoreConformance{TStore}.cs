using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing;

/// <summary>
/// The store conformance suite: every check of zarr-python's <c>zarr.testing.store.StoreTests</c>, plus the invariants
/// of its stateful test, as plain async methods that any test framework can call. Each check makes its own fresh
/// stores through the <see cref="StoreHarness{TStore}"/>, disposes them, and throws
/// <see cref="StoreConformanceException"/> naming the check, the key, what was expected and what came back.
/// </summary>
/// <typeparam name="TStore">The store class under test.</typeparam>
/// <remarks>
/// <para>
/// Values are set up and verified through the harness's raw hooks, so that each check exercises one store member.
/// Every buffer a check hands the store is made with <see cref="StoreHarness{TStore}.Prototype"/>, and every read
/// must return a buffer of that prototype's class.
/// </para>
/// <para>
/// zarr-python checks that do not apply to an async .NET store are left out: pickling (<c>test_serializable_store</c>),
/// the synchronous API (<c>test_get_sync</c>, <c>test_set_sync</c>, <c>test_delete_sync*</c>,
/// <c>test_sync_async_*</c>, <c>test_get_sync_byte_range_parity</c>), assigning <c>read_only</c> (a get-only
/// property here) and <c>test_get_raises</c> (a byte request that is not one of the three request records cannot be
/// written in C#; negative or inverted bounds are rejected when a request is constructed).
/// </para>
/// </remarks>
/// <example>
/// Any framework can run the checks; with NUnit, one test case per check:
/// <code>
/// private static IEnumerable&lt;string&gt; Checks() =&gt; new StoreConformance&lt;MyStore&gt;(new MyStoreHarness()).Checks.Select(c =&gt; c.Name);
///
/// [TestCaseSource(nameof(Checks))]
/// public async Task Conforms(string name)
/// {
///     await using var harness = new MyStoreHarness();
///     var conformance = new StoreConformance&lt;MyStore&gt;(harness);
///     var check = conformance.Checks.Single(c =&gt; c.Name == name);
///     if (!conformance.Applies(check)) Assert.Ignore($"needs {check.Requires}");
///     await check.RunAsync(CancellationToken.None);
/// }
/// </code>
/// </example>
public sealed partial class StoreConformance<TStore>
    where TStore : class, IStore
{
    private static readonly byte[] s_d4 = [1, 2, 3, 4];
    private readonly StoreHarness<TStore> _harness;

    /// <summary>The suite for the stores that <paramref name="harness"/> makes.</summary>
    /// <param name="harness">Makes stores and reads and writes their storage directly.</param>
    /// <exception cref="ArgumentNullException"><paramref name="harness"/> is null.</exception>
    public StoreConformance(StoreHarness<TStore> harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        _harness = harness;
        const StoreCapabilities none = StoreCapabilities.None;
        const StoreCapabilities writes = StoreCapabilities.Writes;
        // Checks of deletes write their data first, so they need writes too.
        const StoreCapabilities deletes = StoreCapabilities.Writes | StoreCapabilities.Deletes;
        const StoreCapabilities listing = StoreCapabilities.Listing;
        const StoreCapabilities deletesAndListing = deletes | listing;
        Checks =
        [
            Check(CapabilityFlagsMatchAsync, none),
            Check(DescribesAndEqualsItselfAsync, none),
            Check(OpensReadOnlyOrWritableAsync, none),
            Check(OpeningTwiceFailsAndCloseClosesAsync, none),
            Check(ReadOnlyStoreRejectsWritesAsync, writes),
            Check(WithReadOnlySharesTheDataAsync, writes | StoreCapabilities.ReadOnlyCopies),
            Check(GetReturnsTheRequestedBytesAsync, none),
            Check(GetOfAMissingKeyIsNullAsync, none),
            Check(GetIntoFillsTheDestinationAsync, none),
            Check(GetIntoRefusesASmallDestinationAsync, none),
            Check(GetOpensLazilyAsync, none),
            Check(ReadsHonourThePrototypeAsync, none),
            Check(GetPartialValuesKeepsInputOrderAsync, none),
            Check(GetRangesKeepsInputOrderAsync, none),
            Check(GetSizeIsTheValueLengthAsync, none),
            Check(GetSizePrefixCountsTheDirectoryAsync, listing),
            Check(ExistsSeesOnlyValuesAsync, none),
            Check(SetStoresTheBytesAsync, writes),
            Check(SetOpensLazilyAsync, writes),
            Check(ConcurrentSetsAllLandAsync, writes),
            Check(SetKeepsItsOwnCopyAsync, writes),
            Check(SetIfNotExistsKeepsExistingValuesAsync, writes),
            Check(SetIfNotExistsIsAtomicAsync, writes | StoreCapabilities.AtomicSetIfNotExists),
            Check(DeleteRemovesTheKeyAsync, deletes),
            Check(DeletingAMissingKeyDoesNotThrowAsync, deletes),
            Check(DeleteDirRemovesOnlyTheDirectoryAsync, deletesAndListing),
            Check(ClearEmptiesTheStoreAsync, deletesAndListing),
            Check(IsEmptyUsesDirectorySemanticsAsync, listing),
            Check(ListReturnsEveryKeyAsync, listing),
            Check(ListPrefixReturnsFullKeysAsync, listing),
            Check(ListOfTheEmptyPrefixIsEverythingAsync, listing),
            Check(ListDirReturnsImmediateChildrenAsync, listing),
            Check(ListPrefixIsAStringPrefixAsync, listing | StoreCapabilities.StringPrefixListing),
            Check(CancelledReadsThrowAsync, none),
            Check(CancelledCallsChangeNothingAsync, writes),
            Check(NullArgumentsAreRejectedAsync, none),
            Check(InvalidKeysAreRejectedAsync, none),
            Check(RandomOperationsMatchAModelAsync, deletesAndListing),
        ];
    }

    /// <summary>Every check, in a stable order, each with the capabilities it needs.</summary>
    public IReadOnlyList<StoreCheck> Checks { get; }

    /// <summary>Whether the harness declares every capability <paramref name="check"/> needs.</summary>
    /// <param name="check">A check from <see cref="Checks"/>.</param>
    /// <returns>True when the check applies to the store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is null.</exception>
    public bool Applies(StoreCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return (_harness.Capabilities & check.Requires) == check.Requires;
    }

    private static StoreCheck Check(
        Func<CancellationToken, Task> run, StoreCapabilities requires, [CallerArgumentExpression(nameof(run))] string method = "") =>
        new(NameOf(method), requires, run);

    private static string NameOf(string method) => method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;

    /// <summary>Runs one check against a fresh store, writable unless the harness declares no writes; see <see cref="RunAsync(Func{Verifier, Task}, CancellationToken, string)"/>.</summary>
    private Task RunAsync(Func<Verifier, TStore, Task> body, CancellationToken cancellationToken, [CallerMemberName] string method = "") =>
        RunAsync(async c => await body(c, await c.NewStoreAsync(readOnly: false).ConfigureAwait(false)).ConfigureAwait(false), cancellationToken, method);

    /// <summary>
    /// Runs one check: disposes every store it made, and turns any exception other than the caller's cancellation
    /// into a <see cref="StoreConformanceException"/> naming the check.
    /// </summary>
    private async Task RunAsync(Func<Verifier, Task> body, CancellationToken cancellationToken, [CallerMemberName] string method = "")
    {
        var verifier = new Verifier(NameOf(method), _harness, cancellationToken);
        await using var disposeVerifier = verifier.ConfigureAwait(false);
        try
        {
            await body(verifier).ConfigureAwait(false);
        }
        catch (Exception e) when (verifier.IsStoreFailure(e))
        {
            throw verifier.Fail($"the store threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>What a read of <paramref name="request"/> must return from <paramref name="data"/> (zarr-python's slice semantics).</summary>
    private static byte[] Slice(byte[] data, ByteRequest? request)
    {
        long length = data.Length;
        (long start, long end) = request switch
        {
            null => (0, length),
            RangeByteRequest range => (Math.Min(range.Start, length), Math.Min(range.End, length)),
            OffsetByteRequest offset => (Math.Min(offset.Offset, length), length),
            SuffixByteRequest suffix => (Math.Max(0, length - suffix.Suffix), length),
            _ => throw new ArgumentException($"Unexpected byte request {request}.", nameof(request)),
        };
        return data[(int)start..(int)Math.Max(start, end)];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Describe(ByteRequest? request) => request?.ToString() ?? "the whole value";

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        const int shown = 16;
        var text = new StringBuilder().Append(bytes.Length).Append(bytes.Length == 1 ? " byte [" : " bytes [");
        for (int i = 0; i < Math.Min(bytes.Length, shown); i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return text.Append(bytes.Length > shown ? " ...]" : "]").ToString();
    }

    private static string Describe(IEnumerable<string> keys) => "[" + string.Join(", ", keys.Select(k => $"'{k}'")) + "]";

    private static async Task<List<string>> CollectAsync(IAsyncEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var list = new List<string>();
        await foreach (string key in keys.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(key);
        }

        return list;
    }

    /// <summary>The failure reporting and store bookkeeping of one run of one check.</summary>
    private sealed class Verifier(string check, StoreHarness<TStore> harness, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private readonly List<IStore> _stores = [];

        public StoreHarness<TStore> Harness => harness;

        /// <summary>Whether the harness declares writes; a store without them (an HTTP store) is always read-only.</summary>
        public bool Writable => harness.Capabilities.HasFlag(StoreCapabilities.Writes);

        public BufferPrototype Prototype => harness.Prototype;

        public CancellationToken Token => cancellationToken;

        /// <summary>
        /// A new store, read-only when <paramref name="readOnly"/> is true or the harness declares no writes: a store
        /// that can never write cannot be made writable, and its checks only read.
        /// </summary>
        public async Task<TStore> NewStoreAsync(bool readOnly)
        {
            readOnly |= !Writable;
            var store = await harness.CreateStoreAsync(readOnly, cancellationToken).ConfigureAwait(false);
            That(store.ReadOnly == readOnly, $"the harness made a store with ReadOnly = {store.ReadOnly} when asked for readOnly: {readOnly}.");
            _stores.Add(store);
            return store;
        }

        /// <summary>Disposes <paramref name="store"/> with the check's stores, for stores a check makes from another.</summary>
        public T Track<T>(T store)
            where T : IStore
        {
            _stores.Add(store);
            return store;
        }

        public Buffer Value(byte[] bytes) => harness.Prototype.Buffer.FromBytes(bytes);

        public ValueTask SetRawAsync(TStore store, string key, byte[] value) => harness.SetRawAsync(store, key, value, cancellationToken);

        public ValueTask<byte[]?> GetRawAsync(TStore store, string key) => harness.GetRawAsync(store, key, cancellationToken);

        public StoreConformanceException Fail(string message, Exception? inner = null) => new(check, message, inner);

        public void That(bool condition, string message)
        {
            if (!condition)
            {
                throw Fail(message);
            }
        }

        /// <summary>Checks a read: a buffer of the prototype's class holding <paramref name="expected"/>.</summary>
        public void Read(Buffer? actual, ReadOnlySpan<byte> expected, string what)
        {
            if (actual is null)
            {
                throw Fail($"{what}: expected {Describe(expected)}, got null (a missing key).");
            }

            Type bufferType = harness.Prototype.Buffer.BufferType;
            if (actual.GetType() != bufferType)
            {
                throw Fail($"{what}: expected a {bufferType.Name}, the class of the prototype's buffer, got a {actual.GetType().Name}.");
            }

            if (!actual.AsSpan().SequenceEqual(expected))
            {
                throw Fail($"{what}: expected {Describe(expected)}, got {Describe(actual.AsSpan())}.");
            }
        }

        /// <summary>Checks the storage through the raw hook: <paramref name="expected"/> null means no value.</summary>
        public async Task StoredAsync(TStore store, string key, byte[]? expected, string what)
        {
            byte[]? actual = await GetRawAsync(store, key).ConfigureAwait(false);
            if (expected is null ? actual is not null : actual is null || !actual.AsSpan().SequenceEqual(expected))
            {
                string Show(byte[]? bytes) => bytes is null ? "no value" : Describe(bytes);
                throw Fail($"{what}: expected the storage to hold {Show(expected)} for key '{key}', found {Show(actual)}.");
            }
        }

        /// <summary>
        /// Whether <paramref name="e"/> is the store's own failure, rather than a failed expectation or the cancellation
        /// of the whole check.
        /// </summary>
        public bool IsStoreFailure(Exception e) =>
            e is not StoreConformanceException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

        /// <summary>
        /// Makes one store call that should succeed; when the store throws, the check fails with a message that names
        /// <paramref name="call"/>, the member and its request (<c>GetAsync('c/0', RangeByteRequest(1, 3))</c>), before
        /// the store's own message.
        /// </summary>
        public async Task<T> Call<T>(string call, Func<Task<T>> run)
        {
            try
            {
                return await run().ConfigureAwait(false);
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                throw StoreThrew(call, e);
            }
        }

        public Task<T> Call<T>(string call, Func<ValueTask<T>> run) => Call(call, () => run().AsTask());

        public async Task Call(string call, Func<Task> run)
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                throw StoreThrew(call, e);
            }
        }

        public Task Call(string call, Func<ValueTask> run) => Call(call, () => run().AsTask());

        public StoreConformanceException StoreThrew(string call, Exception e) => Fail($"{call} threw {e.GetType().Name}: {e.Message}", e);

        public async Task ThrowsAsync<TException>(Func<Task> action, string what)
            where TException : Exception
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (TException)
            {
                return;
            }
            catch (Exception e) when (e is not StoreConformanceException)
            {
                throw Fail($"{what}: expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}", e);
            }

            throw Fail($"{what}: expected {typeof(TException).Name}, but the call succeeded.");
        }

        public void SameKeys(IEnumerable<string> actual, IEnumerable<string> expected, string what)
        {
            var sortedActual = actual.Order(StringComparer.Ordinal).ToList();
            var sortedExpected = expected.Order(StringComparer.Ordinal).ToList();
            if (!sortedActual.SequenceEqual(sortedExpected))
            {
                throw Fail($"{what}: expected {Describe(sortedExpected)}, got {Describe(sortedActual)}.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var store in _stores)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
