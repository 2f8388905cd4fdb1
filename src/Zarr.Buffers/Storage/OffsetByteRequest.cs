namespace Zarr.Storage;

/// <summary>The bytes from <see cref="Offset"/> to the end of the value (zarr-python's <c>OffsetByteRequest</c>).</summary>
/// <remarks>An offset at or past the value's end selects no bytes and reads give an empty buffer.</remarks>
public sealed record OffsetByteRequest : ByteRequest
{
    /// <summary>A request for every byte from <paramref name="offset"/> on.</summary>
    /// <param name="offset">The first byte, counted from 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    public OffsetByteRequest(long offset)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"A byte offset must not be negative, got {offset}.");
        }

        Offset = offset;
    }

    /// <summary>The first byte, counted from 0.</summary>
    public long Offset { get; }
}
