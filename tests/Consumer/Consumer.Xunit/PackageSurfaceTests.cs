using Xunit;
using Zarr.Buffers;

namespace Consumer.Xunit;

public class PackageSurfaceTests
{
    [Fact]
    public void Buffer_names_the_zarr_type_with_implicit_usings()
    {
        Buffer buffer = CpuBuffer.FromBytes([1, 2, 3]) + CpuBuffer.FromBytes([4]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer.ToBytes());
    }

    [Fact]
    public void System_Buffer_is_reached_by_its_full_name()
    {
        byte[] target = new byte[2];
        System.Buffer.BlockCopy(new byte[] { 5, 6, 7 }, 1, target, 0, 2);
        Assert.Equal(new byte[] { 6, 7 }, target);
    }
}
