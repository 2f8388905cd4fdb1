using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

public class StoreByteRangeReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_ranges_of_its_key()
    {
        var store = new MemoryStore();
        await store.SetAsync("k", CpuBuffer.FromBytes([1, 2, 3, 4, 5]), Ct);
        var reader = new StoreByteRangeReader(store, "k");

        (await reader.GetAsync(new SuffixByteRequest(2), BufferPrototype.Default, Ct))!.ToBytes().Should().Equal(4, 5);
        var ranges = (await reader.GetRangesAsync([new RangeByteRequest(0, 1), null], BufferPrototype.Default, Ct))!;
        ranges.Select(r => r.ToBytes()).Should().BeEquivalentTo([new byte[] { 1 }, new byte[] { 1, 2, 3, 4, 5 }], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_missing_key_reads_as_null()
    {
        var reader = new StoreByteRangeReader(new MemoryStore(), "k");

        (await reader.GetAsync(null, BufferPrototype.Default, Ct)).Should().BeNull();
        (await reader.GetRangesAsync([new RangeByteRequest(0, 1)], BufferPrototype.Default, Ct)).Should().BeNull();
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        FluentActions.Invoking(() => new StoreByteRangeReader(null!, "k")).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new StoreByteRangeReader(new MemoryStore(), null!)).Should().Throw<ArgumentNullException>();
    }
}
