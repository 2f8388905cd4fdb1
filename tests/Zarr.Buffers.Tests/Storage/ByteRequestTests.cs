using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class ByteRequestTests
{
    [Theory]
    [InlineData(-1, 4, "start")]
    [InlineData(3, 1, "end")]
    [InlineData(3, 2, "end")]
    [InlineData(-2, -1, "start")]
    public void Negative_or_inverted_ranges_are_rejected_with_both_values(long start, long end, string parameter)
    {
        Action act = () => _ = new RangeByteRequest(start, end);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter)
            .WithMessage($"*start {start} and end {end}*");
    }

    [Fact]
    public void Negative_offsets_and_suffixes_are_rejected()
    {
        Action offset = () => _ = new OffsetByteRequest(-1);
        Action suffix = () => _ = new SuffixByteRequest(-1);

        offset.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("offset").WithMessage("*-1*");
        suffix.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("suffix").WithMessage("*-1*");
    }

    [Fact]
    public void Requests_are_values()
    {
        new RangeByteRequest(1, 4).Should().Be(new RangeByteRequest(1, 4));
        new RangeByteRequest(1, 4).GetHashCode().Should().Be(new RangeByteRequest(1, 4).GetHashCode());
        new RangeByteRequest(1, 4).Should().NotBe(new RangeByteRequest(1, 5));
        new OffsetByteRequest(1).Should().NotBe(new SuffixByteRequest(1));
        new RangeByteRequest(1, 4).ToString().Should().Be("RangeByteRequest { Start = 1, End = 4 }");
        new RangeByteRequest(0, 0).End.Should().Be(0);
    }

    [Theory]
    [InlineData(1, 4, 1, 3)]
    [InlineData(1, 100, 1, 3)]
    [InlineData(0, 4, 0, 4)]
    [InlineData(4, 5, 4, 0)]
    [InlineData(10, 20, 4, 0)]
    [InlineData(2, 2, 2, 0)]
    public void Ranges_resolve_with_slice_semantics(long start, long end, long expectedStart, long expectedLength) =>
        new RangeByteRequest(start, end).Resolve(4).Should().Be((expectedStart, expectedLength));

    [Theory]
    [InlineData(0, 0, 5)]
    [InlineData(1, 1, 4)]
    [InlineData(5, 5, 0)]
    [InlineData(10, 5, 0)]
    public void Offsets_resolve_to_the_rest_of_the_value(long offset, long expectedStart, long expectedLength) =>
        new OffsetByteRequest(offset).Resolve(5).Should().Be((expectedStart, expectedLength));

    [Theory]
    [InlineData(7, 0, 5)]
    [InlineData(5, 0, 5)]
    [InlineData(3, 2, 3)]
    [InlineData(0, 5, 0)]
    public void Suffixes_longer_than_the_value_give_the_whole_value(long suffix, long expectedStart, long expectedLength) =>
        new SuffixByteRequest(suffix).Resolve(5).Should().Be((expectedStart, expectedLength));

    [Fact]
    public void Any_request_on_an_empty_value_is_empty() =>
        new ByteRequest[] { new RangeByteRequest(0, 3), new OffsetByteRequest(2), new SuffixByteRequest(2), new SuffixByteRequest(0) }
            .Select(r => r.Resolve(0)).Should().AllBeEquivalentTo((0L, 0L));

    [Fact]
    public void Resolution_beyond_int_lengths_stays_exact()
    {
        const long Large = 5L << 32;

        new RangeByteRequest(Large - 2, Large + 10).Resolve(Large).Should().Be((Large - 2, 2L));
        new SuffixByteRequest(3).Resolve(Large).Should().Be((Large - 3, 3L));
    }

    [Fact]
    public void A_negative_value_length_is_rejected()
    {
        Action act = () => new OffsetByteRequest(0).Resolve(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("valueLength").WithMessage("*-1*");
    }
}
