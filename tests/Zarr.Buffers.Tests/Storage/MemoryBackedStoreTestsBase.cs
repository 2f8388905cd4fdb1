using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>The shared store checks for stores whose data lives in a <see cref="MemoryStore"/>: the raw hooks go to its dictionary.</summary>
public abstract class MemoryBackedStoreTestsBase : StoreTestsBase
{
    /// <summary>The memory store that holds <paramref name="store"/>'s data.</summary>
    protected abstract MemoryStore Backing(IStore store);

    protected override Task RawSetAsync(IStore store, string key, byte[] value)
    {
        Backing(store).StoreDict[key] = CpuBuffer.FromBytes(value);
        return Task.CompletedTask;
    }

    protected override Task<byte[]?> RawGetAsync(IStore store, string key) =>
        Task.FromResult(Backing(store).StoreDict.TryGetValue(key, out Buffer? value) ? value.ToBytes() : null);
}
