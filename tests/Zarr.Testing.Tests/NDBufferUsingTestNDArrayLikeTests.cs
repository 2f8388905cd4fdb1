using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Zarr.Buffers;

namespace Zarr.Testing.Tests;

public class NDBufferUsingTestNDArrayLikeTests
{
    public static TheoryData<DataType> AllDataTypes => new(DataType.All);

    public static TheoryData<long[], MemoryOrder> Shapes => new()
    {
        { [], MemoryOrder.C },
        { [0], MemoryOrder.C },
        { [0, 3], MemoryOrder.F },
        { [1], MemoryOrder.C },
        { [1, 3, 1], MemoryOrder.C },
        { [2, 3], MemoryOrder.F },
        { [2, 3, 4], MemoryOrder.K },
    };

    [Theory]
    [MemberData(nameof(AllDataTypes))]
    public void Create_zero_fills_padded_offset_storage_of_every_data_type(DataType dtype)
    {
        var buffer = NDBufferUsingTestNDArrayLike.Create([2, 3], dtype);

        var array = AssertTestArray(buffer);
        array.DType.Should().Be(dtype);
        buffer.AllEqual(0).Should().BeTrue();
        PaddingBytes(array).Should().OnlyContain(b => b == TestBuffer.PaddingByte);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Create_and_Empty_honour_shape_and_order(long[] shape, MemoryOrder order)
    {
        var created = NDBufferUsingTestNDArrayLike.Create(shape, DataType.Int16, order, fillValue: 7);
        var empty = NDBufferUsingTestNDArrayLike.Empty(shape, DataType.Int16, order);

        foreach (var buffer in new[] { created, empty })
        {
            AssertTestArray(buffer);
            buffer.Shape.ToArray().Should().Equal(shape);
            buffer.IsContiguous(order == MemoryOrder.F ? MemoryOrder.F : MemoryOrder.C).Should().BeTrue();
        }

        created.AllEqual(7).Should().BeTrue();
    }

    [Fact]
    public void Empty_is_not_zeroed_but_full_of_the_padding_byte()
    {
        var buffer = NDBufferUsingTestNDArrayLike.Empty([3, 2], DataType.UInt8);

        buffer.AllEqual(TestBuffer.PaddingByte).Should().BeTrue();
        AllStorageBytes(AssertTestArray(buffer)).Should().OnlyContain(b => b == TestBuffer.PaddingByte);
    }

    [Fact]
    public void Bad_shapes_and_data_types_are_rejected()
    {
        var negative = () => NDBufferUsingTestNDArrayLike.Create([2, -1], DataType.Int8);
        var huge = () => NDBufferUsingTestNDArrayLike.Empty([long.MaxValue, 2], DataType.Int8);
        var nullType = () => NDBufferUsingTestNDArrayLike.Empty([2], null!);

        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[2, -1]*negative*");
        huge.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*more than*");
        nullType.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void FromArray_copies_into_padded_storage()
    {
        int[] values = [1, 2, 3, 4, 5, 6];

        var buffer = NDBufferUsingTestNDArrayLike.FromArray(values, [2, 3]);
        values[0] = 99;

        AssertTestArray(buffer);
        buffer.AsTensor<int>().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
        buffer.Shape.ToArray().Should().Equal(2, 3);
    }

    [Fact]
    public void FromArray_of_a_scalar_and_bad_input()
    {
        NDBufferUsingTestNDArrayLike.FromArray([4.5f], []).AsScalar().Should().Be(4.5f);

        var mismatch = () => NDBufferUsingTestNDArrayLike.FromArray([1, 2, 3], [2, 2]);
        var negative = () => NDBufferUsingTestNDArrayLike.FromArray([1], [-1]);
        var unsupported = () => NDBufferUsingTestNDArrayLike.FromArray(["a"], [1]);
        mismatch.Should().Throw<ArgumentException>().WithParameterName("shape").WithMessage("*[2, 2] holds 4 elements but 3*");
        negative.Should().Throw<ArgumentOutOfRangeException>();
        unsupported.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void FromTensor_copies_even_a_strided_view_in_C_order()
    {
        var source = Tensor.Create(new long[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var transposed = Tensor.PermuteDimensions(source, [1, 0]);

        var buffer = NDBufferUsingTestNDArrayLike.FromTensor(transposed);
        source[0, 0] = 99;

        AssertTestArray(buffer);
        buffer.Shape.ToArray().Should().Equal(3, 2);
        buffer.AsTensor<long>().ToArray().Should().Equal(1, 4, 2, 5, 3, 6);
    }

    [Fact]
    public void FromNDArrayLike_wraps_without_copying()
    {
        var test = TestNDArrayLike.Wrap(Tensor.Create(new[] { 1, 2 }, [2]));
        var plainTensor = Tensor.Create(new[] { 1, 2 }, [2]);

        NDBufferUsingTestNDArrayLike.FromNDArrayLike(test).AsNDArrayLike().Should().BeSameAs(test);
        var rewrapped = NDBufferUsingTestNDArrayLike.FromNDArrayLike(CpuNDBuffer.FromTensor(plainTensor).AsNDArrayLike());
        rewrapped.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        rewrapped.AsTensor<int>().Should().BeSameAs(plainTensor);
    }

    [Fact]
    public void Prototype_factories_make_this_class()
    {
        var factory = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>().NDBuffer;

        factory.NDBufferType.Should().Be<NDBufferUsingTestNDArrayLike>();
        AssertTestArray(factory.Create([2], DataType.Float32));
        AssertTestArray(factory.Empty([2], DataType.Float32));
        AssertTestArray(factory.FromArray(new[] { 1f, 2f }, [2]));
        AssertTestArray(factory.FromTensor(Tensor.Create(new[] { 1f, 2f }, [2])));
        factory.FromNDArrayLike(TestNDArrayLike.Wrap(Tensor.Create(new[] { 1f }, [1])))
            .AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
    }

    [Fact]
    public void Every_operation_keeps_the_class_and_the_array_like()
    {
        var buffer = NDBufferUsingTestNDArrayLike.FromArray([0, 1, 2, 3, 4, 5], [1, 2, 3]);

        var results = new Dictionary<string, NDBuffer>
        {
            ["Copy"] = buffer.Copy(),
            ["AsType"] = buffer.AsType(DataType.Float64),
            ["AsType F"] = buffer.AsType(DataType.Int64, MemoryOrder.F),
            ["Reshape"] = buffer.Reshape(3, -1),
            ["Reshape of a transposed view"] = buffer.Transpose().Reshape(6),
            ["Squeeze"] = buffer.Squeeze(),
            ["Transpose"] = buffer.Transpose(2, 0, 1),
            ["Selection"] = buffer[.., 1..2, 1..],
            ["Scalar selection"] = buffer.Reshape(6)[3..4].Reshape(),
        };

        foreach (var (name, result) in results)
        {
            result.Should().BeOfType<NDBufferUsingTestNDArrayLike>(name);
            result.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>(name);
        }

        results["AsType"].AsTensor<double>().ToArray().Should().Equal(0, 1, 2, 3, 4, 5);
        results["Reshape of a transposed view"].AsTensor<int>().ToArray().Should().Equal(0, 3, 1, 4, 2, 5);
        results["Selection"].AsTensor<int>().ToArray().Should().Equal(4, 5);
        results["Scalar selection"].AsScalar().Should().Be(3);
        ((TestNDArrayLike)results["Copy"].AsNDArrayLike()).Storage.Should().NotBeNull("copies allocate through the class's own padded Empty");
    }

    [Fact]
    public void Selection_set_writes_through_the_offset()
    {
        var buffer = NDBufferUsingTestNDArrayLike.Create([2, 2], DataType.Int32);

        buffer[1..2, 0..1] = NDBufferUsingTestNDArrayLike.FromArray([5], []);

        buffer.AsTensor<int>().ToArray().Should().Equal(0, 0, 5, 0);
        PaddingBytes(AssertTestArray(buffer)).Should().OnlyContain(b => b == TestBuffer.PaddingByte);
    }

    private static TestNDArrayLike AssertTestArray(NDBuffer buffer)
    {
        buffer.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        var array = buffer.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>().Subject;
        array.Storage.Should().NotBeNull();
        array.StorageOffset.Should().BeGreaterThan(0);
        array.Storage!.Length.Should().BeGreaterThan(array.StorageOffset + (int)buffer.Size);
        return array;
    }

    private static byte[] AllStorageBytes(TestNDArrayLike array)
    {
        var storage = array.Storage!;
        return MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(storage), storage.Length * array.DType.ItemSize).ToArray();
    }

    private static byte[] PaddingBytes(TestNDArrayLike array)
    {
        byte[] all = AllStorageBytes(array);
        int itemSize = array.DType.ItemSize;
        long size = 1;
        foreach (long length in array.Shape)
        {
            size *= length;
        }

        int dataStart = array.StorageOffset * itemSize;
        int dataEnd = dataStart + (int)size * itemSize;
        return [.. all.AsSpan(0, dataStart), .. all.AsSpan(dataEnd)];
    }
}
