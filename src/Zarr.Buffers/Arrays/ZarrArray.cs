using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Arrays;

/// <summary>
/// A Zarr array in an <see cref="IStore"/>: reads and writes rectangular regions, chunk by chunk, through the
/// array's codec pipeline. Zarr v3 arrays are read and written; Zarr v2 arrays (<c>.zarray</c>) are read and written
/// in their own format.
/// </summary>
/// <remarks>
/// <para>
/// Chunks are read, decoded, encoded and written concurrently, at most <see cref="MaxDegreeOfParallelism"/> at a time.
/// Concurrent reads are safe. Reads and writes through one instance are serialised per chunk, so writes to regions
/// that share a chunk keep each other's values, and a read sees a chunk (or shard) as it was before or after a write,
/// never torn. Writes through different instances, or from other processes, to regions that share a chunk still race
/// (each reads, updates and rewrites the whole chunk), as in zarr-python.
/// </para>
/// <para>
/// Every buffer is made through the <see cref="BufferPrototype"/> passed to the call (<see cref="BufferPrototype.Default"/> when none is).
/// </para>
/// </remarks>
public sealed class ZarrArray
{
    private const string ZarrJson = "zarr.json";
    private const string Zarray = ".zarray";
    private const string Zattrs = ".zattrs";

    // Enough stripes that chunks processed at once rarely share one, few enough that an array costs little memory.
    private const int ChunkLockStripes = 64;

    // Metadata is written as zarr-python writes it: ">f4", not "\u003Ef4", and non-ASCII as UTF-8. The relaxed
    // encoder is safe here because the JSON goes into a store, never into HTML.
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _prefix;
    private readonly CodecPipeline _pipeline;
    private readonly ChunkSpec _chunkSpec;
    private readonly object _readFill;
    private readonly DirectChunkReader? _direct;

    private int _maxDegreeOfParallelism = 10;
    private SemaphoreSlim[]? _chunkLocks;

    private ZarrArray(IStore store, string path, ArrayMetadata metadata, CodecRegistry codecs)
    {
        Store = store;
        Path = path;
        Metadata = metadata;
        _prefix = path.Length == 0 ? "" : path + "/";
        string metadataKey = _prefix + (metadata.ZarrFormat == 2 ? Zarray : ZarrJson);
        EnsureAChunkFitsInOneBuffer(metadata, metadataKey);
        _chunkSpec = new ChunkSpec(metadata.ChunkShape, metadata.DataType, metadata.FillValue);
        _pipeline = BuildPipeline(metadata.Codecs, codecs, _chunkSpec, metadataKey);
        _readFill = metadata.FillValue ?? FillValueJson.ToElement(0, metadata.DataType);
        _direct = _pipeline.CanDecodeInto(_chunkSpec) ? new DirectChunkReader(store, _pipeline, _chunkSpec) : null;
    }

    /// <summary>The store holding the array.</summary>
    public IStore Store { get; }

    /// <summary>The array's path in the store, without leading or trailing <c>/</c> (empty for the root).</summary>
    public string Path { get; }

    /// <summary>The array's metadata.</summary>
    public ArrayMetadata Metadata { get; }

    /// <summary>The array's shape.</summary>
    public ReadOnlySpan<long> Shape => Metadata.Shape;

    /// <summary>The element type.</summary>
    public DataType DataType => Metadata.DataType;

    /// <summary>How many chunks one read or write processes at a time; 10 by default, as zarr-python's <c>async.concurrency</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On set, the value is below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Where the memory of compressed chunks that a write hands to a store that copies them comes from; a test replaces it to count rents and returns.</summary>
    internal ArrayPool<byte> EncodePool { get; set; } = ArrayPool<byte>.Shared;

    /// <summary>
    /// Whether a write stores a chunk that ends up holding only the fill value (zarr-python's <c>write_empty_chunks</c>);
    /// false by default, as in zarr-python: such a chunk is deleted instead, and reads as the fill value all the same.
    /// </summary>
    /// <remarks>
    /// True costs a store write per empty chunk and keeps every written chunk's key, which a reader that lists keys to
    /// find the written part of an array needs. Inner chunks of a shard that hold only the fill value are left out of
    /// the shard either way (the shard itself is stored).
    /// </remarks>
    public bool WriteEmptyChunks { get; set; }

    /// <summary>Opens the array at <paramref name="path"/>: its <c>zarr.json</c>, or else its <c>.zarray</c> and <c>.zattrs</c>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path; leading and trailing <c>/</c> are ignored.</param>
    /// <param name="cancellationToken">Cancels the metadata reads.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">There is no array metadata at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The metadata is malformed; the message names the key and the field.</exception>
    /// <exception cref="NotSupportedException">The array uses a codec, data type or other feature this library lacks, or chunks of more elements than one buffer holds; the message names it.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The overload that takes a CodecRegistry takes its token explicitly; this one is the common case.")]
    public static Task<ZarrArray> OpenAsync(IStore store, string path, CancellationToken cancellationToken = default) =>
        OpenAsync(store, path, CodecRegistry.Default, cancellationToken);

    /// <summary>Opens the array at <paramref name="path"/>, building its codecs from <paramref name="codecs"/> rather than <see cref="CodecRegistry.Default"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path; leading and trailing <c>/</c> are ignored.</param>
    /// <param name="codecs">The registry that knows the array's codecs: a test can register its own codecs without touching the process-wide default.</param>
    /// <param name="cancellationToken">Cancels the metadata reads.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/>, <paramref name="path"/> or <paramref name="codecs"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">There is no array metadata at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The metadata is malformed; the message names the key and the field.</exception>
    /// <exception cref="NotSupportedException">The array uses a codec, data type or other feature this library lacks, or chunks of more elements than one buffer holds; the message names it.</exception>
    public static async Task<ZarrArray> OpenAsync(IStore store, string path, CodecRegistry codecs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        string prefix = path.Length == 0 ? "" : path + "/";
        ArrayMetadata metadata;
        if (await ReadDocumentAsync(store, prefix + ZarrJson, cancellationToken).ConfigureAwait(false) is { } zarrJson)
        {
            metadata = ParseMetadata(prefix + ZarrJson, () => ArrayMetadata.Parse(zarrJson.AsSpan()));
        }
        else if (await ReadDocumentAsync(store, prefix + Zarray, cancellationToken).ConfigureAwait(false) is { } zarray)
        {
            var zattrs = await ReadDocumentAsync(store, prefix + Zattrs, cancellationToken).ConfigureAwait(false);
            metadata = ParseMetadata(prefix + Zarray, () => ArrayMetadata.ParseV2(zarray.AsSpan(), zattrs is null ? default : zattrs.AsSpan()));
        }
        else
        {
            throw new KeyNotFoundException($"There is no Zarr array at '{MessageText.Bounded(path)}': neither '{MessageText.Bounded(prefix + ZarrJson)}' nor '{MessageText.Bounded(prefix + Zarray)}' exists in {store}.");
        }

        return new ZarrArray(store, path, metadata, codecs);
    }

    /// <summary>
    /// Creates an array at <paramref name="path"/> by writing its metadata: <c>zarr.json</c>, or for Zarr v2 metadata
    /// <c>.zarray</c> (and <c>.zattrs</c> when there are attributes). No chunk is written: the array reads as its fill value.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path; leading and trailing <c>/</c> are ignored.</param>
    /// <param name="metadata">The array's metadata.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// Array metadata already exists at <paramref name="path"/>, or the store is read-only; nothing is written. The metadata
    /// key is published with <see cref="IStore.SetIfNotExistsAsync"/>, so of several concurrent creators exactly one
    /// succeeds where the store makes that atomic (MemoryStore and LocalStore do).
    /// </exception>
    /// <exception cref="InvalidDataException">A codec's configuration is invalid; nothing is written.</exception>
    /// <exception cref="NotSupportedException">A codec is not supported, or a chunk holds more elements than one buffer can; nothing is written.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The overload that takes a CodecRegistry takes its token explicitly; this one is the common case.")]
    public static Task<ZarrArray> CreateAsync(IStore store, string path, ArrayMetadata metadata, CancellationToken cancellationToken = default) =>
        CreateAsync(store, path, metadata, CodecRegistry.Default, cancellationToken);

    /// <summary>Creates an array at <paramref name="path"/>, building its codecs from <paramref name="codecs"/> rather than <see cref="CodecRegistry.Default"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The array's path; leading and trailing <c>/</c> are ignored.</param>
    /// <param name="metadata">The array's metadata.</param>
    /// <param name="codecs">The registry that knows the array's codecs.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">Array metadata already exists at <paramref name="path"/>, or the store is read-only; nothing is written.</exception>
    /// <exception cref="InvalidDataException">A codec's configuration is invalid; nothing is written.</exception>
    /// <exception cref="NotSupportedException">A codec is not supported, or a chunk holds more elements than one buffer can; nothing is written.</exception>
    public static async Task<ZarrArray> CreateAsync(IStore store, string path, ArrayMetadata metadata, CodecRegistry codecs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(codecs);
        var array = new ZarrArray(store, path.Trim('/'), metadata, codecs);
        string prefix = array._prefix;
        if (store.ReadOnly)
        {
            throw new InvalidOperationException($"Cannot create an array at '{MessageText.Bounded(array.Path)}': {store} is read-only.");
        }

        bool v2 = metadata.ZarrFormat == 2;
        string key = prefix + (v2 ? Zarray : ZarrJson);
        string otherKey = prefix + (v2 ? ZarrJson : Zarray);
        if (await store.ExistsAsync(otherKey, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Cannot create an array at '{MessageText.Bounded(array.Path)}': '{MessageText.Bounded(otherKey)}' already exists.");
        }

        // Publishing the metadata key only if it is absent makes exactly one of several concurrent creators win;
        // .zattrs follows .zarray so that a losing v2 creator cannot overwrite the winner's attributes.
        if (!await store.SetIfNotExistsAsync(key, JsonBuffer(metadata.ToJson()), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Cannot create an array at '{MessageText.Bounded(array.Path)}': '{MessageText.Bounded(key)}' already exists.");
        }

        if (v2 && metadata.Attributes.Count > 0)
        {
            await store.SetAsync(prefix + Zattrs, JsonBuffer(metadata.Attributes), cancellationToken).ConfigureAwait(false);
        }

        return array;
    }

    /// <summary>The store key of a chunk, for example <c>path/c/0/1</c>.</summary>
    /// <param name="chunkCoords">The chunk's coordinates in the chunk grid.</param>
    /// <returns>The key.</returns>
    public string ChunkKey(ReadOnlySpan<long> chunkCoords) => _prefix + Metadata.ChunkKeyEncoding.EncodeKey(chunkCoords);

    /// <summary>
    /// Reads a region into a new buffer made through <paramref name="prototype"/>. Chunks missing from the store read as the
    /// fill value.
    /// </summary>
    /// <remarks>
    /// Allocates the output and reads into it as <see cref="ReadIntoAsync"/> does; a caller reading many regions saves
    /// that allocation with <see cref="ReadIntoAsync"/> and one output. The allocation can cost more than the read: an
    /// output of 85,000 bytes or more is a large object, which the GC frees only in a full collection, so repeated
    /// reads write memory that is new to the process (one 1 MiB chunk of raw float32 read 60 times: 0.29 ms a call
    /// against 0.055 ms into one output; 0.11-0.13 ms with the application's <c>System.GC.LOHThreshold</c> above the output's
    /// size; <c>docs/benchmarks.md</c>).
    /// </remarks>
    /// <param name="region">One range per leading axis (see <see cref="ChunkGrid.ResolveRegion"/>); null or empty reads the whole array.</param>
    /// <param name="prototype">Makes every buffer of the read: the store's, the codecs' and the result; null for <see cref="BufferPrototype.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read: no chunk is started after it is cancelled.</param>
    /// <returns>A C-ordered buffer of the region's shape.</returns>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the array has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="region"/> does not lie inside the array, or holds more elements than one buffer of <paramref name="prototype"/>
    /// can (at most <see cref="Array.MaxLength"/> for the CPU buffers; the message names the region's shape); nothing is read.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidDataException">A chunk is corrupt; the message names its key.</exception>
    public async Task<NDBuffer> ReadAsync(NRange[]? region, BufferPrototype? prototype = null, CancellationToken cancellationToken = default)
    {
        prototype ??= BufferPrototype.Default;
        var output = prototype.NDBuffer.Empty(Metadata.ChunkGrid.RegionShape(region), DataType);
        await ReadIntoCoreAsync(region, output, prototype, cancellationToken).ConfigureAwait(false);
        return output;
    }

    /// <summary>
    /// Reads a region into <paramref name="destination"/>, the caller's buffer of the region's shape and the array's data
    /// type, in any memory order: a caller reading many regions reuses one output. Chunks missing from the store read as
    /// the fill value.
    /// </summary>
    /// <remarks>
    /// <para>
    /// With the host's buffers (<see cref="CpuBuffer"/> and <see cref="CpuNDBuffer"/>, as <see cref="BufferPrototype.Default"/>)
    /// and codecs that store a chunk's elements as they are in memory (<see cref="CodecPipeline.CanDecodeInto"/>: the
    /// <c>bytes</c> codec in the host's byte order, maybe followed by compressors), a chunk the region covers whole and
    /// that is C-contiguous in <paramref name="destination"/> goes straight into it: the store reads it there
    /// (<see cref="IStore.GetIntoAsync"/>), or it is read and decompressed there (<see cref="CodecPipeline.DecodeInto"/>).
    /// In a read of several chunks, an uncompressed chunk covered whole but strided in <paramref name="destination"/> (a
    /// chunk of a wider array) goes straight into its runs of adjacent bytes there when they are 2 KiB or longer: from a
    /// <see cref="MemoryStore"/>'s value, or from a <see cref="LocalStore"/>'s file in a 64-bit process on Linux, macOS or
    /// FreeBSD (one <c>preadv</c> per 1,024 runs); not from their subclasses. Other chunks are read into pooled scratch
    /// (an uncompressed chunk only from the region's first byte in it to the last, in one store call) and copied once.
    /// Each chunk costs one store call and takes no lock: it reads the whole value, or one range, at once.
    /// </para>
    /// <para>
    /// With any other prototype, and for other codecs (sharding, transpose, a byte order to swap, <c>bool</c>), each chunk is
    /// read through the pipeline's partial decoder (<see cref="CodecPipeline.CreatePartialDecoder"/>), every buffer made
    /// through <paramref name="prototype"/>, and copied into <paramref name="destination"/>: it fetches only the bytes the
    /// chunk's part of the region needs when its codecs allow it (the index and the touched inner chunks of a shard, at
    /// every level of nested sharding).
    /// </para>
    /// <para>
    /// When the read fails, <paramref name="destination"/> may hold some chunks' values, or part of one, and not others.
    /// </para>
    /// </remarks>
    /// <param name="region">One range per leading axis (see <see cref="ChunkGrid.ResolveRegion"/>); null or empty reads the whole array.</param>
    /// <param name="destination">Where the values go: of the region's shape and the array's <see cref="DataType"/>.</param>
    /// <param name="prototype">Makes every buffer of the read: the store's and the codecs'; null for <see cref="BufferPrototype.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read: no chunk is started after it is cancelled.</param>
    /// <returns>A task that completes when every chunk is in <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/>'s shape is not the region's or its data type is not the array's (the message names
    /// both), or <paramref name="region"/> has more ranges than the array has axes; nothing is read.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the array; nothing is read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidDataException">A chunk is corrupt; the message names its key.</exception>
    public async Task ReadIntoAsync(NRange[]? region, NDBuffer destination, BufferPrototype? prototype = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long[] shape = Metadata.ChunkGrid.RegionShape(region);
        if (!destination.Shape.SequenceEqual(shape) || destination.DType != DataType)
        {
            throw new ArgumentException(
                $"Cannot read region [{string.Join(", ", region ?? [])}] of array '{MessageText.Bounded(Path)}' into a destination of shape {ShapeMath.Format(destination.Shape)} {destination.DType}: the region is {ShapeMath.Format(shape)} {DataType}.",
                nameof(destination));
        }

        await ReadIntoCoreAsync(region, destination, prototype ?? BufferPrototype.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into a region. Partly covered chunks are read, updated and rewritten (through the
    /// pipeline's partial encoder when it has one, so a shard re-encodes only the inner chunks the region touches); a chunk that ends
    /// up holding only the fill value is deleted instead of written, unless <see cref="WriteEmptyChunks"/> is set.
    /// </summary>
    /// <param name="region">One range per leading axis (see <see cref="ChunkGrid.ResolveRegion"/>); null or empty writes the whole array.</param>
    /// <param name="value">The values, of the region's shape, or a scalar (rank 0) written to every element; cast to <see cref="DataType"/>.
    /// A chunk that the region covers whole is encoded straight from this memory while the store writes it, so do not change
    /// <paramref name="value"/> until the returned task completes.</param>
    /// <param name="prototype">Makes every buffer of the write; null for <see cref="BufferPrototype.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write: no chunk is started after it is cancelled; chunks already written stay written.</param>
    /// <returns>A task that completes when every chunk is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> does not have the region's shape, or <paramref name="region"/> has too many ranges; nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the array; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The store is read-only; nothing is written.</exception>
    /// <exception cref="InvalidDataException">A chunk that had to be read first is corrupt; the message names its key.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task WriteAsync(NRange[]? region, NDBuffer value, BufferPrototype? prototype = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        prototype ??= BufferPrototype.Default;
        var grid = Metadata.ChunkGrid;
        long[] shape = grid.RegionShape(region);
        if (value.Rank != 0 && !value.Shape.SequenceEqual(shape))
        {
            throw new ArgumentException(
                $"A value of shape {ShapeMath.Format(value.Shape)} cannot be written to region [{string.Join(", ", region ?? [])}] of shape {ShapeMath.Format(shape)} of array '{MessageText.Bounded(Path)}' {ShapeMath.Format(Shape)}.",
                nameof(value));
        }

        if (Store.ReadOnly)
        {
            throw new InvalidOperationException($"Cannot write to array '{MessageText.Bounded(Path)}': {Store} is read-only.");
        }

        await ForEachChunkAsync(grid.Project(region), async (projection, _, token) =>
        {
            string key = ChunkKey(projection.ChunkCoords);
            var chunkLock = ChunkLock(key);
            await chunkLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var part = value.Rank == 0 ? value : value[projection.OutputSelection];
                if (!projection.IsComplete && _pipeline.EncodesPartially)
                {
                    var encoded = await EncodeChunkPartAsync(key, projection, part, prototype, token).ConfigureAwait(false);
                    await StoreEncodedPartAsync(key, encoded, prototype, token).ConfigureAwait(false);
                }
                else
                {
                    await WriteUpdatedChunkAsync(key, projection, part, prototype, token).ConfigureAwait(false);
                }
            }
            finally
            {
                chunkLock.Release();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The array's path and summary.</summary>
    /// <returns>For example <c>&lt;ZarrArray 'a/b' shape=[10, 10] dtype=float32&gt;</c>.</returns>
    public override string ToString() => $"<ZarrArray '{MessageText.Bounded(Path)}' shape={ShapeMath.Format(Shape)} dtype={DataType}>";

    /// <summary>
    /// Reads one whole decoded chunk by its coordinates in the chunk grid: the chunk's full shape
    /// (<see cref="ArrayMetadata.ChunkShape"/>), so an edge chunk includes the padding beyond the array's shape, as stored.
    /// </summary>
    /// <remarks>
    /// A chunk missing from the store reads as the fill value. The chunk of a sharded array is a whole shard, read in
    /// one read and decoded. Use it to check what a writer stored chunk by chunk; <see cref="ReadAsync"/> reads regions.
    /// </remarks>
    /// <param name="chunkCoords">The chunk's coordinates, one per axis, each from 0 to the grid's length on that axis
    /// (<see cref="ChunkGrid.GridShape"/>) exclusive; <c>[0, 1]</c> is the chunk stored at <see cref="ChunkKey"/> of <c>[0, 1]</c>.</param>
    /// <param name="prototype">Makes every buffer of the read, the result included; null for <see cref="BufferPrototype.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A buffer of the chunk shape, made through <paramref name="prototype"/>; it may share memory with the store's value (a MemoryStore's, for example), so copy it before changing it.</returns>
    /// <exception cref="ArgumentException"><paramref name="chunkCoords"/> does not have one coordinate per axis.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate lies outside the chunk grid; the message names the coordinates and the grid shape, and nothing is read.</exception>
    /// <exception cref="InvalidDataException">The chunk is corrupt; the message names its key.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<NDBuffer> ReadChunkAsync(ReadOnlySpan<long> chunkCoords, BufferPrototype? prototype = null, CancellationToken cancellationToken = default)
    {
        var gridShape = Metadata.ChunkGrid.GridShape;
        if (chunkCoords.Length != gridShape.Length)
        {
            throw new ArgumentException(
                $"Chunk coordinates {ShapeMath.Format(chunkCoords)} of array '{MessageText.Bounded(Path)}' need one coordinate per axis: {gridShape.Length}, for chunk grid {ShapeMath.Format(gridShape)}.",
                nameof(chunkCoords));
        }

        for (int axis = 0; axis < gridShape.Length; axis++)
        {
            if (chunkCoords[axis] < 0 || chunkCoords[axis] >= gridShape[axis])
            {
                throw new ArgumentOutOfRangeException(nameof(chunkCoords),
                    $"Chunk coordinates {ShapeMath.Format(chunkCoords)} lie outside the chunk grid {ShapeMath.Format(gridShape)} of array '{MessageText.Bounded(Path)}': coordinate {chunkCoords[axis]} on axis {axis} must be from 0 to {gridShape[axis] - 1}.");
            }
        }

        return ReadWholeChunkAsync(chunkCoords.ToArray(), prototype ?? BufferPrototype.Default, cancellationToken);
    }

    // Metadata documents are read with the default prototype: they are JSON for this class, not data for the caller.
    private static ValueTask<Buffer?> ReadDocumentAsync(IStore store, string key, CancellationToken cancellationToken) =>
        store.GetAsync(key, BufferPrototype.Default, null, cancellationToken);

    /// <summary>
    /// A chunk is decoded into one buffer, so a chunk shape of more elements than a buffer holds is refused when the
    /// array is opened or created, not at its first read.
    /// </summary>
    private static void EnsureAChunkFitsInOneBuffer(ArrayMetadata metadata, string key)
    {
        try
        {
            ShapeMath.ValidateNewShape(metadata.ChunkShape, nameof(metadata));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new NotSupportedException(
                $"'{MessageText.Bounded(key)}': chunks of shape {ShapeMath.Format(metadata.ChunkShape)} are not supported: this library decodes a chunk into one buffer of at most {Array.MaxLength} elements.", ex);
        }
    }

    private static ArrayMetadata ParseMetadata(string key, Func<ArrayMetadata> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{MessageText.Bounded(key)}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Builds the pipeline and checks it against the chunk spec now, as zarr-python validates codecs when it opens an array,
    /// so that a misconfigured codec is reported as bad metadata rather than, at the first read, as a corrupt chunk.
    /// The factories get elements of a clone that needs no disposing, so a codec may keep its configuration and read it later.
    /// </summary>
    private static CodecPipeline BuildPipeline(JsonArray codecs, CodecRegistry registry, ChunkSpec spec, string metadataKey)
    {
        JsonElement elements;
        using (var document = JsonDocument.Parse(codecs.ToJsonString()))
        {
            elements = document.RootElement.Clone();
        }

        try
        {
            var pipeline = new CodecPipeline([.. elements.EnumerateArray().Select(registry.Create)]);
            pipeline.Validate(spec);
            return pipeline;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"'{MessageText.Bounded(metadataKey)}': field 'codecs' is invalid: {ex.Message}", ex);
        }
    }


    private static Buffer JsonBuffer(JsonNode json) =>
        BufferPrototype.Default.Buffer.FromArrayLike(Encoding.UTF8.GetBytes(json.ToJsonString(s_indented)));

    // An edge chunk's padding lies outside every selection, so only a chunk covered to its full shape needs no fill.
    private bool CoversWholeChunk(ChunkProjection projection)
    {
        for (int axis = 0; axis < projection.ChunkSelection.Length; axis++)
        {
            var range = projection.ChunkSelection[axis];
            if (range.Start.Value != 0 || range.End.Value != Metadata.ChunkShape[axis])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes the chunk with <paramref name="part"/> written into it, encoded whole. A chunk the write covers whole is encoded
    /// straight from the caller's memory when that is already the chunk's layout; any other chunk is put together in pooled
    /// scratch, which goes back to the pool only after the store has the bytes.
    /// </summary>
    private async ValueTask WriteUpdatedChunkAsync(string key, ChunkProjection projection, NDBuffer part, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        if (IsTheChunkAsStored(projection, part))
        {
            await StoreChunkAsync(key, part, prototype, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var scratch = await ChunkToUpdateAsync(projection, prototype, cancellationToken).ConfigureAwait(false);
        scratch.Chunk[projection.ChunkSelection] = part;
        await StoreChunkAsync(key, scratch.Chunk, prototype, cancellationToken).ConfigureAwait(false);
    }

    // The caller's values need no copy when they cover the chunk to its full shape (an edge chunk needs padding), already
    // have its data type, and lie in C order in one block, which is the layout the codecs take.
    private bool IsTheChunkAsStored(ChunkProjection projection, NDBuffer part) =>
        part.Rank != 0 && part.DType == DataType && CoversWholeChunk(projection) && part.IsContiguous(MemoryOrder.C);

    /// <summary>Stores <paramref name="chunk"/> encoded, or deletes its key when it holds only the fill value and empty chunks are not written.</summary>
    private ValueTask StoreChunkAsync(string key, NDBuffer chunk, BufferPrototype prototype, CancellationToken cancellationToken) =>
        DeletesEmptyChunks && chunk.AllEqual(Metadata.FillValue)
            ? Store.DeleteAsync(key, cancellationToken)
            : SetEncodedAsync(key, chunk, prototype, cancellationToken);

    /// <summary>
    /// Stores <paramref name="chunk"/> encoded. A store that copies what it is given gets a compressor's output in the pooled
    /// memory it compressed into (no new buffer per chunk), which goes back to the pool once the set has completed or failed.
    /// </summary>
    private async ValueTask SetEncodedAsync(string key, NDBuffer chunk, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        using var pooled = Store.CopiesOnSet && IsHostPrototype(prototype) ? _pipeline.EncodePooled(chunk, _chunkSpec, prototype, EncodePool) : null;
        await Store.SetAsync(key, pooled?.Bytes ?? EncodeForStore(chunk, prototype), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores what the partial encoder made, or deletes the key when it made nothing (the chunk holds only the fill value).</summary>
    private ValueTask StoreEncodedPartAsync(string key, Buffer? encoded, BufferPrototype prototype, CancellationToken cancellationToken) =>
        encoded is null && DeletesEmptyChunks
            ? Store.DeleteAsync(key, cancellationToken)
            : Store.SetAsync(key, encoded ?? _pipeline.Encode(FillChunk(prototype), _chunkSpec, prototype), cancellationToken);

    private bool DeletesEmptyChunks => !WriteEmptyChunks && Store.SupportsDeletes;

    /// <summary>
    /// The chunk's encoded bytes, safe to hand to the store: the bytes codec's encoding is a view of the chunk, which is the
    /// caller's memory or pooled scratch, so a store that may keep the buffer it is given gets a copy of such a view.
    /// </summary>
    private Buffer EncodeForStore(NDBuffer chunk, BufferPrototype prototype)
    {
        var encoded = _pipeline.Encode(chunk, _chunkSpec, prototype);
        return Store.CopiesOnSet || !ChunkScratch.Aliases(encoded, chunk) ? encoded : prototype.Buffer.FromBytes(encoded.AsSpan());
    }

    /// <summary>The stored chunk with <paramref name="part"/> written into it, through the pipeline's partial encoder.</summary>
    private async ValueTask<Buffer?> EncodeChunkPartAsync(string key, ChunkProjection projection, NDBuffer part, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.EncodePartialAsync(new StoreByteRangeReader(Store, key), projection.ChunkSelection,
                part.DType == DataType ? part : part.AsType(DataType), _chunkSpec, prototype, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(key, null, ex);
        }
    }

    /// <summary>
    /// The chunk a write starts from, in pooled scratch: nothing to read when the write covers it (the padding of an edge chunk
    /// takes the fill value), else its stored values or the fill value.
    /// </summary>
    private async ValueTask<ChunkScratch> ChunkToUpdateAsync(ChunkProjection projection, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        var existing = projection.IsComplete ? null : await ReadChunkAsync(projection.ChunkCoords, prototype, cancellationToken).ConfigureAwait(false);
        var scratch = ChunkScratch.Rent(_chunkSpec, prototype);
        try
        {
            if (existing is not null)
            {
                // The decoded chunk may share memory with the store's value, so it is copied, never changed.
                scratch.Chunk[[]] = existing;
            }
            else if (!(projection.IsComplete && CoversWholeChunk(projection)))
            {
                scratch.Chunk.Fill(_readFill);
            }

            return scratch;
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    // Each chunk write reads, updates and rewrites the whole chunk, so two writes to one chunk must not overlap or one
    // would rewrite the chunk from a value that misses the other's update. Even a write that covers the chunk takes the
    // lock: the other write could otherwise store its stale copy after it. A read through a partial decoder takes it too,
    // because that reads a shard in several calls (its index, then inner chunks) that a write in between would tear
    // apart; a direct read (DirectChunkReader) makes one store call per chunk, which sees the value before or after a
    // write replaced it, so it takes none. Locks are
    // striped by key so that their number stays bounded; chunks on one stripe merely wait for each other.
    private SemaphoreSlim ChunkLock(string key)
    {
        var locks = LazyInitializer.EnsureInitialized(ref _chunkLocks, static () => [.. Enumerable.Range(0, ChunkLockStripes).Select(_ => new SemaphoreSlim(1, 1))]);
        return locks[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % ChunkLockStripes)];
    }

    private NDBuffer FillChunk(BufferPrototype prototype) => prototype.NDBuffer.Create(Metadata.ChunkShape, DataType, MemoryOrder.C, _readFill);

    private async Task<NDBuffer> ReadWholeChunkAsync(long[] chunkCoords, BufferPrototype prototype, CancellationToken cancellationToken) =>
        await ReadChunkAsync(chunkCoords, prototype, cancellationToken).ConfigureAwait(false) ?? FillChunk(prototype);

    private async ValueTask<NDBuffer?> ReadChunkAsync(long[] chunkCoords, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        string key = ChunkKey(chunkCoords);
        if (await Store.GetAsync(key, prototype, null, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return null;
        }

        NDBuffer chunk;
        try
        {
            chunk = _pipeline.Decode(bytes, _chunkSpec, prototype);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw Corrupt(key, bytes.Length, ex);
        }

        return chunk.DType == DataType && chunk.Shape.SequenceEqual(Metadata.ChunkShape) ? chunk
            : throw new InvalidDataException(
                $"Chunk '{MessageText.Bounded(key)}' of array '{MessageText.Bounded(Path)}' decoded to shape {ShapeMath.Format(chunk.Shape)} {chunk.DType}, expected {ShapeMath.Format(Metadata.ChunkShape)} {DataType}.");
    }

    // The direct reads make no buffer through the prototype, so they serve only a prototype of the host's own buffers;
    // any other is honoured through the partial decoders.
    private static bool IsHostPrototype(BufferPrototype prototype) =>
        prototype.Buffer.BufferType == typeof(CpuBuffer) && prototype.NDBuffer.NDBufferType == typeof(CpuNDBuffer);

    private Task ReadIntoCoreAsync(NRange[]? region, NDBuffer output, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        var direct = IsHostPrototype(prototype) ? _direct : null;
        return ForEachChunkAsync(Metadata.ChunkGrid.Project(region), (projection, onWorker, token) => direct is null
            ? ReadChunkPartIntoAsync(projection, output, prototype, token)
            : ReadChunkDirectAsync(direct, projection, output[projection.OutputSelection], onWorker, token), cancellationToken);
    }

    private async ValueTask ReadChunkPartIntoAsync(ChunkProjection projection, NDBuffer output, BufferPrototype prototype, CancellationToken cancellationToken) =>
        output[projection.OutputSelection] = await ReadChunkPartAsync(projection, prototype, cancellationToken).ConfigureAwait(false);

    private async ValueTask ReadChunkDirectAsync(DirectChunkReader direct, ChunkProjection projection, NDBuffer target, bool mayBlock, CancellationToken cancellationToken)
    {
        string key = ChunkKey(projection.ChunkCoords);
        bool found;
        try
        {
            found = await direct.ReadAsync(key, projection.ChunkSelection, CoversWholeChunk(projection), target, mayBlock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw Corrupt(key, null, ex);
        }

        if (!found)
        {
            target.Fill(_readFill);
        }
    }

    /// <summary>The part of a chunk that <paramref name="projection"/> selects, through the pipeline's partial decoder; the fill value when the chunk is missing.</summary>
    private async ValueTask<NDBuffer> ReadChunkPartAsync(ChunkProjection projection, BufferPrototype prototype, CancellationToken cancellationToken)
    {
        string key = ChunkKey(projection.ChunkCoords);
        var decoder = _pipeline.CreatePartialDecoder(new StoreByteRangeReader(Store, key), _chunkSpec);
        var chunkLock = ChunkLock(key);
        await chunkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        NDBuffer part;
        try
        {
            part = await decoder.DecodeAsync(projection.ChunkSelection, prototype, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            throw Corrupt(key, null, ex);
        }
        finally
        {
            chunkLock.Release();
        }

        long[] expected = ShapeMath.RegionShape(projection.ChunkSelection);
        return part.DType == DataType && part.Shape.SequenceEqual(expected) ? part
            : throw new InvalidDataException(
                $"Chunk '{MessageText.Bounded(key)}' of array '{MessageText.Bounded(Path)}' decoded part [{string.Join(", ", projection.ChunkSelection)}] to shape {ShapeMath.Format(part.Shape)} {part.DType}, expected {ShapeMath.Format(expected)} {DataType}.");
    }

    // Codecs report malformed bytes as InvalidDataException, but also as ArgumentException and the like from deep inside.
    // A partial decoder reads the store itself, so the store's own failures (I/O, access, a closed store or a prototype
    // it refuses, all InvalidOperationException or IOException) pass through as the store raised them.
    private static bool IsCorruption(Exception ex) =>
        ex is not (OperationCanceledException or NotSupportedException or OutOfMemoryException or InvalidOperationException or IOException or UnauthorizedAccessException);

    private InvalidDataException Corrupt(string key, int? length, Exception ex) =>
        new($"Chunk '{MessageText.Bounded(key)}' of array '{MessageText.Bounded(Path)}' {(length is null ? "" : $"({length} bytes) ")}cannot be decoded: {ex.Message}", ex);

    /// <summary>
    /// Runs <paramref name="body"/> on every projection, at most <see cref="MaxDegreeOfParallelism"/> at a time.
    /// Parallel.ForEachAsync takes the next projection only when a worker is free and stops taking them once the token is
    /// cancelled, so a huge grid is walked lazily, in memory bounded by the degree of parallelism. The body learns whether
    /// it runs on a worker of that loop, which may block on a synchronous read; a single chunk runs on the caller's thread,
    /// which must not.
    /// </summary>
    private Task ForEachChunkAsync(IEnumerable<ChunkProjection> projections, Func<ChunkProjection, bool, CancellationToken, ValueTask> body, CancellationToken cancellationToken)
    {
        // A single chunk skips the scheduling; making its projection a second time costs less than that.
        var firstTwo = projections.Take(2).ToArray();
        return firstTwo.Length == 1
            ? body(firstTwo[0], false, cancellationToken).AsTask()
            : Parallel.ForEachAsync(projections, new ParallelOptions { MaxDegreeOfParallelism = _maxDegreeOfParallelism, CancellationToken = cancellationToken }, StartUnlessCancelled);

        // Parallel.ForEachAsync cancels its own token from a callback on the caller's, so a worker may take a chunk in the
        // moment between the two (long enough, on a busy machine, for hundreds of cheap chunks); checking the caller's token
        // first means that no chunk starts once it is cancelled.
        ValueTask StartUnlessCancelled(ChunkProjection projection, CancellationToken token)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return body(projection, true, token);
        }
    }
}
