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
}
