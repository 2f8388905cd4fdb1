using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing;

/// <summary>
/// What the store conformance checks need from the author of a store (zarr-python's <c>StoreTests</c> fixtures and
/// its <c>set</c>/<c>get</c> backdoor helpers): a way to make fresh stores, and raw reads and writes that bypass
/// the store's own API, so that a check of <c>GetAsync</c> does not depend on <c>SetAsync</c> being right.
/// </summary>
/// <typeparam name="TStore">The store class under test.</typeparam>
/// <remarks>
/// Run the checks with <see cref="StoreConformance{TStore}"/>, or subclass <c>Zarr.Testing.Xunit.StoreTests&lt;TStore&gt;</c>
/// (which is a harness) to get one xunit test per check. Dispose the harness when done: a harness that makes stores
/// on disk deletes them in <see cref="DisposeAsync"/>, so that the suite leaves nothing behind.
/// </remarks>
public abstract class StoreHarness<TStore> : IAsyncDisposable
    where TStore : class, IStore
{
    /// <summary>Initialises a harness.</summary>
    protected StoreHarness()
    {
    }

    /// <summary>The prototype the checks read through; every buffer a check hands the store is made with it too.</summary>
    /// <remarks>The default is <see cref="BufferPrototype.Default"/>. A store that only accepts some buffer class overrides it.</remarks>
    public virtual BufferPrototype Prototype => BufferPrototype.Default;

    /// <summary>What the store can do; checks that need more are not run. The default is <see cref="StoreCapabilities.All"/>.</summary>
    public virtual StoreCapabilities Capabilities => StoreCapabilities.All;

    /// <summary>
    /// Makes a new store over new, empty storage (a new dictionary, a new folder, a new bucket prefix), not yet open.
    /// </summary>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The store; the checks dispose it, and the harness cleans up its storage in <see cref="DisposeAsync"/>.</returns>
    public abstract ValueTask<TStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/> directly into the store's storage, without the store's API.</summary>
    /// <param name="store">A store made by <see cref="CreateStoreAsync"/>, possibly read-only.</param>
    /// <param name="key">The key, for example <c>foo/c/0</c>.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is in the storage.</returns>
    public abstract ValueTask SetRawAsync(TStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Reads the value of <paramref name="key"/> directly from the store's storage, without the store's API.</summary>
    /// <param name="store">A store made by <see cref="CreateStoreAsync"/>.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A copy of the bytes, or null when the storage holds no value for the key.</returns>
    public abstract ValueTask<byte[]?> GetRawAsync(TStore store, string key, CancellationToken cancellationToken);

    /// <summary>Releases whatever the harness made: for example, deletes the folders of the stores it created.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return default;
    }
}
