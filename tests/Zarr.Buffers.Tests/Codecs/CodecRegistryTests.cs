using System.Text.Json;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class CodecRegistryTests
{
    [Fact]
    public void The_default_registry_knows_the_built_in_codecs()
    {
        string[] builtIn = ["blosc", "bytes", "crc32c", "gzip", "numcodecs.bz2", "numcodecs.lz4", "numcodecs.zlib", "sharding_indexed", "transpose", "zstd"];

        new CodecRegistry().Names.Should().Equal(builtIn);
        CodecRegistry.Default.Names.Should().Contain(builtIn, "other tests may register codecs in the process-wide default");
    }

    [Theory]
    [InlineData("numcodecs.fletcher32")]
    [InlineData("numcodecs.blosc")]
    [InlineData("vlen-utf8")]
    public void An_unknown_codec_is_not_supported_and_named_even_if_it_need_not_be_understood(string name)
    {
        var act = () => Create($$"""{"name": "{{name}}", "configuration": {}, "must_understand": false}""");

        act.Should().Throw<NotSupportedException>().WithMessage($"Codec '{name}' is not supported*blosc, bytes, crc32c, gzip, numcodecs.bz2, numcodecs.lz4, numcodecs.zlib, sharding_indexed, transpose, zstd*");
    }

    [Theory]
    [InlineData("""{"configuration": {}}""")]
    [InlineData("""{"name": 5}""")]
    [InlineData("""{"name": ""}""")]
    [InlineData("42")]
    [InlineData("null")]
    public void Rejects_a_malformed_entry_quoting_it(string json)
    {
        var act = () => Create(json);

        act.Should().Throw<ArgumentException>().WithMessage($"*codec entry*{json}*");
    }

    [Theory]
    [InlineData("""{"name": "gzip", "configuration": null}""")]
    [InlineData("""{"name": "gzip", "configuration": [5]}""")]
    public void Rejects_a_configuration_that_is_not_an_object(string json)
    {
        var act = () => Create(json);

        act.Should().Throw<ArgumentException>().WithMessage("*configuration*gzip*JSON object*");
    }

    [Fact]
    public void A_bare_name_is_a_codec_without_configuration()
    {
        Create("\"bytes\"").Should().BeOfType<BytesCodec>().Which.Endian.Should().BeNull();
        Create("\"crc32c\"").Should().BeOfType<Crc32cCodec>();
        Create("\"gzip\"").Should().BeOfType<GzipCodec>().Which.Level.Should().Be(5);
    }

    [Fact]
    public void Register_adds_or_replaces_a_codec_in_that_registry_only()
    {
        var registry = new CodecRegistry();

        registry.Register("spy", _ => new SpyCodec());
        registry.Register("gzip", _ => new GzipCodec(9));

        registry.IsRegistered("spy").Should().BeTrue();
        registry.Create(JsonDocument.Parse("\"spy\"").RootElement).Should().BeOfType<SpyCodec>();
        registry.Create(JsonDocument.Parse("\"gzip\"").RootElement).Should().BeOfType<GzipCodec>().Which.Level.Should().Be(9);
        registry.Names.Should().Equal("blosc", "bytes", "crc32c", "gzip", "numcodecs.bz2", "numcodecs.lz4", "numcodecs.zlib", "sharding_indexed", "spy", "transpose", "zstd");
        CodecRegistry.Default.IsRegistered("spy").Should().BeFalse();
    }

    [Fact]
    public void Register_rejects_a_missing_name_or_factory()
    {
        var registry = new CodecRegistry();

        var noName = () => registry.Register("", _ => new SpyCodec());
        var noFactory = () => registry.Register("spy", null!);

        noName.Should().Throw<ArgumentException>().WithParameterName("name");
        noFactory.Should().Throw<ArgumentNullException>().WithParameterName("factory");
    }

    // A fresh registry: other tests register codecs in the process-wide default.
    private static ICodec Create(string json) => new CodecRegistry().Create(JsonDocument.Parse(json).RootElement);
}
