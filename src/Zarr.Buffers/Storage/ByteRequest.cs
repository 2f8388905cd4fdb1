using System.Diagnostics;

namespace Zarr.Storage;

/// <summary>
/// Which bytes of a stored value a read wants (zarr-python's <c>ByteRequest</c>): a
/// <see cref="RangeByteRequest"/>, an <see cref="OffsetByteRequest"/> or a <see cref="SuffixByteRequest"/>;
/// <see langword="null"/> wherever a request is optional means the whole value.
/// </summary>
/// <remarks>
/// <para>
/// Every store resolves a request against the value's length the same way, with zarr-python's
/// <c>MemoryStore</c> (slice) semantics: bounds are clamped to the value, a request that starts at or past
/// the end gives an empty buffer (not a missing value and not an error), and a suffix longer than the value
/// gives the whole value.
/// </para>
/// <para>
/// Deliberate difference from zarr-python: negative or inverted bounds are rejected when the request is
/// constructed, because zarr-python's stores disagree on them (MemoryStore counts from the end, LocalStore
/// fails or reads to the end of the file).
/// </para>
/// <para>The hierarchy is closed: only the three requests of this namespace exist.</para>
/// </remarks>
public abstract record ByteRequest
{
    private protected ByteRequest()
    {
    }

    /// <summary>
    /// The part of a value of <paramref name="length"/> bytes that <paramref name="request"/> selects,
    /// clamped to the value. The one place where every store resolves requests.
    /// </summary>
    /// <param name="request">The request; null selects the whole value.</param>
    /// <param name="length">The length of the stored value.</param>
    /// <returns>The first selected byte and the number of selected bytes, both within <c>[0, length]</c>.</returns>
    internal static (long Start, long Length) Resolve(ByteRequest? request, long length)
    {
        long start;
        long end;
        switch (request)
        {
            case null:
                return (0, length);
            case RangeByteRequest range:
                start = Math.Min(range.Start, length);
                end = Math.Min(range.End, length);
                break;
            case OffsetByteRequest offset:
                start = Math.Min(offset.Offset, length);
                end = length;
                break;
            case SuffixByteRequest suffix:
                start = Math.Max(0, length - suffix.Suffix);
                end = length;
                break;
            default:
                throw new UnreachableException($"Unexpected byte request {request}.");
        }

        return (start, end - start);
    }
}
