using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Testing.Tests;

/// <summary>
/// zarr-python's <c>test_async_array_prototype</c> and <c>test_codecs_use_of_prototype</c>, on a minimal chunked
/// array (a read-modify-write of the chunks a region touches) until the array layer exists: data written through a
/// prototype of the testing doubles into a <see cref="StoreExpectingTestBuffer"/> and read back through it.
/// </summary>
public class PrototypeEndToEndTests
{
    private const string Path = "test_async_array_prototype";
    private static readonly BufferPrototype s_testPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_region_written_and_read_through_the_test_prototype_comes_back_as_a_TestNDArrayLike()
    {
        var store = new StoreExpectingTestBuffer();
        await store.SetAsync(Path + "/zarr.json", CpuBuffer.FromBytes("{}"u8), Token);
        var array = new ChunkedArray(store, new CodecPipeline([new BytesCodec()]), shape: 9, chunk: 5, DataType.UInt16);

        await array.WriteAsync(new NRange(1, 4), new NRange(3, 6), s_testPrototype.NDBuffer.Create([3, 3], DataType.UInt16, fillValue: 1), s_testPrototype);
        var got = await array.ReadAsync(s_testPrototype);

        var expected = new ushort[9 * 9];
        for (int row = 1; row < 4; row++)
        {
            expected.AsSpan((row * 9) + 3, 3).Fill(1);
        }

        got.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(expected);
        store.StoreDict.Keys.Should().BeEquivalentTo(Path + "/zarr.json", Path + "/c/0/0", Path + "/c/0/1");
        store.StoreDict.Where(pair => !pair.Key.Contains("json", StringComparison.Ordinal)).Should().OnlyContain(pair => pair.Value is TestBuffer);
    }

    [Fact]
    public async Task Every_codec_of_a_pipeline_hands_the_prototype_on()
    {
        var store = new StoreExpectingTestBuffer();
        var pipeline = new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec(), new Crc32cCodec(), new GzipCodec(), new ZstdCodec()]);
        var array = new ChunkedArray(store, pipeline, shape: 10, chunk: 5, DataType.UInt16);
        ushort[] values = [.. Enumerable.Range(0, 100).Select(i => (ushort)i)];

        await array.WriteAsync(new NRange(0, 10), new NRange(0, 10), s_testPrototype.NDBuffer.FromArray(values, [10, 10]), s_testPrototype);
        var got = await array.ReadAsync(s_testPrototype);

        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(values);
        store.StoreDict.Should().HaveCount(4).And.OnlyContain(pair => pair.Value is TestBuffer);
    }

    [Fact]
    public async Task A_writer_that_ignores_the_prototype_is_caught_by_the_store_naming_the_chunk()
    {
        var store = new StoreExpectingTestBuffer();
        var array = new ChunkedArray(store, new CodecPipeline([new BytesCodec()]), shape: 9, chunk: 5, DataType.UInt16)
        {
            EncodePrototype = BufferPrototype.Default,
        };

        var failure = await array.Invoking(a => a.WriteAsync(new NRange(0, 2), new NRange(0, 2), s_testPrototype.NDBuffer.Create([2, 2], DataType.UInt16), s_testPrototype))
            .Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().StartWith($"StoreExpectingTestBuffer.SetAsync('{Path}/c/0/0') got a CpuBuffer where a TestBuffer was expected");
        store.StoreDict.Should().BeEmpty();
    }

    [Fact]
    public async Task A_reader_that_ignores_the_prototype_is_caught_by_the_store_naming_the_chunk()
    {
        var store = new StoreExpectingTestBuffer();
        var array = new ChunkedArray(store, new CodecPipeline([new BytesCodec()]), shape: 9, chunk: 5, DataType.UInt16);
        await array.WriteAsync(new NRange(0, 9), new NRange(0, 9), s_testPrototype.NDBuffer.Create([9, 9], DataType.UInt16, fillValue: 3), s_testPrototype);

        var failure = await array.Invoking(a => a.ReadAsync(BufferPrototype.Default)).Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().StartWith($"StoreExpectingTestBuffer.GetAsync('{Path}/c/0/0') got a CpuBuffer where a TestBuffer was expected");
    }

    /// <summary>
    /// A square array of square chunks (edge chunks padded to the full chunk, as Zarr does), F-ordered in memory like
    /// zarr-python's test array, with fill value 0: just enough of an array layer to drive the codecs and the store.
    /// </summary>
    private sealed class ChunkedArray(IStore store, CodecPipeline pipeline, int shape, int chunk, DataType dtype)
    {
        private readonly ChunkSpec _spec = new([chunk, chunk], dtype, 0);

        /// <summary>The prototype chunks are encoded with: a test sets it to something else to play a buggy writer.</summary>
        public BufferPrototype? EncodePrototype { get; init; }

        public async Task WriteAsync(NRange rows, NRange columns, NDBuffer value, BufferPrototype prototype)
        {
            foreach (var (key, local, inArray) in ChunksOf(rows, columns))
            {
                var existing = await store.GetAsync(key, prototype, cancellationToken: TestContext.Current.CancellationToken);
                var data = existing is null ? prototype.NDBuffer.Create(_spec.Shape, dtype, MemoryOrder.F, _spec.FillValue) : pipeline.Decode(existing, _spec, prototype);
                data[local] = value[Shift(inArray, -(int)rows.Start.Value, -(int)columns.Start.Value)];
                await store.SetAsync(key, pipeline.Encode(data, _spec, EncodePrototype ?? prototype), TestContext.Current.CancellationToken);
            }
        }

        public async Task<NDBuffer> ReadAsync(BufferPrototype prototype)
        {
            var result = prototype.NDBuffer.Create([shape, shape], dtype, MemoryOrder.F, _spec.FillValue);
            foreach (var (key, local, inArray) in ChunksOf(new NRange(0, shape), new NRange(0, shape)))
            {
                var bytes = await store.GetAsync(key, prototype, cancellationToken: TestContext.Current.CancellationToken);
                if (bytes is not null)
                {
                    result[inArray] = pipeline.Decode(bytes, _spec, prototype)[local];
                }
            }

            return result;
        }

        /// <summary>Each chunk the region touches: its key, the region's part in chunk coordinates and in array coordinates.</summary>
        private IEnumerable<(string Key, NRange[] Local, NRange[] InArray)> ChunksOf(NRange rows, NRange columns)
        {
            for (int i = (int)rows.Start.Value / chunk; i * chunk < (int)rows.End.Value; i++)
            {
                for (int j = (int)columns.Start.Value / chunk; j * chunk < (int)columns.End.Value; j++)
                {
                    NRange[] inArray =
                    [
                        new(Math.Max((int)rows.Start.Value, i * chunk), Math.Min((int)rows.End.Value, (i + 1) * chunk)),
                        new(Math.Max((int)columns.Start.Value, j * chunk), Math.Min((int)columns.End.Value, (j + 1) * chunk)),
                    ];
                    yield return ($"{Path}/c/{i}/{j}", Shift(inArray, -i * chunk, -j * chunk), inArray);
                }
            }
        }

        private static NRange[] Shift(NRange[] ranges, int rows, int columns) =>
        [
            new((int)ranges[0].Start.Value + rows, (int)ranges[0].End.Value + rows),
            new((int)ranges[1].Start.Value + columns, (int)ranges[1].End.Value + columns),
        ];
    }
}
