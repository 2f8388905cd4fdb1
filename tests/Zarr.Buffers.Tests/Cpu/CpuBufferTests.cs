namespace Zarr.Buffers.Tests.Cpu;

public class CpuBufferTests
{
    [Fact]
    public void FromArrayLike_wraps_without_copying()
    {
        byte[] array = [1, 2, 3, 4];
        var buffer = CpuBuffer.FromArrayLike(array.AsMemory(1, 2));

        array[1] = 9;
        buffer.AsArrayLike().Span[1] = 8;

        buffer.ToBytes().Should().Equal(9, 8);
        array.Should().Equal(1, 9, 8, 4);
    }

    [Fact]
    public void FromBytes_copies()
    {
        byte[] array = [1, 2];
        var buffer = CpuBuffer.FromBytes(array);

        array[0] = 9;

        buffer.ToBytes().Should().Equal(1, 2);
        buffer.Should().BeOfType<CpuBuffer>();
    }

    [Fact]
    public void FromBuffer_retypes_and_shares_memory()
    {
        var source = OtherBuffer.FromBytes("xy"u8);

        var retyped = CpuBuffer.FromBuffer(source);
        retyped.AsArrayLike().Span[0] = (byte)'z';

        retyped.Should().BeOfType<CpuBuffer>();
        source.ToBytes().Should().Equal((byte)'z', (byte)'y');
        OtherBuffer.FromBuffer(retyped).Should().BeOfType<OtherBuffer>();
    }

    [Fact]
    public void FromBuffer_rejects_null() =>
        FluentActions.Invoking(() => CpuBuffer.FromBuffer(null!)).Should().Throw<ArgumentNullException>().WithParameterName("buffer");

    [Fact]
    public void CreateZeroLength_is_empty() =>
        CpuBuffer.CreateZeroLength().Should().BeOfType<CpuBuffer>().Which.Length.Should().Be(0);

    [Fact]
    public void Factory_makes_cpu_buffers()
    {
        var factory = CpuBuffer.CreateZeroLength().Factory;

        factory.Should().BeSameAs(BufferFactory<CpuBuffer>.Instance);
        factory.BufferType.Should().Be<CpuBuffer>();
        factory.FromBytes([1]).Should().BeOfType<CpuBuffer>();
        factory.FromArrayLike(new byte[2]).Should().BeOfType<CpuBuffer>();
        factory.FromBuffer(OtherBuffer.FromBytes([1])).Should().BeOfType<CpuBuffer>();
        factory.CreateZeroLength().Should().BeOfType<CpuBuffer>();
        factory.ToString().Should().Be("CpuBuffer");
    }
}
