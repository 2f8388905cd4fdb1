using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;

namespace Zarr.Testing.Tests;

/// <summary>
/// zarr-python's <c>test_async_array_prototype</c> through the real array layer: a <see cref="ZarrArray"/> written and
/// read with the testing doubles' prototype over a <see cref="StoreExpectingTestBuffer"/>, through every codec.
/// </summary>
public class ZarrArrayPrototypeTests
{
    private static readonly BufferPrototype s_testPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Region_writes_and_reads_keep_the_test_classes_through_every_codec()
    {
        var store = new StoreExpectingTestBuffer();
        var array = await CreateAsync(store);

        await array.WriteAsync([new NRange(1, 4), new NRange(3, 6)], s_testPrototype.NDBuffer.Create([3, 3], DataType.UInt16, fillValue: 1), s_testPrototype, Token);
        await array.WriteAsync([new NRange(8, 9)], s_testPrototype.NDBuffer.Create([], DataType.UInt16, fillValue: 2), s_testPrototype, Token);
        var got = await array.ReadAsync(null, s_testPrototype, Token);

        got.Should().BeOfType<NDBufferUsingTestNDArrayLike>();
        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>()[2, 4].Should().Be(1);
        got.AsTensor<ushort>()[8, 0].Should().Be(2);
        got.AsTensor<ushort>()[0, 0].Should().Be(0);
        store.StoreDict.Keys.Should().BeEquivalentTo("arr/zarr.json", "arr/c/0/0", "arr/c/0/1", "arr/c/1/0", "arr/c/1/1");
        store.StoreDict.Where(pair => pair.Key != "arr/zarr.json").Should().OnlyContain(pair => pair.Value is TestBuffer);
    }

    [Fact]
    public async Task Reading_with_the_default_prototype_is_caught_naming_the_chunk()
    {
        var store = new StoreExpectingTestBuffer();
        var array = await CreateAsync(store);
        await array.WriteAsync(null, s_testPrototype.NDBuffer.Create([], DataType.UInt16, fillValue: 3), s_testPrototype, Token);

        var read = () => array.ReadAsync([new NRange(0, 2)], BufferPrototype.Default, Token);

        await read.Should().ThrowAsync<UnexpectedBufferTypeException>().WithMessage("*'arr/c/0/0'*");
    }

    private static Task<ZarrArray> CreateAsync(StoreExpectingTestBuffer store)
    {
        var codecs = JsonNode.Parse("""
            [{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "little"}},
             {"name": "crc32c"}, {"name": "gzip", "configuration": {"level": 1}}, {"name": "zstd", "configuration": {"level": 1}}]
            """)!.AsArray();
        return ZarrArray.CreateAsync(store, "arr", new ArrayMetadata([9, 9], DataType.UInt16, [5, 5], codecs: codecs), Token);
    }
}
