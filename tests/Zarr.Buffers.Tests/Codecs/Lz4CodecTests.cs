using System.Buffers.Binary;
using System.Text.Json;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class Lz4CodecTests
{
    private static readonly byte[] Hello = "hello zarr hello zarr hello zarr"u8.ToArray();

    private static readonly ChunkSpec Spec = new([Hello.Length], DataType.UInt8);

    // numcodecs.LZ4().encode(b"hello zarr hello zarr hello zarr") from numcodecs 0.11: the length 32, then an LZ4 block.
    private static readonly byte[] NumcodecsLz4 = Convert.FromHexString("20000000bc68656c6c6f207a617272200b0050207a617272");

    public static TheoryData<string, int> Inputs => new()
    {
        { "empty", 0 },
        { "one byte", 1 },
        { "compressible", 300_000 },
        { "incompressible", 300_000 },
    };

    [Fact]
    public void Decodes_what_numcodecs_wrote_both_ways()
    {
        var codec = new Lz4Codec();
        var destination = new byte[Hello.Length];

        codec.Decode(CpuBuffer.FromBytes(NumcodecsLz4), Spec, BufferPrototype.Default).ToBytes().Should().Equal(Hello);
        codec.DecodeInto(CpuBuffer.FromBytes(NumcodecsLz4), Spec, BufferPrototype.Default, destination);
        destination.Should().Equal(Hello);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Round_trips_through_the_prototype_with_numcodecs_length_header(string kind, int length)
    {
        var codec = new Lz4Codec();
        byte[] data = CodecTestData.Bytes(kind, length);

        var (encoded, decoded, destination) = CodecTestData.RoundTrip(codec, data, Spec, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherBuffer>();
        BinaryPrimitives.ReadInt32LittleEndian(encoded.AsSpan()).Should().Be(length);
        decoded.ToBytes().Should().Equal(data);
        destination.Should().Equal(data);
        encoded.Length.Should().BeLessThanOrEqualTo((int)((IBytesBytesCodec)codec).MaxEncodedLength(length, Spec));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Data_shorter_than_a_header_and_a_block_is_invalid_data(int length)
    {
        var act = () => new Lz4Codec().Decode(CpuBuffer.FromBytes(new byte[length]), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage($"*lz4 data is {length} bytes*4-byte length header*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void A_block_cut_short_is_invalid_data_not_a_prefix(int cut)
    {
        var codec = new Lz4Codec();
        byte[] data = CodecTestData.Bytes("incompressible", 5000);
        var truncated = CodecTestData.CutShort(codec, data, Spec, cut);

        var decode = () => codec.Decode(truncated, Spec, BufferPrototype.Default);
        var decodeInto = () => codec.DecodeInto(truncated, Spec, BufferPrototype.Default, new byte[data.Length]);

        decode.Should().Throw<InvalidDataException>().WithMessage("*lz4 data*corrupt*5000*");
        decodeInto.Should().Throw<InvalidDataException>().WithMessage("*lz4 data*corrupt*5000*");
    }

    [Theory]
    [InlineData(31, "states 31*malformed or decodes to more.")]
    [InlineData(33, "states 33*decodes to 32.")]
    [InlineData(1 << 20, "states 1048576*decodes to 32.")]
    public void A_header_that_states_another_length_than_the_block_holds_is_invalid_data(int stated, string message)
    {
        byte[] forged = [.. NumcodecsLz4];
        BinaryPrimitives.WriteInt32LittleEndian(forged, stated);

        var act = () => new Lz4Codec().Decode(CpuBuffer.FromBytes(forged), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage($"*lz4 data*corrupt*{message}");
    }

    [Fact]
    public void A_match_that_points_before_the_start_of_the_output_is_invalid_data()
    {
        byte[] corrupt = [.. NumcodecsLz4];
        corrupt[16] = 0xFF; // the offset of the block's first match, after 11 literals: now 65535 bytes back into nothing
        corrupt[17] = 0xFF;

        var act = () => new Lz4Codec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*lz4 data*corrupt*");
    }

    // LZ4 blocks carry no checksum (numcodecs adds none), so a flipped literal decodes to other bytes, as it does in
    // numcodecs; what must never happen is any other exception, or a read or write outside the buffers.
    [Fact]
    public void Every_single_bit_flip_decodes_or_is_invalid_data()
    {
        byte[] encoded = new Lz4Codec().Encode(CpuBuffer.FromBytes(CodecTestData.Bytes("compressible", 2000)), Spec, BufferPrototype.Default).ToBytes();

        var failures = CodecTestData.SingleBitFlipFailures(
            encoded, corrupt => new Lz4Codec().Decode(CpuBuffer.FromBytes(corrupt), Spec, BufferPrototype.Default, 1 << 20), mustFail: _ => false);

        failures.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1L << 30, 1024)]
    [InlineData(uint.MaxValue, 1024)]
    [InlineData(uint.MaxValue, int.MaxValue)]
    public void A_forged_length_header_is_refused_before_anything_is_allocated(long stated, long bound)
    {
        byte[] forged = [.. NumcodecsLz4];
        BinaryPrimitives.WriteUInt32LittleEndian(forged, (uint)stated);
        var bytes = CpuBuffer.FromBytes(forged);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => new Lz4Codec().Decode(bytes, Spec, BufferPrototype.Default, bound)));

        refused.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain($"more than {Math.Min(bound, Array.MaxLength)} bytes");
        allocated.Should().BeLessThan(16 * 1024);
    }

    [Fact]
    public void Decoding_into_a_chunk_of_another_length_fails_naming_both_lengths()
    {
        var act = () => new Lz4Codec().DecodeInto(CpuBuffer.FromBytes(NumcodecsLz4), Spec, BufferPrototype.Default, new byte[Hello.Length + 1]);

        act.Should().Throw<InvalidDataException>().WithMessage($"*states {Hello.Length}*chunk takes {Hello.Length + 1}*");
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void The_acceleration_trades_size_for_speed_and_every_factor_round_trips(int acceleration)
    {
        var random = new Random(7);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i / 97 % 11) + (random.Next(4) == 0 ? random.Next(3) : 0));
        }

        var spec = new ChunkSpec([data.Length], DataType.UInt8);
        var defaultSize = new Lz4Codec().Encode(CpuBuffer.FromBytes(data), spec, BufferPrototype.Default).Length;
        var encoded = new Lz4Codec(acceleration).Encode(CpuBuffer.FromBytes(data), spec, BufferPrototype.Default);

        new Lz4Codec().Decode(encoded, spec, BufferPrototype.Default).ToBytes().Should().Equal(data);
        if (acceleration > 1)
        {
            encoded.Length.Should().BeGreaterThan(defaultSize, "LZ4 skips more of the input the higher the acceleration");
        }
        else
        {
            encoded.Length.Should().Be(defaultSize, "LZ4 treats factors below 1 as 1");
        }
    }

    [Theory]
    [InlineData("{}", 1)]
    [InlineData("""{"acceleration": 5}""", 5)]
    [InlineData("""{"acceleration": -3}""", -3)]
    public void Configuration_round_trips(string json, int acceleration)
    {
        var codec = Lz4Codec.FromJson(JsonDocument.Parse(json).RootElement);

        codec.Acceleration.Should().Be(acceleration);
        codec.ToString().Should().Be($$$"""{"name":"numcodecs.lz4","configuration":{"acceleration":{{{acceleration}}}}}""");
        Lz4Codec.FromJson(JsonDocument.Parse(codec.ToJson()["configuration"]!.ToJsonString()).RootElement).Acceleration.Should().Be(acceleration);
    }

    [Theory]
    [InlineData("""{"level": 1}""", "*no configuration key 'level'*acceleration*")]
    [InlineData("""{"acceleration": "fast"}""", "*'acceleration'*integer*\"fast\"*")]
    [InlineData("""{"acceleration": 1.5}""", "*'acceleration'*integer*1.5*")]
    [InlineData("[]", "*must be a JSON object*")]
    public void A_bad_configuration_is_rejected_naming_the_value(string json, string message)
    {
        var act = () => Lz4Codec.FromJson(JsonDocument.Parse(json).RootElement);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }
}
