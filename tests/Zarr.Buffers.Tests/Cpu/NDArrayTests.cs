using System.Numerics.Tensors;

namespace Zarr.Buffers.Tests.Cpu;

public class NDArrayTests
{
    [Fact]
    public void Wrap_reads_data_type_and_shape_from_the_tensor()
    {
        var tensor = Tensor.Create([1L, 2, 3, 4, 5, 6], [3, 2]);

        var array = NDArray.Wrap(tensor);

        array.DType.Should().BeSameAs(DataType.Int64);
        array.Shape.ToArray().Should().Equal(3, 2);
        array.AsTensor<long>().Should().BeSameAs(tensor);
        array.ToString().Should().Be("NDArray(int64, [3, 2])");
    }

    [Fact]
    public void Wrap_with_an_empty_shape_is_a_scalar_over_one_element()
    {
        var array = NDArray.Wrap(Tensor.Create([7.5], [1]), []);

        array.Shape.IsEmpty.Should().BeTrue();
        CpuNDBuffer.FromNDArrayLike(array).AsScalar().Should().Be(7.5);
    }

    [Theory]
    [InlineData(new long[] { 3 })]
    [InlineData(new long[] { 2, 1 })]
    [InlineData(new long[] { })]
    public void Wrap_rejects_a_shape_that_does_not_match_the_tensor(long[] shape)
    {
        var act = () => NDArray.Wrap(Tensor.Create([1, 2], [2]), shape);

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(shape))
            .WithMessage($"*[{string.Join(", ", shape)}]*lengths [2]*");
    }

    [Fact]
    public void Wrap_rejects_unsupported_element_types_and_null()
    {
        FluentActions.Invoking(() => NDArray.Wrap(Tensor.Create([1m], [1]))).Should().Throw<ArgumentException>().WithMessage("*System.Decimal*");
        FluentActions.Invoking(() => NDArray.Wrap(Tensor.Create(["x"], [1]), [1])).Should().Throw<ArgumentException>().WithMessage("*System.String*");
        FluentActions.Invoking(() => NDArray.Wrap<int>(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => NDArray.Wrap<int>(null!, [1])).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AsTensor_of_the_wrong_type_names_both_types() =>
        FluentActions.Invoking(() => NDArray.Wrap(Tensor.Create([1, 2], [2])).AsTensor<uint>()).Should().Throw<InvalidCastException>()
            .WithMessage("*int32 (Int32)*not UInt32*AsTensor<Int32>*");

    [Fact]
    public void A_subclass_must_pass_a_tensor_of_the_data_type()
    {
        var act = () => new MislabelledArray();

        act.Should().Throw<ArgumentException>().WithMessage("*Tensor<Double> for float64*Tensor`1*");
    }

    private sealed class MislabelledArray() : NDArray(DataType.Float64, Tensor.Create([1], [1]), [1]);

    [Fact]
    public void CreateTensor_lays_values_out_from_an_offset_in_C_or_F_order()
    {
        int[] values = [-1, -1, 0, 1, 2, 3, 4, 5, -1];

        var c = NDArray.CreateTensor(values, 2, [2, 3]);
        var f = NDArray.CreateTensor(values, 2, [2, 3], MemoryOrder.F);

        c[1, 0].Should().Be(3);
        f[1, 0].Should().Be(1);
        f[0, 1].Should().Be(2);
        values[2] = 42;
        c[0, 0].Should().Be(42, "the tensor aliases the array");
    }

    [Fact]
    public void CreateTensor_holds_a_scalar_and_shapes_with_unit_or_empty_axes()
    {
        NDArray.CreateTensor(new[] { 0, 7 }, 1, []).Lengths.ToArray().Should().Equal(1);
        NDArray.CreateTensor(new[] { 1, 2, 3 }, 0, [3, 1], MemoryOrder.F)[2, 0].Should().Be(3);
        NDArray.CreateTensor(Array.Empty<int>(), 0, [0, 4]).FlattenedLength.Should().Be(0);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void CreateTensor_rejects_storage_that_does_not_hold_the_shape(int offset)
    {
        var act = () => NDArray.CreateTensor(new int[9], offset, [2, 3]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*offset {offset}*array of 9*");
    }
}
