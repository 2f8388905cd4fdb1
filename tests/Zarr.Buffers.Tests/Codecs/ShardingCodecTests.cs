using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

public partial class ShardingCodecTests
{
    private const string Configuration = """
        {
          "chunk_shape": [2, 3],
          "codecs": [
            {"name": "transpose", "configuration": {"order": [1, 0]}},
            {"name": "bytes", "configuration": {"endian": "big"}},
            {"name": "gzip", "configuration": {"level": 1}}
          ],
          "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
          "index_location": "start"
        }
        """;

    // A 4x6 shard of 2x3 inner chunks: a 2x2 grid, so an index of 4 entries of 16 bytes.
    private static readonly ChunkSpec Spec = new([4, 6], DataType.UInt16, (ushort)0);

    public static TheoryData<string> DataTypeNames => CodecTestData.DataTypeNames;

    public static TheoryData<string> ShardedInteropArrays => [.. ShardedPaths()];

    [Theory]
    [MemberData(nameof(DataTypeNames))]
    public void Round_trips_every_data_type_leaving_out_inner_chunks_of_zero_when_the_fill_value_is_null(string dtypeName)
    {
        var dtype = DataType.Parse(dtypeName);
        var spec = new ChunkSpec([4, 6], dtype);
        var shard = CodecTestData.Sample(dtype, 4, 6);
        shard[new NRange(0, 2), new NRange(0, 3)] = CpuNDBuffer.Create([2, 3], dtype);
        var codec = new ShardingCodec([2, 3], new CodecPipeline([new BytesCodec(Endian.Big), new ZstdCodec()]));

        var encoded = codec.Encode(shard, spec, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, spec, BufferPrototype.Default);

        decoded.DType.Should().Be(dtype);
        decoded.Shape.ToArray().Should().Equal(4, 6);
        decoded.AllEqual(shard).Should().BeTrue();
        Index(encoded, 4, ShardingIndexLocation.End)[0].Should().Be((ulong.MaxValue, ulong.MaxValue));
    }

    [Theory]
    [InlineData(ShardingIndexLocation.End)]
    [InlineData(ShardingIndexLocation.Start)]
    public void Writes_inner_chunks_in_c_order_and_the_index_where_configured(ShardingIndexLocation location)
    {
        var codec = new ShardingCodec([2, 3], indexLocation: location);
        var shard = CodecTestData.Sample(DataType.UInt16, 4, 6);

        var encoded = codec.Encode(shard, Spec, BufferPrototype.Default);

        const int indexLength = (4 * 16) + 4;
        const int chunkLength = 2 * 3 * sizeof(ushort);
        encoded.Length.Should().Be((4 * chunkLength) + indexLength);
        int first = location == ShardingIndexLocation.Start ? indexLength : 0;
        Index(encoded, 4, location).Should().Equal(
            [.. Enumerable.Range(0, 4).Select(i => ((ulong)(first + (i * chunkLength)), (ulong)chunkLength))]);
        // Inner chunk [0, 1] holds rows 0..1 and columns 3..5 of the shard: 4, 5, 6 and 10, 11, 12.
        BinaryPrimitives.ReadUInt16LittleEndian(encoded.AsSpan()[(first + chunkLength)..]).Should().Be(4);
        codec.Decode(encoded, Spec, BufferPrototype.Default).AllEqual(shard).Should().BeTrue();
    }

    [Fact]
    public void Reads_its_configuration_from_json_with_nested_pipelines_and_writes_it_back()
    {
        var codec = Parse(Configuration);
        var shard = CodecTestData.Sample(DataType.UInt16, 4, 6);

        codec.ChunkShape.ToArray().Should().Equal(2, 3);
        codec.Codecs.Codecs.Select(c => c.Name).Should().Equal("transpose", "bytes", "gzip");
        codec.IndexCodecs.Codecs.Select(c => c.Name).Should().Equal("bytes", "crc32c");
        codec.IndexLocation.Should().Be(ShardingIndexLocation.Start);
        JsonNode.DeepEquals(codec.ToJson(), JsonNode.Parse($$"""{"name": "sharding_indexed", "configuration": {{Configuration}}}""")).Should().BeTrue(codec.ToString());
        codec.Decode(codec.Encode(shard, Spec, BufferPrototype.Default), Spec, BufferPrototype.Default).AllEqual(shard).Should().BeTrue();
    }

    [Fact]
    public void Defaults_to_bytes_then_bytes_and_crc32c_at_the_end_as_zarr_python_does()
    {
        var codec = Parse("""{"chunk_shape": [2]}""");

        codec.ToJson().ToJsonString().Should().Be(
            """{"name":"sharding_indexed","configuration":{"chunk_shape":[2],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}],"index_location":"end"}}""");
    }

    [Fact]
    public void The_default_registry_builds_it_and_its_inner_codecs_from_the_same_registry()
    {
        var registry = new CodecRegistry();
        registry.Register("spy", _ => new SpyCodec());
        string json = """[{"name": "sharding_indexed", "configuration": {"chunk_shape": [2], "codecs": ["bytes", "spy"]}}]""";

        var pipeline = CodecPipeline.FromJson(JsonDocument.Parse(json).RootElement, registry);
        var fromDefault = () => CodecPipeline.FromJson(JsonDocument.Parse(json).RootElement);

        CodecRegistry.Default.IsRegistered(ShardingCodec.CodecName).Should().BeTrue();
        pipeline.ArrayBytesCodec.Should().BeOfType<ShardingCodec>().Which.Codecs.BytesBytesCodecs.Should().ContainSingle().Which.Should().BeOfType<SpyCodec>();
        fromDefault.Should().Throw<NotSupportedException>().WithMessage("Codec 'spy' is not supported*");
    }

    [Fact]
    public void Round_trips_nested_shards()
    {
        var spec = new ChunkSpec([8, 12], DataType.Int32, 0);
        var shard = CodecTestData.Sample(DataType.Int32, 8, 12);
        var codec = new ShardingCodec([4, 6], new CodecPipeline([new ShardingCodec([2, 3]), new GzipCodec()]));

        codec.Validate(spec);
        codec.Decode(codec.Encode(shard, spec, BufferPrototype.Default), spec, BufferPrototype.Default).AllEqual(shard).Should().BeTrue();
    }

    [Fact]
    public void Leaves_out_inner_chunks_of_only_the_fill_value_including_nan()
    {
        var spec = new ChunkSpec([4, 6], DataType.Float32, float.NaN);
        var shard = CodecTestData.Sample(DataType.Float32, 4, 6);
        shard[new NRange(2, 4), new NRange(0, 3)] = CpuNDBuffer.Create([2, 3], DataType.Float32, fillValue: float.NaN);
        var codec = new ShardingCodec([2, 3]);

        var encoded = codec.Encode(shard, spec, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, spec, BufferPrototype.Default);

        Index(encoded, 4, ShardingIndexLocation.End).Select(e => e.Offset == ulong.MaxValue).Should().Equal(false, false, true, false);
        encoded.Length.Should().Be((3 * 6 * sizeof(float)) + (4 * 16) + 4);
        decoded.AllEqual(shard, equalNaN: true).Should().BeTrue();
    }

    [Fact]
    public void A_shard_of_only_the_fill_value_is_just_an_index_of_empty_entries_and_decodes_to_the_fill_value()
    {
        var spec = new ChunkSpec([4, 6], DataType.Int32, 7);
        var codec = new ShardingCodec([2, 3], indexLocation: ShardingIndexLocation.Start);

        var encoded = codec.Encode(CpuNDBuffer.Create([4, 6], DataType.Int32, fillValue: 7), spec, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, spec, BufferPrototype.Default);

        encoded.Length.Should().Be((4 * 16) + 4);
        Index(encoded, 4, ShardingIndexLocation.Start).Should().AllSatisfy(e => e.Should().Be((ulong.MaxValue, ulong.MaxValue)));
        decoded.AllEqual(7).Should().BeTrue();
    }

    [Theory]
    [InlineData(new long[0], new long[0], 1)]
    [InlineData(new long[] { 0, 6 }, new long[] { 2, 3 }, 0)]
    [InlineData(new long[] { 5 }, new long[] { 1 }, 5)]
    public void Round_trips_a_scalar_an_empty_and_a_one_element_inner_chunk_shard(long[] shape, long[] chunkShape, int innerChunks)
    {
        var spec = new ChunkSpec(shape, DataType.Int64, 9L);
        var shard = CpuNDBuffer.FromArray(Enumerable.Range(1, (int)spec.Size).Select(i => (long)i).ToArray(), shape);
        var codec = new ShardingCodec(chunkShape);

        var encoded = codec.Encode(shard, spec, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, spec, BufferPrototype.Default);

        encoded.Length.Should().Be((innerChunks * (16 + sizeof(long))) + 4);
        decoded.Shape.ToArray().Should().Equal(shape);
        decoded.AllEqual(shard).Should().BeTrue();
    }

    [Fact]
    public void Every_buffer_it_makes_or_hands_on_is_of_the_prototypes_classes()
    {
        var spy = new SpyCodec();
        var codec = new ShardingCodec([2, 3], new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(), spy, new GzipCodec()]));
        var shard = CodecTestData.Sample(DataType.UInt16, 4, 6);
        var prototype = OtherNDBuffer.Prototype;

        var encoded = codec.Encode(shard, Spec, prototype);
        var decoded = codec.Decode(CpuBuffer.FromBytes(encoded.AsSpan()), Spec, prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherNDBuffer>();
        decoded.AllEqual(shard).Should().BeTrue();
        spy.Seen.Should().HaveCount(8).And.AllSatisfy(t => t.Should().Be<OtherBuffer>());
    }

    [Fact]
    public void A_corrupted_index_is_caught_by_its_checksum()
    {
        var codec = new ShardingCodec([2, 3]);
        var encoded = codec.Encode(CodecTestData.Sample(DataType.UInt16, 4, 6), Spec, BufferPrototype.Default);
        encoded.CopyFrom(encoded.Length - 10, [0xFF]);

        var act = () => codec.Decode(encoded, Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("CRC32C checksum mismatch*");
    }

    [Theory]
    [InlineData(0, 1000UL, 12UL, "*inner chunk [0, 0]*[1000, 1000+12)*outside the 112-byte shard*")]
    [InlineData(1, 100UL, 13UL, "*inner chunk [0, 1]*[100, 100+13)*outside the 112-byte shard*")]
    [InlineData(3, 0UL, ulong.MaxValue, "*inner chunk [1, 1]*outside the 112-byte shard*")]
    public void Rejects_an_index_entry_outside_the_shard_naming_the_inner_chunk(int entry, ulong offset, ulong length, string message)
    {
        var codec = new ShardingCodec([2, 3], indexCodecs: new CodecPipeline([new BytesCodec()]));
        var encoded = codec.Encode(CodecTestData.Sample(DataType.UInt16, 4, 6), Spec, BufferPrototype.Default);
        int at = (4 * 12) + (entry * 16);
        var patch = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(patch, offset);
        BinaryPrimitives.WriteUInt64LittleEndian(patch.AsSpan(8), length);
        encoded.CopyFrom(at, patch);

        var act = () => codec.Decode(encoded, Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void Rejects_a_shard_shorter_than_its_index()
    {
        var codec = new ShardingCodec([2, 3]);

        var act = () => codec.Decode(CpuBuffer.FromBytes(new byte[67]), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*67 bytes*4 inner chunks*68 bytes*truncated*");
    }

    [Theory]
    [InlineData(ShardingIndexLocation.End)]
    [InlineData(ShardingIndexLocation.Start)]
    public void Decodes_one_inner_chunk_from_the_index_bytes_and_that_chunks_bytes_alone(ShardingIndexLocation location)
    {
        var codec = new ShardingCodec([2, 3], new CodecPipeline([new BytesCodec(), new GzipCodec()]), indexLocation: location);
        var shard = CodecTestData.Sample(DataType.UInt16, 4, 6);
        shard[new NRange(0, 2), new NRange(0, 3)] = CpuNDBuffer.Create([2, 3], DataType.UInt16);
        var encoded = codec.Encode(shard, Spec, BufferPrototype.Default);

        var request = codec.IndexByteRequest(Spec);
        var index = codec.ParseIndex(location == ShardingIndexLocation.Start ? encoded[..68] : encoded[^68..], Spec, BufferPrototype.Default, null);
        var range = index.RangeOf([1, 0])!;
        var inner = codec.DecodeInnerChunk(encoded[(int)range.Start..(int)range.End], range, [1, 0], Spec, BufferPrototype.Default);

        request.Should().Be(location == ShardingIndexLocation.Start ? new RangeByteRequest(0, 68) : new SuffixByteRequest(68));
        index.Count.Should().Be(4);
        index.RangeOf([0, 0]).Should().BeNull("an inner chunk of only the fill value is not stored");
        inner.AllEqual(shard[new NRange(2, 4), new NRange(0, 3)]).Should().BeTrue();
    }

    [Fact]
    public void ParseIndex_rejects_fewer_bytes_than_the_index_takes_as_a_truncated_shard()
    {
        var codec = new ShardingCodec([2, 3]);

        var act = () => codec.ParseIndex(CpuBuffer.FromBytes(new byte[40]), Spec, BufferPrototype.Default, null);

        act.Should().Throw<InvalidDataException>().WithMessage("*40 bytes*4 inner chunks*68 bytes*truncated*");
    }

    [Fact]
    public void DecodeInnerChunk_rejects_bytes_cut_short_by_the_end_of_the_shard_naming_the_inner_chunk()
    {
        var codec = new ShardingCodec([2, 3]);

        var act = () => codec.DecodeInnerChunk(CpuBuffer.FromBytes(new byte[5]), new RangeByteRequest(100, 112), [1, 1], Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*inner chunk [1, 1] at bytes [100, 100+12), outside the shard.");
    }

    [Fact]
    public void Names_the_inner_chunk_whose_bytes_are_corrupt()
    {
        var codec = new ShardingCodec([2, 3], new CodecPipeline([new BytesCodec(), new Crc32cCodec()]));
        var encoded = codec.Encode(CodecTestData.Sample(DataType.UInt16, 4, 6), Spec, BufferPrototype.Default);
        encoded.CopyFrom(16 + 3, [0xFF]);

        var act = () => codec.Decode(encoded, Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("Inner chunk [0, 1] of the shard is invalid: CRC32C checksum mismatch*")
            .WithInnerException<InvalidDataException>();
    }

    [Theory]
    [InlineData(new long[] { 3, 3 }, "*inner chunk shape [3, 3]*does not divide the shard shape [4, 6]*axis 0: 4 is not a multiple of 3*")]
    [InlineData(new long[] { 2, 4 }, "*inner chunk shape [2, 4]*does not divide*axis 1: 6 is not a multiple of 4*")]
    [InlineData(new long[] { 2 }, "*inner chunk shape [2]*1 axes*shard shape [4, 6] has 2*")]
    [InlineData(new long[] { 1, 1, 1 }, "*3 axes*2*")]
    public void Validate_encode_and_decode_reject_an_inner_chunk_shape_that_does_not_divide_the_shard(long[] chunkShape, string message)
    {
        var codec = new ShardingCodec(chunkShape);
        var shard = CodecTestData.Sample(DataType.UInt16, 4, 6);

        var validate = () => codec.Validate(Spec);
        var encode = () => codec.Encode(shard, Spec, BufferPrototype.Default);
        var decode = () => codec.Decode(CpuBuffer.FromBytes(new byte[100]), Spec, BufferPrototype.Default);

        validate.Should().Throw<ArgumentException>().WithMessage(message);
        encode.Should().Throw<ArgumentException>().WithMessage(message);
        decode.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Validate_checks_the_inner_and_index_pipelines_against_their_chunks()
    {
        new ShardingCodec([2, 3]).Validate(Spec);

        var inner = () => new ShardingCodec([2, 3], new CodecPipeline([new BytesCodec(null)])).Validate(Spec);
        var index = () => new ShardingCodec([2, 3], indexCodecs: new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec()])).Validate(Spec);
        inner.Should().Throw<ArgumentException>().WithMessage("*no endian*uint16*");
        index.Should().Throw<ArgumentException>().WithMessage("*[1, 0]*2 axes*3*");
    }

    [Theory]
    [InlineData("""{"codecs": ["bytes"]}""", "*needs the configuration key 'chunk_shape'*")]
    [InlineData("""{"chunk_shape": [2, 0]}""", "*inner chunk shape [2, 0]*below 1*")]
    [InlineData("""{"chunk_shape": "2"}""", "*'chunk_shape'*array of integers*")]
    [InlineData("""{"chunk_shape": [2], "index_location": "middle"}""", "*'index_location'*\"start\" or \"end\"*\"middle\"*")]
    [InlineData("""{"chunk_shape": [2], "order": "C"}""", "*no configuration key 'order'*")]
    [InlineData("""{"chunk_shape": [2], "codecs": ["crc32c"]}""", "*'crc32c'*out of place*")]
    [InlineData("""{"chunk_shape": [2], "index_codecs": ["bytes", "gzip"]}""", "*index codecs*fixed size*not 'gzip'*")]
    [InlineData("""{"chunk_shape": [2], "index_codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [1]}}]}""", "*fixed size*not 'sharding_indexed'*")]
    public void Rejects_an_invalid_configuration_naming_the_problem(string configuration, string message)
    {
        var act = () => Parse(configuration);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void The_constructor_rejects_an_undefined_index_location()
    {
        var act = () => new ShardingCodec([2], indexLocation: (ShardingIndexLocation)2);

        act.Should().Throw<ArgumentException>().WithMessage("Index location 2 is neither Start nor End*");
    }

    [Fact]
    public void An_unknown_inner_codec_is_not_supported()
    {
        var act = () => Parse("""{"chunk_shape": [2], "codecs": ["bytes", {"name": "numcodecs.fletcher32"}]}""");

        act.Should().Throw<NotSupportedException>().WithMessage("Codec 'numcodecs.fletcher32' is not supported*");
    }

    [Theory]
    [MemberData(nameof(ShardedInteropArrays))]
    public void Decodes_every_sharded_third_party_array_to_the_expected_values(string path) =>
        InteropData.CheckEveryChunkDecodes(path).Should().BePositive();

    [Fact]
    public void Re_encodes_the_uncompressed_shards_zarrs_wrote_byte_for_byte()
    {
        const string path = "zarrs_snapshot_data/supported/regular/uint16/a2b/sharding_indexed(inner2x2)/0ff6249a35b942d1";
        var pipeline = CodecPipeline.FromJson(InteropData.Metadata(path).GetProperty("codecs"));
        var spec = new ChunkSpec([4, 6], DataType.UInt16, (ushort)0);
        string[] keys = [.. InteropData.Store(path).GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("key").GetString()!)];

        keys.Should().HaveCount(8);
        foreach (string key in keys)
        {
            byte[] stored = InteropData.Chunk(path, key);
            var shard = pipeline.Decode(CpuBuffer.FromBytes(stored), spec, BufferPrototype.Default);

            pipeline.Encode(shard, spec, BufferPrototype.Default).ToBytes().Should().Equal(stored, $"shard {key}");
        }
    }

    [Fact]
    public void The_interop_data_has_sharded_arrays_from_zarr_python_and_zarrs()
    {
        ShardedPaths().Should().HaveCountGreaterThanOrEqualTo(13).And.Contain(p => p.StartsWith("zarrs", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("zarrita.js", StringComparison.Ordinal));
    }

    private static IEnumerable<string> ShardedPaths() =>
        InteropData.V3Paths.Where(p => InteropData.Metadata(p).GetProperty("codecs").EnumerateArray().Any(c => c.GetProperty("name").GetString() == ShardingCodec.CodecName));

    private static ShardingCodec Parse(string configuration) => ShardingCodec.FromJson(JsonDocument.Parse(configuration).RootElement);

    /// <summary>The (offset, length) entries of an index encoded as bytes (little-endian) + crc32c.</summary>
    private static (ulong Offset, ulong Length)[] Index(Buffer shard, int count, ShardingIndexLocation location)
    {
        var bytes = shard.AsSpan();
        var index = location == ShardingIndexLocation.Start ? bytes[..(count * 16)] : bytes[^((count * 16) + 4)..^4];
        var entries = new (ulong Offset, ulong Length)[count];
        for (int i = 0; i < count; i++)
        {
            entries[i] = (BinaryPrimitives.ReadUInt64LittleEndian(index[(i * 16)..]), BinaryPrimitives.ReadUInt64LittleEndian(index[((i * 16) + 8)..]));
        }

        return entries;
    }
}
