using Zarr.Buffers;

namespace Zarr.Storage;

/// <summary>
/// A key-value store of byte buffers (zarr-python's <c>zarr.abc.store.Store</c>): what Zarr arrays and
/// groups are read from and written to. Keys are <c>/</c>-separated paths relative to the store root,
/// such as <c>zarr.json</c> or <c>data/c/0/1</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every read makes its result through the <see cref="BufferPrototype"/> it is handed, so a caller
/// chooses the buffer class. Every I/O member is asynchronous and takes a <see cref="CancellationToken"/>;
/// a token cancelled before the call starts cancels the returned task (<see cref="OperationCanceledException"/>) and changes
/// nothing.
/// </para>
/// <para>
/// <b><see cref="Task"/> or <see cref="ValueTask"/>: one rule.</b> A member that makes one request about one key
/// returns <see cref="ValueTask"/>: <see cref="GetAsync"/>, <see cref="GetIntoAsync"/>, <see cref="ExistsAsync"/>, <see cref="SetAsync"/>,
/// <see cref="SetIfNotExistsAsync"/>, <see cref="DeleteAsync"/> and <see cref="GetSizeAsync"/>. These are the per-chunk
/// calls; an in-memory or cached store completes them synchronously and allocates nothing. Every other member returns
/// <see cref="Task"/>: the store's lifecycle (<see cref="OpenAsync"/>) and the members that make several requests
/// (<see cref="GetPartialValuesAsync"/>, <see cref="GetRangesAsync"/>) or act on a prefix or the whole store
/// (<see cref="DeleteDirAsync"/>, <see cref="ClearAsync"/>, <see cref="GetSizePrefixAsync"/>, <see cref="IsEmptyAsync"/>);
/// they await several times inside, so they allocate anyway, and callers combine them with <see cref="Task.WhenAll(Task[])"/>.
/// Listings return <see cref="IAsyncEnumerable{T}"/>. Await a <see cref="ValueTask"/> once, or call
/// <see cref="ValueTask.AsTask"/> to keep it.
/// </para>
/// <para>
/// Errors follow the convention of System.IO.Pipelines and the BCL: invalid arguments (a null or invalid key,
/// a negative coalescing limit) may throw at the call, before a task exists; state errors (a read-only store, an unsupported
/// operation), I/O failures and cancellation are reported through the returned task, never thrown by the call
/// itself, so <c>var pending = store.SetAsync(...)</c> always yields a task to await. Implementations that are not
/// <see langword="async"/> use <see cref="Task.FromException(Exception)"/>, <see cref="ValueTask.FromException(Exception)"/>
/// and <see cref="ValueTask.FromCanceled(CancellationToken)"/> for that.
/// </para>
/// <para>
/// A store opens lazily on its first get or set; <see cref="OpenAsync"/> opens it explicitly. Listing
/// order is unspecified, as in zarr-python: sort before comparing.
/// </para>
/// <para>
/// Implement a store by deriving from <see cref="Store"/>, which supplies the shared behaviour, or a
/// decorator by deriving from <c>WrapperStore</c>.
/// </para>
/// </remarks>
public interface IStore : IAsyncDisposable
{
    /// <summary>Whether the store refuses writes; fixed when the store is made (see <see cref="WithReadOnly"/>).</summary>
    bool ReadOnly { get; }

    /// <summary>Whether the store has been opened, explicitly or lazily, and not closed since.</summary>
    bool IsOpen { get; }

    /// <summary>Whether the store can be written to at all (for example, not a read-only archive format).</summary>
    bool SupportsWrites { get; }

    /// <summary>Whether keys can be deleted.</summary>
    bool SupportsDeletes { get; }

    /// <summary>Whether keys can be listed.</summary>
    bool SupportsListing { get; }

    /// <summary>Always <see langword="false"/>: writes replace whole values (zarr-python removed partial writes).</summary>
    bool SupportsPartialWrites { get; }

    /// <summary>Whether the store can hold consolidated metadata; <see langword="true"/> unless a store says otherwise.</summary>
    bool SupportsConsolidatedMetadata { get; }

    /// <summary>
    /// Whether a set (<see cref="SetAsync"/>, <see cref="SetIfNotExistsAsync"/>) has copied the value's bytes, or finished
    /// with them, by the time its task completes, so that the caller may then change or reuse the value's memory;
    /// <see langword="false"/> unless a store says otherwise.
    /// </summary>
    /// <remarks>
    /// A writer that builds values in memory it reuses (<c>ZarrArray</c> encodes chunks in pooled scratch or straight from
    /// the caller's memory) hands such a store those bytes as they are, and any other store a copy of them. The default,
    /// <see langword="false"/>, is always safe: it costs that copy. <see cref="MemoryStore"/> (which stores a copy) and
    /// <see cref="LocalStore"/> (which has written the file) return <see langword="true"/>. A store that returns
    /// <see langword="true"/> passes the conformance check that a set keeps its own copy.
    /// </remarks>
    bool CopiesOnSet => false;

    /// <summary>Opens the store: prepares its backing resource (for example, creates a local root folder).</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A task that completes when the store is open.</returns>
    /// <exception cref="InvalidOperationException">The store is already open (message <c>store is already open</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the store closed. A closed store stays usable: its next get or set opens it again.</summary>
    void Close();

    /// <summary>
    /// A new store over the same data with the given read-only state, not yet open; this store is unchanged.
    /// </summary>
    /// <param name="readOnly">Whether the new store refuses writes.</param>
    /// <returns>The new store, of the same type as this one.</returns>
    /// <exception cref="NotSupportedException">The store cannot make such a copy.</exception>
    IStore WithReadOnly(bool readOnly = false);

    /// <summary>Reads the value of <paramref name="key"/>, or the part of it that <paramref name="byteRange"/> selects.</summary>
    /// <param name="key">The key to read.</param>
    /// <param name="prototype">Makes the result buffer: it is a <c>prototype.Buffer</c> buffer.</param>
    /// <param name="byteRange">The bytes to read; null reads the whole value. A range past the end gives an empty buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes, or <see langword="null"/> when the key does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the value of <paramref name="key"/>, or the part of it that <paramref name="byteRange"/> selects, into the
    /// start of <paramref name="destination"/>: a read into the caller's memory, without a buffer of its own.
    /// </summary>
    /// <remarks>
    /// It makes no buffer, so it takes no prototype: a caller that must honour a prototype reads through
    /// <see cref="GetAsync"/> instead. The default reads through <see cref="GetAsync"/> and copies; stores override it
    /// to read straight into <paramref name="destination"/> (<see cref="LocalStore"/> from the file, <see cref="MemoryStore"/>
    /// with one copy from its value). A value longer than <paramref name="destination"/> is refused before any byte is
    /// written; bytes of <paramref name="destination"/> past the returned length are left as they were.
    /// </remarks>
    /// <param name="key">The key to read.</param>
    /// <param name="destination">Where the bytes go, from its start.</param>
    /// <param name="byteRange">The bytes to read; null reads the whole value. A range past the end reads nothing and returns 0.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many bytes were written to <paramref name="destination"/> (the value's or the range's length, which may be shorter than it), or <see langword="null"/> when the key does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store, or the value (or its range) is longer than <paramref name="destination"/>; the message names both lengths, and nothing is written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        Store.GetIntoViaGetAsync(this, key, destination, byteRange, cancellationToken);

    /// <summary>Reads several keys or parts of keys; a key may appear more than once.</summary>
    /// <param name="prototype">Makes the result buffers.</param>
    /// <param name="keyRanges">The keys and byte ranges to read; enumerated exactly once.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One result per input pair, in input order; <see langword="null"/> for a missing key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prototype"/>, <paramref name="keyRanges"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A key is not valid for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads several byte ranges of one key, merging nearby <see cref="RangeByteRequest"/>s into single reads
    /// (zarr-python's <c>get_ranges</c> and <c>coalesce_ranges</c>).
    /// </summary>
    /// <remarks>
    /// Range requests are sorted by start; a range joins the current group when the gap from the group's end
    /// is at most <paramref name="maxGapBytes"/> and the merged span stays within <paramref name="maxCoalescedBytes"/>.
    /// Each group, and each other request, is one read. zarr-python yields <c>(index, buffer)</c> batches in
    /// completion order; this returns the buffers in input order instead, which is what a .NET caller indexes.
    /// </remarks>
    /// <param name="key">The key to read.</param>
    /// <param name="ranges">The requests; null requests the whole value.</param>
    /// <param name="prototype">Makes the result buffers.</param>
    /// <param name="maxGapBytes">The largest gap between two ranges that still merges them (default 1 MiB); 0 merges only touching or overlapping ranges.</param>
    /// <param name="maxCoalescedBytes">The largest span a merged read may cover (default 16 MiB).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One buffer per request, in input order; an empty list gives an empty result without reading, so without checking that <paramref name="key"/> exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="ranges"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxGapBytes"/> or <paramref name="maxCoalescedBytes"/> is negative.</exception>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> does not exist and <paramref name="ranges"/> is not empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype,
        long maxGapBytes = Store.DefaultMaxGapBytes, long maxCoalescedBytes = Store.DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="key"/> holds a value (a "directory" prefix is not a value).</summary>
    /// <param name="key">The key to look up.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns><see langword="true"/> when the key exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value.</summary>
    /// <param name="key">The key to write.</param>
    /// <param name="value">The bytes; the store keeps its own copy, so later changes to <paramref name="value"/> change nothing stored.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> unless the key exists.</summary>
    /// <param name="key">The key to write.</param>
    /// <param name="value">The bytes; the store keeps its own copy.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call stored the value, <see langword="false"/> when the key existed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/>; a missing key is not an error.</summary>
    /// <param name="key">The key to delete.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the key is gone.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="NotSupportedException">The store does not support deletes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every key under the directory <paramref name="prefix"/>: <c>"foo"</c> and <c>"foo/"</c> both
    /// delete <c>foo/...</c> but not <c>foo</c> itself or <c>foo-bar/...</c>; <c>""</c> deletes everything.
    /// </summary>
    /// <param name="prefix">The directory to delete.</param>
    /// <param name="cancellationToken">Cancels the delete; keys deleted before cancellation stay deleted.</param>
    /// <returns>A task that completes when the keys are gone.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix for this store.</exception>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="NotSupportedException">The store does not support deletes or listing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key.</summary>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>A task that completes when the store is empty.</returns>
    /// <exception cref="ReadOnlyStoreException">The store is read-only.</exception>
    /// <exception cref="NotSupportedException">The store does not support deletes or listing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task ClearAsync(CancellationToken cancellationToken = default);

    /// <summary>Every key in the store, in no particular order.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Every key that starts with <paramref name="prefix"/> (a plain string prefix), as full keys.</summary>
    /// <param name="prefix">The prefix; <c>""</c> lists everything and <c>"a/"</c> lists the keys under <c>a</c>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The matching keys, in no particular order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// The immediate children of the directory <paramref name="prefix"/>: names relative to it, without a
    /// trailing <c>/</c>, each once (keys and sub-directories alike). <c>"foo"</c> and <c>"foo/"</c> are the same.
    /// </summary>
    /// <param name="prefix">The directory; <c>""</c> is the root.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The child names, in no particular order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>The size in bytes of the value of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The value's length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a valid key for this store.</exception>
    /// <exception cref="KeyNotFoundException"><paramref name="key"/> does not exist.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The total size in bytes of the values under the directory <paramref name="prefix"/> (normalised as in <see cref="DeleteDirAsync"/>).</summary>
    /// <param name="prefix">The directory; <c>""</c> is the whole store.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The sum of the value lengths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix for this store.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Whether no key lies under the directory <paramref name="prefix"/> (normalised as in <see cref="DeleteDirAsync"/>).</summary>
    /// <param name="prefix">The directory; <c>""</c> is the whole store.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns><see langword="true"/> when no key lies under the prefix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not a valid prefix for this store.</exception>
    /// <exception cref="NotSupportedException">The store does not support listing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default);
}
