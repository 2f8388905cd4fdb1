using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public partial class CodecPipelineTests
{
    private const string FullChain = """
        [
          {"name": "transpose", "configuration": {"order": [1, 0]}},
          {"name": "bytes", "configuration": {"endian": "big"}},
          {"name": "gzip", "configuration": {"level": 1}},
          {"name": "crc32c"}
        ]
        """;

    public static TheoryData<string, Endian> DataTypesAndEndians => CodecTestData.DataTypesAndEndians;

    public static TheoryData<string> DecodableInteropArrays => [.. InteropData.V3Paths.Where(p => Supported(InteropData.Metadata(p)))];

    [Fact]
    public void Reads_transpose_bytes_gzip_crc32c_from_json_and_writes_it_back()
    {
        var pipeline = Parse(FullChain);

        pipeline.ArrayArrayCodecs.Should().ContainSingle().Which.Should().BeOfType<TransposeCodec>();
        pipeline.ArrayBytesCodec.Should().BeOfType<BytesCodec>().Which.Endian.Should().Be(Endian.Big);
        pipeline.BytesBytesCodecs.Select(c => c.Name).Should().Equal("gzip", "crc32c");
        JsonNode.DeepEquals(pipeline.ToJson(), JsonNode.Parse(FullChain)).Should().BeTrue(pipeline.ToString());
    }

    [Theory]
    [MemberData(nameof(DataTypesAndEndians))]
    public void Round_trips_every_data_type_through_the_full_chain(string dtypeName, Endian endian)
    {
        var dtype = DataType.Parse(dtypeName);
        var pipeline = new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(endian), new ZstdCodec(), new GzipCodec(), new Crc32cCodec()]);
        var chunk = CodecTestData.Sample(dtype, 3, 4);
        var spec = new ChunkSpec([3, 4], dtype, 0);

        var decoded = pipeline.Decode(pipeline.Encode(chunk, spec, BufferPrototype.Default), spec, BufferPrototype.Default);

        decoded.DType.Should().Be(dtype);
        decoded.Shape.ToArray().Should().Equal(3, 4);
        decoded.AllEqual(chunk).Should().BeTrue();
    }

    [Fact]
    public void Every_buffer_the_pipeline_makes_or_hands_on_is_of_the_prototypes_classes()
    {
        var afterBytes = new SpyCodec();
        var afterZstd = new SpyCodec();
        var pipeline = new CodecPipeline(
            [new TransposeCodec(1, 0), new BytesCodec(Endian.Big), afterBytes, new ZstdCodec(), afterZstd, new GzipCodec(), new Crc32cCodec()]);
        var spec = new ChunkSpec([10, 10], DataType.UInt16, 0);
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 100).Select(i => (ushort)i).ToArray(), [10, 10]);
        var prototype = OtherNDBuffer.Prototype;

        var encoded = pipeline.Encode(chunk, spec, prototype);
        var decoded = pipeline.Decode(encoded, spec, prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherNDBuffer>();
        decoded.AllEqual(chunk).Should().BeTrue();
        afterBytes.Seen.Concat(afterZstd.Seen).Should().HaveCount(4).And.AllSatisfy(t => t.Should().Be<OtherBuffer>());
    }

    [Theory]
    [MemberData(nameof(DecodableInteropArrays))]
    public void Decodes_every_chunk_of_third_party_arrays_to_the_expected_values(string path) =>
        InteropData.CheckEveryChunkDecodes(path).Should().BePositive();

    [Theory]
    [InlineData("LE")]
    [InlineData("BE")]
    [InlineData("{\"name\": \"transpose\", \"configuration\": {\"order\": [1, 0]}}, LE")]
    [InlineData("LE, \"crc32c\"")]
    [InlineData("LE, {\"name\": \"gzip\", \"configuration\": {\"level\": 1}}")]
    [InlineData("LE, {\"name\": \"zstd\", \"configuration\": {\"level\": 1}}")]
    [InlineData("BE, {\"name\": \"zstd\", \"configuration\": {\"level\": 1, \"checksum\": true}}, \"crc32c\"")]
    public void Decoding_allocates_the_chunk_and_nothing_else_proportional_to_it(string codecs)
    {
        // LE and BE stand for the bytes codec in that byte order.
        var pipeline = Parse($"[{codecs.Replace("LE", Bytes("little"), StringComparison.Ordinal).Replace("BE", Bytes("big"), StringComparison.Ordinal)}]");
        var spec = new ChunkSpec([256, 256], DataType.Float64);
        var encoded = pipeline.Encode(CodecTestData.Sample(DataType.Float64, 256, 256), spec, BufferPrototype.Default);
        pipeline.Decode(encoded, spec, BufferPrototype.Default);

        long before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.Decode(encoded, spec, BufferPrototype.Default);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Current.TestOutputHelper?.WriteLine($"{codecs}: {allocated - spec.ByteLength} bytes besides the {spec.ByteLength}-byte chunk");
        // At most the chunk: less when the bytes codec decodes to a view of encoded bytes that are a double[] (the
        // transpose chain's encode copies into one).
        allocated.Should().BeLessThanOrEqualTo(spec.ByteLength + (16 * 1024));
    }

    [Fact]
    public void One_pipeline_encodes_and_decodes_many_chunks_in_parallel()
    {
        var pipeline = new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(Endian.Big), new ZstdCodec(3, true), new GzipCodec(1), new Crc32cCodec()]);
        var spec = new ChunkSpec([64, 64], DataType.Int32);
        var chunks = Enumerable.Range(0, 64)
            .Select(seed => CpuNDBuffer.FromArray(Enumerable.Range(seed, 64 * 64).ToArray(), [64, 64]))
            .ToArray();

        var decoded = new NDBuffer[chunks.Length];
        Parallel.For(0, chunks.Length, i => decoded[i] = pipeline.Decode(pipeline.Encode(chunks[i], spec, BufferPrototype.Default), spec, BufferPrototype.Default));

        decoded.Zip(chunks).Should().AllSatisfy(pair => pair.First.AllEqual(pair.Second).Should().BeTrue());
    }

    [Fact]
    public void A_corrupted_byte_is_caught_by_the_checksum()
    {
        var pipeline = Parse(FullChain);
        var spec = new ChunkSpec([4, 4], DataType.Float64);
        var encoded = pipeline.Encode(CodecTestData.Sample(DataType.Float64, 4, 4), spec, BufferPrototype.Default);
        encoded.CopyFrom(12, [(byte)(encoded.AsSpan()[12] ^ 1)]);

        var act = () => pipeline.Decode(encoded, spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("CRC32C checksum mismatch*");
    }

    [Fact]
    public void Validate_accepts_codecs_that_fit_the_spec_and_names_those_that_do_not()
    {
        Parse(FullChain).Validate(new ChunkSpec([4, 4], DataType.Float64));
        Parse("""["bytes", "crc32c"]""").Validate(new ChunkSpec([4], DataType.Bool));

        var rank = () => Parse(FullChain).Validate(new ChunkSpec([2, 3, 4], DataType.Int8));
        var endian = () => Parse("""["bytes", "crc32c"]""").Validate(new ChunkSpec([4], DataType.Int32));
        rank.Should().Throw<ArgumentException>().WithMessage("*[1, 0]*2 axes*3*");
        endian.Should().Throw<ArgumentException>().WithMessage("*no endian*int32*");
    }

    [Fact]
    public void Encode_checks_the_chunk_against_the_spec()
    {
        var act = () => Parse(FullChain).Encode(CodecTestData.Sample(DataType.Int8, 4, 4), new ChunkSpec([4, 4], DataType.Int16), BufferPrototype.Default);

        act.Should().Throw<ArgumentException>().WithMessage("*int8*int16*");
    }

    [Theory]
    [InlineData("""[{"name": "gzip"}]""", "*'gzip' (bytes -> bytes)*out of place*before*")]
    [InlineData("""[{"name": "transpose", "configuration": {"order": [0]}}]""", "*[transpose]*no array -> bytes codec*")]
    [InlineData("""["bytes", "bytes"]""", "*'bytes' (array -> bytes)*out of place*after*")]
    [InlineData("""["bytes", {"name": "transpose", "configuration": {"order": [0]}}]""", "*'transpose' (array -> array)*out of place*after*")]
    [InlineData("""["crc32c", "bytes"]""", "*'crc32c' (bytes -> bytes)*out of place*before*")]
    public void Rejects_a_chain_of_the_wrong_shape_naming_the_codec(string json, string message)
    {
        var act = () => Parse(json);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Rejects_codecs_that_are_not_a_json_array()
    {
        var act = () => Parse("""{"name": "bytes"}""");

        act.Should().Throw<ArgumentException>().WithMessage("*codecs*JSON array*Object*");
    }

    [Fact]
    public void Reads_codecs_from_the_registry_it_is_given()
    {
        var registry = new CodecRegistry();
        registry.Register("spy", _ => new SpyCodec());

        var pipeline = CodecPipeline.FromJson(JsonDocument.Parse("""["bytes", "spy"]""").RootElement, registry);
        var fromDefault = () => Parse("""["bytes", "spy"]""");

        pipeline.BytesBytesCodecs.Should().ContainSingle().Which.Should().BeOfType<SpyCodec>();
        fromDefault.Should().Throw<NotSupportedException>().WithMessage("Codec 'spy' is not supported*");
    }

    private static string Bytes(string endian) => $$$"""{"name": "bytes", "configuration": {"endian": "{{{endian}}}"}}""";

    private static CodecPipeline Parse(string json) => CodecPipeline.FromJson(JsonDocument.Parse(json).RootElement);

    private static bool Supported(JsonElement metadata) =>
        metadata.GetProperty("codecs").EnumerateArray().All(c => CodecRegistry.Default.IsRegistered(c.GetProperty("name").GetString()!));
}
