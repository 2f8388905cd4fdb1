namespace Zarr.Storage;

/// <summary>
/// A store that reads a whole value straight into runs of pinned memory, in turn: a chunk of an array goes into its
/// strided place in a read's output without a scratch copy (<c>DirectChunkReader</c>).
/// </summary>
internal interface IScatteredReader
{
    /// <summary>
    /// Whether <see cref="GetScatteredAsync"/> serves this store here: only the store classes themselves, since a
    /// subclass may override how it reads, which this would go around.
    /// </summary>
    bool ScattersReads { get; }

    /// <summary>
    /// Reads the whole value at <paramref name="key"/> into runs of <paramref name="runLength"/> bytes of pinned memory at
    /// <paramref name="addresses"/>, in turn, when it is exactly as long as they are together.
    /// </summary>
    /// <returns>
    /// <see langword="null"/> when the key does not exist; else the bytes read, which are fewer than the runs hold when
    /// the value shrank during the read; or, when the value's length is not the runs' total, that length, and nothing is read.
    /// </returns>
    ValueTask<long?> GetScatteredAsync(string key, ReadOnlyMemory<nint> addresses, int runLength, CancellationToken cancellationToken);
}
