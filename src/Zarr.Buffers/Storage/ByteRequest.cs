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
/// gives the whole value. <see cref="Resolve"/> is that rule, public so that stores of other libraries agree.
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
    /// The part of a value of <paramref name="valueLength"/> bytes that this request selects, with the slice
    /// semantics every store shares; a store that reads values its own way uses this to agree with the others.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>Bounds are clamped to the value: <c>Range(1, 100)</c> of 4 bytes is <c>(1, 3)</c>.</description></item>
    /// <item><description>A range or offset that starts at or past the end selects nothing at the end:
    /// <c>Offset(10)</c> of 4 bytes is <c>(4, 0)</c>, an empty result, not a missing value.</description></item>
    /// <item><description>A suffix longer than the value selects the whole value: <c>Suffix(7)</c> of 4 bytes is <c>(0, 4)</c>.</description></item>
    /// <item><description><c>Suffix(0)</c> selects nothing: <c>(valueLength, 0)</c>.</description></item>
    /// </list>
    /// A <see langword="null"/> request (the whole value) resolves to <c>(0, valueLength)</c>:
    /// <c>request?.Resolve(n) ?? (0, n)</c>.
    /// </remarks>
    /// <param name="valueLength">The length of the stored value.</param>
    /// <returns>The first selected byte and the number of selected bytes; both within <c>[0, valueLength]</c>, and their sum too.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="valueLength"/> is negative.</exception>
    public (long Start, long Length) Resolve(long valueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);
        (long start, long end) = this switch
        {
            RangeByteRequest range => (Math.Min(range.Start, valueLength), Math.Min(range.End, valueLength)),
            OffsetByteRequest offset => (Math.Min(offset.Offset, valueLength), valueLength),
            SuffixByteRequest suffix => (Math.Max(0, valueLength - suffix.Suffix), valueLength),
            _ => throw new UnreachableException($"Unexpected byte request {this}."),
        };
        return (start, end - start);
    }
}
