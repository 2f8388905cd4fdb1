using System.Text;
using System.Text.Json.Nodes;
using Zarr.Arrays;

namespace Zarr.Buffers.Tests.Arrays;

public partial class ArrayMetadataTests
{
    /// <summary>The fields the Zarr v2 spec requires in every <c>.zarray</c>, and the optional one this library always writes.</summary>
    public static readonly string[] V2Fields =
        ["zarr_format", "shape", "chunks", "dtype", "compressor", "fill_value", "order", "filters", "dimension_separator"];

    public static TheoryData<DataType, Endian> V2TypesAndOrders()
    {
        var data = new TheoryData<DataType, Endian>();
        foreach (var dtype in DataType.All)
        {
            data.Add(dtype, Endian.Little);
            data.Add(dtype, Endian.Big);
        }

        return data;
    }

    [Fact]
    public void A_minimal_parsed_zarray_is_written_back_with_every_field_the_spec_requires()
    {
        var metadata = ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<i2", "order": "C"}"""u8);

        var json = metadata.ToJson();

        json.Select(field => field.Key).Should().Contain(V2Fields);
        json["compressor"].Should().BeNull();
        json["fill_value"].Should().BeNull();
        json["filters"].Should().BeNull();
        json["dimension_separator"]!.GetValue<string>().Should().Be(".");
    }

    [Fact]
    public void A_parsed_zarray_keeps_its_own_values_and_states_a_null_separator()
    {
        var metadata = ArrayMetadata.ParseV2("""
            {"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<i2", "order": "C", "compressor": {"id": "zlib", "level": 4},
             "fill_value": 5, "filters": [], "dimension_separator": null, "extra": 1}
            """u8);

        var json = metadata.ToJson();

        json["compressor"]!.ToJsonString().Should().Be("""{"id":"zlib","level":4}""");
        json["fill_value"]!.GetValue<long>().Should().Be(5);
        json["filters"]!.AsArray().Should().BeEmpty();
        json["dimension_separator"]!.GetValue<string>().Should().Be(".");
        json["extra"]!.GetValue<int>().Should().Be(1);
    }

    [Theory]
    [InlineData("{\"id\": \"blosc\", \"cname\": \"zstd\", \"clevel\": 3, \"shuffle\": 2, \"blocksize\": 0}", "{\"cname\":\"zstd\",\"clevel\":3,\"blocksize\":0,\"shuffle\":\"bitshuffle\"}")]
    [InlineData("{\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": 0, \"blocksize\": 4096}", "{\"cname\":\"lz4\",\"clevel\":5,\"blocksize\":4096,\"shuffle\":\"noshuffle\"}")]
    [InlineData("{\"id\": \"blosc\", \"shuffle\": -1}", "{\"cname\":\"lz4\",\"clevel\":5,\"blocksize\":0}")]
    [InlineData("{\"id\": \"blosc\"}", "{\"cname\":\"lz4\",\"clevel\":5,\"blocksize\":0,\"shuffle\":\"shuffle\"}")]
    public void A_numcodecs_blosc_compressor_becomes_the_blosc_codec_with_numcodecs_defaults(string compressor, string configuration)
    {
        var metadata = V2("<f4", compressor, "null", "0");

        var blosc = metadata.Codecs[^1]!;

        blosc["name"]!.GetValue<string>().Should().Be("blosc");
        blosc["configuration"]!.ToJsonString().Should().Be(configuration, "the type size is the dtype's and AUTOSHUFFLE (-1) is an unset shuffle");
    }

    [Fact]
    public void A_numcodecs_blosc_shuffle_outside_minus_1_to_2_is_invalid_and_named()
    {
        var act = () => V2("<f4", "{\"id\": \"blosc\", \"shuffle\": 3}", "null", "0");

        act.Should().Throw<InvalidDataException>().WithMessage("*compressor.shuffle*3*-1 (auto), 0 (none), 1 (byte) or 2 (bit)*");
    }

    [Theory]
    [MemberData(nameof(V2TypesAndOrders))]
    public void CreateV2_writes_every_required_field_and_reads_back_the_same(DataType dtype, Endian byteOrder)
    {
        var metadata = ArrayMetadata.CreateV2([5, 6], dtype, [2, 3], byteOrder);

        var json = metadata.ToJson();
        var reread = ArrayMetadata.ParseV2(Encoding.UTF8.GetBytes(json.ToJsonString()));

        json.Select(field => field.Key).Should().Equal(V2Fields);
        json["dtype"]!.GetValue<string>().Should().Be(dtype.ToTypeString(byteOrder));
        metadata.ZarrFormat.Should().Be(2);
        reread.DataType.Should().Be(dtype);
        reread.FillValue.Should().Be(metadata.FillValue).And.Be(FillValueJson.FromValue(0, dtype));
        reread.Codecs.ToJsonString().Should().Be(metadata.Codecs.ToJsonString());
        reread.ToJson().ToJsonString().Should().Be(json.ToJsonString());
    }

    [Fact]
    public void CreateV2_states_order_compressor_fill_value_separator_and_attributes()
    {
        var metadata = ArrayMetadata.CreateV2([4, 6], DataType.Float32, [2, 3], Endian.Big, MemoryOrder.F,
            new JsonObject { ["id"] = "zstd", ["level"] = 3 }, float.NaN, '/', new JsonObject { ["units"] = "m" });

        var expected = JsonNode.Parse(
            """{"zarr_format":2,"shape":[4,6],"chunks":[2,3],"dtype":">f4","compressor":{"id":"zstd","level":3},"fill_value":"NaN","order":"F","filters":null,"dimension_separator":"/"}""");
        JsonNode.DeepEquals(metadata.ToJson(), expected).Should().BeTrue(metadata.ToJson().ToJsonString());
        metadata.Codecs.ToJsonString().Should().Be(
            """[{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"big"}},{"name":"zstd","configuration":{"level":3,"checksum":false}}]""");
        metadata.ChunkKeyEncoding.Should().Be(ChunkKeyEncoding.V2('/'));
        metadata.FillValue.Should().BeOfType<float>().Which.Should().Be(float.NaN);
        metadata.Attributes["units"]!.GetValue<string>().Should().Be("m");
    }

    [Fact]
    public void CreateV2_rejects_bad_arguments_naming_them()
    {
        Action order = () => ArrayMetadata.CreateV2([4], DataType.Int32, [2], order: MemoryOrder.K);
        Action separator = () => ArrayMetadata.CreateV2([4], DataType.Int32, [2], dimensionSeparator: '-');
        Action byteOrder = () => ArrayMetadata.CreateV2([4], DataType.Int32, [2], (Endian)7);
        Action noId = () => ArrayMetadata.CreateV2([4], DataType.Int32, [2], compressor: new JsonObject { ["level"] = 1 });
        Action zfpy = () => ArrayMetadata.CreateV2([4], DataType.Int32, [2], compressor: new JsonObject { ["id"] = "zfpy" });
        Action fill = () => ArrayMetadata.CreateV2([4], DataType.UInt8, [2], fillValue: 256);
        Action rank = () => ArrayMetadata.CreateV2([4], DataType.UInt8, [2, 2]);
        Action dtype = () => ArrayMetadata.CreateV2([4], null!, [2]);

        order.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("order").WithMessage("*C or F, not K*");
        separator.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dimensionSeparator").WithMessage("*not '-'*");
        byteOrder.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("byteOrder");
        noId.Should().Throw<ArgumentException>().WithParameterName("compressor").WithMessage("*{\"level\":1}*compressor.id*");
        zfpy.Should().Throw<NotSupportedException>().WithMessage("*'zfpy'*");
        fill.Should().Throw<ArgumentOutOfRangeException>();
        rank.Should().Throw<ArgumentException>().WithParameterName("chunkShape");
        dtype.Should().Throw<ArgumentNullException>().WithParameterName("dataType");
    }
}
