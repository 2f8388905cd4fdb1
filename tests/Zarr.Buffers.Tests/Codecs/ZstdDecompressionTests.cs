using Zarr.Codecs;
using ZstdSharp;

namespace Zarr.Buffers.Tests.Codecs;

// CI runs the zstd tests once as they are and once more with ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY=1, so both decoders serve
// every codec test; the first test checks that each run uses the decoder it means to.
public class ZstdDecompressionTests
{
    private static readonly byte[] Current = CodecTestData.ZstdFrame(new byte[1000], level: 1, checksum: false);

    // zstd 0.7's magic before a current frame's body: a libzstd built with legacy support takes it for a 0.7 frame.
    private static readonly byte[] Legacy = [0x27, 0xB5, 0x2F, 0xFD, .. Current[4..]];

    private static readonly byte[] Streamed = CodecTestData.StreamedZstdFrame(new byte[500]);

    [Fact]
    public void Decodes_with_the_system_libzstd_where_it_loads_unless_the_environment_switches_it_off()
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, "no system libzstd of version 1.4.4 or later loads here");
        bool switchedOff = ZstdDecompression.SwitchedOff(null, Environment.GetEnvironmentVariable(ZstdDecompression.DisableSystemLibraryVariable));

        ZstdDecompression.UsesSystemLibrary.Should().Be(!switchedOff);
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
    public void Reads_the_AppContext_switch_by_its_documented_name()
    {
        // The process's choice is made before the switch changes, so this test cannot change the decoder of the others.
        _ = ZstdDecompression.UsesSystemLibrary;

        AppContext.SetSwitch("Zarr.Codecs.Zstd.DisableSystemLibrary", true);
        bool on = ZstdDecompression.SwitchedOff();
        AppContext.SetSwitch("Zarr.Codecs.Zstd.DisableSystemLibrary", false);
        bool off = ZstdDecompression.SwitchedOff();

        on.Should().BeTrue();
        off.Should().BeFalse();
    }

    public static TheoryData<string, byte[], bool> Inputs => new()
    {
        { "a current frame", Current, true },
        { "a streamed frame (no content size)", Streamed, true },
        { "two current frames", [.. Current, .. Streamed], true },
        { "no bytes", [], true },
        { "a zstd 0.7 frame", Legacy, false },
        { "a zstd 0.7 frame after a streamed frame", [.. Streamed, .. Legacy], false },
        { "a zstd 0.7 frame after a current frame", [.. Current, .. Legacy], false },
        { "a truncated frame", Current[..^3], false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Hands_libzstd_only_what_ZstdSharp_can_walk(string what, byte[] frames, bool walkable)
    {
        ZstdDecompression.DecodesWithSystemLibrary(frames).Should().Be(walkable && ZstdDecompression.UsesSystemLibrary, what);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Refuses_a_frame_of_zstd_0_7_as_ZstdSharp_does_whichever_decoder_is_in_use(bool afterAStreamedFrame)
    {
        byte[] frames = afterAStreamedFrame ? [.. Streamed, .. Legacy] : Legacy;
        var managed = () => CodecTestData.ZstdSharpDecode(frames, new byte[1500]);
        var expected = managed.Should().Throw<ZstdException>().Which.Code;

        var act = () => ZstdDecompression.Decompress(frames, new byte[1500]);

        act.Should().Throw<ZstdException>().Which.Code.Should().Be(expected);
    }
}
