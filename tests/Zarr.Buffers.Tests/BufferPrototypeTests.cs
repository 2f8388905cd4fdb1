using Zarr.Buffers;

namespace Zarr.Buffers.Tests;

public class BufferPrototypeTests
{
    [Fact]
    public void Default_is_the_cpu_pair()
    {
        BufferPrototype.Default.Buffer.BufferType.Should().Be<CpuBuffer>();
        BufferPrototype.Default.NDBuffer.NDBufferType.Should().Be<CpuNDBuffer>();
    }

    [Fact]
    public void Prototypes_of_the_same_classes_are_equal()
    {
        BufferPrototype.Of<CpuBuffer, CpuNDBuffer>().Should().Be(BufferPrototype.Default);
        new BufferPrototype(BufferFactory<CpuBuffer>.Instance, NDBufferFactory<CpuNDBuffer>.Instance)
            .GetHashCode().Should().Be(BufferPrototype.Default.GetHashCode());
    }

    [Fact]
    public void Null_factories_are_rejected()
    {
        var act = () => new BufferPrototype(null!, NDBufferFactory<CpuNDBuffer>.Instance);
        act.Should().Throw<ArgumentNullException>().WithParameterName("buffer");
    }
}
