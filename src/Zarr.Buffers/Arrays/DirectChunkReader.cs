using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Arrays;

/// <summary>
/// Reads chunks of an array whose pipeline decodes into memory (<see cref="CodecPipeline.CanDecodeInto"/>) into the
/// read's output: a chunk the read covers whole and that is C-contiguous there is read by the store
/// (<see cref="IStore.GetIntoAsync"/>) or decompressed straight into the output; an uncompressed one covered whole in
/// a <see cref="LocalStore"/> or <see cref="MemoryStore"/> goes run by run into its strided place there when the read
/// may block its thread (<see cref="IScatteredReader.GetScatteredAsync"/>, when its runs are 2 KiB or longer); any other
/// is read into a pooled scratch chunk (an uncompressed one only from its region's first byte to its last) and copied
/// once. Nothing it allocates grows with the data: scratch comes from <see cref="ArrayPool{T}.Shared"/> and goes back.
/// </summary>
/// <remarks>
/// Every read of a chunk is one store call for the whole value (or one byte range of it), so a concurrent write,
/// which replaces the whole value, is seen before or after, never torn: it needs no lock. It makes no buffer through
/// a caller's prototype, so <see cref="ZarrArray"/> uses it only for the host's default buffers.
/// </remarks>
internal sealed class DirectChunkReader
{
    // Each run costs preadv about as much as copying 1-1.5 KiB out of scratch (benchmarks/peers/scatter-runs.cs: 2 KiB
    // runs took 0.91-0.99x the time of a read into scratch and a copy, 1 KiB runs 1.00-1.08x), so shorter runs are read
    // whole and copied.
    private const int MinScatteredRun = 2048;

    private readonly IStore _store;
    private readonly CodecPipeline _pipeline;
    private readonly ChunkSpec _spec;
    private readonly bool _raw;

    // The most bytes a stored chunk takes, for a pooled read of compressed bytes; 0 when unknown or too large for one array.
    private readonly int _maxEncodedLength;

    // The store when it reads a value straight into the runs of a strided output (a LocalStore or MemoryStore itself).
    private readonly IScatteredReader? _scatterStore;

    public DirectChunkReader(IStore store, CodecPipeline pipeline, ChunkSpec spec)
    {
        _store = store;
        _pipeline = pipeline;
        _spec = spec;
        _raw = pipeline.BytesBytesCodecs.Count == 0;
        long bound = _raw ? spec.ByteLength : pipeline.MaxEncodedLength(spec);
        _maxEncodedLength = bound is > 0 and <= int.MaxValue && bound <= Array.MaxLength ? (int)bound : 0;
        _scatterStore = _raw && store is IScatteredReader { ScattersReads: true } reader ? reader : null;
    }

    /// <summary>
    /// Reads the part <paramref name="selection"/> of the chunk at <paramref name="key"/> into <paramref name="target"/>,
    /// the output's view of it. <paramref name="mayBlock"/> says whether the read may block its thread on a synchronous
    /// file read: it runs on a worker of the array's chunk loop, not on the caller's thread.
    /// </summary>
    /// <returns>False when the chunk is missing; <paramref name="target"/> is then unchanged.</returns>
    /// <exception cref="InvalidDataException">The chunk is corrupt, truncated or too long.</exception>
    public ValueTask<bool> ReadAsync(string key, NRange[] selection, bool whole, NDBuffer target, bool mayBlock, CancellationToken cancellationToken) =>
        _spec.DType.Accept(new Read(this, key, selection, whole, target, mayBlock, cancellationToken));

    private static Memory<byte> Bytes<T>(T[] elements, long count)
        where T : unmanaged => elements.AsMemory(0, (int)count).Cast<T, byte>();

    private async ValueTask<bool> ReadAsync<T>(string key, NRange[] selection, bool whole, NDBuffer target, bool mayBlock, CancellationToken cancellationToken)
        where T : unmanaged, IEquatable<T>
    {
        var destination = target.AsTensor<T>();
        if (whole && TensorMemoryManager<T>.TryGetMemory(destination, out var memory))
        {
            return await ReadWholeAsync(key, memory, cancellationToken).ConfigureAwait(false);
        }

        if (whole && mayBlock && _scatterStore is not null && DenseRun(destination) is var (firstDenseAxis, runElements)
            && runElements * Unsafe.SizeOf<T>() is >= MinScatteredRun and <= int.MaxValue)
        {
            return await ReadScatteredAsync(_scatterStore, key, destination, firstDenseAxis, (int)runElements, cancellationToken).ConfigureAwait(false);
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
    /// Reads an uncompressed chunk that the read covers whole into <paramref name="destination"/>, its strided place in
    /// the output, run by run (<see cref="IScatteredReader.GetScatteredAsync"/>); false when the chunk is missing.
    /// </summary>
    private async ValueTask<bool> ReadScatteredAsync<T>(IScatteredReader store, string key, Tensor<T> destination, int firstDenseAxis, int runElements, CancellationToken cancellationToken)
        where T : unmanaged, IEquatable<T>
    {
        int runLength = runElements * Unsafe.SizeOf<T>();
        int runs = checked((int)(destination.FlattenedLength / runElements));
        nint[] addresses = ArrayPool<nint>.Shared.Rent(runs);
        try
        {
            using var pinned = destination.GetPinnedHandle();
            RunAddresses(destination, firstDenseAxis, PointerOf(pinned), addresses.AsSpan(0, runs));
            return await store.GetScatteredAsync(key, addresses.AsMemory(0, runs), runLength, cancellationToken).ConfigureAwait(false) switch
            {
                null => false,
                long read when read == (long)runs * runLength => true,
                long read => throw _spec.EncodedLengthMismatch($"has {read}"),
            };
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(addresses);
        }
    }

    /// <summary>
    /// The trailing axes of <paramref name="view"/> that hold their elements next to each other in C order, from
    /// <c>FirstAxis</c> on, and the elements of each such run.
    /// </summary>
    private static (int FirstAxis, long Elements) DenseRun<T>(Tensor<T> view)
    {
        long elements = 1;
        int axis = view.Rank;
        while (axis > 0 && (view.Lengths[axis - 1] == 1 || view.Strides[axis - 1] == elements))
        {
            axis--;
            elements *= view.Lengths[axis];
        }

        return (axis, elements);
    }

    /// <summary>The address of each run of <paramref name="view"/> in C order: an odometer over the axes before <paramref name="firstDenseAxis"/>.</summary>
    private static void RunAddresses<T>(Tensor<T> view, int firstDenseAxis, nint start, Span<nint> addresses)
    {
        ReadOnlySpan<nint> lengths = view.Lengths;
        ReadOnlySpan<nint> strides = view.Strides;
        Span<nint> index = stackalloc nint[firstDenseAxis];
        index.Clear();
        nint offset = 0;
        for (int run = 0; run < addresses.Length; run++)
        {
            addresses[run] = start + (offset * Unsafe.SizeOf<T>());
            for (int axis = firstDenseAxis - 1; axis >= 0; axis--)
            {
                offset += strides[axis];
                if (++index[axis] < lengths[axis])
                {
                    break;
                }

                offset -= index[axis] * strides[axis];
                index[axis] = 0;
            }
        }
    }

    private static unsafe nint PointerOf(MemoryHandle pinned) => (nint)pinned.Pointer;

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

    private readonly struct Read(DirectChunkReader reader, string key, NRange[] selection, bool whole, NDBuffer target, bool mayBlock, CancellationToken cancellationToken)
        : IDataTypeVisitor<ValueTask<bool>>
    {
        public ValueTask<bool> Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> =>
            reader.ReadAsync<T>(key, selection, whole, target, mayBlock, cancellationToken);
    }
}
