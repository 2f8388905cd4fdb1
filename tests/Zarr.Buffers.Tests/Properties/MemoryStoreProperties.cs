using Zarr.Storage;

namespace Zarr.Buffers.Tests.Properties;

/// <summary><see cref="MemoryStore"/> against the dictionary model, sequentially and concurrently.</summary>
public sealed class MemoryStoreProperties : StorePropertiesBase
{
    protected override IStore CreateStore() => new MemoryStore();
}
