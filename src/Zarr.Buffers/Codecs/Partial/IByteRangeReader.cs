using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>
/// Reads byte ranges of one stored value (a chunk, or an inner chunk inside a shard): what a partial decoder fetches
/// its bytes through. Requests resolve against the value with <see cref="ByteRequest.Resolve"/>'s slice semantics.
/// </summary>
/// <remarks>
/// <see cref="StoreByteRangeReader"/> reads a key of a store; the sharding codec hands its inner chunks' decoders a
/// reader over one inner chunk's bytes, so that nested codecs read in part too. Implementations are thread-safe.
/// </remarks>
public interface IByteRangeReader
{
    /// <summary>Reads one range of the value, or all of it.</summary>
    /// <param name="byteRange">The range; null reads the whole value.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes, or null when the value does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The value is shorter than its container says it is (an inner chunk that runs past the end of its shard).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<Buffer?> GetAsync(ByteRequest? byteRange, BufferPrototype prototype, CancellationToken cancellationToken = default);

    /// <summary>Reads several ranges of the value, which a store may merge into fewer reads (<see cref="IStore.GetRangesAsync"/>).</summary>
    /// <param name="ranges">The ranges; a null entry reads the whole value.</param>
    /// <param name="prototype">Makes the returned buffers.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One buffer per range, in input order, or null when the value does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranges"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The value is shorter than its container says it is.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<Buffer>?> GetRangesAsync(IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype, CancellationToken cancellationToken = default);
}
