using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using CsCheck;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// Shards whose index entries are overwritten with boundary values (0, the shard's length, the index's own bytes,
/// <c>ulong.MaxValue</c>, random), decoded whole by <see cref="ShardingCodec"/> and read one inner chunk at a time
/// through <see cref="ZarrArray"/> (the partial path): a chunk of the spec or <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// The index codecs are <c>bytes</c> alone, so that the entries are not rejected by a checksum before they are used.
/// </remarks>
public class ShardIndexFuzzTests
{
    private const int EntryBytes = 16;

    private static readonly long Iter = PropertyGen.Iterations(1_000);

    private static readonly long[] ShardShape = [4, 4];

    [Theory]
    [InlineData("end")]
    [InlineData("start")]
    public void Corrupt_index_entries_decode_or_fail_as_invalid_data_within_bounds(string location)
    {
        var metadata = Metadata(location);
        var codec = ShardingCodec.FromJson(metadata.Codecs[0]!["configuration"].Deserialize<JsonElement>());
        var spec = new ChunkSpec(ShardShape, DataType.Int32, 0);
        byte[] shard = codec.Encode(Values.Make(DataType.Int32, [.. Enumerable.Range(1, 16).Select(i => (double)i)], ShardShape), spec, BufferPrototype.Default).ToBytes();
        int indexStart = location == "start" ? 0 : shard.Length - (4 * EntryBytes);

        (long Start, long End) dataArea = location == "start" ? (4 * EntryBytes, shard.Length) : (0, indexStart);

        CorruptIndexes(shard, indexStart).Sample(corrupt => FuzzBounds.Run(() =>
        {
            var decode = () => codec.Decode(CpuBuffer.FromBytes(corrupt), spec, BufferPrototype.Default);
            if (PointsOutsideDataArea(corrupt.AsSpan(indexStart, 4 * EntryBytes), dataArea))
            {
                decode.Should().Throw<InvalidDataException>("an index entry reaches outside the data area");
            }

            decode().Shape.ToArray().Should().Equal(ShardShape);
            ReadEachInnerChunk(metadata, corrupt);
        }, typeof(InvalidDataException)),
        iter: Iter,
        print: corrupt => Convert.ToHexString(corrupt.AsSpan(indexStart, 4 * EntryBytes)));
    }

    /// <summary>Whether an entry other than the empty one (both fields all ones) reaches outside <paramref name="dataArea"/>.</summary>
    private static bool PointsOutsideDataArea(ReadOnlySpan<byte> index, (long Start, long End) dataArea)
    {
        for (int entry = 0; entry < index.Length; entry += EntryBytes)
        {
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(index[entry..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(index[(entry + 8)..]);
            bool empty = offset == ulong.MaxValue && length == ulong.MaxValue;
            if (!empty && (offset < (ulong)dataArea.Start || offset > (ulong)dataArea.End || length > (ulong)dataArea.End - offset))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The shard with one to three of its eight index fields (offset or length of four entries) overwritten.</summary>
    private static Gen<byte[]> CorruptIndexes(byte[] shard, int indexStart)
    {
        ulong[] boundaries =
        [
            0, 1, 15, 16, (ulong)shard.Length - 1, (ulong)shard.Length, (ulong)shard.Length + 1, (ulong)indexStart,
            long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue - 1, ulong.MaxValue,
        ];
        var value = Gen.Frequency((3, PropertyGen.OneOf(boundaries)), (1, Gen.ULong));
        var edit = Gen.Select(Gen.Int[0, 7], value);
        return edit.Array[1, 3].Select(edits =>
        {
            byte[] corrupt = [.. shard];
            foreach (var (field, newValue) in edits)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(corrupt.AsSpan(indexStart + (field * 8)), newValue);
            }

            return corrupt;
        });
    }

    private static void ReadEachInnerChunk(ArrayMetadata metadata, byte[] shard)
    {
        var store = new MemoryStore();
        var array = ZarrArray.CreateAsync(store, "", metadata).GetAwaiter().GetResult();
        store.StoreDict["c/0/0"] = CpuBuffer.FromBytes(shard);
        foreach (var (row, column) in new[] { (0, 0), (0, 2), (2, 0), (2, 2) })
        {
            array.ReadAsync([new NRange(row, row + 2), new NRange(column, column + 2)]).GetAwaiter().GetResult().Size.Should().Be(4);
        }
    }

    private static ArrayMetadata Metadata(string location) => ArrayMetadata.Parse(System.Text.Encoding.UTF8.GetBytes($$$"""
        {"zarr_format": 3, "node_type": "array", "shape": [4, 4], "data_type": "int32",
         "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [4, 4]}},
         "chunk_key_encoding": {"name": "default"}, "fill_value": 0,
         "codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 2],
           "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 1}}],
           "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}], "index_location": "{{{location}}}"}}]}
        """));
}
