using CsCheck;
using Zarr.Codecs.Blosc;
using Zarr.Buffers.Tests.Properties;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

/// <summary>
/// <see cref="BloscLz"/> against c-blosc (<see cref="CBlosc"/>) in both directions, on single-block frames
/// (<see cref="SingleBlockFrame"/>), and on hostile streams.
/// </summary>
public class BloscLzTests
{
    private const int GuardLength = 64;
    private const byte GuardByte = 0xA5;

    /// <summary>c-blosc 1.21 splits a buffer into blocks of at most 256 KiB when it may split them into byte planes.</summary>
    private const int LargestCBloscBlock = 1 << 18;

    private static readonly int[] Sizes = [0, 1, 15, 16, 17, 51, 52, 65, 66, 127, 128, 129, 1000, 4095, 65_536, 100_003, LargestCBloscBlock, 1 << 20];

    private static readonly long Iter = PropertyGen.Iterations(2_000);

    /// <summary>Every data kind at every compression level.</summary>
    public static TheoryData<string, int> KindsAndLevels()
    {
        var data = new TheoryData<string, int>();
        foreach (string kind in Kinds)
        {
            for (int clevel = 1; clevel <= 9; clevel++)
            {
                data.Add(kind, clevel);
            }
        }

        return data;
    }

    /// <summary>
    /// Random bytes; zeros; runs; a random 37-byte pattern repeated (near matches); random blocks repeated 12 KiB and 68 KiB
    /// apart (far matches, below 72 KiB), and 80 KiB apart (beyond blosclz's reach), each in one KiB of four so that c-blosc's
    /// probe of 4 KiB finds the data compressible; a byte-shuffled smooth float32 ramp.
    /// </summary>
    private static readonly string[] Kinds = ["random", "zeros", "runs", "pattern-37", "far-12288", "far-69632", "beyond-81920", "float-ramp"];

    [Theory]
    [MemberData(nameof(KindsAndLevels))]
    public void Decodes_what_c_blosc_compresses(string kind, int clevel)
    {
        CBlosc.SkipUnlessLoaded();
        foreach (int size in Sizes.Where(size => size <= LargestCBloscBlock))
        {
            byte[] data = Data(kind, size);
            byte[]? stream = SingleBlockFrame.Stream(CBlosc.Compress(clevel, 0, 1, data, "blosclz", data.Length));
            if (stream is null)
            {
                (kind != "random" && size == LargestCBloscBlock).Should().BeFalse($"c-blosc compresses 256 KiB of {kind} at clevel {clevel}");
                continue;
            }

            var output = new byte[size];
            BloscLz.Decompress(stream, output).Should().Be(size, $"{kind}, {size} bytes, clevel {clevel}");
            output.AsSpan().SequenceEqual(data).Should().BeTrue($"{kind}, {size} bytes, clevel {clevel} decodes to the input");
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndLevels))]
    public void C_blosc_decodes_what_it_compresses(string kind, int clevel)
    {
        CBlosc.SkipUnlessLoaded();
        foreach (int size in Sizes)
        {
            byte[] data = Data(kind, size);
            byte[] stream = Compress(data, clevel);
            if (stream.Length == 0)
            {
                (kind != "random" && size == 1 << 20).Should().BeFalse($"1 MiB of {kind} compresses at clevel {clevel}");
                continue;
            }

            stream.Length.Should().BeLessThan(size, "a stream is shorter than its input, or not written");
            CBlosc.Decompress(SingleBlockFrame.Wrap(stream, size)).Should().Equal(data, $"c-blosc decodes {kind}, {size} bytes, clevel {clevel}");
            var output = new byte[size];
            BloscLz.Decompress(stream, output).Should().Be(size);
            output.Should().Equal(data);
        }
    }

    [Theory]
    [InlineData("runs", 1)]
    [InlineData("pattern-37", 5)]
    [InlineData("far-12288", 9)]
    [InlineData("far-69632", 3)]
    [InlineData("float-ramp", 5)]
    public void Compresses_about_as_well_as_c_blosc(string kind, int clevel)
    {
        CBlosc.SkipUnlessLoaded();
        byte[] data = Data(kind, LargestCBloscBlock);
        byte[] theirs = SingleBlockFrame.Stream(CBlosc.Compress(clevel, 0, 1, data, "blosclz", data.Length))!;

        Compress(data, clevel).Length.Should().BeLessThanOrEqualTo(theirs.Length * 11 / 10, "the stream is at most 10 % longer than c-blosc's");
    }

    [Fact]
    public void Returns_zero_when_the_stream_does_not_fit_and_writes_only_inside_the_output()
    {
        byte[] data = Data("pattern-37", 4096);
        byte[] stream = Compress(data, 5);

        foreach (int length in new[] { 0, 1, 2, 65, stream.Length / 2, stream.Length - 1 })
        {
            var guarded = Guarded(length);
            BloscLz.Compress(data, guarded.AsSpan(0, length), 5).Should().Be(0, $"a stream of {stream.Length} bytes does not fit in {length}");
            guarded.AsSpan(length).IndexOfAnyExcept(GuardByte).Should().Be(-1, "nothing is written past the output");
        }

        var exact = new byte[stream.Length];
        BloscLz.Compress(data, exact, 5).Should().Be(stream.Length);
        exact.Should().Equal(stream);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(66)]
    public void Returns_zero_for_incompressible_or_tiny_input(int size)
    {
        BloscLz.Compress(Data("random", size), new byte[size + 100], 9).Should().Be(0);
    }

    [Fact]
    public void Returns_zero_for_a_megabyte_of_random_bytes()
    {
        BloscLz.Compress(Data("random", 1 << 20), new byte[(1 << 20) + 100], 9).Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10)]
    public void Rejects_a_compression_level_outside_1_to_9(int clevel)
    {
        var compress = () => BloscLz.Compress(Data("zeros", 1000), new byte[1000], clevel);

        compress.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{clevel}*1 to 9*");
    }

    [Fact]
    public void An_empty_stream_decodes_to_nothing()
    {
        BloscLz.Decompress([], new byte[10]).Should().Be(0);
    }

    [Fact]
    public void Decodes_a_stream_of_match_tokens_after_its_first_literal()
    {
        // c-blosc marks the first byte with bits 5 to 7 and reads only its low 5 bits: a stream starts with a literal run,
        // here of one byte, whatever the byte says. Then matches of 3, 3 and 6 + 2 + 3 bytes at distance 1.
        byte[] stream = [0xE0, 0x07, 0x20, 0x00, 0x20, 0x00, 0xE0, 0x02, 0x00];
        var output = new byte[100];

        int written = BloscLz.Decompress(stream, output);

        written.Should().Be(1 + 3 + 3 + 11);
        output.AsSpan(0, written).IndexOfAnyExcept((byte)0x07).Should().Be(-1, "every match repeats the previous byte");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(300)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(70_000)]
    public void Decodes_overlapping_and_distant_matches_of_every_length_as_c_blosc_does(int distance)
    {
        CBlosc.SkipUnlessLoaded();
        byte[] prefix = Data("random", distance);
        foreach (int length in Enumerable.Range(3, 40).Append(264).Append(265).Append(1000))
        {
            foreach (int tail in new[] { 1, 40 })
            {
                byte[] stream = [.. LiteralRuns(prefix), .. MatchToken(length, distance), .. LiteralRuns(new byte[tail])];
                byte[] expected = [.. prefix, .. Enumerable.Range(0, length).Select(i => prefix[i % distance]), .. new byte[tail]];
                var output = new byte[expected.Length];

                BloscLz.Decompress(stream, output).Should().Be(expected.Length);
                output.Should().Equal(expected, $"a match of {length} bytes from {distance} back, then {tail} bytes");
                if (stream.Length != expected.Length)
                {
                    // (A stream as long as its block would be read as the block stored as it is.)
                    CBlosc.Decompress(SingleBlockFrame.Wrap(stream, expected.Length)).Should().Equal(expected, "c-blosc reads the stream alike");
                }
            }
        }
    }

    [Theory]
    [InlineData("00", 4, "ends inside a literal run of 1 bytes at stream byte 0")]
    [InlineData("026162", 4, "ends inside a literal run of 3 bytes at stream byte 0")]
    [InlineData("006120", 4, "ends inside the match at stream byte 2")]
    [InlineData("0061E0FF", 400, "ends inside the match at stream byte 2")]
    [InlineData("00613FFF00", 4, "ends inside the match at stream byte 2")]
    [InlineData("00612001", 4, "match at stream byte 2 reaches 2 bytes back from output byte 1")]
    [InlineData("00613FFF0000", 4, "match at stream byte 2 reaches 8192 bytes back from output byte 1")]
    [InlineData("0361626364", 3, "literal run of 4 bytes at stream byte 0 does not fit in the 3-byte output")]
    [InlineData("00612000", 3, "match of 3 bytes at stream byte 2 does not fit in the 3-byte output")]
    public void Rejects_a_malformed_stream_saying_what_and_where(string hex, int outputLength, string message)
    {
        var decompress = () => BloscLz.Decompress(Convert.FromHexString(hex), new byte[outputLength]);

        decompress.Should().Throw<InvalidDataException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Rejects_a_match_length_beyond_the_output_without_reading_the_whole_length()
    {
        byte[] stream = [0x00, 0x61, 0xE0, .. Enumerable.Repeat((byte)0xFF, 100_000), 0x00, 0x00];

        var decompress = () => BloscLz.Decompress(stream, new byte[1000]);

        decompress.Should().Throw<InvalidDataException>().WithMessage("*does not fit in the 1000-byte output*");
    }

    [Fact]
    public void Decodes_a_stream_that_ends_with_a_match_as_c_blosc_before_1_19_did()
    {
        var output = new byte[10];

        BloscLz.Decompress(Convert.FromHexString("0161622001"), output).Should().Be(5);
        output[..5].Should().Equal("ababa"u8.ToArray());
    }

    [Fact]
    public void Every_prefix_of_a_stream_decodes_to_a_prefix_of_the_input_or_fails_as_invalid_data()
    {
        byte[] data = Data("runs", 4096);
        byte[] stream = Compress(data, 5);
        var output = new byte[data.Length];

        for (int length = 0; length < stream.Length; length++)
        {
            try
            {
                int written = BloscLz.Decompress(stream.AsSpan(0, length), output);
                written.Should().BeLessThan(data.Length, $"a prefix of {length} bytes is not the whole stream");
                output.AsSpan(0, written).SequenceEqual(data.AsSpan(0, written)).Should().BeTrue($"the prefix of {length} bytes decodes to the input's start");
            }
            catch (InvalidDataException)
            {
                // A prefix that ends inside a token.
            }
        }
    }

    [Fact]
    public void Mixes_of_literals_runs_and_near_and_far_copies_round_trip_and_c_blosc_reads_them()
    {
        CBlosc.SkipUnlessLoaded();
        var segment = Gen.Select(Gen.Int[0, 3], Gen.Int[1, 400], Gen.Int[1, 80_000], Gen.Byte);
        long iterations = PropertyGen.Iterations(300);
        int compressed = 0;
        Gen.Select(segment.Array[1, 60], Gen.Int[1, 9]).Sample(
            (segments, clevel) =>
            {
                byte[] data = Mix(segments);
                var output = new byte[data.Length];
                int written = BloscLz.Compress(data, output, clevel);
                if (written == 0)
                {
                    return;
                }

                Interlocked.Increment(ref compressed);
                var decoded = new byte[data.Length];
                BloscLz.Decompress(output.AsSpan(0, written), decoded).Should().Be(data.Length);
                decoded.Should().Equal(data);
                CBlosc.Decompress(SingleBlockFrame.Wrap(output.AsSpan(0, written), data.Length)).Should().Equal(data);
            },
            iter: iterations);

        compressed.Should().BeGreaterThanOrEqualTo((int)(iterations / 4), "most mixes compress, so that the round trip is tested");
    }

    /// <summary>Segments of random bytes, a repeated byte, or a copy of earlier data from a distance (clamped to what exists).</summary>
    private static byte[] Mix((int Kind, int Length, int Distance, byte Value)[] segments)
    {
        var data = new List<byte>();
        var random = new Random(segments.Length);
        foreach ((int kind, int length, int distance, byte value) in segments)
        {
            for (int i = 0; i < length; i++)
            {
                data.Add(kind switch
                {
                    0 => (byte)random.Next(256),
                    1 => value,
                    _ => data.Count == 0 ? value : data[data.Count - 1 - ((distance - 1) % data.Count)],
                });
            }
        }

        return [.. data];
    }

    [Fact]
    public void Random_bytes_decode_or_fail_as_invalid_data_without_writing_outside_the_output()
    {
        Gen.Select(PropertyGen.Bytes(2000), Gen.Int[0, 8192]).Sample(
            (stream, outputLength) => DecodesWithinBounds(stream, outputLength),
            iter: Iter,
            print: c => $"{Convert.ToHexString(c.Item1)} into {c.Item2} bytes");
    }

    [Fact]
    public void Corrupted_streams_decode_or_fail_as_invalid_data_without_writing_outside_the_output()
    {
        byte[] data = Data("float-ramp", 8192);
        byte[] stream = Compress(data, 9);
        var corruption = Gen.Select(Gen.Int[0, stream.Length - 1], Gen.Byte).Array[1, 4];

        Gen.Select(corruption, Gen.Int[0, stream.Length]).Sample(
            (changes, length) =>
            {
                byte[] corrupt = stream[..length];
                foreach ((int at, byte value) in changes.Where(c => c.Item1 < length))
                {
                    corrupt[at] = value;
                }

                DecodesWithinBounds(corrupt, data.Length);
            },
            iter: Iter);
    }

    private static void DecodesWithinBounds(byte[] stream, int outputLength)
    {
        var guarded = Guarded(outputLength);
        FuzzBounds.Run(() => BloscLz.Decompress(stream, guarded.AsSpan(0, outputLength)).Should().BeInRange(0, outputLength), typeof(InvalidDataException));
        guarded.AsSpan(outputLength).IndexOfAnyExcept(GuardByte).Should().Be(-1, "nothing is written past the output");
    }

    /// <summary><paramref name="bytes"/> as literal runs of up to 32 bytes, written by hand from the format.</summary>
    private static byte[] LiteralRuns(byte[] bytes) =>
        [.. bytes.Chunk(32).SelectMany(run => run.Prepend((byte)(run.Length - 1)))];

    /// <summary>A match token written by hand from the format: length code, extra length bytes, distance (near or far).</summary>
    private static byte[] MatchToken(int length, int distance)
    {
        int code = length - 2;
        int biased = distance - 1;
        bool far = biased >= 8191;
        var token = new List<byte> { (byte)((Math.Min(code, 7) << 5) | (far ? 31 : biased >> 8)) };
        if (code >= 7)
        {
            token.AddRange(Enumerable.Repeat((byte)255, (code - 7) / 255).Append((byte)((code - 7) % 255)));
        }

        token.AddRange(far ? [255, (byte)((biased - 8191) >> 8), (byte)(biased - 8191)] : [(byte)biased]);
        return [.. token];
    }

    private static byte[] Guarded(int length)
    {
        var guarded = new byte[length + GuardLength];
        guarded.AsSpan().Fill(GuardByte);
        return guarded;
    }

    private static byte[] Compress(byte[] data, int clevel)
    {
        var output = new byte[data.Length];
        int written = BloscLz.Compress(data, output, clevel);
        return output[..written];
    }

    /// <summary><paramref name="size"/> bytes of one kind, the same on every run.</summary>
    private static byte[] Data(string kind, int size)
    {
        var random = new Random(size);
        var data = new byte[size];
        switch (kind)
        {
            case "random":
                random.NextBytes(data);
                break;
            case "zeros":
                break;
            case "runs":
                for (int at = 0; at < size; at += random.Next(1, 300))
                {
                    data.AsSpan(at).Fill((byte)random.Next(4));
                }

                break;
            case "float-ramp":
                ShuffledRamp(data);
                break;
            default:
                Repeat(data, int.Parse(kind[(kind.IndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture), random);
                break;
        }

        return data;
    }

    /// <summary>
    /// A random block of <paramref name="period"/> bytes, repeated with one byte in 997 changed; for periods of a multiple of
    /// 4 KiB, three KiB of every four are zeros.
    /// </summary>
    private static void Repeat(byte[] data, int period, Random random)
    {
        random.NextBytes(data.AsSpan(0, Math.Min(period, data.Length)));
        for (int at = period; at < data.Length; at++)
        {
            data[at] = at % 997 == 0 ? (byte)random.Next(256) : data[at - period];
        }

        if (period % 4096 == 0)
        {
            for (int at = 1024; at < data.Length; at += 4096)
            {
                data.AsSpan(at, Math.Min(3072, data.Length - at)).Clear();
            }
        }
    }

    /// <summary>A smooth float32 ramp, byte-shuffled as Blosc does before blosclz: every value's byte k goes to plane k.</summary>
    private static void ShuffledRamp(byte[] data)
    {
        int count = data.Length / sizeof(float);
        for (int i = 0; i < count; i++)
        {
            int bits = BitConverter.SingleToInt32Bits(20f + (MathF.Sin(i * 0.001f) * 5f) + (i * 1e-5f));
            for (int k = 0; k < sizeof(float); k++)
            {
                data[(k * count) + i] = (byte)(bits >> (8 * k));
            }
        }
    }
}
