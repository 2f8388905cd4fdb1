using CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// <see cref="Buffer"/> views, copies and concatenation against byte arrays and Python's slice rules,
/// on two buffer classes so that the class is seen to carry over.
/// </summary>
public class BufferProperties
{
    private static readonly long Iter = PropertyGen.Iterations(1_000);

    private static readonly Gen<Buffer> Buffers = Gen.Select(PropertyGen.Bytes(32), Gen.Bool,
        (bytes, other) => other ? OtherBuffer.FromBytes(bytes) : (Buffer)CpuBuffer.FromBytes(bytes));

    /// <summary>Python slice bounds: a start or end from the start or from the end, sometimes past either end.</summary>
    private static readonly Gen<Index> Indices = Gen.Select(Gen.Int[0, 40], Gen.Bool, (value, fromEnd) => new Index(value, fromEnd));

    [Fact]
    public void The_range_indexer_is_a_python_slice_that_shares_memory() =>
        Gen.Select(Buffers, Indices, Indices).Sample((buffer, start, end) =>
        {
            byte[] model = buffer.ToBytes();
            int from = PythonBound(start, model.Length);
            int to = Math.Max(from, PythonBound(end, model.Length));

            var view = buffer[start..end];

            view.ToBytes().Should().Equal(model[from..to]);
            view.GetType().Should().Be(buffer.GetType());
            WritesShow(view, buffer, from);
        }, iter: Iter);

    [Fact]
    public void Slice_takes_the_bytes_in_bounds_and_rejects_the_rest() =>
        Gen.Select(Buffers, Gen.Int[-3, 40], Gen.Int[-3, 40]).Sample((buffer, start, length) =>
        {
            byte[] model = buffer.ToBytes();
            bool inside = start >= 0 && length >= 0 && (long)start + length <= model.Length;

            if (!inside)
            {
                FluentActions.Invoking(() => buffer.Slice(start, length)).Should().Throw<ArgumentOutOfRangeException>();
                return;
            }

            var view = buffer.Slice(start, length);
            view.ToBytes().Should().Equal(model.Skip(start).Take(length));
            WritesShow(view, buffer, start);
        }, iter: Iter);

    [Fact]
    public void Concat_appends_copies_keeps_the_left_class_and_is_associative() =>
        Gen.Select(Buffers, Buffers, Buffers).Sample((a, b, c) =>
        {
            byte[] expected = [.. a.ToBytes(), .. b.ToBytes()];

            var joined = a + b;

            joined.ToBytes().Should().Equal(expected);
            joined.GetType().Should().Be(a.GetType());
            (joined + c).Should().Be(a + (b + c));
            if (a.Length > 0)
            {
                joined.AsArrayLike().Span[0] ^= 0xFF;
                a.ToBytes()[0].Should().Be(expected[0], "a concatenation copies");
            }
        }, iter: Iter);

    [Fact]
    public void CopyFrom_writes_in_bounds_and_rejects_the_rest_unchanged() =>
        Gen.Select(Buffers, Gen.Int[-3, 40], PropertyGen.Bytes(12)).Sample((buffer, offset, source) =>
        {
            byte[] model = buffer.ToBytes();

            if (offset < 0 || offset + source.Length > model.Length)
            {
                FluentActions.Invoking(() => buffer.CopyFrom(offset, source)).Should().Throw<ArgumentOutOfRangeException>();
                buffer.ToBytes().Should().Equal(model);
                return;
            }

            buffer.CopyFrom(offset, source);
            source.CopyTo(model, offset);
            buffer.ToBytes().Should().Equal(model);
        }, iter: Iter);

    [Fact]
    public void Equal_content_means_equal_buffers_and_hashes_whatever_the_class() =>
        Gen.Select(PropertyGen.Bytes(16), PropertyGen.Bytes(16)).Sample((x, y) =>
        {
            Buffer left = CpuBuffer.FromBytes(x);
            Buffer right = OtherBuffer.FromBytes(y);

            left.Equals(right).Should().Be(x.AsSpan().SequenceEqual(y));
            if (left.Equals(right))
            {
                left.GetHashCode().Should().Be(right.GetHashCode());
            }
        }, iter: Iter);

    /// <summary>Python's rule for a slice bound (<c>^n</c> is <c>-n</c>, <c>^0</c> the end), clamped to <c>[0, length]</c>.</summary>
    private static int PythonBound(Index index, int length) =>
        Math.Clamp(index.IsFromEnd ? length - index.Value : index.Value, 0, length);

    /// <summary>Writing through <paramref name="view"/> changes <paramref name="source"/> at <paramref name="offset"/>.</summary>
    private static void WritesShow(Buffer view, Buffer source, int offset)
    {
        if (view.Length == 0)
        {
            return;
        }

        view.AsArrayLike().Span[0] ^= 0xFF;
        source.AsSpan()[offset].Should().Be(view.AsSpan()[0], "a view shares memory with its source");
    }
}
