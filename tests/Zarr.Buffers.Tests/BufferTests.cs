namespace Zarr.Buffers.Tests;

public class BufferTests
{
    private static CpuBuffer Abcd() => CpuBuffer.FromBytes("abcd"u8);

    private static string Text(Buffer buffer) => System.Text.Encoding.ASCII.GetString(buffer.AsSpan());

    // Vector 7: Python slicing clamps out-of-range bounds, an inverted range is empty, ^n counts from the end.
    public static TheoryData<Range, string> RangeVectors => new()
    {
        { 1..3, "bc" },
        { 5..10, "" },
        { ^2.., "cd" },
        { 3..1, "" },
        { .., "abcd" },
        { ^10.., "abcd" },
        { ^10..^8, "" },
        { 0..4, "abcd" },
        { 4..4, "" },
        { 0..100, "abcd" },
        { 2..^1, "c" },
    };

    [Theory]
    [MemberData(nameof(RangeVectors))]
    public void Range_indexer_clamps_like_python(Range range, string expected)
    {
        var view = Abcd()[range];

        Text(view).Should().Be(expected);
        view.Length.Should().Be(expected.Length);
    }

    [Fact]
    public void Range_view_shares_memory_with_its_source()
    {
        var source = Abcd();
        var view = source[1..3];

        view.AsArrayLike().Span[0] = (byte)'X';
        source.AsArrayLike().Span[2] = (byte)'Y';

        Text(source).Should().Be("aXYd");
        Text(view).Should().Be("XY");
    }

    [Fact]
    public void Slice_shares_memory_with_its_source()
    {
        var source = Abcd();
        var view = source.Slice(2, 2);

        view.CopyFrom(0, "zz"u8);

        Text(source).Should().Be("abzz");
    }

    [Theory]
    [InlineData(0, 4, "abcd")]
    [InlineData(4, 0, "")]
    [InlineData(1, 2, "bc")]
    [InlineData(0, 0, "")]
    public void Slice_returns_the_exact_range(int start, int length, string expected) =>
        Text(Abcd().Slice(start, length)).Should().Be(expected);

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 5)]
    [InlineData(3, 2)]
    [InlineData(5, 0)]
    [InlineData(1, -1)]
    [InlineData(int.MaxValue, 1)]
    public void Slice_is_strict_where_the_indexer_clamps(int start, int length)
    {
        var act = () => Abcd().Slice(start, length);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"*Slice({start}, {length})*4 bytes*");
    }

    [Fact]
    public void Views_keep_the_class_of_their_source()
    {
        var source = OtherBuffer.FromBytes("abcd"u8);

        source[1..].Should().BeOfType<OtherBuffer>();
        source.Slice(0, 1).Should().BeOfType<OtherBuffer>();
        source[10..].Should().BeOfType<OtherBuffer>().Which.Length.Should().Be(0);
    }

    [Fact]
    public void AsArrayLike_is_the_wrapped_memory_itself()
    {
        byte[] array = [1, 2, 3];
        var buffer = CpuBuffer.FromArrayLike(array);

        buffer.AsArrayLike().Span[1] = 9;
        array[2] = 8;

        array.Should().Equal(1, 9, 8);
        buffer.ToBytes().Should().Equal(1, 9, 8);
        buffer.AsBufferLike().ToArray().Should().Equal(1, 9, 8);
        buffer.AsSpan().ToArray().Should().Equal(1, 9, 8);
    }

    [Fact]
    public void ToBytes_is_a_copy()
    {
        var buffer = Abcd();
        byte[] copy = buffer.ToBytes();

        copy[0] = (byte)'Z';

        Text(buffer).Should().Be("abcd");
    }

    [Fact]
    public void Zero_length_buffers_behave()
    {
        var empty = CpuBuffer.CreateZeroLength();

        empty.Length.Should().Be(0);
        empty.ToBytes().Should().BeEmpty();
        empty.Should().Be(CpuBuffer.FromBytes([]));
        empty[..].Length.Should().Be(0);
        empty[^1..].Length.Should().Be(0);
        empty.Slice(0, 0).Length.Should().Be(0);
        (empty + empty).Length.Should().Be(0);
        (empty + Abcd()).Should().Be(Abcd());
        empty.GetHashCode().Should().Be(CpuBuffer.FromBytes([]).GetHashCode());
        empty.ToString().Should().Be("CpuBuffer(0 bytes)");
        empty.CopyFrom(0, []);
    }

    [Fact]
    public void CopyFrom_writes_in_place()
    {
        var buffer = Abcd();

        buffer.CopyFrom(1, "XY"u8);
        buffer.CopyFrom(4, []);

        Text(buffer).Should().Be("aXYd");
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(5, 0)]
    [InlineData(-1, 1)]
    public void CopyFrom_rejects_bytes_that_do_not_fit(int offset, int count)
    {
        var buffer = Abcd();

        var act = () => buffer.CopyFrom(offset, new byte[count]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{count} bytes at offset {offset}*4 bytes*");
        Text(buffer).Should().Be("abcd");
    }

    [Fact]
    public void Concat_copies_into_a_new_buffer_of_the_left_class()
    {
        var left = OtherBuffer.FromBytes("ab"u8);
        var right = CpuBuffer.FromBytes("cd"u8);

        var joined = left.Concat(right);
        var reversed = right + left;

        joined.Should().BeOfType<OtherBuffer>();
        Text(joined).Should().Be("abcd");
        reversed.Should().BeOfType<CpuBuffer>();
        Text(reversed).Should().Be("cdab");

        left.AsArrayLike().Span[0] = (byte)'X';
        Text(joined).Should().Be("abcd");
        (left + right).Should().BeOfType<OtherBuffer>();
    }

    [Fact]
    public void Concat_rejects_null()
    {
        var buffer = Abcd();

        FluentActions.Invoking(() => buffer.Concat(null!)).Should().Throw<ArgumentNullException>().WithParameterName("other");
        FluentActions.Invoking(() => buffer + null!).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => null! + buffer).Should().Throw<ArgumentNullException>().WithParameterName("left");
    }

    [Fact]
    public void Equality_is_by_content_across_classes()
    {
        var cpu = CpuBuffer.FromBytes("ab"u8);
        var other = OtherBuffer.FromBytes("ab"u8);

        cpu.Equals(other).Should().BeTrue();
        other.Equals(cpu).Should().BeTrue();
        cpu.Equals((object)other).Should().BeTrue();
        cpu.GetHashCode().Should().Be(other.GetHashCode());
        cpu.Equals(CpuBuffer.FromBytes("abc"u8)).Should().BeFalse();
        cpu.Equals(CpuBuffer.FromBytes("a"u8)).Should().BeFalse();
        cpu.Equals(CpuBuffer.FromBytes("ba"u8)).Should().BeFalse();
        Buffer? noBuffer = null;
        object? noObject = null;
        cpu.Equals(noBuffer).Should().BeFalse();
        cpu.Equals(noObject).Should().BeFalse();
        cpu.Equals((object)"ab"u8.ToArray()).Should().BeFalse();
        cpu.Equals((object)"ab").Should().BeFalse();
    }

    [Fact]
    public void Equal_views_of_different_memory_hash_alike()
    {
        var whole = CpuBuffer.FromBytes("xxabyy"u8);
        var view = whole[2..4];
        var copy = CpuBuffer.FromBytes("ab"u8);

        view.Should().Be(copy);
        view.GetHashCode().Should().Be(copy.GetHashCode());
        new HashSet<Buffer> { view }.Contains(copy).Should().BeTrue();
    }

    [Fact]
    public void ToString_names_the_class_and_length() =>
        OtherBuffer.FromBytes("abcd"u8).ToString().Should().Be("OtherBuffer(4 bytes)");
}
