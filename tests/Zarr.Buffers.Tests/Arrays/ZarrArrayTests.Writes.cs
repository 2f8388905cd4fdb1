using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

// Writes encode from the caller's memory or from pooled scratch; these pin down that neither shortcut changes what is stored.
public sealed partial class ZarrArrayTests
{
    public static TheoryData<string, string, string> WriteLayouts
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (string store in new[] { "memory", "local", "keeping" })
            {
                foreach (string format in new[] { "little", "big", "sharded", "v2", "v2-big-F" })
                {
                    foreach (string source in new[] { "C", "F" })
                    {
                        data.Add(store, format, source);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WriteLayouts))]
    public async Task A_write_stores_the_callers_values_exactly_and_leaves_them_unchanged(string storeKind, string format, string sourceOrder)
    {
        var array = await CreateAsync(WriteStore(storeKind), WriteMetadata(format));
        var whole = Source([6, 9], sourceOrder, start: 1);
        var oneChunk = Source([2, 3], sourceOrder, start: 100);
        var edge = Source([2, 2], sourceOrder, start: 200);
        var unaligned = Source([3, 4], sourceOrder, start: 300);
        var sources = new[] { whole, oneChunk, edge, unaligned };
        int[][] before = [.. sources.Select(source => source.ToArray<int>())];
        int[] expected = whole.ToArray<int>();

        await array.WriteAsync(null, whole, Prototype, Token);
        await WriteTrackedAsync(array, oneChunk, expected, row: 2, column: 3);
        await WriteTrackedAsync(array, edge, expected, row: 4, column: 7);
        await WriteTrackedAsync(array, unaligned, expected, row: 1, column: 1);

        (await array.ReadAsync(null, Prototype, Token)).ToArray<int>().Should().Equal(expected);
        sources.Select(source => source.ToArray<int>()).Should().BeEquivalentTo(before, options => options.WithStrictOrdering());
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("local")]
    [InlineData("keeping")]
    public async Task A_stored_chunk_is_not_changed_by_later_writes_reusing_pooled_memory_or_by_the_caller(string storeKind)
    {
        var array = await CreateAsync(WriteStore(storeKind), WriteMetadata("little"));
        var caller = Source([2, 3], "C", start: 1);
        await array.WriteAsync([new NRange(0, 2), new NRange(0, 3)], caller, Prototype, Token);
        await array.WriteAsync([new NRange(2, 3), new NRange(0, 1)], Source([1, 1], "C", start: 7), Prototype, Token);

        caller.Fill(-5);
        for (int round = 0; round < 20; round++)
        {
            await array.WriteAsync([new NRange(2, 6), new NRange(3, 9)], Source([4, 6], "F", start: 1000 * round), Prototype, Token);
            await array.WriteAsync([new NRange(0, 2), new NRange(3, 6)], Source([2, 3], "C", start: 1000 * round), Prototype, Token);
        }

        (await array.ReadAsync([new NRange(0, 3), new NRange(0, 3)], Prototype, Token)).ToArray<int>()
            .Should().Equal(1, 2, 3, 4, 5, 6, 7, -1, -1);
    }

    [Theory]
    [InlineData(false, "C")]
    [InlineData(false, "F")]
    [InlineData(true, "C")]
    [InlineData(true, "F")]
    public async Task Chunks_written_with_only_the_fill_value_are_deleted_unless_empty_chunks_are_written(bool writeEmptyChunks, string sourceOrder)
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, WriteMetadata("little"));
        array.WriteEmptyChunks = writeEmptyChunks;
        await array.WriteAsync(null, Source([6, 9], sourceOrder, start: 1), Prototype, Token);

        var fill = CpuNDBuffer.Create([2, 3], DataType.Int32, fillValue: -1);
        await array.WriteAsync([new NRange(2, 4), new NRange(3, 6)], sourceOrder == "C" ? fill : fill.Transpose().Copy().Transpose(), Prototype, Token);
        await array.WriteAsync([new NRange(4, 6), new NRange(6, 9)], CpuNDBuffer.Create([], DataType.Int32, fillValue: -1), Prototype, Token);

        store.StoreDict.ContainsKey("c/1/1").Should().Be(writeEmptyChunks);
        store.StoreDict.ContainsKey("c/2/2").Should().Be(writeEmptyChunks);
        store.StoreDict.ContainsKey("c/0/0").Should().BeTrue();
        (await array.ReadAsync([new NRange(2, 6), new NRange(3, 9)], Prototype, Token)).AllEqual(-1).Should().BeFalse();
        (await array.ReadAsync([new NRange(2, 4), new NRange(3, 6)], Prototype, Token)).AllEqual(-1).Should().BeTrue();
    }

    [Theory]
    [InlineData("little")]
    [InlineData("big")]
    [InlineData("sharded")]
    public async Task Every_buffer_a_write_gives_the_store_has_the_prototypes_class(string format)
    {
        var store = new KeepingStore();
        var array = await CreateAsync(store, WriteMetadata(format));

        await array.WriteAsync(null, Source([6, 9], "C", start: 1), OtherNDBuffer.Prototype, Token);
        await array.WriteAsync([new NRange(1, 2), new NRange(1, 8)], Source([1, 7], "F", start: 50), OtherNDBuffer.Prototype, Token);

        store.WrittenTypes.Should().NotBeEmpty().And.OnlyContain(type => type == typeof(OtherBuffer));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task A_chunk_encoded_from_the_callers_memory_goes_uncopied_only_to_a_store_whose_set_copies(bool copiesOnSet, bool expectAliased)
    {
        int[] values = [.. Enumerable.Range(10, 6)];
        var store = new AliasRecordingStore(copiesOnSet, values);
        var array = await CreateAsync(store, WriteMetadata("little"));

        await array.WriteAsync([new NRange(0, 2), new NRange(0, 3)], CpuNDBuffer.FromArray(values, [2, 3]), Prototype, Token);

        store.Aliased.Should().Equal(expectAliased);
        (await array.ReadAsync([new NRange(0, 2), new NRange(0, 3)], Prototype, Token)).ToArray<int>().Should().Equal(values);
    }

    private static async Task WriteTrackedAsync(ZarrArray array, NDBuffer values, int[] expected, int row, int column)
    {
        int rows = (int)values.Shape[0], columns = (int)values.Shape[1], width = (int)array.Shape[1];
        int[] flat = values.ToArray<int>();
        for (int i = 0; i < flat.Length; i++)
        {
            expected[((row + (i / columns)) * width) + column + (i % columns)] = flat[i];
        }

        await array.WriteAsync([new NRange(row, row + rows), new NRange(column, column + columns)], values, Prototype, Token);
    }

    // Distinct values from start, in C index order; "F" lays them out in Fortran order (a transposed view), which no
    // chunk can be encoded from directly.
    private static NDBuffer Source(int[] shape, string order, int start)
    {
        var values = Enumerable.Range(start, shape[0] * shape[1]).ToArray();
        return order == "C"
            ? CpuNDBuffer.FromArray(values, [shape[0], shape[1]])
            : CpuNDBuffer.FromArray(values, [shape[0], shape[1]]).Transpose().Copy().Transpose();
    }

    private IStore WriteStore(string kind) => kind == "keeping" ? new KeepingStore() : Store(kind);

    // A 6 x 9 int32 array of 2 x 3 chunks (edge chunks included when written at [4.., 7..]), fill value -1.
    private static ArrayMetadata WriteMetadata(string format) => format switch
    {
        "little" => new ArrayMetadata([6, 9], DataType.Int32, [2, 3], fillValue: -1),
        "big" => new ArrayMetadata([6, 9], DataType.Int32, [2, 3], fillValue: -1,
            codecs: [new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "big" } }]),
        "sharded" => new ArrayMetadata([6, 9], DataType.Int32, [4, 6], fillValue: -1, codecs: JsonNode.Parse("""
            [{"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 3],
              "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}]}}]
            """)!.AsArray()),
        "v2" => ArrayMetadata.CreateV2([6, 9], DataType.Int32, [2, 3], fillValue: -1),
        "v2-big-F" => ArrayMetadata.CreateV2([6, 9], DataType.Int32, [2, 3], Endian.Big, MemoryOrder.F, fillValue: -1),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    /// <summary>A decorator that says whether its set copies as told and records, per set, whether the value is a view of <c>source</c>.</summary>
    private sealed class AliasRecordingStore(bool copiesOnSet, int[] source) : WrapperStore(new MemoryStore())
    {
        public List<bool> Aliased { get; } = [];

        public override bool CopiesOnSet => copiesOnSet;

        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            lock (Aliased)
            {
                Aliased.Add(value.AsSpan().Overlaps(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source.AsSpan())));
            }

            return base.SetAsync(key, value, cancellationToken);
        }
    }

    /// <summary>A store that keeps the very buffer each write gives it, as a store may; it records their classes.</summary>
    private sealed class KeepingStore : MemoryStore
    {
        public List<Type> WrittenTypes { get; } = [];

        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            lock (WrittenTypes)
            {
                WrittenTypes.Add(value.GetType());
                StoreDict[key] = value;
            }

            return default;
        }
    }
}
