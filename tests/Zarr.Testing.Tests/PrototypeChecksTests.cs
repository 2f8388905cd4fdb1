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
}
