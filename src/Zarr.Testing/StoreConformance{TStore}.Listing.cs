using System.Globalization;
using Zarr.Storage;

namespace Zarr.Testing;

/// <content>Checks of listing and emptiness.</content>
public sealed partial class StoreConformance<TStore>
{
    /// <summary>
    /// <see cref="IStore.IsEmptyAsync"/> treats its prefix as a directory: with only <c>foo/bar</c> stored, <c>""</c>,
    /// <c>foo</c> and <c>foo/</c> are not empty but <c>fo</c> and <c>spam/</c> are (zarr-python's <c>test_is_empty</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task IsEmptyUsesDirectorySemanticsAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        c.That(await c.Call("IsEmptyAsync('')", () => store.IsEmptyAsync("", c.Token)).ConfigureAwait(false), "IsEmptyAsync('') of a new store is false.");
        await c.SetRawAsync(store, "foo/bar", s_d4).ConfigureAwait(false);
        foreach ((string prefix, bool expected) in new[] { ("", false), ("fo", true), ("foo/", false), ("foo", false), ("spam/", true), ("foo/bar/", true) })
        {
            bool actual = await c.Call($"IsEmptyAsync('{prefix}')", () => store.IsEmptyAsync(prefix, c.Token)).ConfigureAwait(false);
            c.That(actual == expected, $"IsEmptyAsync('{prefix}') with only 'foo/bar' stored: expected {expected}, got {actual}.");
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ListAsync"/> lists nothing on a new store and every key, once, after writes (zarr-python's
    /// <c>test_list</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ListReturnsEveryKeyAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        c.SameKeys(await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false), [], "ListAsync() of a new store");
        string[] keys = ["foo/zarr.json", .. Enumerable.Range(0, 10).Select(i => "foo/c/" + i.ToString(CultureInfo.InvariantCulture))];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, []).ConfigureAwait(false);
        }

        c.SameKeys(await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false), keys, "ListAsync()");
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ListPrefixAsync"/> returns the full keys under a directory prefix (zarr-python's
    /// <c>test_list_prefix</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ListPrefixReturnsFullKeysAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = ["zarr.json", "a/zarr.json", "a/b/zarr.json", "a/b/c/zarr.json"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        string[] prefixes = ["", "a/", "a/b/", "a/b/c/", "z/"];
        foreach (string prefix in prefixes)
        {
            c.SameKeys(await CollectAsync(store.ListPrefixAsync(prefix, c.Token), c.Token).ConfigureAwait(false),
                keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)), $"ListPrefixAsync('{prefix}')");
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ListPrefixAsync"/> matches its prefix as a plain string, not as a directory: with <c>a/b/x</c>,
    /// <c>a/bc</c> and <c>a/c</c> stored, <c>ListPrefixAsync("a/b")</c> lists <c>a/b/x</c> and <c>a/bc</c>
    /// (zarr-python's stores, <c>MemoryStore</c> and <c>LocalStore</c>). Needs
    /// <see cref="StoreCapabilities.StringPrefixListing"/>, which a store listing by directory leaves out.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ListPrefixIsAStringPrefixAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = ["a/b/x", "a/bc", "a/c"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        c.SameKeys(await CollectAsync(store.ListPrefixAsync("a/b", c.Token), c.Token).ConfigureAwait(false), keys[..2],
            "ListPrefixAsync('a/b') with a/b/x, a/bc and a/c stored (a plain string prefix)");
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ListAsync"/> and <c>ListPrefixAsync("")</c> list every key unchanged, and a nested prefix
    /// lists only its keys (zarr-python's <c>test_list_empty_path</c>, issue #2190).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ListOfTheEmptyPrefixIsEverythingAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = ["foo/bar/zarr.json", "foo/bar/c/1", "foo/baz/c/0"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        c.SameKeys(await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false), keys, "ListAsync()");
        c.SameKeys(await CollectAsync(store.ListPrefixAsync("", c.Token), c.Token).ConfigureAwait(false), keys, "ListPrefixAsync('')");
        c.SameKeys(await CollectAsync(store.ListPrefixAsync("foo/bar/", c.Token), c.Token).ConfigureAwait(false), keys[..2], "ListPrefixAsync('foo/bar/')");
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ListDirAsync"/> returns each immediate child of a directory once, relative to it and without a
    /// trailing slash; <c>foo</c> and <c>foo/</c> are the same directory (zarr-python's <c>test_list_dir</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ListDirReturnsImmediateChildrenAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        async Task ExpectAsync(string prefix, string[] expected, string when) =>
            c.SameKeys(await CollectAsync(store.ListDirAsync(prefix, c.Token), c.Token).ConfigureAwait(false), expected, $"ListDirAsync('{prefix}') {when}");

        await ExpectAsync("", [], "of a new store").ConfigureAwait(false);
        await ExpectAsync("foo", [], "of a new store").ConfigureAwait(false);
        string[] keys = ["foo/zarr.json", "foo/c/1", "foo/c/2"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        const string written = "with foo/zarr.json, foo/c/1 and foo/c/2 stored";
        await ExpectAsync("foo", ["zarr.json", "c"], written).ConfigureAwait(false);
        await ExpectAsync("foo/", ["zarr.json", "c"], written).ConfigureAwait(false);
        await ExpectAsync("", ["foo"], written).ConfigureAwait(false);
        await ExpectAsync("foo/c", ["1", "2"], written).ConfigureAwait(false);
        await ExpectAsync("nope", [], written).ConfigureAwait(false);
        await ExpectAsync("foo/zarr.json", [], written).ConfigureAwait(false);

        await c.SetRawAsync(store, "foo/bar/foobar_first_child", s_d4).ConfigureAwait(false);
        await c.SetRawAsync(store, "foo/bar/foobar_second_child/zarr.json", s_d4).ConfigureAwait(false);
        await ExpectAsync("foo/bar", ["foobar_first_child", "foobar_second_child"], "with two children under foo/bar").ConfigureAwait(false);
    }, cancellationToken);
}
