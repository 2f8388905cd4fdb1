namespace Zarr.Buffers.Tests;

public class BufferPrototypeTests
{
    [Fact]
    public void Default_is_the_cpu_pair()
    {
        BufferPrototype.Default.Buffer.BufferType.Should().Be<CpuBuffer>();
        BufferPrototype.Default.NDBuffer.NDBufferType.Should().Be<CpuNDBuffer>();
        BufferPrototype.Default.ToString().Should().Be("BufferPrototype(CpuBuffer, CpuNDBuffer)");
    }

    [Fact]
    public void Prototypes_of_the_same_classes_are_equal()
    {
        BufferPrototype.Of<CpuBuffer, CpuNDBuffer>().Should().Be(BufferPrototype.Default);
        new BufferPrototype(BufferFactory<CpuBuffer>.Instance, NDBufferFactory<CpuNDBuffer>.Instance)
            .GetHashCode().Should().Be(BufferPrototype.Default.GetHashCode());
        BufferPrototype.Of<OtherBuffer, CpuNDBuffer>().Should().NotBe(BufferPrototype.Default);
        BufferPrototype.Of<CpuBuffer, OtherNDBuffer>().Should().NotBe(BufferPrototype.Default);
    }

    [Fact]
    public void Null_factories_are_rejected()
    {
        var act = () => new BufferPrototype(null!, NDBufferFactory<CpuNDBuffer>.Instance);
        act.Should().Throw<ArgumentNullException>().WithParameterName("buffer");
        var act2 = () => new BufferPrototype(BufferFactory<CpuBuffer>.Instance, null!);
        act2.Should().Throw<ArgumentNullException>().WithParameterName("ndBuffer");
    }

    // zarr-python tests/test_buffer.py::test_numpy_buffer_prototype
    [Fact]
    public void Default_prototype_makes_host_buffers_and_as_scalar_needs_one_element()
    {
        var prototype = BufferPrototype.Default;

        var buffer = prototype.Buffer.CreateZeroLength();
        var ndBuffer = prototype.NDBuffer.Create([1, 2], DataType.Int64);

        buffer.Should().BeOfType<CpuBuffer>();
        buffer.Length.Should().Be(0);
        ndBuffer.Should().BeOfType<CpuNDBuffer>();
        ndBuffer.AsNDArrayLike().Should().BeOfType<NDArray>();
        FluentActions.Invoking(() => ndBuffer.AsScalar()).Should().Throw<InvalidOperationException>()
            .WithMessage("Buffer does not contain a single scalar value*");
    }

    // zarr-python tests/test_buffer.py::test_cpu_buffer_as_scalar
    [Fact]
    public void Rank_zero_buffer_as_scalar_is_its_element()
    {
        var buffer = BufferPrototype.Default.NDBuffer.Create([], DataType.Int64);

        buffer.AsScalar().Should().Be(0L);
        buffer.AsScalar<long>().Should().Be(buffer.AsTensor<long>()[0]);
    }

    [Fact]
    public void A_custom_prototype_makes_its_own_classes()
    {
        var prototype = BufferPrototype.Of<OtherBuffer, OtherNDBuffer>();

        prototype.Buffer.FromBytes([1, 2]).Should().BeOfType<OtherBuffer>();
        prototype.NDBuffer.Empty([2], DataType.UInt8).Should().BeOfType<OtherNDBuffer>();
        prototype.ToString().Should().Be("BufferPrototype(OtherBuffer, OtherNDBuffer)");
    }
}
