using System.Buffers.Binary;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>Index entries are checked against the shard's data area; inner chunk counts whose index cannot be held are refused.</summary>
public partial class ShardingCodecTests
{
    // A 1024-byte uint8 shard of four 256-byte inner chunks, uncompressed; the index takes 4 * 16 (+ 4 with crc32c) bytes.
    private static readonly ChunkSpec KiBShard = new([1024], DataType.UInt8);

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(0x7FFFFFC7)] // Array.MaxLength
    public void A_shard_length_one_buffer_holds_is_kept(long length)
    {
        ShardingCodec.ShardLength(length, [4]).Should().Be((int)length);
    }

    [Theory]
    [InlineData(0x7FFFFFC8)] // Array.MaxLength + 1: no OutOfMemoryException from the allocation
    [InlineData(int.MaxValue + 1L)] // no OverflowException from a cast
    [InlineData(long.MaxValue)]
    public void A_shard_longer_than_one_buffer_holds_is_refused_naming_its_length_and_the_limit(long length)
    {
        var measure = () => ShardingCodec.ShardLength(length, [4, 8]);

        measure.Should().Throw<ArgumentException>()
            .WithMessage($"The shard of shape [4, 8] encodes to {length} bytes*at most {Array.MaxLength}*")
            .Which.ParamName.Should().Be("chunk");
    }

    [Fact]
    public void A_shard_whose_data_was_cut_short_but_whose_index_survived_is_corrupt()
    {
        var codec = Parse("""{"chunk_shape": [256]}""");
        var shard = codec.Encode(Ramp(), KiBShard, BufferPrototype.Default).ToBytes();
        var truncated = CpuBuffer.FromBytes(shard.AsSpan(68)); // 956 bytes of data, then the 68-byte index: 1024 bytes in all

        var decode = () => codec.Decode(truncated, KiBShard, BufferPrototype.Default);

        decode.Should().Throw<InvalidDataException>().WithMessage("*inner chunk [3]*[768, 768+256)*1024-byte shard's data area [0, 956)*");
    }

    [Fact]
    public void An_entry_pointing_into_an_index_at_the_start_is_corrupt()
    {
        var codec = Parse("""{"chunk_shape": [256], "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}], "index_location": "start"}""");
        byte[] shard = codec.Encode(Ramp(), KiBShard, BufferPrototype.Default).ToBytes();
        BinaryPrimitives.WriteUInt64LittleEndian(shard, 0); // inner chunk [0] now starts at the index's first byte

        var decode = () => codec.Decode(CpuBuffer.FromBytes(shard), KiBShard, BufferPrototype.Default);

        decode.Should().Throw<InvalidDataException>().WithMessage("*inner chunk [0]*[0, 0+256)*data area [64, 1088)*");
    }

    [Fact]
    public void A_bomb_as_an_inner_chunk_is_refused_at_about_the_cost_of_the_shard()
    {
        var codec = Parse("""{"chunk_shape": [256], "codecs": [{"name": "bytes"}, {"name": "crc32c"}, {"name": "gzip"}]}""");
        byte[] bomb = DecompressionBombs.Get("gzip").ToBytes();
        ulong[] entries = [0, (ulong)bomb.Length, .. Enumerable.Repeat(ulong.MaxValue, 6)];
        var index = codec.IndexCodecs.Encode(CpuNDBuffer.FromArray(entries, [4, 2]), new ChunkSpec([4, 2], DataType.UInt64, ulong.MaxValue), BufferPrototype.Default);
        var shard = CpuBuffer.FromBytes([.. bomb, .. index.ToBytes()]);
        Exception? refused = null;

        long allocated = DecompressionBombs.AllocatedBy(() => refused = Record.Exception(() => codec.Decode(shard, KiBShard, BufferPrototype.Default)));

        refused.Should().BeOfType<InvalidDataException>().Which.Message.Should().Match("Inner chunk [0]*more than 260 bytes*");
        allocated.Should().BeLessThan(512 * 1024);
    }

    [Theory]
    [InlineData(1L << 28, 1L)]
    [InlineData(1L << 30, 2L)]
    [InlineData(134_217_728L, 1L)]
    public void An_inner_chunk_count_whose_index_does_not_fit_in_a_buffer_is_refused_naming_chunk_shape(long shard, long inner)
    {
        var codec = new ShardingCodec([inner]);
        var spec = new ChunkSpec([shard], DataType.UInt8);

        var validate = () => codec.Validate(spec);
        var decode = () => codec.Decode(CpuBuffer.FromBytes(new byte[100]), spec, BufferPrototype.Default);

        validate.Should().Throw<ArgumentException>().WithMessage($"*chunk_shape [{inner}]*{shard / inner} inner chunks*");
        decode.Should().Throw<ArgumentException>().WithMessage("*chunk_shape*");
    }

    [Fact]
    public void The_largest_inner_chunk_count_whose_index_fits_in_a_buffer_is_accepted()
    {
        long count = (Array.MaxLength - Crc32cCodec.ChecksumLength) / 16;

        new ShardingCodec([1]).Validate(new ChunkSpec([count], DataType.UInt8));
    }

    private static CpuNDBuffer Ramp() => CpuNDBuffer.FromArray([.. Enumerable.Range(0, 1024).Select(i => (byte)((i % 255) + 1))], [1024]);
}
