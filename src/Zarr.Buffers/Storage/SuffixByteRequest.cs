namespace Zarr.Storage;

/// <summary>The last <see cref="Suffix"/> bytes of the value (zarr-python's <c>SuffixByteRequest</c>).</summary>
/// <remarks>A suffix longer than the value selects the whole value; a suffix of 0 selects no bytes.</remarks>
public sealed record SuffixByteRequest : ByteRequest
{
    /// <summary>A request for the last <paramref name="suffix"/> bytes.</summary>
    /// <param name="suffix">How many bytes to take from the end.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="suffix"/> is negative.</exception>
    public SuffixByteRequest(long suffix)
    {
        if (suffix < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(suffix), suffix,
                $"A byte suffix must not be negative, got {suffix}.");
        }

        Suffix = suffix;
    }

    /// <summary>How many bytes to take from the end.</summary>
    public long Suffix { get; }
}
