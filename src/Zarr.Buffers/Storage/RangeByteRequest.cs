namespace Zarr.Storage;

/// <summary>The bytes from <see cref="Start"/> up to, not including, <see cref="End"/> (zarr-python's <c>RangeByteRequest</c>).</summary>
/// <remarks>
/// An end past the value's end is clamped to it; a start at or past the value's end, or
/// <c>Start == End</c>, selects no bytes and reads give an empty buffer.
/// </remarks>
public sealed record RangeByteRequest : ByteRequest
{
    /// <summary>A request for the bytes in <c>[start, end)</c>.</summary>
    /// <param name="start">The first byte, counted from 0.</param>
    /// <param name="end">One past the last byte; at least <paramref name="start"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is negative or <paramref name="end"/> is less than <paramref name="start"/>.</exception>
    public RangeByteRequest(long start, long end)
    {
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(start < 0 ? nameof(start) : nameof(end),
                $"A byte range needs 0 <= start <= end, got start {start} and end {end}.");
        }

        Start = start;
        End = end;
    }

    /// <summary>The first byte, counted from 0.</summary>
    public long Start { get; }

    /// <summary>One past the last byte (exclusive).</summary>
    public long End { get; }
}
