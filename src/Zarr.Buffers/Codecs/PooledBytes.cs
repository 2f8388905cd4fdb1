using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// Encoded bytes in memory rented from a pool (<see cref="IPooledEncoder"/>): disposing gives the memory back, once,
/// however often it is called. Nothing may use <see cref="Bytes"/> afterwards, so they may go only to a store that
/// copies what it is given (<see cref="Storage.IStore.CopiesOnSet"/>), and the memory only back after its set completes.
/// </summary>
internal sealed class PooledBytes(Buffer bytes, IDisposable? owner) : IDisposable
{
    private IDisposable? _owner = owner;

    /// <summary>The encoded bytes, a <see cref="CpuBuffer"/> over the rented memory.</summary>
    public Buffer Bytes { get; } = bytes;

    /// <summary>Copies the bytes once into a buffer of <paramref name="prototype"/>'s class and gives the memory back: a codec's <c>Encode</c> after its pooled encode.</summary>
    public Buffer CopyOut(BufferPrototype prototype)
    {
        try
        {
            return prototype.Buffer.FromBytes(Bytes.AsSpan());
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Dispose();
}
