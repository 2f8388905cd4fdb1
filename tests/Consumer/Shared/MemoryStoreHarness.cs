using System;
using System.Threading;
using System.Threading.Tasks;
using Zarr.Storage;
using Zarr.Testing;

namespace Consumer;

// The README's framework-free harness: how to make a fresh store, and how to write and read a key behind its back.
public sealed class MemoryStoreHarness : StoreHarness<MemoryStore>
{
    public override ValueTask<MemoryStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new MemoryStore(readOnly: readOnly));

    public override ValueTask SetRawAsync(MemoryStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        store.StoreDict[key] = Prototype.Buffer.FromBytes(value.Span);
        return default;
    }

    public override ValueTask<byte[]?> GetRawAsync(MemoryStore store, string key, CancellationToken cancellationToken) =>
        new(store.StoreDict.TryGetValue(key, out var value) ? value.ToBytes() : null);
}
