using System.Globalization;

namespace Zarr.Storage.S3;

/// <summary>What <see cref="S3Store"/> sends and checks of a ranged GET: the <c>Range</c> header and the answer's <c>Content-Range</c>.</summary>
internal static class S3Ranges
{
    /// <summary>The <c>Range</c> header of a request that selects at least one byte; null for the whole value.</summary>
    public static string? Header(ByteRequest? byteRange) => byteRange switch
    {
        RangeByteRequest range => string.Create(CultureInfo.InvariantCulture, $"bytes={range.Start}-{range.End - 1}"),
        OffsetByteRequest offset => string.Create(CultureInfo.InvariantCulture, $"bytes={offset.Offset}-"),
        SuffixByteRequest suffix => string.Create(CultureInfo.InvariantCulture, $"bytes=-{suffix.Suffix}"),
        _ => null,
    };

    /// <summary>
    /// Where the selected bytes lie in a <c>206</c> body, after checking that its <c>Content-Range</c>
    /// (<c>bytes first-last/total</c>) holds all that <paramref name="byteRange"/> selects of a value of <c>total</c> bytes:
    /// how many bytes to skip and how many to read. A body of more than was asked (s3rver answers <c>bytes=0-0</c> with
    /// the whole value) is still the value's bytes at the stated places, so the selected ones are read from it; a range
    /// that selects nothing (a server may answer a range of an empty value with <c>206</c>) reads nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The <c>Content-Range</c> is missing, malformed or does not hold the selected bytes, or they are more than an array can hold.</exception>
    public static (long Skip, int Length) CheckedPart(string? contentRange, ByteRequest? byteRange, string description)
    {
        if (Parse(contentRange) is not var (first, last, total) || last < first)
        {
            throw Mismatch(contentRange, byteRange, description);
        }

        (long start, long count) = (byteRange ?? new OffsetByteRequest(0)).Resolve(total);
        if (count == 0)
        {
            return (0, 0);
        }

        return first <= start && start + count - 1 <= last
            ? (start - first, CheckedLength(count, description))
            : throw Mismatch(contentRange, byteRange, description);
    }

    /// <summary>A value or part length as an array length.</summary>
    /// <exception cref="InvalidDataException">The length is negative or more than <see cref="Array.MaxLength"/>.</exception>
    public static int CheckedLength(long length, string description) => length is >= 0 && length <= Array.MaxLength
        ? (int)length
        : throw new InvalidDataException($"{description}: the server announced {length} bytes; a value must have 0 to {Array.MaxLength} bytes to be read into memory.");

    private static (long First, long Last, long Total)? Parse(string? contentRange)
    {
        const string Unit = "bytes ";
        if (contentRange is null || !contentRange.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string[] parts = contentRange[Unit.Length..].Split('-', '/');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long total)
                ? (first, last, total)
                : null;
    }

    private static InvalidDataException Mismatch(string? contentRange, ByteRequest? byteRange, string description) =>
        new($"{description}: asked for {Header(byteRange) ?? "the whole value"} but the 206 answer's Content-Range does not hold those bytes: '{contentRange ?? "(none)"}'.");
}
