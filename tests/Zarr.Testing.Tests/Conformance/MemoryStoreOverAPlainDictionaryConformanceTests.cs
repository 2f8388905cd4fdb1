using Zarr.Storage;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>zarr-python runs its MemoryStore tests with <c>store_dict=None</c> and <c>store_dict={}</c>: a caller's plain dictionary takes the locking path.</summary>
public sealed class MemoryStoreOverAPlainDictionaryConformanceTests : DictionaryStoreConformanceTests<MemoryStore>
{
    protected override MemoryStore Create(bool readOnly) => new(new Dictionary<string, Buffer>(), readOnly);

    public override ValueTask SetRawAsync(MemoryStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        lock (store.StoreDict)
        {
            return base.SetRawAsync(store, key, value, cancellationToken);
        }
    }
}
