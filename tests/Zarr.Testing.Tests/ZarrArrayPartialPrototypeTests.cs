using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests;

public class ZarrArrayPartialPrototypeTests
{
    private static readonly BufferPrototype s_testPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<int> Kinds => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Partial_writes_and_reads_of_every_partial_pipeline_go_through_the_test_prototype(int kind)
    {
        var store = new StoreExpectingTestBuffer();
        JsonArray codecs = kind switch
        {
            0 => [new BytesCodec(Endian.Big).ToJson()],
            1 => [new ShardingCodec([2, 2], new CodecPipeline([new BytesCodec(Endian.Big)])).ToJson()],
            2 => [new ShardingCodec([4, 2], new CodecPipeline([new ShardingCodec([2, 1], indexLocation: ShardingIndexLocation.Start)])).ToJson()],
            _ => [new ShardingCodec([2, 2], new CodecPipeline([new TransposeCodec(1, 0), new BytesCodec()])).ToJson()],
        };
        var array = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([7, 6], DataType.UInt16, [4, 4], fillValue: 9, codecs: codecs), Token);
        ushort[] values = [.. Enumerable.Range(0, 42).Select(i => (ushort)i)];
        await array.WriteAsync(null, s_testPrototype.NDBuffer.FromArray(values, [7, 6]), s_testPrototype, Token);
        await array.WriteAsync([new NRange(1, 2), new NRange(1, 3)], s_testPrototype.NDBuffer.FromArray(new ushort[] { 100, 101 }, [1, 2]), s_testPrototype, Token);
        await array.WriteAsync([new NRange(5, 7), new NRange(5, 6)], s_testPrototype.NDBuffer.FromArray(new ushort[] { 9, 9 }, [2, 1]), s_testPrototype, Token);
        values[7] = 100;
        values[8] = 101;
        values[35] = 9;
        values[41] = 9;

        var got = await array.ReadAsync([new NRange(1, 6), new NRange(1, 6)], s_testPrototype, Token);

        got.AsNDArrayLike().Should().BeOfType<TestNDArrayLike>();
        got.AsTensor<ushort>().ToArray().Should().Equal(Enumerable.Range(1, 5).SelectMany(r => Enumerable.Range(1, 5).Select(c => values[(r * 6) + c])));
        var one = await array.ReadAsync([new NRange(6, 7), new NRange(5, 6)], s_testPrototype, Token);
        one.AsTensor<ushort>().ToArray().Should().Equal((ushort)9);
        store.StoreDict.Where(pair => !pair.Key.EndsWith("zarr.json", StringComparison.Ordinal)).Should().OnlyContain(pair => pair.Value is TestBuffer);
    }
}
