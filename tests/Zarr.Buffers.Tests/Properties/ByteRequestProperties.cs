using CsCheck;
using Zarr.Storage;
using Zarr.Testing.CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// <see cref="ByteRequest.Resolve"/> against a model that decides byte by byte whether a request selects it
/// (zarr-python's slice semantics, with <c>Suffix(0)</c> selecting nothing).
/// </summary>
public class ByteRequestProperties
{
    private static readonly long Iter = PropertyGen.Iterations(2_000);

    [Fact]
    public void Resolve_selects_exactly_the_bytes_the_model_selects() =>
        RequestsAndLengths(Gen.Long[0, 24]).Sample((request, valueLength) =>
        {
            var (start, length) = ResolveOrWhole(request, valueLength);
            long[] selected = [.. Range(0, valueLength).Where(i => Selects(request, i, valueLength))];

            Range(start, length).Should().Equal(selected);
            (start, length).Should().Be(selected.Length > 0 ? (selected[0], selected.Length) : (EmptyStart(request, valueLength), 0));
        }, iter: Iter);

    [Fact]
    public void Resolve_stays_inside_the_value_for_any_bounds_without_overflowing() =>
        RequestsAndLengths(Gen.Long[0, long.MaxValue]).Sample((request, valueLength) =>
        {
            var (start, length) = ResolveOrWhole(request, valueLength);

            start.Should().BeInRange(0, valueLength);
            length.Should().BeInRange(0, valueLength - start);
        }, iter: Iter);

    [Fact]
    public void Negative_or_inverted_bounds_are_rejected_when_the_request_is_made() =>
        Gen.Select(Gen.Long[long.MinValue, -1], Gen.Long[0, long.MaxValue]).Sample((negative, other) =>
        {
            FluentActions.Invoking(() => new OffsetByteRequest(negative)).Should().Throw<ArgumentOutOfRangeException>();
            FluentActions.Invoking(() => new SuffixByteRequest(negative)).Should().Throw<ArgumentOutOfRangeException>();
            FluentActions.Invoking(() => new RangeByteRequest(negative, other)).Should().Throw<ArgumentOutOfRangeException>();
            if (other > 0)
            {
                FluentActions.Invoking(() => new RangeByteRequest(other, other - 1)).Should().Throw<ArgumentOutOfRangeException>();
            }
        }, iter: Iter / 4);

    /// <summary>A value length and a request for it, inside, at or past its end.</summary>
    private static Gen<(ByteRequest? Request, long ValueLength)> RequestsAndLengths(Gen<long> valueLengths) =>
        valueLengths.SelectMany(valueLength => ZarrGen.ByteRequest(valueLength).Select(request => (request, valueLength)));

    private static (long Start, long Length) ResolveOrWhole(ByteRequest? request, long valueLength) =>
        request?.Resolve(valueLength) ?? (0, valueLength);

    private static IEnumerable<long> Range(long start, long count)
    {
        for (long i = start; i < start + count; i++)
        {
            yield return i;
        }
    }

    private static bool Selects(ByteRequest? request, long index, long valueLength) => request switch
    {
        null => true,
        RangeByteRequest r => index >= r.Start && index < r.End,
        OffsetByteRequest o => index >= o.Offset,
        SuffixByteRequest s => valueLength - index <= s.Suffix,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "unknown request"),
    };

    /// <summary>Where an empty selection sits: at the request's start, clamped to the value; a suffix's at the end.</summary>
    private static long EmptyStart(ByteRequest? request, long valueLength) => request switch
    {
        RangeByteRequest r => Math.Min(r.Start, valueLength),
        OffsetByteRequest o => Math.Min(o.Offset, valueLength),
        _ => valueLength,
    };
}
