using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// The base of concrete stores (zarr-python's <c>Store</c> ABC): the lifecycle, the read-only rule and
/// default implementations of every member that can be built from the others.
/// </summary>
/// <remarks>
/// <para>
/// A subclass implements get, set, exists, delete, the three listings, <see cref="WithReadOnly"/> and the
/// capability flags, and overrides a default where its backend can do better. Its writes check the read-only
/// state before changing anything: <see langword="async"/> members call <see cref="ThrowIfReadOnly"/>, members that
/// return a task directly return <see cref="ReadOnlyError"/> in a faulted task (see <see cref="IStore"/> for the
/// convention); its get and set call <see cref="EnsureOpenAsync"/>
/// so that the store opens lazily.
/// </para>
/// <para>
/// Deliberate differences from zarr-python: a second explicit open throws <see cref="InvalidOperationException"/>
/// (Python: <c>ValueError</c>); a write to a read-only store throws <see cref="ReadOnlyStoreException"/>
/// before anything changes; <see cref="SetIfNotExistsAsync"/> returns whether it wrote.
/// </para>
/// </remarks>
public abstract class Store : IStore
{
    /// <summary>The default <c>maxGapBytes</c> of <see cref="GetRangesAsync"/>: 1 MiB, as in zarr-python.</summary>
    public const long DefaultMaxGapBytes = 1L << 20;

    /// <summary>The default <c>maxCoalescedBytes</c> of <see cref="GetRangesAsync"/>: 16 MiB, as in zarr-python.</summary>
    public const long DefaultMaxCoalescedBytes = 16L << 20;

    private int _isOpen;

    /// <summary>Makes a store that is not yet open.</summary>
    /// <param name="readOnly">Whether the store refuses writes.</param>
    protected Store(bool readOnly) => ReadOnly = readOnly;

    /// <inheritdoc />
    public virtual bool ReadOnly { get; }

    /// <inheritdoc />
    public virtual bool IsOpen => Volatile.Read(ref _isOpen) != 0;

    /// <inheritdoc />
    public abstract bool SupportsWrites { get; }

    /// <inheritdoc />
    public abstract bool SupportsDeletes { get; }

    /// <inheritdoc />
    public abstract bool SupportsListing { get; }

    /// <inheritdoc />
    public bool SupportsPartialWrites => false;

    /// <inheritdoc />
    public virtual bool SupportsConsolidatedMetadata => true;

    /// <inheritdoc />
    public virtual bool CopiesOnSet => false;

    /// <inheritdoc />
    public virtual async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IsOpen)
        {
            throw AlreadyOpen();
        }

        await OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _isOpen, 1) != 0)
        {
            throw AlreadyOpen();
        }
    }

    /// <inheritdoc />
    public virtual void Close() => Volatile.Write(ref _isOpen, 0);

    /// <summary>Releases the store through <see cref="DisposeAsyncCore"/>; by default that only closes it.</summary>
    /// <returns>A task that completes when the store is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="IStore.WithReadOnly" />
    /// <remarks>A derived store overrides this with its own return type (a covariant return), so
    /// <c>memoryStore.WithReadOnly(true)</c> is a <see cref="MemoryStore"/> without a cast.</remarks>
    public abstract Store WithReadOnly(bool readOnly = false);

    /// <inheritdoc />
    IStore IStore.WithReadOnly(bool readOnly) => WithReadOnly(readOnly);

    /// <inheritdoc />
    public abstract ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>The default reads through <see cref="GetAsync"/> and copies; a store that can read into memory overrides it.</remarks>
    public virtual ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        GetIntoViaGetAsync(this, key, destination, byteRange, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The default reads the pairs one after another through <see cref="GetAsync"/>.</remarks>
    public virtual Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default) =>
        GetPartialValuesViaGetAsync(prototype, keyRanges, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The default plans the reads as <see cref="IStore.GetRangesAsync"/> describes and runs them through
    /// <see cref="GetAsync"/>, at most ten at a time.
    /// </remarks>
    public virtual Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default) =>
        GetRangesViaGetAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>
    /// The default checks <see cref="ExistsAsync"/> and then calls <see cref="SetAsync"/>, which is not atomic:
    /// a store whose backend can do it atomically must override it (MemoryStore and LocalStore do).
    /// </remarks>
    public virtual async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfReadOnly(key);
        if (await ExistsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await SetAsync(key, value, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public abstract ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>The default deletes, one by one, the keys that <see cref="ListPrefixAsync"/> lists for the normalised prefix.</remarks>
    public virtual async Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfCannotDelete(prefix);
        var keys = new List<string>();
        await foreach (string key in ListPrefixAsync(StoreKey.AsDirectory(prefix), cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        foreach (string key in keys)
        {
            await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The default is <c>DeleteDirAsync("")</c>. Unlike zarr-python's MemoryStore, which clears even when
    /// read-only, every store here refuses to clear when read-only, as zarr-python's ABC and LocalStore do.
    /// </remarks>
    public virtual Task ClearAsync(CancellationToken cancellationToken = default) => DeleteDirAsync("", cancellationToken);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>The default reads the whole value; stores that know sizes cheaply override it.</remarks>
    public virtual async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        Buffer? value = await GetAsync(key, BufferPrototype.Default, null, cancellationToken).ConfigureAwait(false);
        return value?.Length ?? throw KeyNotFound(key);
    }

    /// <inheritdoc />
    /// <remarks>The default sums <see cref="GetSizeAsync"/> over the listed keys, skipping keys deleted meanwhile.</remarks>
    public virtual async Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new List<string>();
        await foreach (string key in ListPrefixAsync(StoreKey.AsDirectory(prefix), cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        long total = 0;
        foreach (string key in keys)
        {
            try
            {
                total += await GetSizeAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyNotFoundException)
            {
                // Deleted between the listing and the lookup: it no longer counts.
            }
        }

        return total;
    }

    /// <inheritdoc />
    public virtual async Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        if (!SupportsListing)
        {
            throw new NotSupportedException($"{this} does not support listing, so it cannot tell whether '{MessageText.Bounded(prefix)}' is empty.");
        }

        await foreach (string _ in ListPrefixAsync(StoreKey.AsDirectory(prefix), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return true;
    }

    /// <summary>Releases what the store holds; the default calls <see cref="Close"/>, as zarr-python's context manager does.</summary>
    /// <returns>A task that completes when the store is released.</returns>
    protected virtual ValueTask DisposeAsyncCore()
    {
        Close();
        return default;
    }

    /// <summary>
    /// Prepares the backing resource when the store opens, explicitly or lazily. It may run more than once
    /// when several first uses race, so it must be idempotent. The default does nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>A task that completes when the resource is ready.</returns>
    protected virtual ValueTask OpenCoreAsync(CancellationToken cancellationToken) => default;

    /// <summary>Opens the store unless it is open (zarr-python's <c>_ensure_open</c>); never throws "already open".</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A task that completes when the store is open; already completed when it was.</returns>
    protected ValueTask EnsureOpenAsync(CancellationToken cancellationToken) =>
        IsOpen ? default : OpenLazilyAsync(cancellationToken);

    /// <summary>
    /// Marks the store open without calling <see cref="OpenCoreAsync"/>, for stores with nothing to prepare,
    /// so their hot paths stay synchronous.
    /// </summary>
    protected void MarkOpen()
    {
        // Reading first keeps the hot path from writing a shared cache line on every call.
        if (Volatile.Read(ref _isOpen) == 0)
        {
            Volatile.Write(ref _isOpen, 1);
        }
    }

    /// <summary>
    /// Checks a key before anything is read or written: not null, not empty, not starting with <c>/</c>.
    /// A store with stricter rules (such as file names) adds them in an override.
    /// </summary>
    /// <param name="key">The key to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key; the message names it.</exception>
    protected virtual void ValidateKey(string key) => StoreKey.Validate(key);

    /// <summary>
    /// Checks a prefix before anything is listed or deleted: not null, not starting with <c>/</c>; <c>""</c> is the
    /// whole store. A store with stricter rules adds them in an override.
    /// </summary>
    /// <param name="prefix">The prefix to check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix; the message names it.</exception>
    protected virtual void ValidatePrefix(string prefix) => StoreKey.ValidatePrefix(prefix);

    /// <summary>Throws when the store is read-only; <see langword="async"/> writes call it before changing anything.</summary>
    /// <param name="key">The key or prefix being written, for the message.</param>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    protected void ThrowIfReadOnly(string key)
    {
        if (ReadOnlyError(key) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Throws when the store cannot delete the keys under <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The prefix being deleted, for the message.</param>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="NotSupportedException">The store does not support deletes or listing.</exception>
    protected void ThrowIfCannotDelete(string prefix)
    {
        if (DeleteError(prefix) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// The exception a write of <paramref name="key"/> fails with because the store is read-only, or
    /// <see langword="null"/> when it accepts writes; a member that is not <see langword="async"/> returns it in a
    /// faulted task rather than throwing it (see <see cref="IStore"/>).
    /// </summary>
    /// <param name="key">The key or prefix being written, for the message.</param>
    /// <returns>The exception, or <see langword="null"/>.</returns>
    protected ReadOnlyStoreException? ReadOnlyError(string key) => ReadOnly ? ReadOnlyStoreException.For(this, key) : null;

    /// <summary>
    /// The exception a delete under <paramref name="prefix"/> fails with (deletes or listing unsupported, or the store
    /// read-only), or <see langword="null"/> when it may proceed; a member that is not <see langword="async"/> returns
    /// it in a faulted task rather than throwing it (see <see cref="IStore"/>).
    /// </summary>
    /// <param name="prefix">The prefix being deleted, for the message.</param>
    /// <returns>The exception, or <see langword="null"/>.</returns>
    protected Exception? DeleteError(string prefix) =>
        !SupportsDeletes || !SupportsListing
            ? new NotSupportedException($"{this} cannot delete '{MessageText.Bounded(prefix)}': it needs both deletes and listing.")
            : ReadOnlyError(prefix);

    /// <summary>
    /// The default of <see cref="GetPartialValuesAsync"/>: the pairs read one after another through this store's own
    /// <see cref="GetAsync"/>, available to decorators that override it but still want every read to go through their get.
    /// </summary>
    /// <param name="prototype">Makes the result buffers.</param>
    /// <param name="keyRanges">The keys and byte ranges to read; enumerated exactly once.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One result per input pair, in input order; <see langword="null"/> for a missing key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prototype"/>, <paramref name="keyRanges"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key is not valid for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected async Task<IReadOnlyList<Buffer?>> GetPartialValuesViaGetAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentNullException.ThrowIfNull(keyRanges);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new List<Buffer?>();
        foreach ((string key, ByteRequest? byteRange) in keyRanges)
        {
            results.Add(await GetAsync(key, prototype, byteRange, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// <see cref="GetPartialValuesAsync"/> for a store whose reads wait on a network: the pairs read through this store's own
    /// <see cref="GetAsync"/> concurrently, at most ten at a time (zarr-python's default <c>max_concurrency</c>, as
    /// <see cref="GetRangesAsync"/>); every key is checked before the first read.
    /// </summary>
    /// <param name="prototype">Makes the result buffers.</param>
    /// <param name="keyRanges">The keys and byte ranges to read; enumerated exactly once.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One result per input pair, in input order; <see langword="null"/> for a missing key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prototype"/>, <paramref name="keyRanges"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key is not valid for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected async Task<IReadOnlyList<Buffer?>> GetPartialValuesConcurrentlyAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentNullException.ThrowIfNull(keyRanges);
        (string Key, ByteRequest? ByteRange)[] pairs = [.. keyRanges];
        foreach ((string key, _) in pairs)
        {
            ValidateKey(key);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new Buffer?[pairs.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = RangeCoalescer.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Length), options,
            async (i, token) => results[i] = await GetAsync(pairs[i].Key, prototype, pairs[i].ByteRange, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>The <see cref="IStore.GetIntoAsync"/> of a store that cannot read into memory: its get, then one copy.</summary>
    internal static async ValueTask<int?> GetIntoViaGetAsync(IStore store, string key, Memory<byte> destination, ByteRequest? byteRange,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, BufferPrototype.Default, byteRange, cancellationToken).ConfigureAwait(false) is not { } value)
        {
            return null;
        }

        EnsureFits(key, byteRange, value.Length, destination);
        value.AsSpan().CopyTo(destination.Span);
        return value.Length;
    }

    /// <summary>
    /// Refuses a <see cref="IStore.GetIntoAsync"/> whose bytes do not fit, before any byte is written: for stores that
    /// override it, so that every store names the key, the range and both lengths the same way.
    /// </summary>
    /// <param name="key">The key being read, for the message.</param>
    /// <param name="byteRange">The requested range, for the message; null for the whole value.</param>
    /// <param name="length">How many bytes the read selects.</param>
    /// <param name="destination">The caller's memory.</param>
    /// <exception cref="ArgumentException"><paramref name="length"/> is more than the length of <paramref name="destination"/>.</exception>
    protected static void EnsureFits(string key, ByteRequest? byteRange, long length, Memory<byte> destination)
    {
        if (length > destination.Length)
        {
            throw new ArgumentException(
                $"The {length} bytes of '{MessageText.Bounded(key)}'{(byteRange is null ? "" : $" at {byteRange}")} do not fit in a destination of {destination.Length} bytes.",
                nameof(destination));
        }
    }

    /// <summary>
    /// zarr-python's coalescing <c>get_ranges</c> over this store's own <see cref="GetAsync"/>: the default of
    /// <see cref="GetRangesAsync"/>, available to decorators that override it but still want every merged read
    /// to go through their get.
    /// </summary>
    /// <param name="key">The key to read.</param>
    /// <param name="ranges">The requests; null requests the whole value.</param>
    /// <param name="prototype">Makes the result buffers.</param>
    /// <param name="maxGapBytes">The largest gap between two ranges that still merges them.</param>
    /// <param name="maxCoalescedBytes">The largest span a merged read may cover.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One buffer per request, in input order; empty, without a read or an existence check, for no requests.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="ranges"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxGapBytes"/> or <paramref name="maxCoalescedBytes"/> is negative.</exception>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> does not exist and <paramref name="ranges"/> is not empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    protected Task<IReadOnlyList<Buffer>> GetRangesViaGetAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes, long maxCoalescedBytes, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGapBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCoalescedBytes);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<Buffer>>(cancellationToken);
        }

        return ranges.Count == 0
            ? Task.FromResult<IReadOnlyList<Buffer>>([])
            : RangeCoalescer.FetchAsync(this, key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);
    }

    /// <summary>The exception for a missing key where one is required.</summary>
    /// <param name="key">The missing key.</param>
    /// <returns>A <see cref="KeyNotFoundException"/> naming the key and this store.</returns>
    protected KeyNotFoundException KeyNotFound(string key) => new($"The key '{MessageText.Bounded(key)}' does not exist in {this}.");

    private static InvalidOperationException AlreadyOpen() => new("store is already open");

    private async ValueTask OpenLazilyAsync(CancellationToken cancellationToken)
    {
        await OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        MarkOpen();
    }
}
