using System.Text.Json.Nodes;
using CsCheck;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.CsCheck;

/// <content>Codec chains, chunk specs and Zarr v3 and v2 array metadata.</content>
public static partial class ZarrGen
{
    private static readonly Gen<JsonObject> s_compressor = Gen.OneOf(
        Gen.Int[0, 9].Select(level => Codec(GzipCodec.CodecName, new JsonObject { ["level"] = level })),
        Gen.Select(Gen.Int[0, 5], Gen.Bool, (level, checksum) => Codec(ZstdCodec.CodecName, new JsonObject { ["level"] = level, ["checksum"] = checksum })),
        Gen.Const<JsonObject>(() => Codec(Crc32cCodec.CodecName, null)),
        Gen.Int[0, 9].Select(level => Codec(ZlibCodec.CodecName, new JsonObject { ["level"] = level })));

    private static readonly Gen<JsonObject?> s_v2Compressor = Gen.OneOf(
        Gen.Const((JsonObject?)null),
        Gen.Int[0, 9].Select(level => (JsonObject?)new JsonObject { ["id"] = "zlib", ["level"] = level }),
        Gen.Int[0, 9].Select(level => (JsonObject?)new JsonObject { ["id"] = "gzip", ["level"] = level }),
        Gen.Select(Gen.Int[0, 5], Gen.Bool, (level, checksum) => (JsonObject?)new JsonObject { ["id"] = "zstd", ["level"] = level, ["checksum"] = checksum }));

    private static readonly Gen<ChunkKeyEncoding> s_chunkKeyEncoding = Gen.OneOf(
        Gen.Const<ChunkKeyEncoding>(() => ChunkKeyEncoding.Default()),
        Gen.Const<ChunkKeyEncoding>(() => ChunkKeyEncoding.Default('.')),
        Gen.Const<ChunkKeyEncoding>(() => ChunkKeyEncoding.V2()),
        Gen.Const<ChunkKeyEncoding>(() => ChunkKeyEncoding.V2('/')));

    /// <summary>
    /// Zarr v3 codec chains (the <c>codecs</c> array of <c>zarr.json</c>) for chunks of <paramref name="dataType"/> and
    /// shape <paramref name="chunkShape"/>: an optional <c>transpose</c>; <c>bytes</c> with either endian (or none for a
    /// one-byte type), or <c>sharding_indexed</c> with inner chunks that divide the chunk, an inner chain of its own,
    /// an index with or without <c>crc32c</c> at the start or the end; then up to three of <c>gzip</c>, <c>zstd</c>,
    /// <c>crc32c</c> and <c>numcodecs.zlib</c>. Shrinks toward <c>[bytes (little)]</c>.
    /// </summary>
    /// <param name="dataType">The chunk's element type.</param>
    /// <param name="chunkShape">The chunk's shape; every length at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length of <paramref name="chunkShape"/> is below 1.</exception>
    public static Gen<JsonArray> Codecs(DataType dataType, long[] chunkShape)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        ArgumentNullException.ThrowIfNull(chunkShape);
        RequireLengths(chunkShape, 1, nameof(chunkShape));
        return Transpose(chunkShape).SelectMany(transpose => Gen.Select(ArrayToBytes(dataType, transpose.EncodedShape), s_compressor.Array[0, 3],
            (bytes, compressors) => new JsonArray([.. transpose.Codecs, bytes, .. compressors])));
    }

    /// <summary>
    /// Chunk specs: a data type, a shape of 0 to <paramref name="maxRank"/> axes of length 1 to
    /// <paramref name="maxLength"/> (chunks are never empty) and a fill value of the type. Shrinks toward a <c>uint8</c> scalar of 0.
    /// </summary>
    /// <param name="maxRank">The most axes, at least 0.</param>
    /// <param name="maxLength">The longest axis, at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRank"/> is negative or <paramref name="maxLength"/> is below 1.</exception>
    public static Gen<ChunkSpec> ChunkSpec(int maxRank = 3, long maxLength = 6)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRank);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return ChunkSpec(Gen.Long[1, maxLength].Array[0, maxRank]);
    }

    /// <summary>
    /// Chunk specs of any data type, a shape from <paramref name="shape"/> and a fill value of the type, for codecs that
    /// accept only some shapes (a rank for <c>transpose</c>, multiples of the inner chunk for <c>sharding_indexed</c>).
    /// </summary>
    /// <param name="shape">The chunk shapes; every length at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    public static Gen<ChunkSpec> ChunkSpec(Gen<long[]> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return DataType.SelectMany(dataType => Gen.Select(shape, Value(dataType), (chunkShape, fill) => new ChunkSpec(chunkShape, dataType, fill)));
    }

    /// <summary>
    /// Zarr v3 array metadata: any data type, a shape from <see cref="Shape"/>, a chunk shape from
    /// <see cref="ChunkShape"/>, a fill value from <see cref="Value"/> (NaN payloads become the canonical NaN, as the
    /// constructor documents), a codec chain from <see cref="Codecs"/> and any chunk key encoding.
    /// </summary>
    /// <param name="maxRank">The most axes, at least 0.</param>
    /// <param name="maxLength">The longest axis, at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRank"/> is negative or <paramref name="maxLength"/> is below 1.</exception>
    public static Gen<ArrayMetadata> ArrayMetadataV3(int maxRank = 3, long maxLength = 6) =>
        ShapeAndChunks(maxRank, maxLength).SelectMany((dataType, shape, chunkShape) => Gen.Select(Value(dataType), Codecs(dataType, chunkShape), s_chunkKeyEncoding,
            (fill, codecs, keys) => new ArrayMetadata(shape, dataType, chunkShape, fill, codecs, keys)));

    /// <summary>
    /// Zarr v2 array metadata (a <c>.zarray</c> through <see cref="ArrayMetadata.CreateV2"/>): any data type, either
    /// byte order and memory order, no compressor or a zlib, gzip or zstd one, a fill value from <see cref="Value"/>,
    /// either dimension separator.
    /// </summary>
    /// <param name="maxRank">The most axes, at least 0.</param>
    /// <param name="maxLength">The longest axis, at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRank"/> is negative or <paramref name="maxLength"/> is below 1.</exception>
    public static Gen<ArrayMetadata> ArrayMetadataV2(int maxRank = 3, long maxLength = 6) =>
        ShapeAndChunks(maxRank, maxLength).SelectMany((dataType, shape, chunkShape) => Gen.Select(
            Gen.OneOf(Endian.Little, Endian.Big), Gen.OneOf(MemoryOrder.C, MemoryOrder.F), s_v2Compressor, Value(dataType), Gen.OneOf('.', '/'),
            (byteOrder, order, compressor, fill, separator) => ArrayMetadata.CreateV2(shape, dataType, chunkShape, byteOrder, order, compressor, fill, separator)));

    private static Gen<(DataType, long[], long[])> ShapeAndChunks(int maxRank, long maxLength) =>
        Gen.Select(DataType, Shape(maxRank, maxLength)).SelectMany((dataType, shape) => ChunkShape(shape).Select(chunkShape => (dataType, shape, chunkShape)));

    /// <summary>No codec or a <c>transpose</c>, with the chunk shape the next codec sees.</summary>
    private static Gen<(JsonObject[] Codecs, long[] EncodedShape)> Transpose(long[] chunkShape)
    {
        var none = Gen.Const<(JsonObject[], long[])>(() => ([], chunkShape));
        return chunkShape.Length == 0
            ? none
            : Gen.Frequency(
                (3, none),
                (1, Permutation(chunkShape.Length).Select(order => (
                    new[] { Codec(TransposeCodec.CodecName, new JsonObject { ["order"] = new JsonArray([.. order.Select(axis => (JsonNode)axis)]) }) },
                    order.Select(axis => chunkShape[axis]).ToArray()))));
    }

    private static Gen<JsonObject> ArrayToBytes(DataType dataType, long[] chunkShape) => chunkShape.Length == 0
        ? Bytes(dataType)
        : Gen.Frequency((3, Bytes(dataType)), (1, Sharding(dataType, chunkShape)));

    private static Gen<JsonObject> Bytes(DataType dataType)
    {
        var endian = Gen.OneOf(
            Gen.Const<JsonObject>(() => Codec(BytesCodec.CodecName, new JsonObject { ["endian"] = "little" })),
            Gen.Const<JsonObject>(() => Codec(BytesCodec.CodecName, new JsonObject { ["endian"] = "big" })));
        return dataType.ItemSize == 1 ? Gen.OneOf(Gen.Const<JsonObject>(() => Codec(BytesCodec.CodecName, null)), endian) : endian;
    }

    private static Gen<JsonObject> Sharding(DataType dataType, long[] shardShape) =>
        InnerChunkShape(shardShape).SelectMany(inner => Gen.Select(
            Gen.Select(Bytes(dataType), s_compressor.Array[0, 2], (bytes, compressors) => new JsonArray([bytes, .. compressors])),
            Gen.Bool, Gen.OneOf("end", "start"),
            (codecs, checksum, location) => Codec(ShardingCodec.CodecName, new JsonObject
            {
                ["chunk_shape"] = new JsonArray([.. inner.Select(length => (JsonNode)length)]),
                ["codecs"] = codecs,
                ["index_codecs"] = new JsonArray([Codec(BytesCodec.CodecName, new JsonObject { ["endian"] = "little" }), .. checksum ? new[] { Codec(Crc32cCodec.CodecName, null) } : []]),
                ["index_location"] = location,
            })));

    private static JsonObject Codec(string name, JsonObject? configuration) =>
        configuration is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["configuration"] = configuration };
}
