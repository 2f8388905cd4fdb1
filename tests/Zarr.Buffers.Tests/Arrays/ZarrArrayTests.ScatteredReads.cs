using System.Buffers;
using Zarr.Arrays;
using Zarr.Buffers.Internal;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

/// <content>
/// Raw chunks of a LocalStore that a read covers whole but that lie strided in its destination, which go from the file
/// straight into their runs there (preadv) when each run is 2 KiB or longer, and through pooled scratch otherwise.
/// </content>
public sealed partial class ZarrArrayTests
{
    private const int Sentinel = -7;

    public static TheoryData<string, long[], long[]> ScatteredReadCases => new()
    {
        { "rows of exactly 2 KiB", [8, 2048], [4, 512] },
        { "rows of 2044 bytes, through scratch", [8, 2044], [4, 511] },
        { "runs of two 1 KiB rows across two axes", [4, 4, 256], [2, 2, 256] },
        { "an axis of length 1 inside the runs", [8, 2, 1024], [4, 1, 512] },
        { "more runs than one preadv takes", [1100, 1024], [1100, 512] },
        { "edge chunks (through scratch) beside whole ones", [9, 1200], [4, 512] },
    };

    [Theory]
    [MemberData(nameof(ScatteredReadCases))]
    public async Task Raw_chunks_covered_whole_land_in_their_strided_places_and_nowhere_else(string name, long[] shape, long[] chunks)
    {
        var store = new LocalStore(_folder);
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
    [InlineData(4092)]
    [InlineData(4100)]
    public async Task A_raw_chunk_file_of_another_length_read_into_a_strided_place_is_reported_with_its_key(int length)
    {
        var store = new LocalStore(_folder);
        var array = await CreateAsync(store, new ArrayMetadata([2, 1024], DataType.Int32, [2, 512]));
        await store.SetAsync("c/0/1", CpuBuffer.FromBytes(new byte[length]), Token);

        var act = () => array.ReadAsync(null, Prototype, Token);

        (await act.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("'c/0/1'").And.Contain($"{length}");
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
}
