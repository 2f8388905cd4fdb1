using Zarr.Storage;

namespace Zarr.Testing;

/// <content>Checks of flags, identity, opening and read-only behaviour.</content>
public sealed partial class StoreConformance<TStore>
{
    /// <summary>
    /// The store's capability flags match the harness's <see cref="StoreHarness{TStore}.Capabilities"/>,
    /// <see cref="IStore.SupportsPartialWrites"/> is false and a store made writable is not read-only (a store without
    /// <see cref="StoreCapabilities.Writes"/> is always read-only)
    /// (zarr-python's <c>test_store_supports_writes</c>, <c>_listing</c>, <c>_partial_writes</c>, <c>test_store_read_only</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task CapabilityFlagsMatchAsync(CancellationToken cancellationToken = default) => RunAsync((c, store) =>
    {
        var declared = _harness.Capabilities;
        void Flag(string name, bool actual, StoreCapabilities capability) => c.That(actual == declared.HasFlag(capability),
            $"{name} is {actual} but the harness {(actual ? "does not declare" : "declares")} StoreCapabilities.{capability}.");
        Flag(nameof(IStore.SupportsWrites), store.SupportsWrites, StoreCapabilities.Writes);
        Flag(nameof(IStore.SupportsDeletes), store.SupportsDeletes, StoreCapabilities.Deletes);
        Flag(nameof(IStore.SupportsListing), store.SupportsListing, StoreCapabilities.Listing);
        c.That(!store.SupportsPartialWrites, "SupportsPartialWrites is true; it must be false: writes replace whole values.");
        c.That(store.ReadOnly != c.Writable, $"a store {(c.Writable ? "made with readOnly: false" : "without StoreCapabilities.Writes")} reports ReadOnly = {store.ReadOnly}.");
        return Task.CompletedTask;
    }, cancellationToken);

    /// <summary>
    /// <c>ToString</c> describes the store rather than naming its type, and the store equals itself
    /// (zarr-python's <c>test_store_repr</c> and <c>test_store_eq</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task DescribesAndEqualsItselfAsync(CancellationToken cancellationToken = default) => RunAsync((c, store) =>
    {
        string? text = store.ToString();
        c.That(!string.IsNullOrWhiteSpace(text) && text != store.GetType().ToString(),
            $"ToString() returned '{text}'; expected a description of the store and its location, not the type name.");
        c.That(store.Equals(store), "the store does not equal itself.");
        return Task.CompletedTask;
    }, cancellationToken);

    /// <summary>
    /// Opening a read-only or a writable store leaves it open with the requested <see cref="IStore.ReadOnly"/>
    /// (zarr-python's <c>test_store_open_read_only</c>); a store without <see cref="StoreCapabilities.Writes"/> is opened
    /// read-only both times.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task OpensReadOnlyOrWritableAsync(CancellationToken cancellationToken = default) => RunAsync(async c =>
    {
        bool[] states = [true, false];
        foreach (bool readOnly in states)
        {
            var store = await c.NewStoreAsync(readOnly).ConfigureAwait(false);
            bool requested = readOnly || !c.Writable;
            await c.Call("OpenAsync()", () => store.OpenAsync(c.Token)).ConfigureAwait(false);
            c.That(store.IsOpen, $"after OpenAsync a store made with readOnly: {requested} reports IsOpen = false.");
            c.That(store.ReadOnly == requested, $"after OpenAsync a store made with readOnly: {requested} reports ReadOnly = {store.ReadOnly}.");
        }
    }, cancellationToken);

    /// <summary>
    /// Opening an open store throws <see cref="InvalidOperationException"/>; <see cref="IStore.Close"/> and
    /// <c>DisposeAsync</c> close it, and a closed store opens again on its next read (zarr-python's
    /// <c>test_store_context_manager</c> and the lazy re-open after <c>close</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task OpeningTwiceFailsAndCloseClosesAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.Call("OpenAsync()", () => store.OpenAsync(c.Token)).ConfigureAwait(false);
        c.That(store.IsOpen, "after OpenAsync the store reports IsOpen = false.");
        await c.ThrowsAsync<InvalidOperationException>(() => store.OpenAsync(c.Token), "OpenAsync on an open store").ConfigureAwait(false);
        store.Close();
        c.That(!store.IsOpen, "after Close the store reports IsOpen = true.");
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        c.Read(await c.Call("GetAsync('c/0')", () => store.GetAsync("c/0", c.Prototype, null, c.Token)).ConfigureAwait(false), s_d4, "GetAsync('c/0') on a closed store");
        c.That(store.IsOpen, "a closed store did not open again on GetAsync.");
        await c.Call("DisposeAsync()", () => store.DisposeAsync()).ConfigureAwait(false);
        c.That(!store.IsOpen, "after DisposeAsync the store reports IsOpen = true.");
    }, cancellationToken);

    /// <summary>
    /// A read-only store rejects every write with <see cref="InvalidOperationException"/> (the library throws
    /// <see cref="ReadOnlyStoreException"/>) and changes nothing (zarr-python's <c>test_read_only_store_raises</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ReadOnlyStoreRejectsWritesAsync(CancellationToken cancellationToken = default) => RunAsync(async c =>
    {
        var store = await c.NewStoreAsync(readOnly: true).ConfigureAwait(false);
        await c.SetRawAsync(store, "foo", s_d4).ConfigureAwait(false);
        await RejectsWritesAsync(c, store, "a store made with readOnly: true").ConfigureAwait(false);
        await c.StoredAsync(store, "foo", s_d4, "after the rejected writes").ConfigureAwait(false);
        await c.StoredAsync(store, "bar", null, "after the rejected writes").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.WithReadOnly"/> returns a new, not yet open store of the same type over the same data with
    /// the requested read-only state, and leaves the original unchanged (zarr-python's <c>test_with_read_only_store</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task WithReadOnlySharesTheDataAsync(CancellationToken cancellationToken = default) => RunAsync(async c =>
    {
        var reader = await c.NewStoreAsync(readOnly: true).ConfigureAwait(false);
        await c.Call("OpenAsync()", () => reader.OpenAsync(c.Token)).ConfigureAwait(false);
        var writer = c.Track(reader.WithReadOnly(false));
        c.That(!ReferenceEquals(writer, reader) && writer.GetType() == reader.GetType(),
            $"WithReadOnly(false) returned {(ReferenceEquals(writer, reader) ? "the same store" : $"a {writer.GetType().Name}")}; expected a new {reader.GetType().Name}.");
        c.That(!writer.IsOpen, "WithReadOnly(false) returned an open store; expected a store that is not yet open.");
        c.That(!writer.ReadOnly, "WithReadOnly(false) returned a read-only store.");

        await c.Call("SetAsync('foo', value)", () => writer.SetAsync("foo", c.Value(s_d4), c.Token)).ConfigureAwait(false);
        c.Read(await c.Call("GetAsync('foo')", () => reader.GetAsync("foo", c.Prototype, null, c.Token)).ConfigureAwait(false), s_d4,
            "GetAsync('foo') on the read-only original after SetAsync through its WithReadOnly(false) copy");
        await RejectsWritesAsync(c, reader, "the read-only original, after WithReadOnly(false)").ConfigureAwait(false);
        if (writer.SupportsDeletes)
        {
            await c.Call("DeleteAsync('foo')", () => writer.DeleteAsync("foo", c.Token)).ConfigureAwait(false);
            c.That(!await c.Call("ExistsAsync('foo')", () => reader.ExistsAsync("foo", c.Token)).ConfigureAwait(false), "DeleteAsync('foo') through the writable copy is not visible through the original.");
        }

        var readerAgain = c.Track(writer.WithReadOnly(true));
        c.That(readerAgain.ReadOnly, "WithReadOnly(true) returned a store that is not read-only.");
        await RejectsWritesAsync(c, readerAgain, "the store from WithReadOnly(true)").ConfigureAwait(false);
        c.That(reader.ReadOnly && !writer.ReadOnly, "WithReadOnly changed the read-only state of the store it was called on.");
    }, cancellationToken);

    /// <summary>
    /// A read with an already cancelled token throws <see cref="OperationCanceledException"/>: <c>GetAsync</c>,
    /// <c>GetPartialValuesAsync</c>, <c>GetRangesAsync</c>, <c>ExistsAsync</c>, <c>GetSizeAsync</c> and, with
    /// listing, <c>ListAsync</c>, <c>ListPrefixAsync</c>, <c>ListDirAsync</c>, <c>IsEmptyAsync</c> and
    /// <c>GetSizePrefixAsync</c> (the <see cref="IStore"/> contract). Needs no capability, so read-only stores are checked too.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task CancelledReadsThrowAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        var token = new CancellationToken(canceled: true);
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        var calls = new List<(string Call, Func<Task> Run)>
        {
            ("GetAsync('c/0')", async () => await store.GetAsync("c/0", c.Prototype, null, token).ConfigureAwait(false)),
            ("GetPartialValuesAsync([('c/0', null)])", () => store.GetPartialValuesAsync(c.Prototype, [("c/0", null)], token)),
            ("GetRangesAsync('c/0', [Range(0, 2)])", () => store.GetRangesAsync("c/0", [new RangeByteRequest(0, 2)], c.Prototype, cancellationToken: token)),
            ("ExistsAsync('c/0')", async () => await store.ExistsAsync("c/0", token).ConfigureAwait(false)),
            ("GetSizeAsync('c/0')", async () => await store.GetSizeAsync("c/0", token).ConfigureAwait(false)),
        };
        if (store.SupportsListing)
        {
            // The token goes to the call only: a listing must honour it without WithCancellation.
            calls.Add(("ListAsync()", () => CollectAsync(store.ListAsync(token), CancellationToken.None)));
            calls.Add(("ListPrefixAsync('c/')", () => CollectAsync(store.ListPrefixAsync("c/", token), CancellationToken.None)));
            calls.Add(("ListDirAsync('c')", () => CollectAsync(store.ListDirAsync("c", token), CancellationToken.None)));
            calls.Add(("IsEmptyAsync('c')", () => store.IsEmptyAsync("c", token)));
            calls.Add(("GetSizePrefixAsync('c')", () => store.GetSizePrefixAsync("c", token)));
        }

        foreach (var (call, run) in calls)
        {
            await c.ThrowsAsync<OperationCanceledException>(run, $"{call} with a cancelled token").ConfigureAwait(false);
        }

        await c.StoredAsync(store, "c/0", s_d4, "after the cancelled reads").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// A write with an already cancelled token throws <see cref="OperationCanceledException"/> and changes nothing:
    /// <c>SetAsync</c>, <c>SetIfNotExistsAsync</c> and, with deletes, <c>DeleteAsync</c> and (with listing)
    /// <c>DeleteDirAsync</c> and <c>ClearAsync</c> (the <see cref="IStore"/> contract; reads are
    /// <see cref="CancelledReadsThrowAsync"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task CancelledCallsChangeNothingAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        var token = new CancellationToken(canceled: true);
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        var calls = new List<(string Call, Func<Task> Run)>
        {
            ("SetAsync('c/1')", async () => await store.SetAsync("c/1", c.Value(s_d4), token).ConfigureAwait(false)),
            ("SetAsync('c/0') over an existing key", async () => await store.SetAsync("c/0", c.Value([9]), token).ConfigureAwait(false)),
            ("SetIfNotExistsAsync('c/2')", async () => await store.SetIfNotExistsAsync("c/2", c.Value(s_d4), token).ConfigureAwait(false)),
        };
        if (store.SupportsDeletes)
        {
            calls.Add(("DeleteAsync('c/0')", async () => await store.DeleteAsync("c/0", token).ConfigureAwait(false)));
        }

        if (store.SupportsDeletes && store.SupportsListing)
        {
            calls.Add(("DeleteDirAsync('c')", () => store.DeleteDirAsync("c", token)));
            calls.Add(("ClearAsync()", () => store.ClearAsync(token)));
        }

        foreach (var (call, run) in calls)
        {
            await c.ThrowsAsync<OperationCanceledException>(run, $"{call} with a cancelled token").ConfigureAwait(false);
        }

        await c.StoredAsync(store, "c/0", s_d4, "after the cancelled calls").ConfigureAwait(false);
        await c.StoredAsync(store, "c/1", null, "after the cancelled calls").ConfigureAwait(false);
        await c.StoredAsync(store, "c/2", null, "after the cancelled calls").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// Every member throws <see cref="ArgumentNullException"/> for a null key, prefix, value or prototype, and stores
    /// nothing (the <see cref="IStore"/> contract).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task NullArgumentsAreRejectedAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        var calls = new List<(string Call, Func<Task> Run)>
        {
            ("GetAsync(null, prototype)", async () => await store.GetAsync(null!, c.Prototype, null, c.Token).ConfigureAwait(false)),
            ("GetAsync('c/0', null)", async () => await store.GetAsync("c/0", null!, null, c.Token).ConfigureAwait(false)),
            ("GetPartialValuesAsync(null, pairs)", () => store.GetPartialValuesAsync(null!, [("c/0", null)], c.Token)),
            ("GetPartialValuesAsync(prototype, null)", () => store.GetPartialValuesAsync(c.Prototype, null!, c.Token)),
            ("GetRangesAsync(null, ranges)", () => store.GetRangesAsync(null!, [null], c.Prototype, cancellationToken: c.Token)),
            ("GetRangesAsync('c/0', null)", () => store.GetRangesAsync("c/0", null!, c.Prototype, cancellationToken: c.Token)),
            ("ExistsAsync(null)", async () => await store.ExistsAsync(null!, c.Token).ConfigureAwait(false)),
            ("GetSizeAsync(null)", async () => await store.GetSizeAsync(null!, c.Token).ConfigureAwait(false)),
        };
        if (store.SupportsWrites)
        {
            calls.Add(("SetAsync(null, value)", async () => await store.SetAsync(null!, c.Value(s_d4), c.Token).ConfigureAwait(false)));
            calls.Add(("SetAsync('c/1', null)", async () => await store.SetAsync("c/1", null!, c.Token).ConfigureAwait(false)));
            calls.Add(("SetIfNotExistsAsync('c/1', null)", async () => await store.SetIfNotExistsAsync("c/1", null!, c.Token).ConfigureAwait(false)));
        }

        if (store.SupportsDeletes)
        {
            calls.Add(("DeleteAsync(null)", async () => await store.DeleteAsync(null!, c.Token).ConfigureAwait(false)));
        }

        if (store.SupportsListing)
        {
            calls.Add(("ListPrefixAsync(null)", () => CollectAsync(store.ListPrefixAsync(null!, c.Token), c.Token)));
            calls.Add(("ListDirAsync(null)", () => CollectAsync(store.ListDirAsync(null!, c.Token), c.Token)));
            calls.Add(("IsEmptyAsync(null)", () => store.IsEmptyAsync(null!, c.Token)));
            calls.Add(("GetSizePrefixAsync(null)", () => store.GetSizePrefixAsync(null!, c.Token)));
        }

        foreach (var (call, run) in calls)
        {
            await c.ThrowsAsync<ArgumentNullException>(run, call).ConfigureAwait(false);
        }

        await c.StoredAsync(store, "c/0", s_d4, "after the calls with null arguments").ConfigureAwait(false);
        await c.StoredAsync(store, "c/1", null, "after the calls with null arguments").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// Every member throws <see cref="ArgumentException"/> for the key <c>""</c> or a key or prefix starting with
    /// <c>/</c>, and stores nothing (DESIGN's key rules, shared by every store).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task InvalidKeysAreRejectedAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        var calls = new List<(string Call, Func<Task> Run)>();
        string[] invalid = ["", "/x"];
        foreach (string key in invalid)
        {
            calls.Add(($"GetAsync('{key}')", async () => await store.GetAsync(key, c.Prototype, null, c.Token).ConfigureAwait(false)));
            calls.Add(($"GetPartialValuesAsync([('{key}', null)])", () => store.GetPartialValuesAsync(c.Prototype, [(key, null)], c.Token)));
            calls.Add(($"GetRangesAsync('{key}', [null])", () => store.GetRangesAsync(key, [null], c.Prototype, cancellationToken: c.Token)));
            calls.Add(($"ExistsAsync('{key}')", async () => await store.ExistsAsync(key, c.Token).ConfigureAwait(false)));
            calls.Add(($"GetSizeAsync('{key}')", async () => await store.GetSizeAsync(key, c.Token).ConfigureAwait(false)));
            if (store.SupportsWrites)
            {
                calls.Add(($"SetAsync('{key}', value)", async () => await store.SetAsync(key, c.Value(s_d4), c.Token).ConfigureAwait(false)));
                calls.Add(($"SetIfNotExistsAsync('{key}', value)", async () => await store.SetIfNotExistsAsync(key, c.Value(s_d4), c.Token).ConfigureAwait(false)));
            }

            if (store.SupportsDeletes)
            {
                calls.Add(($"DeleteAsync('{key}')", async () => await store.DeleteAsync(key, c.Token).ConfigureAwait(false)));
            }
        }

        if (store.SupportsListing)
        {
            calls.Add(("ListPrefixAsync('/x')", () => CollectAsync(store.ListPrefixAsync("/x", c.Token), c.Token)));
            calls.Add(("ListDirAsync('/x')", () => CollectAsync(store.ListDirAsync("/x", c.Token), c.Token)));
            calls.Add(("IsEmptyAsync('/x')", () => store.IsEmptyAsync("/x", c.Token)));
            calls.Add(("GetSizePrefixAsync('/x')", () => store.GetSizePrefixAsync("/x", c.Token)));
        }

        foreach (var (call, run) in calls)
        {
            await c.ThrowsAsync<ArgumentException>(run, call).ConfigureAwait(false);
        }

        await c.StoredAsync(store, "x", null, "after the calls with invalid keys").ConfigureAwait(false);
    }, cancellationToken);

    private static async Task RejectsWritesAsync(Verifier c, IStore store, string which)
    {
        await c.ThrowsAsync<InvalidOperationException>(async () => await store.SetAsync("foo", c.Value([9]), c.Token).ConfigureAwait(false), $"SetAsync('foo') on {which}").ConfigureAwait(false);
        await c.ThrowsAsync<InvalidOperationException>(async () => await store.SetAsync("bar", c.Value([9]), c.Token).ConfigureAwait(false), $"SetAsync('bar') on {which}").ConfigureAwait(false);
        await c.ThrowsAsync<InvalidOperationException>(async () => await store.SetIfNotExistsAsync("bar", c.Value([9]), c.Token).ConfigureAwait(false), $"SetIfNotExistsAsync('bar') on {which}").ConfigureAwait(false);
        if (store.SupportsDeletes)
        {
            await c.ThrowsAsync<InvalidOperationException>(async () => await store.DeleteAsync("foo", c.Token).ConfigureAwait(false), $"DeleteAsync('foo') on {which}").ConfigureAwait(false);
        }

        if (store.SupportsDeletes && store.SupportsListing)
        {
            await c.ThrowsAsync<InvalidOperationException>(() => store.DeleteDirAsync("", c.Token), $"DeleteDirAsync('') on {which}").ConfigureAwait(false);
            await c.ThrowsAsync<InvalidOperationException>(() => store.ClearAsync(c.Token), $"ClearAsync() on {which}").ConfigureAwait(false);
        }
    }
}
