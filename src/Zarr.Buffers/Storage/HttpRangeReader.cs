using System.Net;
using System.Net.Http.Headers;

namespace Zarr.Storage;

/// <summary>
/// What <see cref="HttpStore"/> makes of one HTTP answer: the <c>Range</c> header of a <see cref="ByteRequest"/>, the
/// checked and bounded bytes of a <c>200</c>, <c>206</c> or <c>416</c>, and the length that a <c>HEAD</c> reports.
/// </summary>
internal static class HttpRangeReader
{
    /// <summary>What <see cref="ProbeLength"/> returns when a <c>HEAD</c> is refused with 405 or 501.</summary>
    public const long MethodNotAllowed = -2;

    /// <summary>What <see cref="ProbeLength"/> returns for a value whose length the server did not say.</summary>
    public const long UnknownLength = -1;

    private const int FirstChunk = 16 * 1024;

    /// <summary>The <c>Range</c> header of a request that selects at least one byte; null for the whole value.</summary>
    public static RangeHeaderValue? RangeHeader(ByteRequest? byteRange) => byteRange switch
    {
        RangeByteRequest range => new RangeHeaderValue(range.Start, range.End - 1),
        OffsetByteRequest offset => new RangeHeaderValue(offset.Offset, null),
        SuffixByteRequest suffix => new RangeHeaderValue(null, suffix.Suffix),
        _ => null,
    };

    /// <summary>The length a <c>HEAD</c> or a one-byte <c>GET</c> reports, <see cref="UnknownLength"/> or <see cref="MethodNotAllowed"/>.</summary>
    /// <exception cref="HttpRequestException">The status is a failure (other than a refused <c>HEAD</c>).</exception>
    public static long? ProbeLength(HttpResponseMessage response, bool head, string description) => response.StatusCode switch
    {
        HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented when head => MethodNotAllowed,
        HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable => response.Content.Headers.ContentRange?.Length ?? UnknownLength,
        _ when response.IsSuccessStatusCode => response.Content.Headers.ContentLength ?? UnknownLength,
        _ => throw Failure(response, description),
    };

    /// <summary>The bytes <paramref name="byteRange"/> selects, from an answer to a <c>GET</c> with <see cref="RangeHeader"/>.</summary>
    /// <exception cref="InvalidDataException">The answer does not match the request, or is longer than <paramref name="maxValueBytes"/>.</exception>
    /// <exception cref="HttpRequestException">The status is a failure.</exception>
    public static async Task<Memory<byte>?> ReadAsync(HttpResponseMessage response, ByteRequest? byteRange, long maxValueBytes,
        string description, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent:
                long length = CheckedPartLength(response, byteRange, maxValueBytes, description);
                Memory<byte> part = await ReadBodyAsync(response.Content, length, stopAtLimit: false, description, cancellationToken).ConfigureAwait(false);
                return part.Length == length
                    ? part
                    : throw new InvalidDataException($"{description}: the body ended after {part.Length} of the {length} bytes its Content-Range announced.");
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                CheckNothingSatisfiable(response, byteRange, description);
                return Memory<byte>.Empty;
            case HttpStatusCode.OK:
                // The server ignored the Range (or none was sent): slice the whole value, reading no more than a range needs.
                bool bounded = byteRange is RangeByteRequest range && range.End <= maxValueBytes;
                long limit = bounded ? ((RangeByteRequest)byteRange!).End : maxValueBytes;
                Memory<byte> whole = await ReadBodyAsync(response.Content, limit, bounded, description, cancellationToken).ConfigureAwait(false);
                (long start, long count) = byteRange?.Resolve(whole.Length) ?? (0, whole.Length);
                return whole.Slice((int)start, (int)count);
            default:
                throw Failure(response, description);
        }
    }

    private static HttpRequestException Failure(HttpResponseMessage response, string description) =>
        new($"{response.RequestMessage?.Method} {description} failed with {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);

    /// <summary>The length of a <c>206</c> body after checking that its <c>Content-Range</c> is what was asked.</summary>
    private static long CheckedPartLength(HttpResponseMessage response, ByteRequest? byteRange, long maxValueBytes, string description)
    {
        ContentRangeHeaderValue? contentRange = response.Content.Headers.ContentRange;
        if (contentRange is not { HasRange: true, From: long first, To: long last, Unit: "bytes" } || last < first
            || !Matches(byteRange ?? new OffsetByteRequest(0), first, last, contentRange.Length))
        {
            throw new InvalidDataException(
                $"{description}: asked for {Describe(byteRange)} but the 206 answer has Content-Range '{contentRange?.ToString() ?? "(none)"}'.");
        }

        long length = last - first + 1;
        if (length > maxValueBytes)
        {
            throw new InvalidDataException($"{description}: the answer of {length} bytes is longer than MaxValueBytes ({maxValueBytes}).");
        }

        long? declared = response.Content.Headers.ContentLength;
        return declared is null || declared == length
            ? length
            : throw new InvalidDataException($"{description}: Content-Length {declared} does not match Content-Range '{contentRange}' ({length} bytes).");
    }

    /// <summary>Whether bytes <paramref name="first"/> to <paramref name="last"/> of a value of <paramref name="total"/> bytes (null: unknown) answer the request.</summary>
    private static bool Matches(ByteRequest byteRange, long first, long last, long? total)
    {
        if (total is { } known)
        {
            (long start, long count) = byteRange.Resolve(known);
            return count > 0 && first == start && last == start + count - 1;
        }

        return byteRange switch
        {
            RangeByteRequest range => first == range.Start && last < range.End,
            OffsetByteRequest offset => first == offset.Offset,
            SuffixByteRequest suffix => last - first < suffix.Suffix,
            _ => false,
        };
    }

    /// <summary>Checks that a <c>416</c> is right: the request selects nothing of the value the server says it has.</summary>
    private static void CheckNothingSatisfiable(HttpResponseMessage response, ByteRequest? byteRange, string description)
    {
        if (byteRange is null || (response.Content.Headers.ContentRange?.Length is { } total && byteRange.Resolve(total).Length > 0))
        {
            throw new InvalidDataException(
                $"{description}: asked for {Describe(byteRange)} but the server answered 416 with Content-Range '{response.Content.Headers.ContentRange?.ToString() ?? "(none)"}'.");
        }
    }

    private static string Describe(ByteRequest? byteRange) => RangeHeader(byteRange)?.ToString() ?? "the whole value";

    /// <summary>
    /// Reads the body into one array of at most <paramref name="limit"/> bytes: with <paramref name="stopAtLimit"/> the
    /// rest is left unread, without it a longer body fails, so that no answer is buffered without bound.
    /// </summary>
    private static async Task<Memory<byte>> ReadBodyAsync(HttpContent content, long limit, bool stopAtLimit, string description,
        CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        if (!stopAtLimit && declared > limit)
        {
            throw TooLong(description, $"Content-Length {declared}", limit);
        }

        byte[] buffer = new byte[Math.Min(declared ?? FirstChunk, limit)];
        int count = 0;
        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count == limit)
                    {
                        if (stopAtLimit || await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        throw TooLong(description, "the body", limit);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, FirstChunk), limit));
                }

                int read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }
        }

        return buffer.AsMemory(0, count);
    }

    private static InvalidDataException TooLong(string description, string what, long limit) =>
        new($"{description}: {what} is longer than the {limit} bytes expected.");
}
