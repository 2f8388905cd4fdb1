using System.Buffers;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Codecs;

namespace Zarr.Arrays;

/// <summary>
/// A C-ordered chunk over memory rented from <see cref="ArrayPool{T}.Shared"/>, which a write fills, encodes and hands to
/// the store instead of a fresh chunk-sized array per chunk. Disposing returns the memory to the pool, so the scratch must
/// outlive every use of bytes encoded from it: the store write must have completed, and a store that may keep the buffer it
/// is given must get a copy of any encoded bytes that still alias the scratch (<see cref="Aliases"/>).
/// </summary>
internal abstract class ChunkScratch : IDisposable
{
    /// <summary>The chunk, made through the prototype over the rented memory; its elements are not initialised.</summary>
    public abstract NDBuffer Chunk { get; }

    /// <summary>Rents a chunk of <paramref name="spec"/>'s shape and data type, wrapped by <paramref name="prototype"/>.</summary>
    public static ChunkScratch Rent(ChunkSpec spec, BufferPrototype prototype) => spec.DType.Accept(new Renter(spec, prototype));

    /// <summary>
    /// Whether <paramref name="encoded"/> shares memory with <paramref name="chunk"/>: the bytes codec encodes a C-contiguous chunk in
    /// the requested byte order as a view, where compressors and byte swaps make new memory.
    /// </summary>
    public static bool Aliases(Buffer encoded, NDBuffer chunk) =>
        chunk.DType.Accept(new DenseBytes(chunk)) is { IsEmpty: false } bytes && bytes.Span.Overlaps(encoded.AsSpan());

    /// <summary>Returns the memory to the pool; a second call does nothing.</summary>
    public abstract void Dispose();

    private sealed class Rented<T> : ChunkScratch
        where T : unmanaged, IEquatable<T>
    {
        private T[]? _array;

        public Rented(ChunkSpec spec, BufferPrototype prototype)
        {
            _array = ArrayPool<T>.Shared.Rent(checked((int)spec.Size));
            // Wrapped with the shape, which a rank-0 chunk needs: its tensor has one axis of length 1.
            Chunk = prototype.NDBuffer.FromNDArrayLike(NDArray.Wrap(NDArray.CreateTensor(_array, 0, spec.Shape), spec.Shape));
        }

        public override NDBuffer Chunk { get; }

        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                ArrayPool<T>.Shared.Return(array);
            }
        }
    }

    private readonly struct Renter(ChunkSpec spec, BufferPrototype prototype) : IDataTypeVisitor<ChunkScratch>
    {
        public ChunkScratch Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> => new Rented<T>(spec, prototype);
    }

    // An empty result for a chunk that is not dense: its bytes cannot be a view of it then.
    private readonly struct DenseBytes(NDBuffer chunk) : IDataTypeVisitor<ReadOnlyMemory<byte>>
    {
        public ReadOnlyMemory<byte> Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            TensorMemoryManager<T>.TryGetMemory(chunk.AsTensor<T>(), out var memory) ? memory : ReadOnlyMemory<byte>.Empty;
    }
}
