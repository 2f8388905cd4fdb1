using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Tests;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Testing.Tests;

/// <summary>The README's tour and "Catching prototype bugs" snippets, verbatim, so that it keeps compiling in an xunit v3 project with warnings as errors.</summary>
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

    [Fact]
    public async Task Testing_a_reader_against_real_data()
    {
        string folder = Path.Combine(RepoPaths.Interop, "zarrita.js", "fixtures", "v3", "data.zarr");

        var prototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();
        var store = new StoreExpectingTestBuffer();
        var token = TestContext.Current.CancellationToken;

        int copied = await StoreCopy.CopyAsync(new LocalStore(folder, readOnly: true), store, "", prototype, cancellationToken: token);
        var array = await ZarrArray.OpenAsync(store, "2d.chunked.compressed.sharded.filled.i2", token);
        NDBuffer values = await array.ReadAsync(null, prototype, token);             // the reader under test, with the testing prototype
        NDBuffer firstChunk = await array.ReadChunkAsync([0, 0], prototype, token);  // a whole chunk, edge padding included
        short[] flat = values.ToArray<short>();                                      // C order

        Assert.True(copied > 0);
        Assert.IsType<TestNDArrayLike>(firstChunk.AsNDArrayLike());
        Assert.Equal(values.Size, flat.Length);
    }

    // The tour is application code, verbatim: it passes no test token and declares the store as an IStore on purpose.
#pragma warning disable xUnit1051, CA1859
    [Fact]
    public async Task A_short_tour()
    {
        // Bytes: views never copy, FromBytes and + do.
        Buffer bytes = CpuBuffer.FromBytes([1, 2, 3, 4]);
        Buffer tail = bytes[1..];                       // a CpuBuffer over the same memory
        Buffer joined = bytes + tail;                   // a new CpuBuffer of 7 bytes

        // N-dimensional values over Tensor<T>; a scalar has shape [].
        NDBuffer grid = CpuNDBuffer.Create([2, 3], DataType.Float32, MemoryOrder.C, fillValue: 1.5);
        NDBuffer column = grid[.., new System.Buffers.NRange(1, 2)];   // a view
        NDBuffer ints = grid.Transpose().AsType(DataType.Int16);        // numpy's casting rules
        bool same = grid.AllEqual(1.5);                                 // -0.0 vs 0.0 compares bit patterns, as zarr-python does
        Array flat = ints.ToArray();                                    // a flat short[] in C order, for types known only at run time
        double[] doubles = ints.ToArray<double>();                      // or a flat array of a chosen type, numpy's casting rules

        // Code that makes buffers on someone's behalf takes a prototype and uses it.
        BufferPrototype prototype = BufferPrototype.Default;            // CpuBuffer + CpuNDBuffer
        Buffer made = prototype.Buffer.FromBytes([9, 9]);

        // Stores (namespace Zarr.Storage): async, through the caller's prototype, with zarr-python's byte ranges and listing rules.
        IStore store = new MemoryStore();                                // or new LocalStore("data.zarr")
        await store.SetAsync("a/c/0", CpuBuffer.FromBytes([1, 2, 3, 4]));  // the store copies the caller's bytes
        Buffer? last2 = await store.GetAsync("a/c/0", prototype, new SuffixByteRequest(2));   // 03 04
        await foreach (string child in store.ListDirAsync("a")) { }     // "c"
        long size = await store.GetSizePrefixAsync("a");                // 4
        MemoryStore reader = new MemoryStore().WithReadOnly(true);      // WithReadOnly returns the store's own type
        // One-key calls (get, exists, set, set-if-not-exists, delete, get-size) return ValueTask; all others Task.

        // Arrays (namespace Zarr.Arrays): Zarr v3, or Zarr v2 through a typed factory rather than a hand-written .zarray.
        var v2 = ArrayMetadata.CreateV2([100, 100], DataType.Float64, [10, 10], Endian.Big, MemoryOrder.F,
            compressor: new JsonObject { ["id"] = "zstd", ["level"] = 3 }, fillValue: double.NaN);
        ZarrArray array = await ZarrArray.CreateAsync(store, "v2", v2);  // .zarray states every field the v2 spec requires
        NDBuffer chunk = await array.ReadChunkAsync([9, 9]);            // one whole decoded chunk (here all fill value)

        Assert.Equal(7, joined.Length);
        Assert.IsType<short[]>(flat);
        Assert.Equal(6, doubles.Length);
        Assert.True(same && reader.ReadOnly);
        Assert.True(chunk.AllEqual(double.NaN));
        Assert.Equal(2, last2!.Length);
        Assert.Equal(4, size);
    }

    // The README's "Zip archives" example, verbatim after its first line, which names real paths here.
    [Fact]
    public async Task Zip_archives()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(RepoPaths.Interop, "zarrita.js", "fixtures", "v3", "data.zarr", "2d.chunked.compressed.sharded.filled.i2"), archive = Path.Combine(temp.Path, "data.zip");

        // Pack a folder: entries are stored uncompressed (zarr-python's default), since chunks carry their own codecs.
        await using (var zip = new ZipStore(archive, ZipStoreMode.Write))
        {
            await StoreCopy.CopyAsync(new LocalStore(folder, readOnly: true), zip, "", BufferPrototype.Default);
        }                                                             // disposing writes the central directory

        await using var store = new ZipStore(archive);                 // ZipStoreMode.Read: read-only
        ZarrArray array = await ZarrArray.OpenAsync(store, "");
        NDBuffer values = await array.ReadAsync(null);                // stored entries: ranged reads, nothing inflated

        var expected = await (await ZarrArray.OpenAsync(new LocalStore(folder, readOnly: true), "")).ReadAsync(null);
        Assert.True(values.AllEqual(expected));
    }

#pragma warning restore xUnit1051, CA1859
}
