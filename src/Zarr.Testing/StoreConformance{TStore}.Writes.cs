using System.Globalization;
using Zarr.Storage;

namespace Zarr.Testing;

/// <content>Checks of writes and deletes.</content>
public sealed partial class StoreConformance<TStore>
{
    /// <summary>
    /// <see cref="IStore.SetAsync"/> stores the bytes, empty values included, and replaces an existing value
    /// (zarr-python's <c>test_set</c>). A store without <see cref="StoreCapabilities.Overwrites"/> (write-once) must
    /// instead refuse to replace a value with <see cref="NotSupportedException"/> and keep the first one; each value
    /// is then stored under a key of its own.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task SetStoresTheBytesAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        bool overwrites = _harness.Capabilities.HasFlag(StoreCapabilities.Overwrites);
        string[] keys = ["zarr.json", "c/0", "foo/c/0.0", "foo/0/0"];
        foreach (string baseKey in keys)
        {
            byte[][] values = [s_d4, [], [7]];
            for (int i = 0; i < values.Length; i++)
            {
                string key = overwrites || i == 0 ? baseKey : $"{baseKey}.{i.ToString(CultureInfo.InvariantCulture)}";
                await c.Call($"SetAsync('{key}', value)", () => store.SetAsync(key, c.Value(values[i]), c.Token)).ConfigureAwait(false);
                await c.StoredAsync(store, key, values[i], $"after SetAsync('{key}', {Describe(values[i])})").ConfigureAwait(false);
            }

            if (!overwrites)
            {
                await c.ThrowsAsync<NotSupportedException>(async () => await store.SetAsync(baseKey, c.Value([9]), c.Token).ConfigureAwait(false),
                    $"SetAsync('{baseKey}') of an existing key on a store without StoreCapabilities.Overwrites").ConfigureAwait(false);
                await c.StoredAsync(store, baseKey, s_d4, $"after the refused second SetAsync('{baseKey}')").ConfigureAwait(false);
            }
        }
    }, cancellationToken);

    /// <summary>A store that was never opened accepts writes, opening itself (zarr-python's <c>test_set_not_open</c>).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task SetOpensLazilyAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        c.That(!store.IsOpen, "the harness made a store that is already open; CreateStoreAsync must return a store that is not yet open.");
        await c.Call("SetAsync('c/0', value)", () => store.SetAsync("c/0", c.Value(s_d4), c.Token)).ConfigureAwait(false);
        await c.StoredAsync(store, "c/0", s_d4, "after SetAsync('c/0') on a store that was never opened").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// Concurrent <see cref="IStore.SetAsync"/> calls of different keys all land (zarr-python's <c>test_set_many</c>,
    /// which gathers the sets).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ConcurrentSetsAllLandAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = [.. Enumerable.Range(0, 16).Select(i => $"c/{i % 4}/{i.ToString(CultureInfo.InvariantCulture)}")];
        await Task.WhenAll(keys.Select(key => Task.Run(async () => await store.SetAsync(key, c.Value(Utf8(key)), c.Token).ConfigureAwait(false), c.Token))).ConfigureAwait(false);
        foreach (string key in keys)
        {
            await c.StoredAsync(store, key, Utf8(key), "after concurrent SetAsync calls of 16 keys").ConfigureAwait(false);
        }
    }, cancellationToken);

    /// <summary>
    /// A write keeps its own copy of the value: changing the caller's buffer afterwards changes nothing stored
    /// (zarr-python's <c>test_set_does_not_retain_caller_buffer</c>, issue #4156). It is what a store that reports
    /// <see cref="IStore.CopiesOnSet"/> promises.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task SetKeepsItsOwnCopyAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        var value = c.Value(s_d4);
        await c.Call("SetAsync('c/0', value)", () => store.SetAsync("c/0", value, c.Token)).ConfigureAwait(false);
        var other = c.Value(s_d4);
        c.That(await c.Call("SetIfNotExistsAsync('c/1', value)", () => store.SetIfNotExistsAsync("c/1", other, c.Token)).ConfigureAwait(false), "SetIfNotExistsAsync('c/1') of a new key returned false.");
        value.AsArrayLike().Span.Fill(15);
        other.AsArrayLike().Span.Fill(15);
        await c.StoredAsync(store, "c/0", s_d4, "after SetAsync('c/0') and then overwriting the caller's buffer").ConfigureAwait(false);
        await c.StoredAsync(store, "c/1", s_d4, "after SetIfNotExistsAsync('c/1') and then overwriting the caller's buffer").ConfigureAwait(false);
        c.Read(await c.Call("GetAsync('c/0')", () => store.GetAsync("c/0", c.Prototype, null, c.Token)).ConfigureAwait(false), s_d4, "GetAsync('c/0') after overwriting the caller's buffer");
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.SetIfNotExistsAsync"/> leaves an existing value alone and returns false, and stores a new key
    /// and returns true (zarr-python's <c>test_set_if_not_exists</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task SetIfNotExistsKeepsExistingValuesAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        byte[] old = [0, 0, 0, 0];
        byte[] @new = [1, 1, 1, 1];
        await c.SetRawAsync(store, "k", old).ConfigureAwait(false);
        c.That(!await c.Call("SetIfNotExistsAsync('k', value)", () => store.SetIfNotExistsAsync("k", c.Value(@new), c.Token)).ConfigureAwait(false), "SetIfNotExistsAsync('k') of an existing key returned true.");
        await c.StoredAsync(store, "k", old, "after SetIfNotExistsAsync('k') of an existing key").ConfigureAwait(false);
        c.That(await c.Call("SetIfNotExistsAsync('k2', value)", () => store.SetIfNotExistsAsync("k2", c.Value(@new), c.Token)).ConfigureAwait(false), "SetIfNotExistsAsync('k2') of a new key returned false.");
        await c.StoredAsync(store, "k2", @new, "after SetIfNotExistsAsync('k2') of a new key").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// Concurrent <see cref="IStore.SetIfNotExistsAsync"/> calls of one new key have exactly one winner, and the stored
    /// value is the winner's. Needs <see cref="StoreCapabilities.AtomicSetIfNotExists"/>, which a store using
    /// <c>Store</c>'s check-then-set default does not declare.
    /// </summary>
    /// <remarks>
    /// A race can only be provoked, not proven absent, so the check is probabilistic. In each of up to 16 rounds, and for
    /// at most about a second, 8 dedicated threads are released together by a <see cref="Barrier"/> over 256 new keys,
    /// half of them walking the keys forwards and half backwards, so that every pair of threads meets on some key at
    /// the same moment. A check-then-set store whose check and set are separate round trips (a file or network store)
    /// failed every run we measured; one whose window is a few nanoseconds (an in-memory dictionary) can slip through on
    /// a busy machine. An atomic store always passes.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task SetIfNotExistsIsAtomicAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        const int contenders = 8;
        const int keysPerRound = 256;
        const int maxRounds = 16;
        var budget = TimeSpan.FromSeconds(1);
        const byte tried = 1, won = 2;
        var outcomes = new byte[maxRounds * keysPerRound, contenders];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int rounds = 0;
        bool stop = false;
        Exception? error = null;

        // The post-phase action runs once per round while every thread waits, so all threads agree on when to stop.
        using var barrier = new Barrier(contenders, _ =>
        {
            stop = rounds == maxRounds || clock.Elapsed > budget || c.Token.IsCancellationRequested || Volatile.Read(ref error) is not null;
            rounds += stop ? 0 : 1;
        });
        var threads = Enumerable.Range(0, contenders).Select(i => new Thread(() =>
        {
            while (true)
            {
                barrier.SignalAndWait();
                if (stop)
                {
                    return;
                }

                // The clock is read per key too, so that a slow (remote) store stops within the budget.
                for (int j = 0; j < keysPerRound && clock.Elapsed <= budget; j++)
                {
                    int key = ((rounds - 1) * keysPerRound) + (i % 2 == 0 ? j : keysPerRound - 1 - j);
                    try
                    {
                        outcomes[key, i] = store.SetIfNotExistsAsync(Key(key), c.Value(Contender(key, i)), c.Token).AsTask().GetAwaiter().GetResult() ? won : tried;
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref error, e, null);
                    }
                }
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        await Task.Run(() => threads.ForEach(t => t.Join()), CancellationToken.None).ConfigureAwait(false);
        c.Token.ThrowIfCancellationRequested();
        if (error is not null)
        {
            throw c.Fail($"concurrent SetIfNotExistsAsync calls threw {error.GetType().Name}: {error.Message}", error);
        }

        for (int key = 0; key < rounds * keysPerRound; key++)
        {
            if (Enumerable.Range(0, contenders).All(i => outcomes[key, i] == 0))
            {
                continue;
            }

            int[] winners = [.. Enumerable.Range(0, contenders).Where(i => outcomes[key, i] == won)];
            c.That(winners.Length == 1,
                $"{contenders} concurrent SetIfNotExistsAsync('{Key(key)}') calls returned true {winners.Length} times (calls {string.Join(", ", winners)}); "
                + "exactly one must store its value.");
            await c.StoredAsync(store, Key(key), Contender(key, winners[0]),
                $"after {contenders} concurrent SetIfNotExistsAsync('{Key(key)}') calls won by call {winners[0].ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        }

        static string Key(int key) => "c/" + key.ToString(CultureInfo.InvariantCulture);
        static byte[] Contender(int key, int i) => [(byte)key, (byte)(key >> 8), (byte)i];
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.DeleteAsync"/> removes the key and nothing else: not a key it prefixes, and, for a key that is
    /// only a directory, not the keys below it (zarr-python's <c>test_delete</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task DeleteRemovesTheKeyAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.Call("SetAsync('foo/zarr.json', value)", () => store.SetAsync("foo/zarr.json", c.Value(s_d4), c.Token)).ConfigureAwait(false);
        await c.SetRawAsync(store, "foo/zarr.json.bak", s_d4).ConfigureAwait(false);
        c.That(await c.Call("ExistsAsync('foo/zarr.json')", () => store.ExistsAsync("foo/zarr.json", c.Token)).ConfigureAwait(false), "ExistsAsync('foo/zarr.json') after SetAsync is false.");
        await c.Call("DeleteAsync('foo/zarr.json')", () => store.DeleteAsync("foo/zarr.json", c.Token)).ConfigureAwait(false);
        c.That(!await c.Call("ExistsAsync('foo/zarr.json')", () => store.ExistsAsync("foo/zarr.json", c.Token)).ConfigureAwait(false), "ExistsAsync('foo/zarr.json') after DeleteAsync is true.");
        await c.StoredAsync(store, "foo/zarr.json", null, "after DeleteAsync('foo/zarr.json')").ConfigureAwait(false);
        await c.StoredAsync(store, "foo/zarr.json.bak", s_d4, "after DeleteAsync('foo/zarr.json')").ConfigureAwait(false);

        await c.SetRawAsync(store, "foo/zarr.json", s_d4).ConfigureAwait(false);
        await c.Call("DeleteAsync('foo')", () => store.DeleteAsync("foo", c.Token)).ConfigureAwait(false);
        await c.StoredAsync(store, "foo/zarr.json", s_d4, "after DeleteAsync('foo'), a directory and not a key").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// Deleting a missing key is not an error (zarr-python's <c>test_delete_nonexistent_key_does_not_raise</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task DeletingAMissingKeyDoesNotThrowAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.Call("DeleteAsync('nonexistent_key')", () => store.DeleteAsync("nonexistent_key", c.Token)).ConfigureAwait(false);
        await c.Call("DeleteAsync('nonexistent/nested/key')", () => store.DeleteAsync("nonexistent/nested/key", c.Token)).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.DeleteDirAsync"/> of <c>foo</c> removes <c>foo/...</c> only, not <c>foo-bar/...</c> or
    /// other keys (zarr-python's <c>test_delete_dir</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task DeleteDirRemovesOnlyTheDirectoryAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = ["zarr.json", "foo-bar/zarr.json", "foo/zarr.json", "foo/c/0"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        await c.Call("DeleteDirAsync('foo')", () => store.DeleteDirAsync("foo", c.Token)).ConfigureAwait(false);
        c.SameKeys(await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false), keys[..2], "ListAsync() after DeleteDirAsync('foo')");
        await c.StoredAsync(store, "foo/c/0", null, "after DeleteDirAsync('foo')").ConfigureAwait(false);
        await c.StoredAsync(store, "foo-bar/zarr.json", s_d4, "after DeleteDirAsync('foo')").ConfigureAwait(false);

        await c.Call("DeleteDirAsync('foo-bar/')", () => store.DeleteDirAsync("foo-bar/", c.Token)).ConfigureAwait(false);
        c.SameKeys(await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false), keys[..1], "ListAsync() after DeleteDirAsync('foo-bar/')");
        await c.Call("DeleteDirAsync('missing')", () => store.DeleteDirAsync("missing", c.Token)).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary><see cref="IStore.ClearAsync"/> deletes every key (zarr-python's <c>test_clear</c>).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ClearEmptiesTheStoreAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.SetRawAsync(store, "key", s_d4).ConfigureAwait(false);
        await c.SetRawAsync(store, "a/b/c", s_d4).ConfigureAwait(false);
        await c.Call("ClearAsync()", () => store.ClearAsync(c.Token)).ConfigureAwait(false);
        c.That(await c.Call("IsEmptyAsync('')", () => store.IsEmptyAsync("", c.Token)).ConfigureAwait(false), "IsEmptyAsync('') after ClearAsync is false.");
        await c.StoredAsync(store, "key", null, "after ClearAsync()").ConfigureAwait(false);
        await c.StoredAsync(store, "a/b/c", null, "after ClearAsync()").ConfigureAwait(false);
        await c.Call("SetAsync('key', value)", () => store.SetAsync("key", c.Value(s_d4), c.Token)).ConfigureAwait(false);
        await c.StoredAsync(store, "key", s_d4, "after SetAsync('key') on a cleared store").ConfigureAwait(false);
    }, cancellationToken);
}
