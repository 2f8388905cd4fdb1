using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class ChunkSpecTests
{
    [Fact]
    public void Describes_shape_size_and_byte_length()
    {
        var spec = new ChunkSpec([4, 5], DataType.Float64, double.NaN);

        spec.Shape.ToArray().Should().Equal(4, 5);
        spec.Size.Should().Be(20);
        spec.ByteLength.Should().Be(160);
        spec.ToString().Should().Be("ChunkSpec([4, 5], float64, fill NaN)");
    }

    [Fact]
    public void Is_equal_by_shape_data_type_and_fill_value()
    {
        var spec = new ChunkSpec([4, 5], DataType.Int16, 7);

        spec.Should().Be(new ChunkSpec([4, 5], DataType.Int16, 7));
        spec.GetHashCode().Should().Be(new ChunkSpec([4, 5], DataType.Int16, 7).GetHashCode());
        spec.Should().NotBe(new ChunkSpec([5, 4], DataType.Int16, 7));
        spec.Should().NotBe(new ChunkSpec([4, 5], DataType.UInt16, 7));
        spec.Should().NotBe(new ChunkSpec([4, 5], DataType.Int16));
        spec.WithShape([5, 4]).Should().Be(new ChunkSpec([5, 4], DataType.Int16, 7));
    }

    [Fact]
    public void Copies_the_shape_it_is_given()
    {
        long[] shape = [2, 3];
        var spec = new ChunkSpec(shape, DataType.Int8);

        shape[0] = 9;

        spec.Shape.ToArray().Should().Equal(2, 3);
    }

    [Fact]
    public void Rejects_a_negative_length_and_a_missing_data_type()
    {
        var negative = () => new ChunkSpec([2, -1], DataType.Int8);
        var noType = () => new ChunkSpec([2], null!);

        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*-1*");
        noType.Should().Throw<ArgumentNullException>().WithParameterName("dtype");
    }

    [Theory]
    [InlineData(300)]
    [InlineData("abc")]
    [InlineData(double.NaN)]
    public void A_fill_value_the_data_type_cannot_hold_is_rejected_where_it_is_given(object fillValue)
    {
        var act = () => new ChunkSpec([4], DataType.UInt8, fillValue);

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(fillValue)).WithMessage($"*{fillValue}*uint8*");
    }
}
