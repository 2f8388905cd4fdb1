using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>The conformance suite over a <see cref="MemoryStore"/> or a subclass, reading and writing its dictionary directly.</summary>
public abstract class DictionaryStoreConformanceTests<TStore> : StoreTests<TStore>
    where TStore : MemoryStore
{
    public override ValueTask<TStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) => new(Create(readOnly));

    public override ValueTask SetRawAsync(TStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        store.StoreDict[key] = Prototype.Buffer.FromBytes(value.Span);
        return default;
    }

    public override ValueTask<byte[]?> GetRawAsync(TStore store, string key, CancellationToken cancellationToken) =>
        new(store.StoreDict.TryGetValue(key, out var value) ? value.ToBytes() : null);

    protected abstract TStore Create(bool readOnly);
}
