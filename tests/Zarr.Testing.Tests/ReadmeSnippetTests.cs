using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests;

/// <summary>The README's "Catching prototype bugs" snippet, verbatim, so that it keeps compiling in an xunit v3 project with warnings as errors.</summary>
public class ReadmeSnippetTests
{
    [Fact]
    public async Task Catching_prototype_bugs()
    {
        var prototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();
        var store = new StoreExpectingTestBuffer();
        var codec = new BytesCodec();                                   // or your own codec
        var token = TestContext.Current.CancellationToken;

        NDBuffer chunk = prototype.NDBuffer.FromArray(Enumerable.Range(0, 100).Select(i => (ushort)i).ToArray(), [10, 10]);
        Buffer encoded = codec.Encode(chunk, prototype);                // must come back a TestBuffer...
        await store.SetAsync("array/c/0/0", encoded, token);            // ...or this throws UnexpectedBufferTypeException
        Buffer? stored = await store.GetAsync("array/c/0/0", prototype, cancellationToken: token);
        NDBuffer decoded = codec.Decode(stored!, DataType.UInt16, [10, 10], prototype);

        Assert.IsType<TestNDArrayLike>(decoded.AsNDArrayLike());        // every buffer was made through the prototype
        Assert.True(decoded.AllEqual(chunk));

        // Decode-side bugs too: every stage of a pipeline, with a clear message naming the codec and the stage.
        var pipeline = new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(), new GzipCodec()]);
        PrototypeChecks.CheckPipeline(pipeline, new ChunkSpec([10, 10], DataType.UInt16), chunk);
    }
}
