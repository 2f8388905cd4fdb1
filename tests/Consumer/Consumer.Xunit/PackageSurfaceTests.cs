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
}
