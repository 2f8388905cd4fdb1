using System.Buffers;
using Zarr.Arrays;
using Zarr.Buffers.Internal;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <content>
/// Raw chunks that a read covers whole but that lie strided in its destination, which go from a LocalStore's file (preadv)
/// or a MemoryStore's value straight into their runs there when each run is 2 KiB or longer, and through pooled scratch
/// otherwise.
/// </content>
public sealed partial class ZarrArrayTests
{
    private const int Sentinel = -7;

    private static readonly (string Name, long[] Shape, long[] Chunks)[] s_scatteredReadShapes =
    [
        ("rows of exactly 2 KiB", [8, 2048], [4, 512]),
        ("rows of 2044 bytes, through scratch", [8, 2044], [4, 511]),
        ("runs of two 1 KiB rows across two axes", [4, 4, 256], [2, 2, 256]),
        ("an axis of length 1 inside the runs", [8, 2, 1024], [4, 1, 512]),
        ("more runs than one preadv takes", [1100, 1024], [1100, 512]),
        ("edge chunks (through scratch) beside whole ones", [9, 1200], [4, 512]),
    ];

    public static TheoryData<string, string, long[], long[]> ScatteredReadCases
    {
        get
        {
            var cases = new TheoryData<string, string, long[], long[]>();
            foreach (string kind in new[] { "local", "memory" })
            {
                foreach (var (name, shape, chunks) in s_scatteredReadShapes)
                {
                    cases.Add(kind, name, shape, chunks);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(ScatteredReadCases))]
    public async Task Raw_chunks_covered_whole_land_in_their_strided_places_and_nowhere_else(string kind, string name, long[] shape, long[] chunks)
    {
        var store = Store(kind);
        var array = await CreateAsync(store, new ArrayMetadata(shape, DataType.Int32, chunks, fillValue: ReadIntoFill));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, (int)ShapeMath.Product(shape)).ToArray(), shape), Prototype, Token);
        await store.DeleteAsync("c/" + string.Join('/', shape.Select(_ => 1)), Token);

        // The destination is a view into a buffer longer on every axis but the last (which keeps runs that span axes
        // whole), so that a run written to a wrong place shows as a lost sentinel.
        long[] paddedShape = [.. shape.Select((length, axis) => axis == shape.Length - 1 ? length : length + 3)];
        var padded = CpuNDBuffer.Create(paddedShape, DataType.Int32, MemoryOrder.C, Sentinel);
        var inside = shape.Select((length, axis) => axis == shape.Length - 1 ? new NRange(0, (int)length) : new NRange(1, 1 + (int)length)).ToArray();
        await array.ReadIntoAsync(null, padded[inside], Prototype, Token);

        Flatten<int>(padded[inside]).Should().Equal(ExpectedWithMissingChunk(shape, chunks), name);
        Flatten<int>(padded).Count(value => value == Sentinel).Should().Be((int)(ShapeMath.Product(paddedShape) - ShapeMath.Product(shape)), "nothing outside the view was written");
    }

    [Fact]
    public async Task Raw_chunks_covered_whole_land_in_a_destination_of_F_order()
    {
        long[] shape = [8, 2048];
        var array = await CreateAsync(new LocalStore(_folder), new ArrayMetadata(shape, DataType.Int32, [4, 512]));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 8 * 2048).ToArray(), shape), Prototype, Token);
        var destination = CpuNDBuffer.Create(shape, DataType.Int32, MemoryOrder.F, Sentinel);

        await array.ReadIntoAsync(null, destination, Prototype, Token);

        Flatten<int>(destination).Should().Equal(Enumerable.Range(0, 8 * 2048));
    }

    [Theory]
    [InlineData("local", 4092)]
    [InlineData("local", 4100)]
    [InlineData("memory", 4092)]
    [InlineData("memory", 4100)]
    public async Task A_raw_chunk_of_another_length_read_into_a_strided_place_is_reported_with_its_key(string kind, int length)
    {
        var store = Store(kind);
        var array = await CreateAsync(store, new ArrayMetadata([2, 1024], DataType.Int32, [2, 512]));
        await store.SetAsync("c/0/1", CpuBuffer.FromBytes(new byte[length]), Token);

        var act = () => array.ReadAsync(null, Prototype, Token);

        (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("'c/0/1'").And.Contain($"{length}");
    }

    [Fact]
    public async Task A_subclass_of_MemoryStore_is_read_through_its_own_GetIntoAsync()
    {
        var store = new CountingGetIntoStore();
        var array = await CreateAsync(store, new ArrayMetadata([8, 2048], DataType.Int32, [4, 512]));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 8 * 2048).ToArray(), [8, 2048]), Prototype, Token);

        var values = await array.ReadAsync(null, Prototype, Token);

        Flatten<int>(values).Should().Equal(Enumerable.Range(0, 8 * 2048));
        store.GetIntoCalls.Should().Be(8, "a subclass may override how it reads, so each chunk goes through GetIntoAsync");
    }

    /// <summary>Each element's C-order index in the array, or the fill value in the chunk of grid coordinates all 1.</summary>
    private static int[] ExpectedWithMissingChunk(long[] shape, long[] chunks)
    {
        int[] values = new int[ShapeMath.Product(shape)];
        long[] index = new long[shape.Length];
        for (int flat = 0; flat < values.Length; flat++)
        {
            values[flat] = index.Select((i, axis) => i / chunks[axis]).All(coordinate => coordinate == 1) ? ReadIntoFill : flat;
            for (int axis = shape.Length - 1; axis >= 0 && ++index[axis] == shape[axis]; axis--)
            {
                index[axis] = 0;
            }
        }

        return values;
    }

    private sealed class CountingGetIntoStore : MemoryStore
    {
        private int _getIntoCalls;

        public int GetIntoCalls => _getIntoCalls;

        public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _getIntoCalls);
            return base.GetIntoAsync(key, destination, byteRange, cancellationToken);
        }
    }
}
