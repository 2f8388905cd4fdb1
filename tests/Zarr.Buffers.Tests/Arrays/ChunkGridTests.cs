using System.Buffers;
using Zarr.Arrays;

namespace Zarr.Buffers.Tests.Arrays;

public class ChunkGridTests
{
    [Theory]
    [InlineData(new long[] { 10, 10 }, new long[] { 5, 5 }, new long[] { 2, 2 })]
    [InlineData(new long[] { 6, 7 }, new long[] { 4, 5 }, new long[] { 2, 2 })]
    [InlineData(new long[] { 0, 3 }, new long[] { 4, 5 }, new long[] { 0, 1 })]
    [InlineData(new long[0], new long[0], new long[0])]
    [InlineData(new long[] { long.MaxValue, long.MaxValue, 1 }, new long[] { 10, 1, long.MaxValue }, new long[] { 922337203685477581, long.MaxValue, 1 })]
    public void Grid_shape_rounds_up(long[] shape, long[] chunks, long[] expected) =>
        new ChunkGrid(shape, chunks).GridShape.ToArray().Should().Equal(expected);

    [Fact]
    public void Edge_chunks_of_the_largest_array_project_without_overflow()
    {
        var grid = new ChunkGrid([long.MaxValue], [10]);

        var projection = grid.Project(new NRange(NIndex.FromEnd(3), NIndex.End)).Should().ContainSingle().Subject;

        projection.ChunkCoords.Should().Equal(922337203685477580);
        projection.ChunkSelection.Should().Equal(new NRange(4, 7));
        projection.OutputSelection.Should().Equal(new NRange(0, 3));
        projection.IsComplete.Should().BeFalse();
        grid.Project(new NRange(NIndex.FromEnd(7), NIndex.End)).Should().ContainSingle().Which.IsComplete.Should().BeTrue();
    }

    [Fact]
    public void Invalid_shapes_are_rejected()
    {
        var rank = () => new ChunkGrid([4, 4, 4], [2, 2]);
        rank.Should().Throw<ArgumentException>().WithMessage("*rank 2*rank 3*");
        var zeroChunk = () => new ChunkGrid([4], [0]);
        zeroChunk.Should().Throw<ArgumentException>().WithParameterName("chunkShape");
        var negative = () => new ChunkGrid([-1], [2]);
        negative.Should().Throw<ArgumentException>().WithParameterName("arrayShape");
    }

    [Fact]
    public void Region_over_edge_chunks_projects_into_each_chunk()
    {
        var grid = new ChunkGrid([6, 7], [4, 5]);

        var projections = grid.Project(new NRange(3, 6), new NRange(1, 7)).ToList();

        projections.Select(p => (p.ChunkCoords[0], p.ChunkCoords[1])).Should().Equal((0L, 0L), (0L, 1L), (1L, 0L), (1L, 1L));
        var last = projections[3];
        last.ChunkSelection.Should().Equal(new NRange(0, 2), new NRange(0, 2));
        last.OutputSelection.Should().Equal(new NRange(1, 3), new NRange(4, 6));
        last.IsComplete.Should().BeTrue("it covers every in-array element of the edge chunk; the padding does not count");
        projections[0].ChunkSelection.Should().Equal(new NRange(3, 4), new NRange(1, 5));
        projections[0].OutputSelection.Should().Equal(new NRange(0, 1), new NRange(0, 4));
        projections[0].IsComplete.Should().BeFalse();
    }

    [Fact]
    public void Whole_array_covers_every_chunk_completely()
    {
        var projections = new ChunkGrid([6, 7], [4, 5]).Project();

        projections.Should().HaveCount(4).And.OnlyContain(p => p.IsComplete);
        projections.Sum(p => Size(p.OutputSelection)).Should().Be(42);
    }

    [Fact]
    public void Empty_region_touches_no_chunk()
    {
        new ChunkGrid([6, 7], [4, 5]).Project(new NRange(2, 2)).Should().BeEmpty();
        new ChunkGrid([0], [4]).Project().Should().BeEmpty();
    }

    [Fact]
    public void Huge_grids_are_projected_one_chunk_at_a_time()
    {
        var grid = new ChunkGrid([1L << 40], [1024]);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var firstThree = grid.Project().Take(3).ToList();

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(64 * 1024, "2^30 chunk positions are not built up front");
        firstThree.Select(p => p.ChunkCoords[0]).Should().Equal(0, 1, 2);
        firstThree.Should().OnlyContain(p => p.IsComplete);
    }

    [Fact]
    public void Every_enumeration_starts_from_the_first_chunk()
    {
        var projections = new ChunkGrid([6, 7], [4, 5]).Project(new NRange(3, 6), new NRange(1, 7));

        var first = projections.Select(p => (p.ChunkCoords[0], p.ChunkCoords[1])).ToList();
        var second = projections.Select(p => (p.ChunkCoords[0], p.ChunkCoords[1])).ToList();

        first.Should().Equal((0L, 0L), (0L, 1L), (1L, 0L), (1L, 1L));
        second.Should().Equal(first);
    }

    [Fact]
    public void Rank_0_has_one_chunk()
    {
        var projection = new ChunkGrid([], []).Project().Should().ContainSingle().Subject;
        projection.ChunkCoords.Should().BeEmpty();
        projection.IsComplete.Should().BeTrue();
    }

    [Fact]
    public void From_end_indexes_and_missing_axes_resolve_against_the_shape()
    {
        var grid = new ChunkGrid([6, 7], [4, 5]);
        grid.ResolveRegion(new NRange(NIndex.FromEnd(2), NIndex.FromEnd(0))).Should().Equal(new NRange(4, 6), new NRange(0, 7));
        grid.RegionShape(new NRange(1, 3)).Should().Equal(2, 7);
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(5, 4)]
    public void Regions_outside_the_array_name_region_and_shape(int start, int end)
    {
        var grid = new ChunkGrid([6, 7], [4, 5]);
        var act = () => grid.Project(new NRange(0, 6), new NRange(start, end));
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{start}..{end}*[6, 7]*axis 1*");
    }

    [Fact]
    public void Too_many_ranges_are_rejected()
    {
        var act = () => new ChunkGrid([6], [4]).Project(new NRange(0, 1), new NRange(0, 1));
        act.Should().Throw<ArgumentException>().WithMessage("*2 ranges*rank 1*");
    }

    private static long Size(NRange[] selection) => selection.Aggregate(1L, (n, r) => n * (r.End.Value - r.Start.Value));
}
