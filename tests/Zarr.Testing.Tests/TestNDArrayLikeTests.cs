using System.Numerics;
using System.Numerics.Tensors;
using Zarr.Buffers;

namespace Zarr.Testing.Tests;

public class TestNDArrayLikeTests
{
    [Fact]
    public void Wrap_aliases_the_tensor_and_takes_its_shape()
    {
        int[] values = [1, 2, 3, 4, 5, 6];
        var tensor = Tensor.Create(values, [2, 3]);

        var array = TestNDArrayLike.Wrap(tensor);

        array.Should().BeAssignableTo<NDArray>();
        array.DType.Should().Be(DataType.Int32);
        array.Shape.ToArray().Should().Equal(2, 3);
        array.AsTensor<int>().Should().BeSameAs(tensor);
        array.Storage.Should().BeNull();
        array.StorageOffset.Should().Be(0);
    }

    [Fact]
    public void Wrap_with_an_empty_shape_is_a_scalar()
    {
        var array = TestNDArrayLike.Wrap(Tensor.Create(new[] { 2.5 }, [1]), []);

        array.Shape.IsEmpty.Should().BeTrue();
        array.DType.Should().Be(DataType.Float64);
    }

    public static TheoryData<DataType> AllDataTypes => new(DataType.All);

    [Theory]
    [MemberData(nameof(AllDataTypes))]
    public void Wraps_every_supported_element_type(DataType dtype)
    {
        var array = dtype.Accept(new WrapOne());

        array.Should().BeOfType<TestNDArrayLike>();
        array.DType.Should().Be(dtype);
    }

    [Fact]
    public void Unsupported_element_types_and_mismatched_shapes_are_rejected()
    {
        var unsupported = () => TestNDArrayLike.Wrap(Tensor.Create(new[] { "a" }, [1]));
        var mismatched = () => TestNDArrayLike.Wrap(Tensor.Create(new[] { 1, 2 }, [2]), [3]);
        var nullTensor = () => TestNDArrayLike.Wrap<int>(null!);

        unsupported.Should().Throw<ArgumentException>();
        mismatched.Should().Throw<ArgumentException>().WithMessage("*[3]*[2]*");
        nullTensor.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AsTensor_of_the_wrong_type_names_both_types()
    {
        var array = TestNDArrayLike.Wrap(Tensor.Create(new Complex[] { Complex.One }, [1]));

        var act = () => array.AsTensor<double>();

        act.Should().Throw<InvalidCastException>().WithMessage("*complex128*Double*");
    }

    private readonly struct WrapOne : IDataTypeVisitor<TestNDArrayLike>
    {
        public TestNDArrayLike Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> => TestNDArrayLike.Wrap(Tensor.Create(new T[3], [3]));
    }
}
