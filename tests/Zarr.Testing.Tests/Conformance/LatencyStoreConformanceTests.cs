using Zarr.Storage;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.Conformance;

/// <summary>The suite over <c>LatencyStore(MemoryStore)</c>; writes wait a millisecond so the waiting path runs, reads do not, to stay fast.</summary>
public sealed class LatencyStoreConformanceTests : StoreTests<LatencyStore>
{
    public override ValueTask<LatencyStore> CreateStoreAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(new LatencyStore(new MemoryStore(readOnly: readOnly), setLatency: TimeSpan.FromMilliseconds(1)));

    public override ValueTask SetRawAsync(LatencyStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        Dictionary(store)[key] = Prototype.Buffer.FromBytes(value.Span);
        return default;
    }

    public override ValueTask<byte[]?> GetRawAsync(LatencyStore store, string key, CancellationToken cancellationToken) =>
        new(Dictionary(store).TryGetValue(key, out var value) ? value.ToBytes() : null);

    private static IDictionary<string, Buffer> Dictionary(LatencyStore store) => ((MemoryStore)store.Inner).StoreDict;
}
