using System.Numerics;

namespace Zarr.Buffers.Tests;

public class DataTypeTests
{
    public static TheoryData<DataType> AllTypes => [.. DataType.All];

    // name, element type, item size, kind, little-endian typestring
    public static TheoryData<string, Type, int, DataTypeKind, string> Facts => new()
    {
        { "bool", typeof(bool), 1, DataTypeKind.Bool, "|b1" },
        { "int8", typeof(sbyte), 1, DataTypeKind.SignedInteger, "|i1" },
        { "int16", typeof(short), 2, DataTypeKind.SignedInteger, "<i2" },
        { "int32", typeof(int), 4, DataTypeKind.SignedInteger, "<i4" },
        { "int64", typeof(long), 8, DataTypeKind.SignedInteger, "<i8" },
        { "uint8", typeof(byte), 1, DataTypeKind.UnsignedInteger, "|u1" },
        { "uint16", typeof(ushort), 2, DataTypeKind.UnsignedInteger, "<u2" },
        { "uint32", typeof(uint), 4, DataTypeKind.UnsignedInteger, "<u4" },
        { "uint64", typeof(ulong), 8, DataTypeKind.UnsignedInteger, "<u8" },
        { "float16", typeof(Half), 2, DataTypeKind.Float, "<f2" },
        { "float32", typeof(float), 4, DataTypeKind.Float, "<f4" },
        { "float64", typeof(double), 8, DataTypeKind.Float, "<f8" },
        { "complex64", typeof(Complex64), 8, DataTypeKind.Complex, "<c8" },
        { "complex128", typeof(Complex), 16, DataTypeKind.Complex, "<c16" },
    };

    [Theory]
    [MemberData(nameof(Facts))]
    public void Each_type_has_its_name_element_type_size_kind_and_typestring(string name, Type elementType, int itemSize, DataTypeKind kind, string typeString)
    {
        var dtype = DataType.Parse(name);

        dtype.Name.Should().Be(name);
        dtype.ToString().Should().Be(name);
        dtype.ElementType.Should().Be(elementType);
        dtype.ItemSize.Should().Be(itemSize);
        dtype.Kind.Should().Be(kind);
        dtype.ToTypeString().Should().Be(typeString);
        dtype.ToTypeString(Endian.Little).Should().Be(typeString);
        dtype.ToTypeString(Endian.Big).Should().Be(itemSize == 1 ? typeString : ">" + typeString[1..]);
        DataType.Parse(typeString).Should().BeSameAs(dtype);
        DataType.Parse(">" + typeString[1..]).Should().BeSameAs(dtype);
        DataType.Parse(typeString[1..]).Should().BeSameAs(dtype);
        DataType.Of(elementType).Should().BeSameAs(dtype);
        DataType.TryParse(name, out var parsed).Should().BeTrue();
        parsed.Should().BeSameAs(dtype);
    }

    [Fact]
    public void All_lists_the_fourteen_core_types_in_spec_order() =>
        DataType.All.Select(d => d.Name).Should().Equal(
            "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
            "float16", "float32", "float64", "complex64", "complex128");

    [Fact]
    public void Of_maps_every_element_type()
    {
        DataType.Of<bool>().Should().BeSameAs(DataType.Bool);
        DataType.Of<sbyte>().Should().BeSameAs(DataType.Int8);
        DataType.Of<short>().Should().BeSameAs(DataType.Int16);
        DataType.Of<int>().Should().BeSameAs(DataType.Int32);
        DataType.Of<long>().Should().BeSameAs(DataType.Int64);
        DataType.Of<byte>().Should().BeSameAs(DataType.UInt8);
        DataType.Of<ushort>().Should().BeSameAs(DataType.UInt16);
        DataType.Of<uint>().Should().BeSameAs(DataType.UInt32);
        DataType.Of<ulong>().Should().BeSameAs(DataType.UInt64);
        DataType.Of<Half>().Should().BeSameAs(DataType.Float16);
        DataType.Of<float>().Should().BeSameAs(DataType.Float32);
        DataType.Of<double>().Should().BeSameAs(DataType.Float64);
        DataType.Of<Complex64>().Should().BeSameAs(DataType.Complex64);
        DataType.Of<Complex>().Should().BeSameAs(DataType.Complex128);
    }

    [Fact]
    public void Of_rejects_unsupported_element_types()
    {
        FluentActions.Invoking(DataType.Of<decimal>).Should().Throw<ArgumentException>()
            .WithParameterName("elementType").WithMessage("*System.Decimal*not supported*Int32*Complex64*");
        FluentActions.Invoking(DataType.Of<string>).Should().Throw<ArgumentException>().WithMessage("*System.String*");
        FluentActions.Invoking(DataType.Of<char>).Should().Throw<ArgumentException>().WithMessage("*System.Char*");
        FluentActions.Invoking(() => DataType.Of(null!)).Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData("<f4", "float32", Endian.Little)]
    [InlineData(">i8", "int64", Endian.Big)]
    [InlineData("|b1", "bool", null)]
    [InlineData("|u1", "uint8", null)]
    [InlineData("u1", "uint8", null)]
    [InlineData("<i1", "int8", null)]
    [InlineData("?", "bool", null)]
    [InlineData("b1", "bool", null)]
    [InlineData("=i4", "int32", Endian.Little)]
    [InlineData("i4", "int32", Endian.Little)]
    [InlineData(">f2", "float16", Endian.Big)]
    [InlineData("<c8", "complex64", Endian.Little)]
    [InlineData(">c16", "complex128", Endian.Big)]
    [InlineData(">u2", "uint16", Endian.Big)]
    public void ParseTypeString_reads_type_and_byte_order(string typeString, string name, Endian? expected)
    {
        // The tests run on little-endian hosts; '=' and no prefix mean the host's order.
        Assert.SkipUnless(BitConverter.IsLittleEndian, "expected values assume a little-endian host");

        var dtype = DataType.ParseTypeString(typeString, out var byteOrder);

        dtype.Name.Should().Be(name);
        byteOrder.Should().Be(expected);
        DataType.Parse(typeString).Should().BeSameAs(dtype);
    }

    [Theory]
    [InlineData("")]
    [InlineData("float128")]
    [InlineData("Float32")]
    [InlineData(" int8")]
    [InlineData("int")]
    [InlineData("<f3")]
    [InlineData("<f16")]
    [InlineData("<")]
    [InlineData("f")]
    [InlineData("<S4")]
    [InlineData("|O")]
    [InlineData("<M8[ns]")]
    [InlineData("<i-4")]
    [InlineData("<i+4")]
    [InlineData("??")]
    public void Unknown_names_are_rejected_with_the_valid_ones_listed(string name)
    {
        FluentActions.Invoking(() => DataType.Parse(name)).Should().Throw<ArgumentException>()
            .WithParameterName(nameof(name))
            .WithMessage($"'{name}' is not a supported data type*bool, int8*complex128*'<f4'*");
        FluentActions.Invoking(() => DataType.ParseTypeString(name, out _)).Should().Throw<ArgumentException>()
            .WithMessage($"'{name}'*");
        DataType.TryParse(name, out var parsed).Should().BeFalse();
        parsed.Should().BeNull();
    }

    [Fact]
    public void A_huge_name_is_quoted_bounded()
    {
        string name = new('x', 10 << 20);

        string message = FluentActions.Invoking(() => DataType.Parse(name)).Should().Throw<ArgumentException>().Which.Message;

        message.Length.Should().BeLessThan(1000);
        message.Should().Match("'xxx*… (10485760 characters)' is not a supported data type*'<f4'*");
    }

    [Fact]
    public void Null_names_are_rejected()
    {
        FluentActions.Invoking(() => DataType.Parse(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DataType.ParseTypeString(null!, out _)).Should().Throw<ArgumentNullException>();
        DataType.TryParse(null, out _).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Accept_dispatches_on_the_element_type(DataType dtype) =>
        dtype.Accept(new ElementTypeName()).Should().Be(dtype.ElementType.Name);

    [Fact]
    public void Accept_rejects_null() =>
        FluentActions.Invoking(() => DataType.Int8.Accept<string>(null!)).Should().Throw<ArgumentNullException>();

    private readonly struct ElementTypeName : IDataTypeVisitor<string>
    {
        public string Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> => typeof(T).Name;
    }

    [Fact]
    public void A_pipe_on_a_multi_byte_typestring_means_native_order_and_errors_name_the_parameter()
    {
        DataType.ParseTypeString("|f4", out var order).Should().Be(DataType.Float32);
        order.Should().Be(BitConverter.IsLittleEndian ? Endian.Little : Endian.Big);
        var act = () => DataType.ParseTypeString("<x9", out _);
        act.Should().Throw<ArgumentException>().WithParameterName("typeString");
    }
}
