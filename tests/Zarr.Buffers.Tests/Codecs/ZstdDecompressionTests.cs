using Zarr.Codecs;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Buffers.Tests.Codecs;

// CI runs the zstd tests once as they are and once more with ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY=1, so both decoders serve
// every codec test; the first test checks that each run uses the decoder it means to.
public class ZstdDecompressionTests
{
    [Fact]
    public void Decodes_with_the_system_libzstd_where_it_loads_unless_the_environment_switches_it_off()
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, "no system libzstd of version 1.4.4 or later loads here");
        bool variableSet = Environment.GetEnvironmentVariable(ZstdDecompression.DisableSystemLibraryVariable) is not null;

        ZstdDecompression.UsesSystemLibrary.Should().Be(!variableSet);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "1", true)]
    [InlineData(null, "true", true)]
    [InlineData(null, "TRUE", true)]
    [InlineData(null, "0", false)]
    [InlineData(null, "false", false)]
    [InlineData(null, "yes", false)]
    [InlineData(null, "", false)]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(false, "1", false)]
    [InlineData(true, "0", true)]
    public void The_switch_wins_over_the_variable(bool? appContextSwitch, string? variable, bool off)
    {
        ZstdDecompression.SwitchedOff(appContextSwitch, variable).Should().Be(off);
    }

    [Fact]
    public void Refuses_a_frame_of_zstd_0_7_as_ZstdSharp_does_whichever_decoder_is_in_use()
    {
        byte[] current = new Compressor(1).Wrap(new byte[1000]).ToArray();
        byte[] legacy = [0x27, 0xB5, 0x2F, 0xFD, .. current[4..]];

        var act = () => ZstdDecompression.Decompress(legacy, new byte[1000]);

        act.Should().Throw<ZstdException>().Which.Code.Should().Be(ZSTD_ErrorCode.ZSTD_error_prefix_unknown);
    }
}
