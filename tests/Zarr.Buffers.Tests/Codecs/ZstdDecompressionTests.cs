using System.Runtime.InteropServices;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

// CI runs the zstd tests once as they are and once more with ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY=1, so both decoders serve
// every codec test; this checks that each run uses the decoder it means to.
public class ZstdDecompressionTests
{
    [Fact]
    public void Decodes_with_the_system_libzstd_on_Linux_unless_the_environment_switches_it_off()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libzstd.so.1", out _), "libzstd.so.1 does not load here");
        bool switchedOff = Environment.GetEnvironmentVariable(ZstdDecompression.DisableSystemLibraryVariable) is "1" or "true";

        ZstdDecompression.UsesSystemLibrary.Should().Be(!switchedOff);
    }

}
