using Zarr.Storage;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>A framework-free harness over a <see cref="MemoryStore"/> class, as an NUnit or MSTest user would write one.</summary>
internal sealed class MemoryStoreHarness<TStore>(Func<bool, TStore> create, StoreCapabilities capabilities = StoreCapabilities.All) : StoreHarness<TStore>
    where TStore : MemoryStore
{
    public override StoreCapabilities Capabilities => capabilities;

    public override ValueTask<TStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) => new(create(readOnly));

    public override ValueTask SetRawAsync(TStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        store.StoreDict[key] = Prototype.Buffer.FromBytes(value.Span);
        return default;
    }

    public override ValueTask<byte[]?> GetRawAsync(TStore store, string key, CancellationToken cancellationToken) =>
        new(store.StoreDict.TryGetValue(key, out var value) ? value.ToBytes() : null);
}
