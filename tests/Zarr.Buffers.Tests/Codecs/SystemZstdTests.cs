using Zarr.Codecs;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Buffers.Tests.Codecs;

// The system's libzstd must decode exactly as ZstdSharp does: the same bytes from every valid input, and the same error
// code from every invalid one, because the codecs treat "does not fit" (dstSize_tooSmall) apart from "corrupt".
public class SystemZstdTests
{
    private const string NoLibrary = "no system libzstd of version 1.4.4 or later loads here";

    private static readonly byte[] Compressible = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * i % 253))];

    private static readonly byte[] Incompressible = RandomBytes(70_000, seed: 5);

    // A skippable frame (magic 0x184D2A50, 4 bytes of length, then that many bytes that decode to nothing).
    private static readonly byte[] SkippableFrame = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3];

    public static TheoryData<string, byte[]> ValidInputs => new()
    {
        { "level 1", CodecTestData.ZstdFrame(Compressible, 1, checksum: false) },
        { "level 19 with checksum", CodecTestData.ZstdFrame(Compressible, 19, checksum: true) },
        { "level -5", CodecTestData.ZstdFrame(Compressible, -5, checksum: false) },
        { "incompressible (raw blocks)", CodecTestData.ZstdFrame(Incompressible, 3, checksum: true) },
        { "empty content", CodecTestData.ZstdFrame([], 3, checksum: false) },
        { "no bytes at all (no frame, nothing decoded)", [] },
        { "one byte", CodecTestData.ZstdFrame([42], 3, checksum: true) },
        { "three frames", [.. CodecTestData.ZstdFrame(Compressible, 1, false), .. CodecTestData.ZstdFrame(Incompressible, 1, true), .. CodecTestData.ZstdFrame([7], 1, false)] },
        { "a skippable frame between two", [.. CodecTestData.ZstdFrame([1, 2], 1, false), .. SkippableFrame, .. CodecTestData.ZstdFrame(Compressible, 1, false)] },
        { "no content size (streamed)", CodecTestData.StreamedZstdFrame(Compressible) },
    };

    public static TheoryData<string, byte[], int> InvalidInputs => new()
    {
        { "not zstd", "plain text, not zstd at all"u8.ToArray(), 100 },
        { "truncated", CodecTestData.ZstdFrame(Compressible, 1, false)[..^7], Compressible.Length },
        { "bad checksum", FlipLastByte(CodecTestData.ZstdFrame(Compressible, 1, checksum: true)), Compressible.Length },
        { "bad block header", Corrupt(CodecTestData.ZstdFrame(Compressible, 1, false), at: 9), Compressible.Length },
        { "trailing garbage", [.. CodecTestData.ZstdFrame([1, 2, 3], 1, false), 0x01, 0x02], 100 },
        { "one byte too little room", CodecTestData.ZstdFrame(Compressible, 1, false), Compressible.Length - 1 },
        { "no room at all", CodecTestData.ZstdFrame(Compressible, 1, false), 0 },
        { "no room, no content size", CodecTestData.StreamedZstdFrame(Compressible), Compressible.Length - 1 },
    };

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Decodes_every_valid_input_to_what_ZstdSharp_decodes(string what, byte[] frames)
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, NoLibrary);
        byte[] expected = new byte[Compressible.Length + Incompressible.Length + 16];
        int expectedLength = CodecTestData.ZstdSharpDecode(frames, expected);
        byte[] actual = new byte[expected.Length];

        int length = SystemZstd.Decompress(frames, actual);

        length.Should().Be(expectedLength, what);
        actual.AsSpan(0, length).ToArray().Should().Equal(expected.AsSpan(0, length).ToArray(), what);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Fails_every_invalid_input_with_ZstdSharps_error_code(string what, byte[] frames, int room)
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, NoLibrary);
        var managed = () => CodecTestData.ZstdSharpDecode(frames, new byte[room]);
        var expected = managed.Should().Throw<ZstdException>(what).Which.Code;

        var native = () => SystemZstd.Decompress(frames, new byte[room]);

        native.Should().Throw<ZstdException>(what).Which.Code.Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Writes_nothing_outside_the_destination_it_is_given(string what, byte[] frames)
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, NoLibrary);
        const int Canary = 4096;
        byte[] buffer = new byte[Canary + Compressible.Length + Incompressible.Length + 16 + Canary];
        buffer.AsSpan().Fill(0xEE);
        var middle = buffer.AsSpan(Canary, buffer.Length - (2 * Canary));

        int written = SystemZstd.Decompress(frames, middle);
        var tooSmall = () => SystemZstd.Decompress(frames, buffer.AsSpan(Canary, Math.Max(written - 1, 0)));

        if (written > 0)
        {
            tooSmall.Should().Throw<ZstdException>(what).Which.Code.Should().Be(ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall);
        }

        buffer.AsSpan(0, Canary).IndexOfAnyExcept((byte)0xEE).Should().Be(-1, what);
        buffer.AsSpan(buffer.Length - Canary).IndexOfAnyExcept((byte)0xEE).Should().Be(-1, what);
    }

    [Fact]
    public void Names_the_error_as_libzstd_does()
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, NoLibrary);

        var act = () => SystemZstd.Decompress(CodecTestData.ZstdFrame(Compressible, 1, false), new byte[10]);

        act.Should().Throw<ZstdException>().Where(e => e.Code == ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall)
            .WithMessage("Destination buffer is too small");
    }

    [Fact]
    public void Each_thread_decodes_with_its_own_context_at_the_same_time()
    {
        Assert.SkipUnless(SystemZstd.IsAvailable, NoLibrary);
        byte[][] inputs = [.. Enumerable.Range(0, 8).Select(i => RandomBytes(20_000 + (i * 1_000), seed: i))];
        byte[][] frames = [.. inputs.Select((input, i) => CodecTestData.ZstdFrame(input, level: i - 2, checksum: i % 2 == 0))];

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] output = new byte[inputs[i % 8].Length];
            SystemZstd.Decompress(frames[i % 8], output).Should().Be(output.Length);
            output.Should().Equal(inputs[i % 8]);
        });
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] FlipLastByte(byte[] frame)
    {
        frame[^1] ^= 0xFF;
        return frame;
    }

    private static byte[] Corrupt(byte[] frame, int at)
    {
        frame[at] = 0xFF;
        return frame;
    }
}
