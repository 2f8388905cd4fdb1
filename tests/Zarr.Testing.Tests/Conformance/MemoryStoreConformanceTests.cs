using Zarr.Storage;

namespace Zarr.Testing.Tests.Conformance;

public sealed class MemoryStoreConformanceTests : DictionaryStoreConformanceTests<MemoryStore>
{
    protected override MemoryStore Create(bool readOnly) => new(readOnly: readOnly);
}
