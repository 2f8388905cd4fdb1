using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests;

public class PrototypeChecksTests
{
    private static readonly ChunkSpec s_spec = new([4, 5], DataType.UInt16);

    private static NDBuffer Sample => CpuNDBuffer.FromArray(Enumerable.Range(0, 20).Select(i => (ushort)i).ToArray(), [4, 5]);

    public static TheoryData<string> WellBehavedCodecs => ["bytes", "gzip", "crc32c", "transpose"];

    [Theory]
    [MemberData(nameof(WellBehavedCodecs))]
    public void A_codec_of_the_library_passes_and_round_trips(string name)
    {
        ICodec codec = name switch
        {
            "bytes" => new BytesCodec(Endian.Big),
            "gzip" => new GzipCodec(),
            "crc32c" => new Crc32cCodec(),
            _ => new TransposeCodec(1, 0),
        };

        var decoded = PrototypeChecks.CheckCodec(codec, s_spec, Sample);

        decoded.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        decoded.AsTensor<ushort>().ToArray().Should().Equal(Sample.AsTensor<ushort>().ToArray());
    }

    [Fact]
    public void A_pipeline_passes_and_returns_the_decoded_chunk()
    {
        var pipeline = new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(), new GzipCodec(), new Crc32cCodec()]);

        var decoded = PrototypeChecks.CheckPipeline(pipeline, s_spec, Sample);

        decoded.AsTensor<ushort>().ToArray().Should().Equal(Sample.AsTensor<ushort>().ToArray());
    }

    [Theory]
    [InlineData(true, "Encode")]
    [InlineData(false, "Decode")]
    public void A_codec_that_ignores_the_prototype_fails_naming_the_codec_and_the_stage(bool leaksOnEncode, string stage)
    {
        var pipeline = new CodecPipeline([new BytesCodec(), new LeakyCodec(leaksOnEncode)]);

        var failure = FluentActions.Invoking(() => PrototypeChecks.CheckPipeline(pipeline, s_spec, Sample))
            .Should().Throw<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().Be(
            $"Codec 'leaky' {stage} returned a CpuBuffer where a TestBuffer, the class of the prototype's buffer, was expected: "
            + "it made its output without the BufferPrototype it was handed.");
    }

    [Fact]
    public void CheckCodec_wraps_a_bytes_codec_in_a_pipeline_and_catches_a_decode_leak()
    {
        FluentActions.Invoking(() => PrototypeChecks.CheckCodec(new LeakyCodec(leaksOnEncode: false), s_spec, Sample))
            .Should().Throw<UnexpectedBufferTypeException>().WithMessage("Codec 'leaky' Decode returned a CpuBuffer*");
    }

    [Theory]
    [InlineData("""[{"name": "bytes", "configuration": {"endian": "big"}}]""")]
    [InlineData("""[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip"}]""")]
    [InlineData("""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 5]}}]""")]
    [InlineData("""[{"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 5], "codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [1, 5]}}]}}]""")]
    public async Task The_partial_decoders_of_the_library_pass_and_return_the_region(string codecs)
    {
        using var json = System.Text.Json.JsonDocument.Parse(codecs);
        NRange[] region = [new NRange(1, 3), new NRange(1, 4)];

        var part = await PrototypeChecks.CheckPartialDecoderAsync(CodecPipeline.FromJson(json.RootElement), s_spec, Sample, region, TestContext.Current.CancellationToken);

        part.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        part.AllEqual(Sample[region]).Should().BeTrue();
    }

    [Fact]
    public async Task A_partial_decoder_that_ignores_the_prototype_fails_naming_the_codec()
    {
        var check = () => PrototypeChecks.CheckPartialDecoderAsync(new CodecPipeline([new LeakyPartialCodec()]), s_spec, Sample, [new NRange(0, 1)], TestContext.Current.CancellationToken);

        await check.Should().ThrowAsync<UnexpectedBufferTypeException>().WithMessage("Codec 'leaky-partial' partial DecodeAsync returned a CpuNDBuffer where a NDBufferUsingTestNDArrayLike*");
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        FluentActions.Invoking(() => PrototypeChecks.CheckCodec(null!, s_spec, Sample)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => PrototypeChecks.CheckPipeline(new CodecPipeline([new BytesCodec()]), s_spec, null!))
            .Should().Throw<ArgumentNullException>();
    }

    /// <summary>A pass-through codec that makes one of its outputs with <see cref="CpuBuffer"/> instead of the prototype.</summary>
    private sealed class LeakyCodec(bool leaksOnEncode) : IBytesBytesCodec
    {
        public string Name => "leaky";

        public JsonObject ToJson() => new() { ["name"] = Name };

        public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Copy(bytes, leaksOnEncode ? BufferPrototype.Default : prototype);

        public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Copy(bytes, leaksOnEncode ? prototype : BufferPrototype.Default);

        private static Buffer Copy(Buffer bytes, BufferPrototype prototype) => prototype.Buffer.FromBytes(bytes.AsSpan());
    }

    /// <summary>A bytes codec whose partial decoder decodes through the default prototype instead of the one it is handed.</summary>
    private sealed class LeakyPartialCodec : IArrayBytesPartialDecodeCodec
    {
        private readonly BytesCodec _bytes = new();

        public string Name => "leaky-partial";

        public JsonObject ToJson() => new() { ["name"] = Name };

        public Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype) => _bytes.Encode(chunk, spec, prototype);

        public NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => _bytes.Decode(bytes, spec, prototype);

        public IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec) =>
            new WholeValuePartialDecoder(input, spec, (bytes, s, _) => _bytes.Decode(bytes, s, BufferPrototype.Default));
    }
}
