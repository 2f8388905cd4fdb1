using System.Text;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class Crc32cCodecTests
{
    private static readonly ChunkSpec Spec = new([9], DataType.UInt8);

    [Fact]
    public void Appends_the_standard_check_value_little_endian()
    {
        var encoded = new Crc32cCodec().Encode(CpuBuffer.FromBytes("123456789"u8), Spec, BufferPrototype.Default);

        encoded.ToBytes().Should().Equal([.. "123456789"u8.ToArray(), 0x83, 0x92, 0x06, 0xE3]);
    }

    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void The_checksum_matches_known_values(string text, uint expected) =>
        Crc32C.Compute(Encoding.ASCII.GetBytes(text)).Should().Be(expected);

    [Fact]
    public void The_checksum_matches_a_bitwise_reference_for_every_length_and_offset()
    {
        var random = new Random(42);
        var data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; length < data.Length - start; length += 7)
            {
                var span = data.AsSpan(start, length);
                Crc32C.Compute(span).Should().Be(BitwiseCrc32C(span), $"start {start}, length {length}");
            }
        }
    }

    [Fact]
    public void Decode_checks_and_strips_the_checksum_without_copying()
    {
        var codec = new Crc32cCodec();
        var encoded = codec.Encode(CpuBuffer.FromBytes([1, 2, 3]), Spec, BufferPrototype.Default);

        var decoded = codec.Decode(encoded, Spec, OtherNDBuffer.Prototype);

        decoded.ToBytes().Should().Equal(1, 2, 3);
        decoded.Should().BeOfType<OtherBuffer>();
        encoded.CopyFrom(0, [9]);
        decoded.AsSpan()[0].Should().Be(9);
    }

    [Fact]
    public void A_corrupt_byte_fails_with_both_checksums_named()
    {
        var encoded = CpuBuffer.FromBytes([.. "123456789"u8.ToArray(), 0x83, 0x92, 0x06, 0xE3]);
        encoded.CopyFrom(0, "2"u8);

        var act = () => new Crc32cCodec().Decode(encoded, Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*CRC32C*0x*0xE3069283*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Input_shorter_than_a_checksum_fails_clearly(int length)
    {
        var act = () => new Crc32cCodec().Decode(CpuBuffer.FromBytes(new byte[length]), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage($"*at least 4 bytes*has {length}*");
    }

    [Fact]
    public void Empty_data_round_trips()
    {
        var codec = new Crc32cCodec();

        codec.Decode(codec.Encode(CpuBuffer.CreateZeroLength(), Spec, BufferPrototype.Default), Spec, BufferPrototype.Default).Length.Should().Be(0);
    }

    [Fact]
    public void Writes_its_metadata_and_rejects_configuration_keys()
    {
        new Crc32cCodec().ToJson().ToJsonString().Should().Be("""{"name":"crc32c"}""");
        var act = () => Crc32cCodec.FromJson(System.Text.Json.JsonDocument.Parse("""{"seed":1}""").RootElement);
        act.Should().Throw<ArgumentException>().WithMessage("*crc32c*seed*");
    }

    // The definition, one bit at a time: the word-at-a-time computation must agree with it on every alignment and tail.
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}
