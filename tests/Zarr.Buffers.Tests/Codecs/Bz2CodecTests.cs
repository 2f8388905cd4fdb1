using System.Text.Json;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class Bz2CodecTests
{
    private static readonly byte[] Hello = "hello zarr hello zarr hello zarr"u8.ToArray();

    private static readonly ChunkSpec Spec = new([Hello.Length], DataType.UInt8);

    // numcodecs.BZ2(level=9).encode(b"hello zarr hello zarr hello zarr") from numcodecs 0.11.
    private static readonly byte[] NumcodecsBz2 = Convert.FromHexString(
        "425a68393141592653597e9cdeca0000059180400022449010200021b503210c086990666a644610d3c5dc914e14241fa737b280");

    public static TheoryData<string, int, int> Inputs => new()
    {
        { "empty", 0, 1 },
        { "one byte", 1, 9 },
        { "compressible", 300_000, 1 },
        { "compressible", 300_000, 9 },
        { "incompressible", 300_000, 1 },
    };

    [Fact]
    public void Decodes_what_numcodecs_wrote_both_ways()
    {
        var codec = new Bz2Codec();
        var destination = new byte[Hello.Length];

        codec.Decode(CpuBuffer.FromBytes(NumcodecsBz2), Spec, BufferPrototype.Default).ToBytes().Should().Equal(Hello);
        codec.DecodeInto(CpuBuffer.FromBytes(NumcodecsBz2), Spec, BufferPrototype.Default, destination);
        destination.Should().Equal(Hello);
    }

    // numcodecs.BZ2(level=1).encode(b"hello ") + numcodecs.BZ2(level=1).encode(b"zarr"). numcodecs (Python's bz2.decompress)
    // decodes both streams; SharpZipLib decoded only the first, so the codec returned a prefix of the data. Decoding them
    // all costs SharpZipLib a block's tables per stream (80 s for 1 MiB of tiny streams), so a second stream is refused.
    private static readonly byte[] TwoNumcodecsStreams = Convert.FromHexString(
        "425a68313141592653597669e0d4000001110040000244a00030cd00c34629971772453850907669e0d4425a6831314159265359c5730d08000001818020001010200021981984742ee48a70a1218ae61a10");

    // Also the beginnings of a header after the first stream, which bz2.decompress reports as a stream ended early.
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_second_stream_after_the_first_is_invalid_data_not_dropped(int secondLength)
    {
        int firstLength = Array.IndexOf(TwoNumcodecsStreams, (byte)'B', 1);
        byte[] encoded = secondLength < 0 ? TwoNumcodecsStreams : TwoNumcodecsStreams[..(firstLength + secondLength)];

        var decode = () => new Bz2Codec().Decode(CpuBuffer.FromBytes(encoded), Spec, BufferPrototype.Default);
        var decodeInto = () => new Bz2Codec().DecodeInto(CpuBuffer.FromBytes(encoded), Spec, BufferPrototype.Default, new byte[6]);

        decode.Should().Throw<InvalidDataException>().WithMessage($"*bz2 data*another bzip2 stream after the first, at byte {firstLength}*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage($"*bz2 data*another bzip2 stream after the first, at byte {firstLength}*");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Round_trips_through_the_prototype(string kind, int length, int level)
    {
        var codec = new Bz2Codec(level);
        byte[] data = CodecTestData.Bytes(kind, length);

        var (encoded, decoded, destination) = CodecTestData.RoundTrip(codec, data, Spec, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        encoded.AsSpan()[..4].ToArray().Should().Equal((byte)'B', (byte)'Z', (byte)'h', (byte)('0' + level));
        decoded.ToBytes().Should().Equal(data);
        destination.Should().Equal(data);
        encoded.Length.Should().BeLessThanOrEqualTo((int)((IBytesBytesCodec)codec).MaxEncodedLength(length, Spec));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10)]
    public void A_level_outside_1_to_9_is_rejected_and_named(int level)
    {
        var act = () => new Bz2Codec(level);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*1 to 9*got {level}*");
    }

    [Fact]
    public void Empty_data_is_invalid_data()
    {
        var act = () => new Bz2Codec().Decode(CpuBuffer.FromBytes([]), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*bz2 data is empty*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(40)]
    public void A_stream_cut_short_is_invalid_data_not_a_prefix(int cut)
    {
        var codec = new Bz2Codec();
        byte[] data = CodecTestData.Bytes("incompressible", 5000);
        var truncated = CodecTestData.CutShort(codec, data, Spec, cut);

        var decode = () => codec.Decode(truncated, Spec, BufferPrototype.Default);
        var decodeInto = () => codec.DecodeInto(truncated, Spec, BufferPrototype.Default, new byte[data.Length]);

        decode.Should().Throw<InvalidDataException>().WithMessage("*bz2 data*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage("*bz2 data*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(40)]
    [InlineData(50)]
    public void A_flipped_byte_is_invalid_data_not_garbage(int index)
    {
        byte[] corrupt = [.. NumcodecsBz2];
        corrupt[index] ^= 0x55;

        var act = () => new Bz2Codec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*bz2 data*corrupt or truncated*");
    }

    // Except a flip that leaves the block-size digit a digit (9 to 8 or 1): the stream is then still valid, its block
    // being small. SharpZipLib threw IndexOutOfRangeException for bit 115 of numcodecs' stream.
    [Theory]
    [InlineData(0)]
    [InlineData(3000)]
    public void Every_single_bit_flip_is_invalid_data(int extraLength)
    {
        byte[] encoded = extraLength == 0 ? NumcodecsBz2
            : new Bz2Codec(9).Encode(CpuBuffer.FromBytes([.. Hello, .. CodecTestData.Bytes("compressible", extraLength)]), Spec, BufferPrototype.Default).ToBytes();

        var failures = CodecTestData.SingleBitFlipFailures(
            encoded, corrupt => new Bz2Codec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default),
            mustFail: corrupt => corrupt[3] is not (>= (byte)'1' and <= (byte)'9'));

        failures.Should().BeEmpty();
    }

    // SharpZipLib threw NullReferenceException for some of these (about 1 in 150).
    [Fact]
    public void Random_corruption_is_invalid_data_or_a_valid_stream()
    {
        byte[] encoded = new Bz2Codec(9).Encode(CpuBuffer.FromBytes(CodecTestData.Bytes("compressible", 3000)), Spec, BufferPrototype.Default).ToBytes();
        var random = new Random(1);
        var failures = new List<string>();
        for (int i = 0; i < 1500; i++)
        {
            byte[] corrupt = [.. encoded];
            for (int k = random.Next(1, 6); k > 0; k--)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            var thrown = Record.Exception(() => new Bz2Codec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default, 1 << 16));
            if (thrown is not (null or InvalidDataException))
            {
                failures.Add($"case {i}: {thrown.GetType().Name}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Decoding_into_a_chunk_of_another_length_fails_naming_both_lengths()
    {
        var shorter = () => new Bz2Codec().DecodeInto(CpuBuffer.FromBytes(NumcodecsBz2), Spec, BufferPrototype.Default, new byte[Hello.Length + 1]);
        var longer = () => new Bz2Codec().DecodeInto(CpuBuffer.FromBytes(NumcodecsBz2), Spec, BufferPrototype.Default, new byte[Hello.Length - 1]);

        shorter.Should().Throw<InvalidDataException>().WithMessage($"*decodes to {Hello.Length} bytes*chunk takes {Hello.Length + 1}*");
        longer.Should().Throw<InvalidDataException>().WithMessage($"*decodes to more than {Hello.Length - 1} bytes*");
    }

    // bzip2 decoders hold a whole block (up to 900 kB, about 4.5 MB of tables in SharpZipLib) whatever the chunk size, so
    // the bound is that, far below the 1 GiB the bomb holds.
    [Fact]
    public void A_bomb_is_refused_at_the_cost_of_one_bzip2_block()
    {
        var bomb = CpuBuffer.FromBytes(File.ReadAllBytes(Path.Combine(RepoPaths.Numcodecs, "bomb-1GiB-zeros.bz2")));
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => new Bz2Codec().Decode(bomb, Spec, BufferPrototype.Default, 1024)));

        TestContext.Current.TestOutputHelper?.WriteLine($"bz2 bomb ({bomb.Length} bytes): refused, {allocated} bytes allocated");
        refused.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("more than 1024 bytes");
        allocated.Should().BeLessThan(8 << 20);
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("""{"level": 9}""", 9)]
    public void Configuration_round_trips(string json, int level)
    {
        var codec = Bz2Codec.FromJson(JsonDocument.Parse(json).RootElement);

        codec.Level.Should().Be(level);
        codec.ToString().Should().Be($$$"""{"name":"numcodecs.bz2","configuration":{"level":{{{level}}}}}""");
    }

    [Theory]
    [InlineData("""{"lvl": 1}""", "*no configuration key 'lvl'*level*")]
    [InlineData("""{"level": "best"}""", "*'level'*integer*\"best\"*")]
    [InlineData("""{"level": 0}""", "*1 to 9*got 0*")]
    public void A_bad_configuration_is_rejected_naming_the_value(string json, string message)
    {
        var act = () => Bz2Codec.FromJson(JsonDocument.Parse(json).RootElement);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }
}
