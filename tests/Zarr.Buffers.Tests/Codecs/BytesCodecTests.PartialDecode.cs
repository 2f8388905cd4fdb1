using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>The bytes codec's partial decoder reads only the byte runs of a region.</summary>
public partial class BytesCodecTests
{
    private static readonly ChunkSpec PartialSpec = new([3, 4, 5], DataType.Int16, (short)7);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_region_decodes_as_that_part_of_the_whole_chunk_and_reads_only_its_bytes()
    {
        var codec = new BytesCodec(Endian.Big);
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 60).Select(i => (short)(i * 3)).ToArray(), [3, 4, 5]);
        var store = new LoggingStore(new MemoryStore());
        await store.SetAsync("c", codec.Encode(chunk, PartialSpec, BufferPrototype.Default), Ct);
        var decoder = codec.CreatePartialDecoder(new StoreByteRangeReader(store, "c"), PartialSpec);

        foreach (var region in Regions(3, 4, 5))
        {
            long before = store.TotalBytesRead;
            var part = await decoder.DecodeAsync(region, BufferPrototype.Default, Ct);

            part.AllEqual(chunk[region]).Should().BeTrue($"region [{string.Join(", ", region)}] decodes as the chunk's");
            (store.TotalBytesRead - before).Should().Be(part.Size * sizeof(short), $"region [{string.Join(", ", region)}] reads its own bytes only");
        }
    }

    [Fact]
    public async Task A_missing_chunk_decodes_as_the_fill_value_through_the_prototype()
    {
        var decoder = new BytesCodec().CreatePartialDecoder(new StoreByteRangeReader(new MemoryStore(), "c"), PartialSpec);

        var part = await decoder.DecodeAsync([new NRange(1, 2), new NRange(0, 2)], OtherNDBuffer.Prototype, Ct);

        part.Should().BeOfType<OtherNDBuffer>();
        part.Shape.ToArray().Should().Equal(1, 2, 5);
        part.AllEqual((short)7).Should().BeTrue();
    }

    [Fact]
    public async Task A_region_of_the_stored_bytes_is_made_through_the_prototype()
    {
        var store = new MemoryStore();
        await store.SetAsync("c", CpuBuffer.FromBytes(new byte[PartialSpec.ByteLength]), Ct);
        var decoder = new BytesCodec().CreatePartialDecoder(new StoreByteRangeReader(store, "c"), PartialSpec);

        (await decoder.DecodeAsync([new NRange(1, 2), new NRange(1, 3)], OtherNDBuffer.Prototype, Ct)).Should().BeOfType<OtherNDBuffer>();
    }

    [Theory]
    [InlineData(100)]
    [InlineData(60)]
    [InlineData(0)]
    public async Task A_truncated_chunk_is_refused_naming_its_length(int storedBytes)
    {
        var store = new MemoryStore();
        await store.SetAsync("c", CpuBuffer.FromBytes(new byte[storedBytes]), Ct);
        var decoder = new BytesCodec().CreatePartialDecoder(new StoreByteRangeReader(store, "c"), PartialSpec);

        var decode = async () => await decoder.DecodeAsync([new NRange(1, 3), new NRange(1, 3)], BufferPrototype.Default, Ct);

        await decode.Should().ThrowAsync<InvalidDataException>().WithMessage("*int16*[3, 4, 5]*120 bytes*truncated*");
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(2, 1)]
    public async Task A_region_outside_the_chunk_is_refused_before_reading(int start, int end)
    {
        var store = new LoggingStore(new MemoryStore());
        var decoder = new BytesCodec().CreatePartialDecoder(new StoreByteRangeReader(store, "c"), PartialSpec);

        var decode = async () => await decoder.DecodeAsync([new NRange(start, end)], BufferPrototype.Default, Ct);

        await decode.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*region*[3, 4, 5]*");
        store.Counter.Should().BeEmpty();
    }

    /// <summary>Every region of a chunk of <paramref name="shape"/>, empty ones included.</summary>
    private static IEnumerable<NRange[]> Regions(params int[] shape)
    {
        IEnumerable<NRange[]> regions = [[]];
        foreach (int length in shape)
        {
            var ranges = from start in Enumerable.Range(0, length + 1) from end in Enumerable.Range(start, length - start + 1) select new NRange(start, end);
            regions = [.. from region in regions from range in ranges select (NRange[])[.. region, range]];
        }

        return regions;
    }
}
