using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>Reads byte ranges of the value of one key of a store: <see cref="IStore.GetAsync"/> and <see cref="IStore.GetRangesAsync"/>, no more.</summary>
/// <remarks>Costs one store call per call; holds no buffer, so one reader may serve many concurrent decoders.</remarks>
public sealed class StoreByteRangeReader : IByteRangeReader
{
    /// <summary>A reader of <paramref name="key"/> in <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The key of the value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="key"/> is null.</exception>
    public StoreByteRangeReader(IStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        Store = store;
        Key = key;
    }

    /// <summary>The store read.</summary>
    public IStore Store { get; }

    /// <summary>The key read.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public ValueTask<Buffer?> GetAsync(ByteRequest? byteRange, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        return Store.GetAsync(Key, prototype, byteRange, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The store's <see cref="KeyNotFoundException"/> for a missing key becomes a null result.</remarks>
    public async Task<IReadOnlyList<Buffer>?> GetRangesAsync(IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(prototype);
        try
        {
            return await Store.GetRangesAsync(Key, ranges, prototype, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The store and the key.</summary>
    /// <returns>For example <c>memory://1 'c/0/0'</c>.</returns>
    public override string ToString() => $"{Store} '{Key}'";
}
