using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class MemoryStoreTests : StoreTestsBase
{
    protected override IStore CreateStore(bool readOnly = false) => new MemoryStore(readOnly: readOnly);

    protected override Task RawSetAsync(IStore store, string key, byte[] value)
    {
        ((MemoryStore)store).StoreDict[key] = CpuBuffer.FromBytes(value);
        return Task.CompletedTask;
    }

    protected override Task<byte[]?> RawGetAsync(IStore store, string key) =>
        Task.FromResult(((MemoryStore)store).StoreDict.TryGetValue(key, out Buffer? value) ? value.ToBytes() : null);

    [Fact]
    public async Task A_key_can_be_both_a_value_and_a_directory()
    {
        var store = new MemoryStore();
        await store.SetAsync("foo", Bytes(1), Ct);
        await store.SetAsync("foo/bar", Bytes(2), Ct);

        await store.DeleteDirAsync("foo", Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("foo");
    }
}
