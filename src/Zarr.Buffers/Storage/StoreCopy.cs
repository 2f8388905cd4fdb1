using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Storage;

/// <summary>
/// Copies keys from one store to another in one call: for example, loading a folder of real Zarr data from a
/// <see cref="LocalStore"/> into a testing store before a reader is run against it.
/// </summary>
public static class StoreCopy
{
    /// <summary>The default <c>maxConcurrency</c> of <see cref="CopyAsync"/>: how many keys are in flight at once.</summary>
    public const int DefaultMaxConcurrency = 8;

    /// <summary>
    /// Copies every key of <paramref name="source"/> that starts with <paramref name="prefix"/> to the same key of
    /// <paramref name="destination"/>, replacing any value there.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <paramref name="prefix"/> is a plain string prefix, as in <see cref="IStore.ListPrefixAsync"/>: <c>""</c>
    /// copies everything and <c>"a/"</c> copies the keys under <c>a</c>, while <c>"a"</c> also copies <c>ab/...</c>.
    /// </para>
    /// <para>
    /// Each value is read from <paramref name="source"/> through <paramref name="prototype"/> and that buffer is
    /// written to <paramref name="destination"/>, so the destination receives buffers of the prototype's class: pass
    /// the prototype the destination expects (to fill a <c>StoreExpectingTestBuffer</c>, a prototype of
    /// <c>TestBuffer</c>). A key that disappears between the listing and its read is skipped. At most
    /// <paramref name="maxConcurrency"/> keys are read or written at once. The copy is not atomic: when it fails or is
    /// cancelled, keys already written stay written and the rest are not copied.
    /// </para>
    /// </remarks>
    /// <param name="source">The store to read; it must support listing.</param>
    /// <param name="destination">The store to write.</param>
    /// <param name="prefix">The prefix of the keys to copy.</param>
    /// <param name="prototype">Makes the buffers read from <paramref name="source"/> and written to <paramref name="destination"/>.</param>
    /// <param name="maxConcurrency">How many keys may be in flight at once; at least 1.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The number of keys copied.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/>, <paramref name="destination"/>, <paramref name="prefix"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    /// <exception cref="NotSupportedException"><paramref name="source"/> does not support listing.</exception>
    /// <exception cref="ReadOnlyStoreException"><paramref name="destination"/> is read-only; nothing is copied.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<int> CopyAsync(IStore source, IStore destination, string prefix, BufferPrototype prototype,
        int maxConcurrency = DefaultMaxConcurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<int>(cancellationToken);
        }

        if (!source.SupportsListing)
        {
            return Task.FromException<int>(new NotSupportedException($"{source} does not support listing, so its keys under '{MessageText.Bounded(prefix)}' cannot be copied."));
        }

        return destination.ReadOnly
            ? Task.FromException<int>(ReadOnlyStoreException.For(destination, prefix))
            : CopyKeysAsync(source, destination, prefix, prototype, maxConcurrency, cancellationToken);
    }

    private static async Task<int> CopyKeysAsync(IStore source, IStore destination, string prefix, BufferPrototype prototype,
        int maxConcurrency, CancellationToken cancellationToken)
    {
        int copied = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(source.ListPrefixAsync(prefix, cancellationToken), options, async (key, token) =>
        {
            if (await source.GetAsync(key, prototype, null, token).ConfigureAwait(false) is { } value)
            {
                await destination.SetAsync(key, value, token).ConfigureAwait(false);
                Interlocked.Increment(ref copied);
            }
        }).ConfigureAwait(false);
        return copied;
    }
}
