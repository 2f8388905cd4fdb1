using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class RangeCoalescerTests
{
    private static List<(ByteRequest? Request, int[] Members)> Plan(ByteRequest?[] ranges, long maxGap = Store.DefaultMaxGapBytes,
        long maxCoalesced = Store.DefaultMaxCoalescedBytes) =>
        RangeCoalescer.Plan(ranges, maxGap, maxCoalesced).Select(read => (read.Request, read.Members)).ToList();

    [Fact]
    public void Nearby_ranges_merge_into_one_read_in_order_of_start()
    {
        var plan = Plan([new RangeByteRequest(100, 110), new RangeByteRequest(0, 10), new RangeByteRequest(50, 60)]);

        plan.Should().ContainSingle();
        plan[0].Request.Should().Be(new RangeByteRequest(0, 110));
        plan[0].Members.Should().Equal(1, 2, 0);
    }

    [Theory]
    [InlineData(10, 20, 1)]
    [InlineData(10, 21, 2)]
    [InlineData(-1, 10, 2)]
    public void A_gap_merges_only_up_to_the_limit(long maxGap, long secondStart, int reads)
    {
        var plan = Plan([new RangeByteRequest(0, 10), new RangeByteRequest(secondStart, secondStart + 5)], maxGap);

        plan.Should().HaveCount(reads);
    }

    [Fact]
    public void Overlapping_and_nested_ranges_merge_to_the_largest_end()
    {
        var plan = Plan([new RangeByteRequest(0, 100), new RangeByteRequest(10, 20), new RangeByteRequest(90, 120)], maxGap: 0);

        plan.Should().ContainSingle().Which.Request.Should().Be(new RangeByteRequest(0, 120));
    }

    [Fact]
    public void A_merged_span_never_exceeds_the_coalescing_limit()
    {
        var plan = Plan([new RangeByteRequest(0, 10), new RangeByteRequest(10, 20), new RangeByteRequest(20, 31)],
            maxGap: 100, maxCoalesced: 20);

        plan.Select(read => read.Request).Should().Equal(new RangeByteRequest(0, 20), new RangeByteRequest(20, 31));
        plan.Select(read => read.Members).Should().BeEquivalentTo(new[] { new[] { 0, 1 }, [2] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_single_range_larger_than_the_limit_is_still_read()
    {
        var plan = Plan([new RangeByteRequest(0, 1000)], maxCoalesced: 10);

        plan.Should().ContainSingle().Which.Request.Should().Be(new RangeByteRequest(0, 1000));
    }

    [Fact]
    public void Offsets_suffixes_and_whole_reads_are_never_merged()
    {
        ByteRequest?[] ranges = [new OffsetByteRequest(0), null, new SuffixByteRequest(4), new RangeByteRequest(0, 1), new OffsetByteRequest(0)];

        var plan = Plan(ranges);

        plan.Should().HaveCount(5);
        plan.Where(read => read.Request is not RangeByteRequest).Select(read => read.Members.Single()).Should().Equal(0, 1, 2, 4);
        plan.Select(read => read.Request).Should().Contain(ranges);
    }

    [Fact]
    public void Equal_starts_keep_input_order_and_an_empty_input_plans_nothing()
    {
        Plan([new RangeByteRequest(5, 6), new RangeByteRequest(5, 9), new RangeByteRequest(5, 5)])
            .Single().Members.Should().Equal(0, 1, 2);
        Plan([]).Should().BeEmpty();
    }
}
