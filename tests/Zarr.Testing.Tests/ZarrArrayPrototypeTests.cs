using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests;

/// <summary>
/// zarr-python's <c>test_async_array_prototype</c> and <c>test_codecs_use_of_prototype</c> through the real array
/// layer: <see cref="ZarrArray"/>s written and read with a prototype of the testing doubles over a
/// <see cref="StoreExpectingTestBuffer"/>, and the buggy codec and reader the doubles catch.
/// </summary>
public class ZarrArrayPrototypeTests
{
    private const string Path = "test_async_array_prototype";
    private const string IgnoresPrototype = "zarr_testing_ignores_the_prototype";
    private static readonly BufferPrototype s_testPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    static ZarrArrayPrototypeTests() => CodecRegistry.Default.Register(IgnoresPrototype, _ => new CodecThatIgnoresThePrototype());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_region_written_and_read_through_the_test_prototype_comes_back_as_a_TestNDArrayLike()
    {
        var store = new StoreExpectingTestBuffer();
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([9, 9], DataType.UInt16, [5, 5], fillValue: 0), Token);

        var ones = s_testPrototype.NDBuffer.Create([3, 3], DataType.Float64, fillValue: 1.0);
        await array.WriteAsync([new NRange(1, 4), new NRange(3, 6)], ones, s_testPrototype, Token);
        await array.WriteAsync([new NRange(8, 9)], s_testPrototype.NDBuffer.Create([], DataType.UInt16, fillValue: 2), s_testPrototype, Token);
        var got = await array.ReadAsync(null, s_testPrototype, Token);

        var expected = new ushort[9 * 9];
        for (int row = 1; row < 4; row++)
        {
            expected.AsSpan((row * 9) + 3, 3).Fill(1);
        }

        expected.AsSpan(8 * 9, 9).Fill(2);

        got.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(expected);
        store.StoreDict.Keys.Should().BeEquivalentTo(Path + "/zarr.json", Path + "/c/0/0", Path + "/c/0/1", Path + "/c/1/0", Path + "/c/1/1");
        store.StoreDict.Where(pair => pair.Key != Path + "/zarr.json").Should().OnlyContain(pair => pair.Value is TestBuffer);
    }

    [Fact]
    public async Task Every_codec_of_a_chain_hands_the_prototype_on()
    {
        var store = new StoreExpectingTestBuffer();
        JsonArray codecs = [new TransposeCodec(1, 0).ToJson(), new BytesCodec().ToJson(), new Crc32cCodec().ToJson(), new GzipCodec().ToJson(), new ZstdCodec().ToJson()];
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([10, 10], DataType.UInt16, [5, 5], codecs: codecs), Token);
        ushort[] values = [.. Enumerable.Range(0, 100).Select(i => (ushort)i)];

        await array.WriteAsync(null, s_testPrototype.NDBuffer.FromArray(values, [10, 10]), s_testPrototype, Token);
        var got = await array.ReadAsync(null, s_testPrototype, Token);

        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(values);
        store.StoreDict.Where(pair => !pair.Key.EndsWith("zarr.json", StringComparison.Ordinal))
            .Should().HaveCount(4).And.OnlyContain(pair => pair.Value is TestBuffer);
    }

    [Fact]
    public async Task A_shard_read_in_part_fetches_its_index_and_inner_chunks_through_the_test_prototype()
    {
        var store = new ByteRangeRecordingStore();
        JsonArray codecs = [new ShardingCodec([2, 2], new CodecPipeline([new BytesCodec(), new GzipCodec()]), indexLocation: ShardingIndexLocation.Start).ToJson()];
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([6, 6], DataType.UInt16, [6, 6], fillValue: 9, codecs: codecs), Token);
        ushort[] values = [.. Enumerable.Range(0, 16).Select(i => (ushort)i)];
        await array.WriteAsync([new NRange(0, 4), new NRange(0, 4)], s_testPrototype.NDBuffer.FromArray(values, [4, 4]), s_testPrototype, Token);

        var got = await array.ReadAsync([new NRange(1, 3), new NRange(3, 5)], s_testPrototype, Token);

        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(7, 9, 11, 9);
        store.ByteRanges.Should().HaveCount(2, "the index, then inner chunks [0, 1] and [1, 1] in one merged read; [0, 2] and [1, 2] are empty");
        var ignored = await array.Invoking(a => a.ReadAsync([new NRange(0, 1)], BufferPrototype.Default, Token)).Should().ThrowAsync<UnexpectedBufferTypeException>();
        ignored.Which.Message.Should().StartWith($"StoreExpectingTestBuffer.GetAsync('{Path}/c/0/0') asked for a CpuBuffer (the buffer class of the prototype it was passed) where a TestBuffer was expected");
    }

    [Fact]
    public async Task A_codec_that_ignores_the_prototype_is_caught_by_the_store_naming_the_chunk()
    {
        var store = new StoreExpectingTestBuffer();
        JsonArray codecs = [new BytesCodec().ToJson(), new JsonObject { ["name"] = IgnoresPrototype }];
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([4, 4], DataType.UInt16, [4, 4], codecs: codecs), Token);

        var failure = await array.Invoking(a => a.WriteAsync(null, s_testPrototype.NDBuffer.Create([4, 4], DataType.UInt16, fillValue: 7), s_testPrototype, Token))
            .Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().StartWith($"StoreExpectingTestBuffer.SetAsync('{Path}/c/0/0') got a CpuBuffer where a TestBuffer was expected");
        store.StoreDict.Keys.Should().Equal(Path + "/zarr.json");
    }

    [Fact]
    public async Task A_reader_that_ignores_the_prototype_is_caught_by_the_store_naming_the_chunk()
    {
        // Big-endian chunks are read through the partial decoder and GetAsync with the prototype; with the default
        // prototype, little-endian ones would be read into the output's memory (GetIntoAsync), which makes no buffer.
        var store = new StoreExpectingTestBuffer();
        var bigEndian = new JsonArray(new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "big" } });
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([4, 4], DataType.UInt16, [4, 4], codecs: bigEndian), Token);
        await array.WriteAsync(null, s_testPrototype.NDBuffer.Create([4, 4], DataType.UInt16, fillValue: 3), s_testPrototype, Token);

        var failure = await array.Invoking(a => a.ReadAsync(null, BufferPrototype.Default, Token)).Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().StartWith($"StoreExpectingTestBuffer.GetAsync('{Path}/c/0/0') asked for a CpuBuffer (the buffer class of the prototype it was passed) where a TestBuffer was expected");
    }

    [Fact]
    public async Task ReadChunk_makes_every_buffer_through_the_prototype_it_is_handed()
    {
        var store = new StoreExpectingTestBuffer();
        var array = await ZarrArray.CreateAsync(store, Path, new ArrayMetadata([3, 4], DataType.UInt16, [2, 4], fillValue: 7), Token);
        await array.WriteAsync([new NRange(0, 2)], s_testPrototype.NDBuffer.Create([2, 4], DataType.UInt16, fillValue: 3), s_testPrototype, Token);

        var stored = await array.ReadChunkAsync([0, 0], s_testPrototype, Token);
        var missing = await array.ReadChunkAsync([1, 0], s_testPrototype, Token);

        stored.Should().BeOfType<NDBufferUsingTestNDArrayLike>().Which.AllEqual(3).Should().BeTrue();
        missing.Should().BeOfType<NDBufferUsingTestNDArrayLike>().Which.AllEqual(7).Should().BeTrue();
        await array.Invoking(a => a.ReadChunkAsync([0, 0], BufferPrototype.Default, Token)).Should().ThrowAsync<UnexpectedBufferTypeException>();
    }

    [Fact]
    public async Task Opening_a_missing_path_is_KeyNotFound_not_a_buffer_class_error()
    {
        var store = new StoreExpectingTestBuffer();

        var failure = await store.Invoking(s => ZarrArray.OpenAsync(s, "a", Token)).Should().ThrowAsync<KeyNotFoundException>();

        failure.Which.Message.Should().Contain("'a/zarr.json'").And.Contain("'a/.zarray'");
    }

    [Fact]
    public async Task A_v2_array_written_and_read_through_the_test_prototype_round_trips()
    {
        var store = new StoreExpectingTestBuffer();
        var metadata = ArrayMetadata.ParseV2(
            """
            {"zarr_format": 2, "shape": [6, 4], "chunks": [4, 4], "dtype": "<i4", "order": "C", "fill_value": 0,
             "compressor": {"id": "zlib", "level": 1}, "filters": null}
            """u8,
            """{"units": "m"}"""u8);
        var array = await ZarrArray.CreateAsync(store, Path, metadata, Token);
        int[] values = [.. Enumerable.Range(1, 24)];

        await array.WriteAsync(null, s_testPrototype.NDBuffer.FromArray(values, [6, 4]), s_testPrototype, Token);
        var reopened = await ZarrArray.OpenAsync(store, Path, Token);
        var got = await reopened.ReadAsync(null, s_testPrototype, Token);

        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<int>().ToArray().Should().Equal(values);
        reopened.Metadata.ZarrFormat.Should().Be(2);
        store.StoreDict.Keys.Should().BeEquivalentTo(Path + "/.zarray", Path + "/.zattrs", Path + "/0.0", Path + "/1.0");
        store.StoreDict.Where(pair => pair.Key.EndsWith(".0", StringComparison.Ordinal)).Should().OnlyContain(pair => pair.Value is TestBuffer);
    }

    /// <summary>Records the byte range of every partial read, which only a partial shard read makes.</summary>
    private sealed class ByteRangeRecordingStore : StoreExpectingTestBuffer
    {
        public System.Collections.Concurrent.ConcurrentQueue<Zarr.Storage.ByteRequest> ByteRanges { get; } = new();

        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, Zarr.Storage.ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            if (byteRange is not null)
            {
                ByteRanges.Enqueue(byteRange);
            }

            return base.GetAsync(key, prototype, byteRange, cancellationToken);
        }
    }

    /// <summary>The classic bug: a codec that makes its output with a concrete buffer class instead of the prototype.</summary>
    private sealed class CodecThatIgnoresThePrototype : IBytesBytesCodec
    {
        public string Name => IgnoresPrototype;

        public JsonObject ToJson() => new() { ["name"] = IgnoresPrototype };

        public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => CpuBuffer.FromBytes(bytes.AsSpan());

        public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => CpuBuffer.FromBytes(bytes.AsSpan());
    }
}
