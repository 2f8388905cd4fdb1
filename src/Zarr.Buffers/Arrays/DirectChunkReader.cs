using System.Buffers;
using System.Numerics.Tensors;
using CommunityToolkit.HighPerformance;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Arrays;

/// <summary>
/// Reads chunks of an array whose pipeline decodes into memory (<see cref="CodecPipeline.CanDecodeInto"/>) into the
/// read's output: a chunk the read covers whole and that is C-contiguous there is read by the store
/// (<see cref="IStore.GetIntoAsync"/>) or decompressed straight into the output; any other is read into a pooled
/// scratch chunk (an uncompressed one only from its region's first byte to its last) and copied once. Nothing it
/// allocates grows with the data: scratch comes from <see cref="ArrayPool{T}.Shared"/> and goes back.
/// </summary>
/// <remarks>
/// Every read of a chunk is one store call for the whole value (or one byte range of it), so a concurrent write,
/// which replaces the whole value, is seen before or after, never torn: it needs no lock. It makes no buffer through
/// a caller's prototype, so <see cref="ZarrArray"/> uses it only for the host's default buffers.
/// </remarks>
internal sealed class DirectChunkReader
{
    private readonly IStore _store;
    private readonly CodecPipeline _pipeline;
    private readonly ChunkSpec _spec;
    private readonly bool _raw;

    // The most bytes a stored chunk takes, for a pooled read of compressed bytes; 0 when unknown or too large for one array.
    private readonly int _maxEncodedLength;

    public DirectChunkReader(IStore store, CodecPipeline pipeline, ChunkSpec spec)
    {
        _store = store;
        _pipeline = pipeline;
        _spec = spec;
        _raw = pipeline.BytesBytesCodecs.Count == 0;
        long bound = _raw ? spec.ByteLength : pipeline.MaxEncodedLength(spec);
        _maxEncodedLength = bound is > 0 and <= int.MaxValue && bound <= Array.MaxLength ? (int)bound : 0;
    }

    /// <summary>Reads the part <paramref name="selection"/> of the chunk at <paramref name="key"/> into <paramref name="target"/>, the output's view of it.</summary>
    /// <returns>False when the chunk is missing; <paramref name="target"/> is then unchanged.</returns>
    /// <exception cref="InvalidDataException">The chunk is corrupt, truncated or too long.</exception>
    public ValueTask<bool> ReadAsync(string key, NRange[] selection, bool whole, NDBuffer target, CancellationToken cancellationToken) =>
        _spec.DType.Accept(new Read(this, key, selection, whole, target, cancellationToken));

    private static Memory<byte> Bytes<T>(T[] elements, long count)
        where T : unmanaged => elements.AsMemory(0, (int)count).Cast<T, byte>();

    private async ValueTask<bool> ReadAsync<T>(string key, NRange[] selection, bool whole, NDBuffer target, CancellationToken cancellationToken)
        where T : unmanaged, IEquatable<T>
    {
        var destination = target.AsTensor<T>();
        if (whole && TensorMemoryManager<T>.TryGetMemory(destination, out var memory))
        {
            return await ReadWholeAsync(key, memory, cancellationToken).ConfigureAwait(false);
        }

        T[] scratch = ArrayPool<T>.Shared.Rent(checked((int)_spec.Size));
        try
        {
            var source = _raw && !whole
                ? await ReadSpanAsync(key, selection, scratch, cancellationToken).ConfigureAwait(false)
                : await ReadWholeAsync(key, Bytes(scratch, _spec.Size), cancellationToken).ConfigureAwait(false)
                    ? NDArray.CreateTensor(scratch, 0, _spec.Shape).Slice(selection) : null;
            if (source is null)
            {
                return false;
            }

            StridedCopy.Copy(source, destination);
            return true;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Reads the bytes of an uncompressed chunk from its selection's first element to its last, one store call, into
    /// <paramref name="scratch"/>; the selection as a tensor over them (with the chunk's strides), or null when the chunk is missing.
    /// </summary>
    private async ValueTask<Tensor<T>?> ReadSpanAsync<T>(string key, NRange[] selection, T[] scratch, CancellationToken cancellationToken)
        where T : unmanaged, IEquatable<T>
    {
        nint[] chunkStrides = ShapeMath.Strides(ShapeMath.ToLengths(_spec.Shape), MemoryOrder.C);
        nint[] lengths = new nint[selection.Length];
        nint[] strides = new nint[selection.Length];
        long first = 0;
        long last = 0;
        for (int axis = 0; axis < selection.Length; axis++)
        {
            lengths[axis] = selection[axis].End.Value - selection[axis].Start.Value;
            strides[axis] = lengths[axis] == 1 ? 0 : chunkStrides[axis];
            first += selection[axis].Start.Value * (long)chunkStrides[axis];
            last += (selection[axis].End.Value - 1) * (long)chunkStrides[axis];
        }

        long count = last - first + 1;
        long itemSize = _spec.DType.ItemSize;
        var bytes = Bytes(scratch, count);
        var range = new RangeByteRequest(first * itemSize, (last + 1) * itemSize);
        if (await _store.GetIntoAsync(key, bytes, range, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return null;
        }

        return read == bytes.Length ? Tensor.Create(scratch, 0, lengths, strides)
            : throw _spec.EncodedLengthMismatch($"ends before byte {range.End}: it is truncated");
    }

    /// <summary>Reads and decodes a whole chunk into <paramref name="destination"/>, its C-ordered memory; false when the chunk is missing.</summary>
    private async ValueTask<bool> ReadWholeAsync(string key, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_raw)
        {
            int? read;
            try
            {
                read = await _store.GetIntoAsync(key, destination, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex) when (ex.ParamName == nameof(destination))
            {
                // Only the store's "does not fit" means the value is too long; an invalid key (a LocalStore link leading
                // outside its root) is reported as the store gave it.
                throw _spec.EncodedLengthMismatch($"is longer: {ex.Message}", ex);
            }

            return read is null ? false : read == destination.Length ? true
                : throw _spec.EncodedLengthMismatch($"has {read}");
        }

        byte[]? rented = _maxEncodedLength > 0 ? ArrayPool<byte>.Shared.Rent(_maxEncodedLength) : null;
        try
        {
            if (await ReadEncodedAsync(key, rented, cancellationToken).ConfigureAwait(false) is not { } encoded)
            {
                return false;
            }

            _pipeline.DecodeInto(encoded, _spec, BufferPrototype.Default, destination);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The stored bytes of a compressed chunk: read into <paramref name="rented"/> when there is one, else (or when the
    /// value is longer than the bound, which the decoders then judge) through <see cref="IStore.GetAsync"/>.
    /// </summary>
    private async ValueTask<Buffer?> ReadEncodedAsync(string key, byte[]? rented, CancellationToken cancellationToken)
    {
        if (rented is not null)
        {
            try
            {
                return await _store.GetIntoAsync(key, rented.AsMemory(0, _maxEncodedLength), null, cancellationToken).ConfigureAwait(false) is { } read
                    ? CpuBuffer.FromArrayLike(rented.AsMemory(0, read)) : null;
            }
            catch (ArgumentException)
            {
                // Longer than any encoder makes it: read it whole and let the bounded decoders refuse it.
            }
        }

        return await _store.GetAsync(key, BufferPrototype.Default, null, cancellationToken).ConfigureAwait(false);
    }

    private readonly struct Read(DirectChunkReader reader, string key, NRange[] selection, bool whole, NDBuffer target, CancellationToken cancellationToken)
        : IDataTypeVisitor<ValueTask<bool>>
    {
        public ValueTask<bool> Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            reader.ReadAsync<T>(key, selection, whole, target, cancellationToken);
    }
}
