using Zarr.Buffers;

namespace Zarr.Storage;

/// <summary>
/// A store that forwards every member to an inner store (zarr-python's <c>WrapperStore</c>): the base of
/// decorators such as <see cref="LoggingStore"/>, which override the members they observe.
/// </summary>
/// <remarks>
/// <para>
/// The read-only state, the open state and the capabilities are the inner store's. A decorator that adds
/// state must override <see cref="WithStore"/> so that <see cref="WithReadOnly"/> returns a decorator of its own
/// type around the inner store's read-only copy; <see cref="WithReadOnly"/> checks that it does. Such a decorator
/// also overrides <see cref="WithReadOnly"/> with its own return type (<c>(MyStore)base.WithReadOnly(readOnly)</c>),
/// so its callers need no cast.
/// </para>
/// <para>
/// Deliberate differences from zarr-python: get-size and get-size-prefix are forwarded too (zarr-python runs its
/// ABC defaults on the wrapper), and there is no separate synchronous surface to forward. Disposing a wrapper
/// disposes the inner store.
/// </para>
/// </remarks>
public class WrapperStore : Store, IEquatable<WrapperStore>
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The store every member forwards to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public WrapperStore(IStore inner)
        : base(readOnly: false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public IStore Inner { get; }

    /// <inheritdoc />
    public override bool ReadOnly => Inner.ReadOnly;

    /// <inheritdoc />
    public override bool IsOpen => Inner.IsOpen;

    /// <inheritdoc />
    public override bool SupportsWrites => Inner.SupportsWrites;

    /// <inheritdoc />
    public override bool SupportsDeletes => Inner.SupportsDeletes;

    /// <inheritdoc />
    public override bool SupportsListing => Inner.SupportsListing;

    /// <inheritdoc />
    public override bool SupportsConsolidatedMetadata => Inner.SupportsConsolidatedMetadata;

    /// <inheritdoc />
    /// <remarks>
    /// <see langword="false"/>, whatever the inner store says: a decorator may keep a value it is given (a cache, a
    /// write-behind queue). A decorator whose set passes the value straight to the inner store, as <see cref="LoggingStore"/>
    /// does, overrides this to return <c>Inner.CopiesOnSet</c>.
    /// </remarks>
    public override bool CopiesOnSet => false;

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken = default) => Inner.OpenAsync(cancellationToken);

    /// <inheritdoc />
    public override void Close() => Inner.Close();

    /// <summary>Disposes the inner store.</summary>
    /// <returns>A task that completes when the inner store is disposed.</returns>
    protected override async ValueTask DisposeAsyncCore()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <returns>A wrapper of this type (made by <see cref="WithStore"/>) around the inner store's copy.</returns>
    /// <exception cref="InvalidOperationException">A derived type did not override <see cref="WithStore"/> to return its own type.</exception>
    public override WrapperStore WithReadOnly(bool readOnly = false)
    {
        WrapperStore wrapper = WithStore(Inner.WithReadOnly(readOnly));
        if (wrapper.GetType() != GetType())
        {
            throw new InvalidOperationException(
                $"{GetType().Name} must override WithStore to return a {GetType().Name}; it returned a {wrapper.GetType().Name}.");
        }

        return wrapper;
    }

    /// <inheritdoc />
    public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        Inner.GetAsync(key, prototype, byteRange, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        Inner.GetIntoAsync(key, destination, byteRange, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Forwards to the inner store, whose reads do not pass through this wrapper's <see cref="GetAsync"/>;
    /// a decorator that must see each read overrides this with <see cref="Store.GetPartialValuesViaGetAsync"/>.</remarks>
    public override Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default) =>
        Inner.GetPartialValuesAsync(prototype, keyRanges, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Forwards to the inner store, whose reads do not pass through this wrapper's <see cref="GetAsync"/>;
    /// a decorator that must see each merged read overrides this with <see cref="Store.GetRangesViaGetAsync"/>.</remarks>
    public override Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default) =>
        Inner.GetRangesAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.ExistsAsync(key, cancellationToken);

    /// <inheritdoc />
    public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        Inner.SetAsync(key, value, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        Inner.SetIfNotExistsAsync(key, value, cancellationToken);

    /// <inheritdoc />
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(key, cancellationToken);

    /// <inheritdoc />
    public override Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.DeleteDirAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public override Task ClearAsync(CancellationToken cancellationToken = default) => Inner.ClearAsync(cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) =>
        Inner.ListAsync(cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.ListPrefixAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.ListDirAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.GetSizeAsync(key, cancellationToken);

    /// <inheritdoc />
    public override Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.GetSizePrefixAsync(prefix, cancellationToken);

    /// <inheritdoc />
    public override Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.IsEmptyAsync(prefix, cancellationToken);

    /// <summary>Whether <paramref name="other"/> is a wrapper of the same type around an equal inner store.</summary>
    /// <param name="other">The store to compare with.</param>
    /// <returns><see langword="true"/> when the types match and the inner stores are equal.</returns>
    public virtual bool Equals(WrapperStore? other) =>
        other is not null && other.GetType() == GetType() && Inner.Equals(other.Inner);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as WrapperStore);

    /// <summary>A hash of the type and the inner store.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(GetType(), Inner);

    /// <summary>The inner store's description with a prefix, <c>wrapping-memory://1</c> for example.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => "wrapping-" + Inner;

    /// <summary>
    /// A wrapper of this type, with this wrapper's settings, around <paramref name="inner"/>; used by
    /// <see cref="WithReadOnly"/>. Every derived type overrides it.
    /// </summary>
    /// <param name="inner">The store to wrap.</param>
    /// <returns>The new wrapper.</returns>
    protected virtual WrapperStore WithStore(IStore inner) => new(inner);
}
