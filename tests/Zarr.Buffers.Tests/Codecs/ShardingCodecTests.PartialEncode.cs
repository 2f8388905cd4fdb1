using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>Partial encoding re-encodes only the inner chunks a write touches and keeps the stored bytes of the others.</summary>
public partial class ShardingCodecTests
{
    // An 8x8 int32 shard of 2x2 inner chunks (a 4x4 grid of 16-byte inner chunks), fill -1.
    private static readonly ChunkSpec EncodeSpec = new([8, 8], DataType.Int32, -1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ShardingIndexLocation.End)]
    [InlineData(ShardingIndexLocation.Start)]
    public async Task A_write_into_one_inner_chunk_re_encodes_that_chunk_alone_and_keeps_the_other_bytes(ShardingIndexLocation location)
    {
        var spy = new SpyCodec();
        var codec = new ShardingCodec([2, 2], new CodecPipeline([new BytesCodec(), spy]), indexLocation: location);
        var shard = CpuNDBuffer.FromArray(Enumerable.Range(0, 64).ToArray(), [8, 8]);
        var (store, reader) = await StoredAsync(codec.Encode(shard, EncodeSpec, BufferPrototype.Default));
        byte[] before = (await store.GetAsync("s", BufferPrototype.Default, null, Ct))!.ToBytes();
        spy.Seen.Clear();

        var encoded = await codec.EncodePartialAsync(reader, [new NRange(3, 4), new NRange(5, 6)], CpuNDBuffer.FromArray(new[] { 1000 }, [1, 1]), EncodeSpec, BufferPrototype.Default, Ct);

        spy.Seen.Should().HaveCount(2, "inner chunk [1, 2] is decoded once and encoded once; no other inner chunk is");
        byte[] after = encoded!.ToBytes();
        int changed = (location == ShardingIndexLocation.Start ? 260 : 0) + (6 * 16) + 12; // the last element of the seventh inner chunk
        after.Length.Should().Be(before.Length);
        after.Select((b, i) => (b, i)).Where(p => p.b != before[p.i]).Select(p => p.i).Should().BeSubsetOf(Enumerable.Range(changed, 4));
        var expected = shard.Copy();
        expected[new NRange(3, 4), new NRange(5, 6)] = CpuNDBuffer.FromArray(new[] { 1000 }, [1, 1]);
        codec.Decode(encoded, EncodeSpec, BufferPrototype.Default).AllEqual(expected).Should().BeTrue();
    }

    [Fact]
    public async Task Inner_chunks_a_write_covers_whole_are_encoded_without_being_decoded()
    {
        var spy = new SpyCodec();
        var codec = new ShardingCodec([2, 2], new CodecPipeline([new BytesCodec(), spy]));
        var (_, reader) = await StoredAsync(codec.Encode(CpuNDBuffer.FromArray(Enumerable.Range(0, 64).ToArray(), [8, 8]), EncodeSpec, BufferPrototype.Default));
        spy.Seen.Clear();

        await codec.EncodePartialAsync(reader, [new NRange(0, 2), new NRange(0, 4)], CpuNDBuffer.Create([], DataType.Int32, fillValue: 5), EncodeSpec, BufferPrototype.Default, Ct);

        spy.Seen.Should().HaveCount(2, "two inner chunks are encoded from the value alone");
    }

    [Fact]
    public async Task An_inner_chunk_left_all_fill_is_dropped_and_a_shard_left_all_fill_is_null()
    {
        var codec = new ShardingCodec([2, 2]);
        var shard = CpuNDBuffer.Create([8, 8], DataType.Int32, fillValue: -1);
        shard[new NRange(0, 1), new NRange(0, 3)] = CpuNDBuffer.FromArray(new[] { 1, 2, 3 }, [1, 3]);
        var (store, reader) = await StoredAsync(codec.Encode(shard, EncodeSpec, BufferPrototype.Default));
        var fill = CpuNDBuffer.Create([], DataType.Int32, fillValue: -1);

        var one = await codec.EncodePartialAsync(reader, [new NRange(0, 1), new NRange(2, 3)], fill, EncodeSpec, BufferPrototype.Default, Ct);
        await store.SetAsync("s", one!, Ct);
        var none = await codec.EncodePartialAsync(reader, [new NRange(0, 2), new NRange(0, 2)], fill, EncodeSpec, BufferPrototype.Default, Ct);

        one!.Length.Should().Be(16 + 260, "only inner chunk [0, 0] is left");
        none.Should().BeNull();
    }

    [Fact]
    public async Task A_missing_shard_is_written_from_the_fill_value()
    {
        var codec = new ShardingCodec([2, 2]);
        var (_, reader) = await StoredAsync(null);

        var encoded = await codec.EncodePartialAsync(reader, [new NRange(7, 8), new NRange(7, 8)], CpuNDBuffer.FromArray(new[] { 9 }, [1, 1]), EncodeSpec, BufferPrototype.Default, Ct);

        var expected = CpuNDBuffer.Create([8, 8], DataType.Int32, fillValue: -1);
        expected[new NRange(7, 8), new NRange(7, 8)] = CpuNDBuffer.FromArray(new[] { 9 }, [1, 1]);
        codec.Decode(encoded!, EncodeSpec, BufferPrototype.Default).AllEqual(expected).Should().BeTrue();
    }

    [Fact]
    public async Task A_corrupt_stored_shard_is_refused_naming_the_inner_chunk()
    {
        var codec = new ShardingCodec([2, 2], indexCodecs: new CodecPipeline([new BytesCodec()]));
        byte[] bytes = codec.Encode(CpuNDBuffer.FromArray(Enumerable.Range(0, 64).ToArray(), [8, 8]), EncodeSpec, BufferPrototype.Default).ToBytes();
        bytes[(16 * 16) + (5 * 16) + 1] = 0x10; // inner chunk [1, 1] now starts 4 KiB on, past the data area
        var (_, reader) = await StoredAsync(CpuBuffer.FromBytes(bytes));

        var encode = async () => await codec.EncodePartialAsync(reader, [new NRange(0, 1)], CpuNDBuffer.Create([], DataType.Int32), EncodeSpec, BufferPrototype.Default, Ct);

        await encode.Should().ThrowAsync<InvalidDataException>().WithMessage("*inner chunk [1, 1]*");
    }

    [Fact]
    public async Task A_value_of_another_shape_is_refused()
    {
        var (_, reader) = await StoredAsync(null);

        var encode = async () => await new ShardingCodec([2, 2]).EncodePartialAsync(reader, [new NRange(0, 2)], CpuNDBuffer.FromArray(new[] { 1 }, [1]), EncodeSpec, BufferPrototype.Default, Ct);

        await encode.Should().ThrowAsync<ArgumentException>().WithMessage("*shape [1]*region*[2, 8]*");
    }

    private static async Task<(MemoryStore Store, StoreByteRangeReader Reader)> StoredAsync(Buffer? shard)
    {
        var store = new MemoryStore();
        if (shard is not null)
        {
            await store.SetAsync("s", shard, Ct);
        }

        return (store, new StoreByteRangeReader(store, "s"));
    }
}
