using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

public partial class BloscCodecTests
{
    // c-blosc 1.21.3 (Debian's libblosc1, numcodecs' engine): blosc_compress_ctx(5, BLOSC_SHUFFLE, 2, 512, data, .., "lz4", 0, 1)
    // of 256 uint16 pairs (i, i / 7): one block split in two streams, the first stored as is (its length equals its size).
    private const string CBloscLz4Shuffle =
        "020121020002000000020000b40100001400000000010000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223" +
        "2425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b" +
        "9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7" +
        "d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff9800000012000100120101001202010012030100" +
        "120401001205010012060100120701001208010012090100120a0100120b0100120c0100120d0100120e0100120f0100121001001211010012120100" +
        "12130100121401001215010012160100121701001218010012190100121a0100121b0100121c0100121d0100121e0100121f01001220010012210100" +
        "12220100b02323232323232324242424";

    [Fact]
    public void Defaults_are_zarr_pythons()
    {
        var codec = new BloscCodec();

        codec.Cname.Should().Be(BloscCname.Zstd);
        codec.Clevel.Should().Be(5);
        codec.Shuffle.Should().BeNull();
        codec.Typesize.Should().BeNull();
        codec.Blocksize.Should().Be(0);
        codec.Name.Should().Be("blosc");
    }

    [Theory]
    [InlineData("{}", "{\"cname\":\"zstd\",\"clevel\":5,\"blocksize\":0}")]
    [InlineData("{\"typesize\":4,\"cname\":\"lz4\",\"clevel\":1,\"shuffle\":\"bitshuffle\",\"blocksize\":65536}", null)]
    [InlineData("{\"typesize\":1,\"cname\":\"lz4hc\",\"clevel\":9,\"shuffle\":\"noshuffle\",\"blocksize\":0}", null)]
    [InlineData("{\"typesize\":null,\"cname\":\"blosclz\",\"clevel\":0,\"shuffle\":null,\"blocksize\":0}", "{\"cname\":\"blosclz\",\"clevel\":0,\"blocksize\":0}")]
    [InlineData("{\"cname\":\"zlib\",\"shuffle\":\"shuffle\"}", "{\"cname\":\"zlib\",\"clevel\":5,\"shuffle\":\"shuffle\",\"blocksize\":0}")]
    public void Reads_its_configuration_and_writes_it_back(string configuration, string? written)
    {
        var codec = BloscCodec.FromJson(JsonDocument.Parse(configuration).RootElement);

        var json = codec.ToJson();

        json["name"]!.GetValue<string>().Should().Be("blosc");
        JsonNode.DeepEquals(json["configuration"], JsonNode.Parse(written ?? configuration)).Should().BeTrue(json.ToJsonString());
        CodecRegistry.Default.Create(JsonDocument.Parse(json.ToJsonString()).RootElement).ToString().Should().Be(codec.ToString());
    }

    [Theory]
    [InlineData("{\"cname\":\"snappy\"}", "*'cname'*lz4, lz4hc, blosclz, zstd, zlib*\"snappy\"*")]
    [InlineData("{\"cname\":4}", "*'cname'*a string*4*")]
    [InlineData("{\"shuffle\":\"byte\"}", "*'shuffle'*noshuffle, shuffle, bitshuffle*\"byte\"*")]
    [InlineData("{\"shuffle\":1}", "*'shuffle'*a string*")]
    [InlineData("{\"clevel\":10}", "*clevel must be 0 (store only) to 9, got 10*")]
    [InlineData("{\"clevel\":-1}", "*clevel*got -1*")]
    [InlineData("{\"typesize\":0}", "*typesize must be 1 or more, got 0*")]
    [InlineData("{\"typesize\":\"4\"}", "*'typesize'*an integer*")]
    [InlineData("{\"blocksize\":-1}", "*blocksize*-1*")]
    [InlineData("{\"level\":5}", "*no configuration key 'level'*")]
    public void Rejects_a_bad_configuration_naming_the_key_and_value(string configuration, string message)
    {
        var act = () => BloscCodec.FromJson(JsonDocument.Parse(configuration).RootElement);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Theory]
    [InlineData("uint8", 1, BloscShuffle.BitShuffle)]
    [InlineData("int16", 2, BloscShuffle.Shuffle)]
    [InlineData("float64", 8, BloscShuffle.Shuffle)]
    [InlineData("complex128", 16, BloscShuffle.Shuffle)]
    public void Evolve_fills_typesize_and_shuffle_from_the_data_type_as_zarr_python_does(string dtype, int typesize, BloscShuffle shuffle)
    {
        var evolved = new BloscCodec(BloscCname.Lz4, 3).Evolve(new ChunkSpec([10], DataType.Parse(dtype)));

        evolved.Typesize.Should().Be(typesize);
        evolved.Shuffle.Should().Be(shuffle);
        evolved.Cname.Should().Be(BloscCname.Lz4);
        evolved.Clevel.Should().Be(3);
    }

    [Fact]
    public void Evolve_keeps_what_is_set()
    {
        var codec = new BloscCodec(shuffle: BloscShuffle.NoShuffle, typesize: 3);

        codec.Evolve(new ChunkSpec([10], DataType.Float32)).Should().BeSameAs(codec);
    }

    [Fact]
    public void Encoding_uses_the_data_type_for_what_is_unset()
    {
        var data = new byte[4000];
        var frame = new BloscCodec(BloscCname.Lz4).Encode(CpuBuffer.FromBytes(data), new ChunkSpec([1000], DataType.Float32), BufferPrototype.Default).ToBytes();

        frame[3].Should().Be(4, "the type size is float32's");
        (frame[2] & 0x07).Should().Be(0x01, "the shuffle is a byte shuffle");
    }

    [Fact]
    public void Decodes_a_split_frame_c_blosc_wrote_with_a_stream_stored_as_is()
    {
        byte[] expected = [.. Enumerable.Range(0, 256).SelectMany(i => new[] { (byte)i, (byte)(i / 7) })];

        Decode(Convert.FromHexString(CBloscLz4Shuffle), expected.Length).Should().Equal(expected);
    }

    [Theory]
    [InlineData(BloscCname.Lz4, BloscShuffle.Shuffle)]
    [InlineData(BloscCname.Zstd, BloscShuffle.BitShuffle)]
    [InlineData(BloscCname.Zlib, BloscShuffle.NoShuffle)]
    [InlineData(BloscCname.Lz4hc, BloscShuffle.Shuffle)]
    public void Round_trips_through_the_prototype_and_into_the_chunk(BloscCname cname, BloscShuffle shuffle)
    {
        byte[] data = BloscTestData.Generate(BloscTestData.Ramp, 100_000, 1);
        var codec = new BloscCodec(cname, 5, shuffle);
        var spec = new ChunkSpec([25_000], DataType.Float32);

        var encoded = codec.Encode(CpuBuffer.FromBytes(data), spec, OtherNDBuffer.Prototype);
        var decoded = codec.Decode(encoded, spec, OtherNDBuffer.Prototype, data.Length);
        var into = new byte[data.Length];
        codec.DecodeInto(encoded, spec, OtherNDBuffer.Prototype, into);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        encoded.Length.Should().BeLessThan(data.Length, "a float ramp compresses");
        decoded.ToBytes().Should().Equal(data);
        into.Should().Equal(data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(100_000)]
    public void Data_that_does_not_compress_is_stored_as_is_within_the_bound(int length)
    {
        byte[] data = BloscTestData.Generate(BloscTestData.Random, length, 5);
        var codec = new BloscCodec(BloscCname.Lz4, 9, BloscShuffle.NoShuffle, 1);

        var frame = codec.Encode(CpuBuffer.FromBytes(data), BytesSpec(length), BufferPrototype.Default).ToBytes();

        frame.Length.Should().Be(length + 16).And.Be((int)codec.MaxEncodedLength(length, BytesSpec(length)));
        (frame[2] & 0x02).Should().Be(0x02, "the frame says its data is stored as is");
        Decode(frame, length).Should().Equal(data);
    }

    [Theory]
    [InlineData("zarrita.js/fixtures/v3/data.zarr/1d.contiguous.f4.le")]
    [InlineData("zarrita.js/fixtures/v3/data.zarr/1d.contiguous.f4.be")]
    [InlineData("zarrita.js/fixtures/v3/data.zarr/3d.chunked.mixed.i2.F")]
    public void Decodes_the_blosc_arrays_of_the_interop_corpus(string path)
    {
        InteropData.Metadata(path).GetProperty("codecs").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Contain("blosc");

        InteropData.CheckEveryChunkDecodes(path).Should().BePositive();
    }

    private static ChunkSpec BytesSpec(int length) => new([length], DataType.UInt8);

    private static byte[] Decode(byte[] frame, int length)
    {
        var codec = new BloscCodec();
        var spec = BytesSpec(length);
        byte[] decoded = codec.Decode(CpuBuffer.FromBytes(frame), spec, BufferPrototype.Default, length).ToBytes();
        var into = new byte[length];
        codec.DecodeInto(CpuBuffer.FromBytes(frame), spec, BufferPrototype.Default, into);
        into.Should().Equal(decoded, "DecodeInto and Decode agree");
        return decoded;
    }
}
