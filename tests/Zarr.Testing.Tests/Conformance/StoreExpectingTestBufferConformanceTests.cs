using Zarr.Buffers;

namespace Zarr.Testing.Tests.Conformance;

public sealed class StoreExpectingTestBufferConformanceTests : DictionaryStoreConformanceTests<StoreExpectingTestBuffer>
{
    public override BufferPrototype Prototype { get; } = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    protected override StoreExpectingTestBuffer Create(bool readOnly) => new(readOnly: readOnly);
}
