using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Consumer.Xunit;

// The README's "Testing your own store": every conformance check as its own xunit test.
public sealed class MemoryStoreConformanceTests : StoreTests<MemoryStore>
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
