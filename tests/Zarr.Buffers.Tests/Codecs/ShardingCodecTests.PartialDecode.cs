using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>The sharding codec's partial decoder, called directly.</summary>
public partial class ShardingCodecTests
{
    [Theory]
    [MemberData(nameof(DataTypeNames))]
    public async Task Every_data_type_reads_in_part_as_the_whole_shard_reads_with_empty_inner_chunks_as_zero_when_the_fill_value_is_null(string dtypeName)
    {
        var dtype = DataType.Parse(dtypeName);
        var spec = new ChunkSpec([4, 6], dtype);
        var shard = CodecTestData.Sample(dtype, 4, 6);
        shard[new NRange(0, 2), new NRange(0, 3)] = CpuNDBuffer.Create([2, 3], dtype);
        var codec = new ShardingCodec([2, 3], new CodecPipeline([new BytesCodec(dtype.ItemSize == 1 ? null : Endian.Big)]));
        var (_, reader) = await StoredAsync(codec.Encode(shard, spec, BufferPrototype.Default));
        var decoder = codec.CreatePartialDecoder(reader, spec);

        var part = await decoder.DecodeAsync([new NRange(1, 3), new NRange(2, 4)], OtherNDBuffer.Prototype, Ct);

        part.Should().BeOfType<OtherNDBuffer>();
        part.AllEqual(shard[new NRange(1, 3), new NRange(2, 4)]).Should().BeTrue();
    }

    [Fact]
    public async Task A_region_outside_the_shard_is_refused_before_reading()
    {
        var store = new LoggingStore(new MemoryStore());
        var decoder = new ShardingCodec([2, 2]).CreatePartialDecoder(new StoreByteRangeReader(store, "s"), EncodeSpec);

        var decode = async () => await decoder.DecodeAsync([new NRange(0, 9)], BufferPrototype.Default, Ct);

        await decode.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*region*[8, 8]*");
        store.Counter.Should().BeEmpty();
    }

    [Fact]
    public void A_spec_the_inner_chunk_shape_does_not_divide_is_refused()
    {
        var create = () => new ShardingCodec([3, 3]).CreatePartialDecoder(new StoreByteRangeReader(new MemoryStore(), "s"), EncodeSpec);

        create.Should().Throw<ArgumentException>().WithMessage("*[3, 3]*does not divide*[8, 8]*");
    }
}
