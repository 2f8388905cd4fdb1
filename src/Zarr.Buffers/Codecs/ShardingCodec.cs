using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Internal;
using Zarr.Storage;

namespace Zarr.Codecs;

/// <summary>
/// The Zarr v3 <c>sharding_indexed</c> codec: stores a chunk (the shard) as a grid of smaller inner chunks, each encoded
/// with its own pipeline (<see cref="Codecs"/>), followed (or preceded) by an index of their byte ranges encoded with
/// <see cref="IndexCodecs"/>.
/// </summary>
/// <remarks>
/// <para>
/// The index holds, for each inner chunk in C order, its offset in the shard and its length, as two <c>uint64</c>; both
/// 2^64-1 mark an inner chunk that was not written, which reads as the fill value. Encoding leaves out every inner chunk
/// that holds only the fill value (NaN equal to NaN), as zarr-python does, and writes the others in C order; a shard
/// whose inner chunks are all left out is just its index.
/// </para>
/// <para>
/// Decoding allocates the shard once, through <c>prototype.NDBuffer.Create</c> filled with the fill value, and copies
/// each decoded inner chunk into it. <see cref="CreatePartialDecoder"/> reads a region of a shard without this method:
/// the index alone, then only the inner chunks the region touches (as zarr-python's partial decode does), each through
/// the inner pipeline's own partial decoder, with the same index parsing and inner chunk decoding.
/// </para>
/// </remarks>
public sealed class ShardingCodec : IArrayBytesPartialDecodeCodec, IArrayBytesPartialEncodeCodec
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "sharding_indexed";

    private const ulong EmptyEntry = ulong.MaxValue;
    private const int EntryLength = 2 * sizeof(ulong);

    private readonly long[] _chunkShape;
    private readonly int _indexChecksumLength;

    /// <summary>A sharding codec of the given inner chunk shape and pipelines.</summary>
    /// <param name="chunkShape">The shape of the inner chunks; every length at least 1, and each must divide the shard's.</param>
    /// <param name="codecs">The pipeline of each inner chunk; <c>bytes</c> (little-endian) when null.</param>
    /// <param name="indexCodecs">
    /// The pipeline of the index; <c>bytes</c> (little-endian) + <c>crc32c</c> when null. The index must encode to a fixed
    /// size, so it takes only <c>transpose</c>, <c>bytes</c> and <c>crc32c</c> codecs.
    /// </param>
    /// <param name="indexLocation">Where the index goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chunkShape"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="chunkShape"/> has a length below 1, <paramref name="indexCodecs"/> would not encode the index to a fixed size, or <paramref name="indexLocation"/> is not a defined value.</exception>
    public ShardingCodec(long[] chunkShape, CodecPipeline? codecs = null, CodecPipeline? indexCodecs = null, ShardingIndexLocation indexLocation = ShardingIndexLocation.End)
    {
        ArgumentNullException.ThrowIfNull(chunkShape);
        if (chunkShape.Any(length => length < 1))
        {
            throw new ArgumentException(
                $"The inner chunk shape {ShapeMath.Format(chunkShape)} of codec '{CodecName}' has a length below 1; every length must be at least 1.", nameof(chunkShape));
        }

        if (!Enum.IsDefined(indexLocation))
        {
            throw new ArgumentException($"Index location {indexLocation} is neither Start nor End.", nameof(indexLocation));
        }

        _chunkShape = [.. chunkShape];
        Codecs = codecs ?? new CodecPipeline([new BytesCodec()]);
        IndexCodecs = indexCodecs ?? new CodecPipeline([new BytesCodec(), new Crc32cCodec()]);
        _indexChecksumLength = IndexChecksumLength(IndexCodecs);
        IndexLocation = indexLocation;
    }

    /// <summary>The shape of the inner chunks.</summary>
    public ReadOnlySpan<long> ChunkShape => _chunkShape;

    /// <summary>The pipeline of each inner chunk.</summary>
    public CodecPipeline Codecs { get; }

    /// <summary>The pipeline of the index.</summary>
    public CodecPipeline IndexCodecs { get; }

    /// <summary>Where the index goes.</summary>
    public ShardingIndexLocation IndexLocation { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>
    /// Reads the codec from its <c>zarr.json</c> configuration:
    /// <c>{"chunk_shape": [...], "codecs": [...], "index_codecs": [...], "index_location": "start" | "end"}</c>, where only
    /// <c>chunk_shape</c> is required and the others default as zarr-python's do (<c>bytes</c>; <c>bytes</c> + <c>crc32c</c>; <c>end</c>).
    /// </summary>
    /// <param name="configuration">The configuration object.</param>
    /// <param name="registry">Where the codec names of the inner and index pipelines are looked up; <see cref="CodecRegistry.Default"/> when null.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, a bad <c>chunk_shape</c> or <c>index_location</c>, or a malformed pipeline.</exception>
    /// <exception cref="NotSupportedException">An inner or index codec is not registered; the message names it.</exception>
    public static ShardingCodec FromJson(JsonElement configuration, CodecRegistry? registry = null)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "chunk_shape", "codecs", "index_codecs", "index_location");
        long[] chunkShape = [.. CodecJson.GetInt32Array(configuration, CodecName, "chunk_shape").Select(length => (long)length)];
        var location = CodecJson.GetString(configuration, CodecName, "index_location") switch
        {
            null or "end" => ShardingIndexLocation.End,
            "start" => ShardingIndexLocation.Start,
            _ => throw CodecJson.Invalid(CodecName, "index_location", configuration.GetProperty("index_location"), "\"start\" or \"end\""),
        };
        return new ShardingCodec(chunkShape, Pipeline(configuration, "codecs", registry), Pipeline(configuration, "index_codecs", registry), location);
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject
    {
        ["chunk_shape"] = new JsonArray([.. _chunkShape.Select(length => (JsonNode)length)]),
        ["codecs"] = Codecs.ToJson(),
        ["index_codecs"] = IndexCodecs.ToJson(),
        ["index_location"] = IndexLocation == ShardingIndexLocation.Start ? "start" : "end",
    });

    /// <summary>Checks that the inner chunk shape divides the shard's and that both pipelines apply to their chunks.</summary>
    /// <param name="spec">The spec of the shards.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The inner chunk shape has another rank than the shard or does not divide it, or a codec of either pipeline does not apply.</exception>
    public void Validate(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long[] grid = InnerGrid(spec);
        Codecs.Validate(spec.WithShape(_chunkShape));
        IndexCodecs.Validate(IndexSpec(grid));
    }

    /// <summary>
    /// The most bytes a shard of <paramref name="spec"/> takes: every inner chunk at the inner pipeline's bound, plus the
    /// index. The pipeline bounds the decoding of a bytes-to-bytes codec after this one by it.
    /// </summary>
    /// <param name="spec">The spec of the shards.</param>
    /// <returns>The bound in bytes, or <see cref="ICodec.UnknownEncodedLength"/> when the inner pipeline has none or it passes <see cref="long.MaxValue"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The inner chunk shape does not divide the shard's, or makes an index too large for one buffer.</exception>
    public long MaxEncodedLength(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int count = InnerCount(InnerGrid(spec));
        long inner = Codecs.MaxEncodedLength(spec.WithShape(_chunkShape));
        int indexLength = IndexLength(count);
        return inner == ICodec.UnknownEncodedLength || (count > 0 && inner > (long.MaxValue - indexLength) / count)
            ? ICodec.UnknownEncodedLength
            : (count * inner) + indexLength;
    }

    /// <summary>Encodes a shard: each inner chunk that is not all fill value, then the index (or the index first).</summary>
    /// <param name="chunk">The shard, of shape and data type <paramref name="spec"/>.</param>
    /// <param name="spec">The spec of <paramref name="chunk"/>.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <returns>The encoded shard, a new buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="chunk"/> does not match <paramref name="spec"/>, the inner chunk shape does not divide the shard's, a codec does not apply, or the encoded shard (inner chunks and index) is longer than the <see cref="Array.MaxLength"/> bytes one buffer holds; the message names its length and the limit.</exception>
    public Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        spec.Validate(chunk, nameof(chunk));
        long[] grid = InnerGrid(spec);
        int count = InnerCount(grid);
        var innerSpec = spec.WithShape(_chunkShape);
        object fill = spec.FillValue ?? 0; // A spec without a fill value fills with zero.

        var inner = new Buffer?[count];
        for (int i = 0; i < count; i++)
        {
            var part = chunk[Region(InnerCoords(i, grid))];
            inner[i] = part.AllEqual(fill) ? null : Codecs.Encode(part, innerSpec, prototype);
        }

        return Assemble(inner, grid, spec, prototype);
    }

    /// <summary>Decodes a whole shard: reads the index, then decodes each inner chunk it lists into the shard.</summary>
    /// <param name="bytes">The encoded shard.</param>
    /// <param name="spec">The spec of the shard.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <returns>The shard, an n-dimensional buffer of <paramref name="prototype"/>'s class; inner chunks the index marks empty hold the fill value.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The inner chunk shape does not divide the shard's, or a codec does not apply.</exception>
    /// <exception cref="InvalidDataException">The shard is shorter than its index, an index entry points outside the shard's data area (the shard less its index), or an inner chunk is corrupt; the message names the inner chunk.</exception>
    public NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        long[] grid = InnerGrid(spec);
        var inner = StoredInnerChunks(bytes, grid, spec, prototype);
        var shard = prototype.NDBuffer.Create(spec.Shape, spec.DType, MemoryOrder.C, spec.FillValue);
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] is { } stored)
            {
                long[] coords = InnerCoords(i, grid);
                shard[Region(coords)] = DecodeInnerChunk(stored, new RangeByteRequest(0, stored.Length), coords, spec, prototype);
            }
        }

        return shard;
    }

    /// <summary>
    /// A partial decoder that reads the shard's index (one byte-range read), then only the inner chunks a region touches:
    /// those it covers whole in one coalesced read, the others through the inner pipeline's own partial decoder (so a
    /// nested shard or an uncompressed inner chunk is read in part too). A region that touches every inner chunk reads
    /// the shard whole, in one read. Inner chunks the index marks empty, and a missing shard, read as the fill value.
    /// </summary>
    /// <param name="input">Reads the encoded shard.</param>
    /// <param name="spec">The spec of the shard.</param>
    /// <returns>The decoder; it reads nothing until asked for a region.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The inner chunk shape has another rank than the shard or does not divide it.</exception>
    public IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(spec);
        InnerGrid(spec);
        return new ShardingPartialDecoder(this, input, spec);
    }

    /// <summary>
    /// Encodes a shard of which only <paramref name="region"/> changes to <paramref name="value"/> (zarr-python's
    /// <c>ArrayBytesCodecPartialEncodeMixin</c>): reads the stored shard once, decodes and re-encodes only the inner chunks
    /// the region touches in part (those it covers whole are encoded from <paramref name="value"/> alone), and keeps the
    /// stored bytes of every other inner chunk as they are. An inner chunk that ends up holding only the fill value is
    /// left out of the index. The caller stores the whole result, so atomic stores stay atomic.
    /// </summary>
    /// <param name="existing">Reads the stored shard; a missing shard counts as all fill value.</param>
    /// <param name="region">The part of the shard that changes: one range per leading axis.</param>
    /// <param name="value">The new values, of the region's shape, or a scalar (rank 0) for every element of it.</param>
    /// <param name="spec">The spec of the shard.</param>
    /// <param name="prototype">Makes every buffer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The new encoded shard, or null when every inner chunk holds only the fill value (the shard may be deleted).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> has another shape than the region or another data type than <paramref name="spec"/>, or the codec does not apply to it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the shard.</exception>
    /// <exception cref="InvalidDataException">The stored shard is corrupt or truncated; the message names the inner chunk.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<Buffer?> EncodePartialAsync(IByteRangeReader existing, NRange[] region, NDBuffer value, ChunkSpec spec,
        BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(spec);
        var resolved = PartialRegion.Resolve(spec, region, prototype);
        long[] regionShape = ShapeMath.RegionShape(resolved);
        if (value.DType != spec.DType || (value.Rank != 0 && !value.Shape.SequenceEqual(regionShape)))
        {
            throw new ArgumentException(
                $"A value of shape {ShapeMath.Format(value.Shape)} {value.DType} cannot be written to region [{string.Join(", ", resolved)}] of shape {ShapeMath.Format(regionShape)} of a {spec.DType} shard.",
                nameof(value));
        }

        long[] grid = InnerGrid(spec);
        var stored = await existing.GetAsync(null, prototype, cancellationToken).ConfigureAwait(false);
        var inner = StoredInnerChunks(stored, grid, spec, prototype);
        var innerSpec = spec.WithShape(_chunkShape);
        object fill = spec.FillValue ?? 0;
        foreach (var part in new ChunkGrid(spec.Shape, _chunkShape).Project(resolved))
        {
            long i = LinearIndex(part.ChunkCoords, grid);
            var chunk = part.IsComplete ? prototype.NDBuffer.Empty(_chunkShape, spec.DType)
                : StartingInnerChunk(inner[i], part.ChunkCoords, spec, prototype);
            chunk[part.ChunkSelection] = value.Rank == 0 ? value : value[part.OutputSelection];
            inner[i] = chunk.AllEqual(fill) ? null : Codecs.Encode(chunk, innerSpec, prototype);
        }

        return inner.All(bytes => bytes is null) ? null : Assemble(inner, grid, spec, prototype);
    }

    /// <summary>The metadata, for example <c>{"name":"sharding_indexed","configuration":{"chunk_shape":[2,2],...}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    /// <summary>The bytes of a shard that hold its index: its first or last bytes, by <see cref="IndexLocation"/>.</summary>
    internal ByteRequest IndexByteRequest(ChunkSpec spec)
    {
        int indexLength = IndexLength(InnerCount(InnerGrid(spec)));
        return IndexLocation == ShardingIndexLocation.Start ? new RangeByteRequest(0, indexLength) : new SuffixByteRequest(indexLength);
    }

    /// <summary>
    /// Decodes the index of a shard of <paramref name="spec"/> from its bytes (those <see cref="IndexByteRequest"/> selects).
    /// The index's entries must lie in the shard's data area: the shard less its index, of <paramref name="shardLength"/>
    /// bytes, or open-ended when only the index was read (then <see cref="DataEndProbe"/> checks the end).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are fewer than the index takes (the shard is truncated) or fail the index codecs.</exception>
    internal ShardIndex ParseIndex(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long? shardLength)
    {
        long[] grid = InnerGrid(spec);
        int count = InnerCount(grid);
        int indexLength = IndexLength(count);
        if (bytes.Length < indexLength)
        {
            throw Truncated(bytes.Length, count, indexLength);
        }

        var index = IndexCodecs.Decode(bytes, IndexSpec(grid), prototype);
        long dataEnd = shardLength is { } length ? length - (IndexLocation == ShardingIndexLocation.End ? indexLength : 0) : long.MaxValue;
        return new ShardIndex(ElementOps<ulong>.ReadDense(index.AsTensor<ulong>()).ToArray(), grid,
            IndexLocation == ShardingIndexLocation.Start ? indexLength : 0, dataEnd, shardLength);
    }

    /// <summary>
    /// For a shard read in part, whose length is unknown: a one-byte read that the store answers only when the shard
    /// holds inner chunk bytes up to <paramref name="dataEnd"/> and, after them, the whole index; null when the index
    /// is at the start (then the data area has no end to check) or no inner chunk has bytes.
    /// </summary>
    internal RangeByteRequest? DataEndProbe(ChunkSpec spec, long dataEnd)
    {
        long indexEnd = dataEnd + IndexLength(InnerCount(InnerGrid(spec)));
        return IndexLocation == ShardingIndexLocation.End && dataEnd > 0 ? new RangeByteRequest(indexEnd - 1, indexEnd) : null;
    }

    /// <summary>Checks the answer to <see cref="DataEndProbe"/> for the inner chunk that ends last, <paramref name="coords"/> at <paramref name="range"/>.</summary>
    /// <exception cref="InvalidDataException">The store returned no byte: the shard is too short to hold the inner chunk before its index.</exception>
    internal static void CheckDataEndProbe(Buffer probe, long[] coords, RangeByteRequest range)
    {
        if (probe.Length == 0)
        {
            throw OutsideShard(coords, range,
                "the shard's data area: the shard is too short to hold it before its index, so it is truncated (reading it would read the index's own bytes)");
        }
    }

    /// <summary>Decodes inner chunk <paramref name="coords"/>, whose bytes the index puts at <paramref name="range"/>.</summary>
    /// <exception cref="InvalidDataException"><paramref name="bytes"/> is shorter than <paramref name="range"/> (the range runs past the end of the shard) or corrupt; the message names the inner chunk.</exception>
    internal NDBuffer DecodeInnerChunk(Buffer bytes, RangeByteRequest range, long[] coords, ChunkSpec spec, BufferPrototype prototype)
    {
        if (bytes.Length != range.End - range.Start)
        {
            throw OutsideShard(coords, range, "the shard");
        }

        try
        {
            return Codecs.Decode(bytes, spec.WithShape(_chunkShape), prototype);
        }
        catch (InvalidDataException ex)
        {
            throw InvalidInnerChunk(coords, ex);
        }
    }

    /// <summary>The error for inner chunk <paramref name="coords"/>, whose decoding failed with <paramref name="inner"/>.</summary>
    internal static InvalidDataException InvalidInnerChunk(long[] coords, InvalidDataException inner) =>
        new($"Inner chunk {ShapeMath.Format(coords)} of the shard is invalid: {inner.Message}", inner);

    /// <summary>The error for inner chunk <paramref name="coords"/>, which the index puts at <paramref name="range"/>, outside <paramref name="area"/>.</summary>
    internal static InvalidDataException OutsideShard(long[] coords, RangeByteRequest range, string area) =>
        OutsideShard(coords, (ulong)range.Start, (ulong)(range.End - range.Start), area);

    /// <summary>
    /// The stored bytes of each inner chunk of a shard (views, no copies), null for those the index marks empty or when
    /// there is no shard; the index's entries are checked against the shard's data area.
    /// </summary>
    private Buffer?[] StoredInnerChunks(Buffer? stored, long[] grid, ChunkSpec spec, BufferPrototype prototype)
    {
        var inner = new Buffer?[InnerCount(grid)];
        if (stored is null)
        {
            return inner;
        }

        var data = stored.AsArrayLike();
        int indexLength = IndexLength(inner.Length);
        if (data.Length < indexLength)
        {
            throw Truncated(data.Length, inner.Length, indexLength);
        }

        var index = ParseIndex(prototype.Buffer.FromArrayLike(IndexLocation == ShardingIndexLocation.Start ? data[..indexLength] : data[^indexLength..]), spec, prototype, data.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            if (index.RangeOf(InnerCoords(i, grid)) is { } range)
            {
                inner[i] = prototype.Buffer.FromArrayLike(data[(int)range.Start..(int)range.End]);
            }
        }

        return inner;
    }

    /// <summary>A new inner chunk to update in part: a copy of the stored one decoded, or the fill value when it is empty.</summary>
    private NDBuffer StartingInnerChunk(Buffer? stored, long[] coords, ChunkSpec spec, BufferPrototype prototype)
    {
        var chunk = prototype.NDBuffer.Create(_chunkShape, spec.DType, MemoryOrder.C, spec.FillValue);
        if (stored is not null)
        {
            chunk[[]] = DecodeInnerChunk(stored, new RangeByteRequest(0, stored.Length), coords, spec, prototype);
        }

        return chunk;
    }

    /// <summary>Lays out a shard: the inner chunks that have bytes, in C order, and the index of their ranges before or after them.</summary>
    private Buffer Assemble(Buffer?[] inner, long[] grid, ChunkSpec spec, BufferPrototype prototype)
    {
        int indexLength = IndexLength(inner.Length);
        ulong[] entries = new ulong[2 * inner.Length];
        entries.AsSpan().Fill(EmptyEntry);
        long offset = IndexLocation == ShardingIndexLocation.Start ? indexLength : 0;
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] is { } encoded)
            {
                entries[2 * i] = (ulong)offset;
                entries[(2 * i) + 1] = (ulong)encoded.Length;
                offset += encoded.Length;
            }
        }

        var index = IndexCodecs.Encode(prototype.NDBuffer.FromArray(entries, IndexShape(grid)), IndexSpec(grid), prototype);
        byte[] shard = GC.AllocateUninitializedArray<byte>(ShardLength(IndexLocation == ShardingIndexLocation.Start ? offset : offset + indexLength, spec.Shape));
        int position = IndexLocation == ShardingIndexLocation.Start ? indexLength : 0;
        foreach (var encoded in inner)
        {
            if (encoded is not null)
            {
                encoded.AsSpan().CopyTo(shard.AsSpan(position));
                position += encoded.Length;
            }
        }

        index.AsSpan().CopyTo(shard.AsSpan(IndexLocation == ShardingIndexLocation.Start ? 0 : position));
        return prototype.Buffer.FromArrayLike(shard);
    }

    private static InvalidDataException Truncated(int length, int count, int indexLength) => new(
        $"The shard has {length} bytes, fewer than its index of {count} inner chunks takes ({indexLength} bytes); it is truncated.");

    private static InvalidDataException OutsideShard(long[] coords, ulong offset, ulong length, string area) => new(
        $"The index of the shard puts inner chunk {ShapeMath.Format(coords)} at bytes [{offset}, {offset}+{length}), outside {area}.");

    private static CodecPipeline? Pipeline(JsonElement configuration, string key, CodecRegistry? registry) =>
        configuration.TryGetProperty(key, out var codecs) ? CodecPipeline.FromJson(codecs, registry) : null;

    /// <summary>The bytes the index codecs add to the raw index; throws unless that number is fixed.</summary>
    private static int IndexChecksumLength(CodecPipeline indexCodecs)
    {
        var variable = indexCodecs.Codecs.FirstOrDefault(codec => codec is not (TransposeCodec or BytesCodec or Crc32cCodec));
        return variable is null
            ? indexCodecs.BytesBytesCodecs.Count * Crc32cCodec.ChecksumLength
            : throw new ArgumentException(
                $"The index codecs of codec '{CodecName}' must encode the index to a fixed size, so they may be only transpose, bytes and crc32c, not '{variable.Name}'.",
                nameof(indexCodecs));
    }

    private static long[] IndexShape(long[] grid) => [.. grid, 2];

    private static ChunkSpec IndexSpec(long[] grid) => new(IndexShape(grid), DataType.UInt64, EmptyEntry);

    /// <summary>The C-order index of inner chunk <paramref name="coords"/> in the grid of inner chunks.</summary>
    private static long LinearIndex(long[] coords, long[] grid)
    {
        long i = 0;
        for (int axis = 0; axis < coords.Length; axis++)
        {
            i = (i * grid[axis]) + coords[axis];
        }

        return i;
    }

    /// <summary>The coordinates of inner chunk <paramref name="index"/> (in C order) in the grid of inner chunks.</summary>
    private static long[] InnerCoords(long index, long[] grid)
    {
        long[] coords = new long[grid.Length];
        for (int axis = grid.Length - 1; axis >= 0; axis--)
        {
            (index, coords[axis]) = Math.DivRem(index, grid[axis]);
        }

        return coords;
    }

    /// <summary>
    /// The number of inner chunks along each axis of a shard; throws unless the inner chunk shape divides the shard's
    /// into few enough inner chunks that their index fits in one buffer.
    /// </summary>
    private long[] InnerGrid(ChunkSpec spec)
    {
        var shape = spec.Shape;
        if (shape.Length != _chunkShape.Length)
        {
            throw new ArgumentException(
                $"The inner chunk shape {ShapeMath.Format(_chunkShape)} of codec '{CodecName}' has {_chunkShape.Length} axes, but the shard shape {ShapeMath.Format(shape)} has {shape.Length}.",
                nameof(spec));
        }

        long[] grid = new long[shape.Length];
        for (int axis = 0; axis < grid.Length; axis++)
        {
            (grid[axis], long remainder) = Math.DivRem(shape[axis], _chunkShape[axis]);
            if (remainder != 0)
            {
                throw new ArgumentException(
                    $"The inner chunk shape {ShapeMath.Format(_chunkShape)} of codec '{CodecName}' does not divide the shard shape {ShapeMath.Format(shape)} evenly (axis {axis}: {shape[axis]} is not a multiple of {_chunkShape[axis]}).",
                    nameof(spec));
            }
        }

        long count = ShapeMath.Product(grid);
        long maxCount = (Array.MaxLength - _indexChecksumLength) / EntryLength;
        if (count > maxCount)
        {
            throw new ArgumentException(
                $"The chunk_shape {ShapeMath.Format(_chunkShape)} of codec '{CodecName}' splits the shard shape {ShapeMath.Format(shape)} into {count} inner chunks, whose index would take {(count * EntryLength) + _indexChecksumLength} bytes; at most {maxCount} inner chunks ({Array.MaxLength} bytes of index) fit in one buffer, so chunk_shape must be larger.",
                nameof(spec));
        }

        return grid;
    }

    /// <summary>
    /// The number of inner chunks of <paramref name="grid"/>, which <see cref="InnerGrid"/> made. It cannot overflow an int:
    /// InnerGrid refuses more inner chunks than an index of one buffer (<see cref="Array.MaxLength"/> bytes, 16 per entry) holds.
    /// </summary>
    private static int InnerCount(long[] grid)
    {
        long count = ShapeMath.Product(grid);
        Debug.Assert(count <= Array.MaxLength / EntryLength, "InnerGrid bounds the number of inner chunks.");
        return (int)count;
    }

    /// <summary>The length of an encoded shard as the length of one buffer, refused when no buffer can be that long.</summary>
    /// <param name="length">The length of the inner chunks and the index together.</param>
    /// <param name="shape">The shard's shape, for the message.</param>
    /// <returns><paramref name="length"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="length"/> is more than <see cref="Array.MaxLength"/>.</exception>
    [SuppressMessage("Usage", "CA2208", Justification = "The length is that of the chunk argument of Encode, which throws it.")]
    internal static int ShardLength(long length, ReadOnlySpan<long> shape) => length <= Array.MaxLength
        ? (int)length
        : throw new ArgumentException(
            $"The shard of shape {ShapeMath.Format(shape)} encodes to {length} bytes (its inner chunks and index); one buffer holds at most {Array.MaxLength} bytes, so the shard shape must be smaller or its inner chunks compress better.",
            "chunk");

    private int IndexLength(int count) => checked((count * EntryLength) + _indexChecksumLength);

    private NRange[] Region(long[] coords)
    {
        var region = new NRange[coords.Length];
        for (int axis = 0; axis < coords.Length; axis++)
        {
            long start = coords[axis] * _chunkShape[axis];
            region[axis] = new NRange((nint)start, (nint)(start + _chunkShape[axis]));
        }

        return region;
    }

    /// <summary>The decoded index of one shard: the byte range of each inner chunk.</summary>
    /// <param name="Entries">The offset and length of each inner chunk, in C order.</param>
    /// <param name="Grid">The number of inner chunks along each axis.</param>
    /// <param name="DataStart">The first byte of the shard's data area (after an index at the start).</param>
    /// <param name="DataEnd">The end of the data area (before an index at the end); <see cref="long.MaxValue"/> when the shard's length is unknown.</param>
    /// <param name="ShardLength">The shard's length, or null when only its index was read.</param>
    internal readonly record struct ShardIndex(ulong[] Entries, long[] Grid, long DataStart, long DataEnd, long? ShardLength)
    {
        /// <summary>The number of inner chunks.</summary>
        public int Count => Entries.Length / 2;

        /// <summary>Where inner chunk <paramref name="coords"/> lies in the shard, or null when the index marks it empty.</summary>
        /// <param name="coords">The inner chunk's coordinates in <see cref="Grid"/>.</param>
        /// <exception cref="InvalidDataException">The range is not inside the data area; the message names the inner chunk.</exception>
        public RangeByteRequest? RangeOf(long[] coords)
        {
            long i = LinearIndex(coords, Grid);

            ulong offset = Entries[2 * i];
            ulong length = Entries[(2 * i) + 1];
            if (offset == EmptyEntry && length == EmptyEntry)
            {
                return null;
            }

            return offset >= (ulong)DataStart && offset <= (ulong)DataEnd && length <= (ulong)DataEnd - offset
                ? new RangeByteRequest((long)offset, (long)(offset + length))
                : throw OutsideShard(coords, offset, length, ShardLength is { } shardLength
                    ? $"the {shardLength}-byte shard's data area [{DataStart}, {DataEnd}) (the shard less its index)"
                    : $"the shard's data area, which starts at byte {DataStart}");
        }
    }
}
