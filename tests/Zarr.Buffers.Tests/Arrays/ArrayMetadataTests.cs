using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Zarr.Arrays;

namespace Zarr.Buffers.Tests.Arrays;

public partial class ArrayMetadataTests
{
    private const string Full = """
        {"zarr_format": 3, "node_type": "array", "shape": [10, 7], "data_type": "float32",
         "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [5, 4]}},
         "chunk_key_encoding": {"name": "default", "configuration": {"separator": "."}},
         "fill_value": "NaN",
         "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 5}}],
         "dimension_names": ["y", null], "attributes": {"answer": 42}, "storage_transformers": []}
        """;

    [Fact]
    public void Parses_every_field()
    {
        var metadata = Parse(Full);

        metadata.ZarrFormat.Should().Be(3);
        metadata.Shape.ToArray().Should().Equal(10, 7);
        metadata.ChunkShape.ToArray().Should().Equal(5, 4);
        metadata.DataType.Should().Be(DataType.Float32);
        metadata.ChunkKeyEncoding.Should().Be(ChunkKeyEncoding.Default('.'));
        metadata.FillValue.Should().BeOfType<float>().Which.Should().Be(float.NaN);
        metadata.Codecs.Should().HaveCount(2);
        metadata.DimensionNames.Should().Equal("y", null);
        metadata.Attributes["answer"]!.GetValue<int>().Should().Be(42);
    }

    [Fact]
    public void Writes_what_it_parses()
    {
        var metadata = Parse(Full);

        var json = metadata.ToJson();

        JsonNode.DeepEquals(json, JsonNode.Parse(Full)).Should().BeTrue(json.ToJsonString());
    }

    [Fact]
    public void Constructor_fills_in_v3_defaults()
    {
        var json = new ArrayMetadata([4], DataType.Int16, [2]).ToJson();

        JsonNode.DeepEquals(json, JsonNode.Parse("""
            {"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "int16",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
             "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
             "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
             "attributes": {}, "storage_transformers": []}
            """)).Should().BeTrue(json.ToJsonString());
    }

    [Fact]
    public void Constructor_validates()
    {
        var names = () => new ArrayMetadata([4, 4], DataType.Int16, [2, 2], dimensionNames: ["x"]);
        names.Should().Throw<ArgumentException>().WithMessage("*1 dimension names*rank 2*");
        var range = () => new ArrayMetadata([4], DataType.UInt8, [2], fillValue: 256);
        range.Should().Throw<ArgumentOutOfRangeException>();
        var rank = () => new ArrayMetadata([4], DataType.UInt8, [2, 2]);
        rank.Should().Throw<ArgumentException>();
    }

    public static TheoryData<string, string, object> FillValues => new()
    {
        { "float32", "\"NaN\"", float.NaN },
        { "float64", "\"Infinity\"", double.PositiveInfinity },
        { "float16", "\"-Infinity\"", Half.NegativeInfinity },
        { "float32", "\"0x3f800000\"", 1.0f },
        { "float64", "\"0x7ff8000000000000\"", double.NaN },
        { "float16", "\"0x3c00\"", (Half)1 },
        { "float64", "-0.25", -0.25 },
        { "float32", "2", 2f },
        { "int8", "-128", (sbyte)-128 },
        { "uint64", "18446744073709551615", ulong.MaxValue },
        { "int64", "-9223372036854775808", long.MinValue },
        { "uint16", "7", (ushort)7 },
        { "bool", "true", true },
        { "complex64", "[1.5, \"-Infinity\"]", new Complex64(1.5f, float.NegativeInfinity) },
        { "complex128", "[\"Infinity\", -2]", new Complex(double.PositiveInfinity, -2) },
    };

    [Theory]
    [MemberData(nameof(FillValues))]
    public void Parses_fill_value_encodings(string dtype, string fill, object expected)
    {
        var metadata = Parse(Array(dtype, fill));

        metadata.FillValue.Should().BeOfType(expected.GetType()).And.Be(expected);
        Parse(metadata.ToJson().ToJsonString()).FillValue.Should().Be(expected, "the written form reads back");
    }

    [Fact]
    public void Extensions_that_need_not_be_understood_are_ignored()
    {
        var metadata = Parse(Replace("\"attributes\": {}", "\"attributes\": {}, \"my_extension\": {\"must_understand\": false, \"x\": 1}"));

        metadata.ToJson().ContainsKey("my_extension").Should().BeFalse();
    }

    [Fact]
    public void Nan_fill_is_numpys_positive_quiet_nan()
    {
        var fill = (float)Parse(Array("float32", "\"NaN\"")).FillValue!;
        BitConverter.SingleToUInt32Bits(fill).Should().Be(0x7fc00000);
    }

    public static TheoryData<string, object, string, ulong[]> NanFills => new()
    {
        { "float16", Half.NaN, "\"NaN\"", [0x7e00] },
        { "float32", float.NaN, "\"NaN\"", [0x7fc0_0000] },
        { "float32", double.NaN, "\"NaN\"", [0x7fc0_0000] },
        { "float32", -float.NaN, "\"NaN\"", [0x7fc0_0000] },
        { "float64", double.NaN, "\"NaN\"", [0x7ff8_0000_0000_0000] },
        { "complex64", new Complex64(float.NaN, float.NaN), "[\"NaN\", \"NaN\"]", [0x7fc0_0000, 0x7fc0_0000] },
        { "complex128", new Complex(double.NaN, 1), "[\"NaN\", 1]", [0x7ff8_0000_0000_0000, 0x3ff0_0000_0000_0000] },
    };

    [Theory]
    [MemberData(nameof(NanFills))]
    public void Nan_fill_has_numpys_bits_whether_made_in_code_or_parsed(string dtype, object nan, string json, ulong[] bits)
    {
        var dataType = DataType.Parse(dtype);

        object made = new ArrayMetadata([1], dataType, [1], fillValue: nan).FillValue!;
        object parsed = Parse(Array(dtype, json)).FillValue!;

        Bits(made).Should().Equal(bits);
        Bits(parsed).Should().Equal(bits);
    }

    [Fact]
    public void Special_floats_are_written_as_strings()
    {
        var json = new ArrayMetadata([1], DataType.Complex128, [1], fillValue: new Complex(double.NaN, double.NegativeInfinity)).ToJson();
        json["fill_value"]!.ToJsonString().Should().Be("""["NaN","-Infinity"]""");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "[1, 2]", "*expected a JSON object*" },
        { "{not json", "*not valid JSON*" },
        { Without("shape"), "*missing field 'shape'*" },
        { Without("fill_value"), "*missing field 'fill_value'*" },
        { Without("codecs"), "*missing field 'codecs'*" },
        { Without("chunk_grid"), "*missing field 'chunk_grid'*" },
        { Without("data_type"), "*missing field 'data_type'*" },
        { Without("zarr_format"), "*missing field 'zarr_format'*" },
        { Replace("\"zarr_format\": 3", "\"zarr_format\": 2"), "*'zarr_format' is 2, expected 3*" },
        { Replace("\"node_type\": \"array\"", "\"node_type\": \"group\""), "*'node_type' is 'group', expected 'array'*" },
        { Replace("\"shape\": [4, 6]", "\"shape\": [4, 6, 2]"), "*'chunk_shape' has rank 2 but shape has rank 3*" },
        { Replace("\"shape\": [4, 6]", "\"shape\": [4, -6]"), "*'shape' expected integers >= 0, got -6 at index 1*" },
        { Replace("\"shape\": [4, 6]", "\"shape\": \"4x6\""), "*'shape' expected an array of integers*" },
        { Replace("\"chunk_shape\": [2, 3]", "\"chunk_shape\": [2, 0]"), "*'chunk_grid.configuration.chunk_shape' expected integers >= 1*" },
        { Replace("\"fill_value\": 0", "\"fill_value\": 1.5"), "*'fill_value' 1.5 is not a valid int32 value*" },
        { Replace("\"fill_value\": 0", "\"fill_value\": \"NaN\""), "*'fill_value' \"NaN\" is not a valid int32 value*" },
        { Replace("\"fill_value\": 0", "\"fill_value\": null"), "*'fill_value' must not be null*" },
        { Replace("\"fill_value\": 0", "\"fill_value\": 3000000000"), "*'fill_value' 3000000000 is not a valid int32 value*" },
        { Replace("\"codecs\": [{\"name\": \"bytes\"}]", "\"codecs\": []"), "*'codecs' is empty*" },
        { Replace("\"codecs\": [{\"name\": \"bytes\"}]", "\"codecs\": {}"), "*'codecs' expected an array*" },
        { Replace("\"separator\": \"/\"", "\"separator\": \"-\""), "*separator' is '-'*" },
        { Replace("\"attributes\": {}", "\"attributes\": []"), "*'attributes' expected an object*" },
        { Replace("\"attributes\": {}", "\"attributes\": {}, \"dimension_names\": [\"x\"]"), "*'dimension_names' has rank 1 but shape has rank 2*" },
    };

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void V2_bool_fill_may_be_0_or_1_as_numpy_writes_it(string fill, bool expected) =>
        V2("|b1", "null", "null", fill).FillValue.Should().Be(expected);

    [Theory]
    [InlineData("2", "*2 is not a valid bool value: expected true, false, 0 or 1*")]
    [InlineData("-1", "*-1 is not a valid bool value*")]
    [InlineData("0.5", "*0.5 is not a valid bool value*")]
    [InlineData("\"0\"", "*is not a valid bool value*")]
    public void V2_bool_fill_takes_no_other_number(string fill, string message)
    {
        var act = () => V2("|b1", "null", "null", fill);
        act.Should().Throw<InvalidDataException>().WithMessage("*'fill_value'*").WithMessage(message);
    }

    [Theory]
    [InlineData("float32", "\"0x7fc0\"", "*4-byte hex pattern*")]
    [InlineData("float64", "\"nan\"", "*\"nan\" is not a valid float64 value*")]
    [InlineData("bool", "1", "*1 is not a valid bool value: expected true or false*")]
    [InlineData("bool", "0", "*0 is not a valid bool value: expected true or false*")]
    [InlineData("complex64", "1.5", "*[real, imaginary] pair*")]
    [InlineData("uint8", "-1", "*-1 is not a valid uint8 value*")]
    public void Malformed_fill_values_name_the_value_and_type(string dtype, string fill, string message)
    {
        var act = () => Parse(Array(dtype, fill));
        act.Should().Throw<InvalidDataException>().WithMessage("*'fill_value'*").WithMessage(message);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_metadata_names_the_field(string json, string message)
    {
        var act = () => Parse(json);
        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    // Found by MetadataFuzzTests: System.Text.Json checks text lazily, so a name or string that is not valid
    // UTF-8, or escapes a lone surrogate, threw InvalidOperationException when first read, not InvalidDataException.
    [Theory]
    [InlineData("\"sh\x80pe\": 1")]
    [InlineData("\"\\uD800\": 1")]
    [InlineData("\"a\": \"\xC3\"")]
    [InlineData("\"a\": [\"\\uDC00\"]")]
    public void Text_that_is_not_valid_unicode_is_invalid_data_in_every_document(string member)
    {
        byte[] v3 = Latin1(Replace("\"attributes\": {}", "\"attributes\": {" + member + "}"));
        byte[] v2 = Latin1(V2Document.Insert(1, member + ", "));
        byte[] zattrs = Latin1("{" + member + "}");

        FluentActions.Invoking(() => ArrayMetadata.Parse(v3)).Should().Throw<InvalidDataException>().WithMessage("*zarr.json*not valid*");
        FluentActions.Invoking(() => ArrayMetadata.ParseV2(v2)).Should().Throw<InvalidDataException>().WithMessage("*.zarray*not valid*");
        FluentActions.Invoking(() => ArrayMetadata.ParseV2(Latin1(V2Document), zattrs)).Should().Throw<InvalidDataException>().WithMessage("*.zattrs*not valid*");
    }

    public static TheoryData<string, string> Unsupported => new()
    {
        { Replace("\"data_type\": \"int32\"", "\"data_type\": \"string\""), "*'string'*" },
        { Replace("\"data_type\": \"int32\"", "\"data_type\": {\"name\": \"numpy.datetime64\"}"), "*numpy.datetime64*" },
        { Replace("\"name\": \"regular\"", "\"name\": \"rectilinear\""), "*'rectilinear'*" },
        { Replace("\"name\": \"default\"", "\"name\": \"fancy\""), "*'fancy'*" },
        { Replace("\"attributes\": {}", "\"attributes\": {}, \"storage_transformers\": [{\"name\": \"t\"}]"), "*Storage transformers*" },
        { Replace("\"attributes\": {}", "\"attributes\": {}, \"my_extension\": {\"value\": 1}"), "*'my_extension'*must_understand*" },
        { Replace("\"attributes\": {}", "\"attributes\": {}, \"my_extension\": {\"must_understand\": true}"), "*'my_extension'*" },
        { Replace("\"attributes\": {}", "\"attributes\": {}, \"my_extension\": 5"), "*'my_extension'*" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Unsupported_features_name_the_feature(string json, string message)
    {
        var act = () => Parse(json);
        act.Should().Throw<NotSupportedException>().WithMessage(message);
    }

    [Fact]
    public void V2_translates_layout_to_v3_codecs()
    {
        var metadata = ArrayMetadata.ParseV2(Encoding.UTF8.GetBytes("""
            {"zarr_format": 2, "shape": [10, 10], "chunks": [5, 5], "dtype": ">f8", "order": "F",
             "compressor": {"id": "zstd", "level": 3}, "fill_value": "NaN", "filters": null, "dimension_separator": "/"}
            """), Encoding.UTF8.GetBytes("""{"units": "m"}"""));

        metadata.ZarrFormat.Should().Be(2);
        metadata.DataType.Should().Be(DataType.Float64);
        metadata.FillValue.Should().Be(double.NaN);
        metadata.ChunkKeyEncoding.Should().Be(ChunkKeyEncoding.V2('/'));
        metadata.Attributes["units"]!.GetValue<string>().Should().Be("m");
        JsonNode.DeepEquals(metadata.Codecs, JsonNode.Parse("""
            [{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "big"}},
             {"name": "zstd", "configuration": {"level": 3, "checksum": false}}]
            """)).Should().BeTrue(metadata.Codecs.ToJsonString());
    }

    [Theory]
    [InlineData("null", "[{\"name\":\"bytes\"}]")]
    [InlineData("{\"id\": \"gzip\", \"level\": 9}", "[{\"name\":\"bytes\"},{\"name\":\"gzip\",\"configuration\":{\"level\":9}}]")]
    [InlineData("{\"id\": \"zlib\", \"level\": 1}", "[{\"name\":\"bytes\"},{\"name\":\"numcodecs.zlib\",\"configuration\":{\"level\":1}}]")]
    public void V2_compressors_map_to_codecs(string compressor, string codecs)
    {
        var metadata = V2("|u1", compressor, "null", "0");
        metadata.Codecs.ToJsonString().Should().Be(codecs);
        metadata.DataType.Should().Be(DataType.UInt8);
    }

    [Fact]
    public void V2_null_fill_value_stays_null_and_the_document_is_kept()
    {
        var metadata = V2("<i2", "null", "null", "null");
        metadata.FillValue.Should().BeNull();
        metadata.ChunkKeyEncoding.Should().Be(ChunkKeyEncoding.V2('.'));
        metadata.ToJson()["dtype"]!.GetValue<string>().Should().Be("<i2");
    }

    [Theory]
    [InlineData("<i2", "{\"id\": \"zfpy\"}", "null", typeof(NotSupportedException), "*compressor 'zfpy'*")]
    [InlineData("<i2", "null", "[{\"id\": \"delta\"}]", typeof(NotSupportedException), "*filters*delta*")]
    [InlineData("<M8[ns]", "null", "null", typeof(NotSupportedException), "*'<M8[ns]'*")]
    [InlineData("|O", "null", "null", typeof(NotSupportedException), "*'|O'*")]
    [InlineData("<i2", "3", "null", typeof(InvalidDataException), "*'compressor' expected an object*")]
    public void V2_rejects_what_it_cannot_read(string dtype, string compressor, string filters, Type exception, string message)
    {
        var act = () => V2(dtype, compressor, filters, "0");
        var thrown = act.Should().Throw<Exception>().Which;
        thrown.Should().BeOfType(exception);
        thrown.Message.Should().Match(message);
    }

    [Fact]
    public void V2_checks_its_fields()
    {
        var rank = () => ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [4], "chunks": [2, 2], "dtype": "<i2", "order": "C", "fill_value": 0}"""u8);
        rank.Should().Throw<InvalidDataException>().WithMessage("*.zarray*'chunks' has rank 2 but shape has rank 1*");
        var order = () => ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<i2", "order": "X", "fill_value": 0}"""u8);
        order.Should().Throw<InvalidDataException>().WithMessage("*'order' is 'X'*");
        var missing = () => ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [4], "dtype": "<i2", "order": "C", "fill_value": 0}"""u8);
        missing.Should().Throw<InvalidDataException>().WithMessage("*missing field 'chunks'*");
    }

    private const string Valid = """
        {"zarr_format": 3, "node_type": "array", "shape": [4, 6], "data_type": "int32",
         "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2, 3]}},
         "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
         "fill_value": 0, "codecs": [{"name": "bytes"}], "attributes": {}}
        """;

    private static ulong[] Bits(object value) => value switch
    {
        Half h => [BitConverter.HalfToUInt16Bits(h)],
        float f => [BitConverter.SingleToUInt32Bits(f)],
        double d => [BitConverter.DoubleToUInt64Bits(d)],
        Complex64 c => [BitConverter.SingleToUInt32Bits(c.Real), BitConverter.SingleToUInt32Bits(c.Imaginary)],
        Complex c => [BitConverter.DoubleToUInt64Bits(c.Real), BitConverter.DoubleToUInt64Bits(c.Imaginary)],
        _ => throw new ArgumentException($"{value} is not a floating-point fill value.", nameof(value)),
    };

    private static ArrayMetadata Parse(string json) => ArrayMetadata.Parse(Encoding.UTF8.GetBytes(json));

    private static string Array(string dtype, string fill) =>
        Valid.Replace("\"int32\"", $"\"{dtype}\"", StringComparison.Ordinal).Replace("\"fill_value\": 0", $"\"fill_value\": {fill}", StringComparison.Ordinal);

    private static string Replace(string from, string to)
    {
        Valid.Should().Contain(from);
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    private static string Without(string field)
    {
        var json = JsonNode.Parse(Valid)!.AsObject();
        json.Remove(field);
        return json.ToJsonString();
    }

    private const string V2Document =
        """{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<i4", "order": "C", "compressor": null, "filters": null, "fill_value": 0}""";

    private static ArrayMetadata V2(string dtype, string compressor, string filters, string fill) => ArrayMetadata.ParseV2(Encoding.UTF8.GetBytes(
        $$"""{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "{{dtype}}", "order": "C", "compressor": {{compressor}}, "filters": {{filters}}, "fill_value": {{fill}}}"""));

    /// <summary>One byte per character, so that <c>\x80</c> in a test string becomes the lone byte 0x80 (not valid UTF-8).</summary>
    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
