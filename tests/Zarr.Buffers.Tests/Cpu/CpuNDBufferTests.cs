using System.Numerics.Tensors;

namespace Zarr.Buffers.Tests.Cpu;

public class CpuNDBufferTests
{
    public static TheoryData<long[], DataType, MemoryOrder> EmptyCases
    {
        get
        {
            // zarr-python tests/test_buffer.py::test_empty
            var data = new TheoryData<long[], DataType, MemoryOrder>();
            foreach (long[] shape in new long[][] { [1, 2], [1, 2, 3] })
            {
                foreach (var dtype in new[] { DataType.Int32, DataType.Float64 })
                {
                    foreach (var order in new[] { MemoryOrder.C, MemoryOrder.F })
                    {
                        data.Add(shape, dtype, order);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EmptyCases))]
    public void Empty_has_the_shape_type_and_layout_asked_for(long[] shape, DataType dtype, MemoryOrder order)
    {
        var buffer = CpuNDBuffer.Empty(shape, dtype, order);

        buffer.Shape.ToArray().Should().Equal(shape);
        buffer.DType.Should().BeSameAs(dtype);
        buffer.IsContiguous(order).Should().BeTrue();
        buffer.Should().BeOfType<CpuNDBuffer>();
        buffer.AsNDArrayLike().Should().BeOfType<NDArray>();
    }

    [Theory]
    [MemberData(nameof(EmptyCases))]
    public void Create_has_the_shape_type_and_layout_asked_for_and_zeros(long[] shape, DataType dtype, MemoryOrder order)
    {
        var buffer = CpuNDBuffer.Create(shape, dtype, order);

        buffer.Shape.ToArray().Should().Equal(shape);
        buffer.DType.Should().BeSameAs(dtype);
        buffer.IsContiguous(order).Should().BeTrue();
        buffer.AllEqual(0.0).Should().BeTrue();
    }

    [Fact]
    public void F_order_strides_are_column_major()
    {
        var buffer = CpuNDBuffer.Create([2, 3, 4], DataType.Int8, MemoryOrder.F);

        buffer.AsTensor<sbyte>().Strides.ToArray().Should().Equal(1, 2, 6);
        buffer.IsContiguous(MemoryOrder.C).Should().BeFalse();
        CpuNDBuffer.Create([2, 3, 4], DataType.Int8, MemoryOrder.K).IsContiguous(MemoryOrder.C).Should().BeTrue();
    }

    [Fact]
    public void Create_rejects_bad_arguments()
    {
        FluentActions.Invoking(() => CpuNDBuffer.Create([2, -1], DataType.Int32)).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("shape").WithMessage("*[2, -1]*negative*");
        FluentActions.Invoking(() => CpuNDBuffer.Empty([-3], DataType.Int32)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[-3]*");
        FluentActions.Invoking(() => CpuNDBuffer.Create([1L << 20, 1L << 20], DataType.Int8)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*[1048576, 1048576]*1099511627776 elements*");
        FluentActions.Invoking(() => CpuNDBuffer.Create([long.MaxValue, 2], DataType.Int8)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*[9223372036854775807, 2]*18446744073709551614 elements*");
        FluentActions.Invoking(() => CpuNDBuffer.Create([2], null!)).Should().Throw<ArgumentNullException>().WithParameterName("dtype");
        FluentActions.Invoking(() => CpuNDBuffer.Empty([2], null!)).Should().Throw<ArgumentNullException>().WithParameterName("dtype");
    }

    [Fact]
    public void FromArray_wraps_without_copying()
    {
        int[] values = [1, 2, 3, 4, 5, 6];
        var buffer = CpuNDBuffer.FromArray(values, [2, 3]);

        values[5] = 60;
        buffer[0..1, 0..1].Fill(10);

        buffer.AsTensor<int>()[1, 2].Should().Be(60);
        values[0].Should().Be(10);
        buffer.DType.Should().BeSameAs(DataType.Int32);
        buffer.Shape.ToArray().Should().Equal(2, 3);
    }

    [Fact]
    public void FromArray_of_one_value_with_an_empty_shape_is_a_scalar()
    {
        var scalar = CpuNDBuffer.FromArray([2.5], []);

        scalar.Rank.Should().Be(0);
        scalar.AsScalar().Should().Be(2.5);
    }

    [Theory]
    [InlineData(new long[] { 2, 2 }, 3)]
    [InlineData(new long[] { 4 }, 5)]
    [InlineData(new long[] { }, 0)]
    [InlineData(new long[] { }, 2)]
    [InlineData(new long[] { 0 }, 1)]
    public void FromArray_rejects_a_shape_that_does_not_match_the_values(long[] shape, int count)
    {
        var act = () => CpuNDBuffer.FromArray(new int[count], shape);

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(shape))
            .WithMessage($"*[{string.Join(", ", shape)}]*{count} values*");
    }

    [Fact]
    public void FromArray_rejects_bad_arguments()
    {
        FluentActions.Invoking(() => CpuNDBuffer.FromArray<int>(null!, [1])).Should().Throw<ArgumentNullException>().WithParameterName("values");
        FluentActions.Invoking(() => CpuNDBuffer.FromArray(new int[2], [-1, -2])).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*[-1, -2]*negative*");
        FluentActions.Invoking(() => CpuNDBuffer.FromArray(new decimal[2], [2])).Should().Throw<ArgumentException>().WithMessage("*System.Decimal*not supported*");
        FluentActions.Invoking(() => CpuNDBuffer.FromArray(new string[2], [2])).Should().Throw<ArgumentException>().WithMessage("*System.String*");
    }

    [Fact]
    public void FromTensor_wraps_without_copying_and_keeps_strides()
    {
        var tensor = Tensor.Create([1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);

        var buffer = CpuNDBuffer.FromTensor(tensor);
        var transposed = CpuNDBuffer.FromTensor(Tensor.PermuteDimensions(tensor, [1, 0]));
        tensor[1, 1] = 50f;

        buffer.DType.Should().BeSameAs(DataType.Float32);
        buffer.AsTensor<float>()[1, 1].Should().Be(50f);
        transposed.Shape.ToArray().Should().Equal(3, 2);
        transposed.AsTensor<float>()[1, 1].Should().Be(50f);
        transposed.IsContiguous(MemoryOrder.F).Should().BeTrue();
    }

    [Fact]
    public void FromTensor_rejects_unsupported_element_types()
    {
        FluentActions.Invoking(() => CpuNDBuffer.FromTensor(Tensor.Create([1m], [1]))).Should().Throw<ArgumentException>()
            .WithMessage("*System.Decimal*not supported*");
        FluentActions.Invoking(() => CpuNDBuffer.FromTensor(Tensor.Create(["a"], [1]))).Should().Throw<ArgumentException>()
            .WithMessage("*System.String*not supported*");
        FluentActions.Invoking(() => CpuNDBuffer.FromTensor<int>(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void FromNDArrayLike_wraps_the_very_same_array()
    {
        var array = NDArray.Wrap(Tensor.Create([1, 2], [2]));

        var buffer = CpuNDBuffer.FromNDArrayLike(array);

        buffer.AsNDArrayLike().Should().BeSameAs(array);
        FluentActions.Invoking(() => CpuNDBuffer.FromNDArrayLike(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Factory_makes_cpu_buffers()
    {
        var factory = CpuNDBuffer.Create([1], DataType.Int8).Factory;

        factory.Should().BeSameAs(NDBufferFactory<CpuNDBuffer>.Instance);
        factory.NDBufferType.Should().Be<CpuNDBuffer>();
        factory.Create([2], DataType.Int8, fillValue: 3).Should().BeOfType<CpuNDBuffer>().Which.AllEqual(3).Should().BeTrue();
        factory.Empty([2], DataType.Int8).Should().BeOfType<CpuNDBuffer>();
        factory.FromArray([1, 2], [2]).Should().BeOfType<CpuNDBuffer>();
        factory.FromTensor(Tensor.Create([1, 2], [2])).Should().BeOfType<CpuNDBuffer>();
        factory.FromNDArrayLike(NDArray.Wrap(Tensor.Create([1], [1]))).Should().BeOfType<CpuNDBuffer>();
        factory.ToString().Should().Be("CpuNDBuffer");
    }

    [Fact]
    public void Zero_length_buffers_of_any_rank()
    {
        var empty = CpuNDBuffer.Create([3, 0, 2], DataType.Float32, MemoryOrder.F, fillValue: 1);

        empty.Size.Should().Be(0);
        empty.Copy().Shape.ToArray().Should().Equal(3, 0, 2);
        empty.AsType(DataType.Int8).Size.Should().Be(0);
        empty.Transpose().Shape.ToArray().Should().Equal(2, 0, 3);
        empty.IsContiguous(MemoryOrder.C).Should().BeTrue();
        empty.IsContiguous(MemoryOrder.F).Should().BeTrue();
        CpuNDBuffer.Create([2, 0], DataType.Int8).IsContiguous(MemoryOrder.F).Should().BeTrue();
        empty.AllEqual(empty.Copy()).Should().BeTrue();
    }
}
