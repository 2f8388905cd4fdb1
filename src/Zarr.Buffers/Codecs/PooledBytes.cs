using System.Buffers;
using CommunityToolkit.HighPerformance.Buffers;
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

    /// <summary>
    /// Rents <paramref name="capacity"/> bytes from <paramref name="pool"/> and lets <paramref name="write"/> fill them; the
    /// result holds the bytes it says it wrote. The memory goes back at once when <paramref name="write"/> throws.
    /// </summary>
    /// <param name="capacity">The most bytes the encoding can take.</param>
    /// <param name="pool">Where the memory comes from.</param>
    /// <param name="write">Writes the encoding into the rented span and returns its length.</param>
    public static PooledBytes Write(int capacity, ArrayPool<byte> pool, Func<Span<byte>, int> write)
    {
        var memory = MemoryOwner<byte>.Allocate(capacity, pool);
        try
        {
            int length = write(memory.Span);
            return new PooledBytes(CpuBuffer.FromArrayLike(memory.Memory[..length]), memory);
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

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
