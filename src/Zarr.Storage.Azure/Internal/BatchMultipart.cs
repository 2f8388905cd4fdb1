using System.Globalization;
using System.Text;
using Azure.Core;
using Zarr.Buffers.Internal;

namespace Zarr.Storage.Azure.Internal;

/// <summary>
/// The <c>multipart/mixed</c> body of a blob batch request and of its answer, as the Blob Batch operation of the REST API
/// describes them: each part is one HTTP request (or answer) with a <c>Content-ID</c> that pairs the two.
/// </summary>
internal static class BatchMultipart
{
    private const string NewLine = "\r\n";
    private const string BoundaryParameter = "boundary=";

    /// <summary>A boundary no request line or header of a sub-request contains.</summary>
    public static string NewBoundary() => "batch_" + Guid.NewGuid().ToString("D");

    /// <summary>The <c>Content-Type</c> of a batch request whose parts are separated by <paramref name="boundary"/>.</summary>
    public static string ContentType(string boundary) => "multipart/mixed; " + BoundaryParameter + boundary;

    /// <summary>Appends <paramref name="request"/> as the part with <c>Content-ID</c> <paramref name="contentId"/>: its request line and headers, no body.</summary>
    public static void AppendPart(StringBuilder body, string boundary, int contentId, Request request)
    {
        body.Append("--").Append(boundary).Append(NewLine)
            .Append("Content-Type: application/http").Append(NewLine)
            .Append("Content-Transfer-Encoding: binary").Append(NewLine)
            .Append("Content-ID: ").Append(contentId.ToString(CultureInfo.InvariantCulture)).Append(NewLine)
            .Append(NewLine)
            .Append(request.Method.Method).Append(' ').Append(request.Uri.PathAndQuery).Append(" HTTP/1.1").Append(NewLine);
        foreach (HttpHeader header in request.Headers)
        {
            body.Append(header.Name).Append(": ").Append(header.Value).Append(NewLine);
        }

        body.Append(NewLine);
    }

    /// <summary>Appends the closing boundary.</summary>
    public static void AppendEnd(StringBuilder body, string boundary) => body.Append("--").Append(boundary).Append("--").Append(NewLine);

    /// <summary>The parts of a batch answer, in the order they came.</summary>
    /// <param name="contentType">The answer's <c>Content-Type</c>, which names the boundary.</param>
    /// <param name="body">The answer's body.</param>
    /// <exception cref="InvalidDataException">The content type names no boundary, or a part has no status line or a malformed header.</exception>
    public static IReadOnlyList<BatchSubResponse> Parse(string? contentType, string body)
    {
        string boundary = BoundaryOf(contentType)
            ?? throw new InvalidDataException($"A blob batch answer must be multipart/mixed with a boundary, got the content type '{MessageText.Bounded(contentType)}'.");
        // A delimiter starts a line (RFC 2046): the boundary's text elsewhere, in an error message say, belongs to a body.
        return [.. ("\n" + body).Split("\n--" + boundary).Skip(1).TakeWhile(part => !part.StartsWith("--", StringComparison.Ordinal)).Select(ParsePart)];
    }

    private static string? BoundaryOf(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string? boundary = contentType.Split(';', StringSplitOptions.TrimEntries)
            .FirstOrDefault(parameter => parameter.StartsWith(BoundaryParameter, StringComparison.OrdinalIgnoreCase))?[BoundaryParameter.Length..].Trim('"');
        return string.IsNullOrEmpty(boundary) ? null : boundary;
    }

    /// <summary>One part: its MIME headers, then the sub-response's status line and headers (its body, an error text, is not needed).</summary>
    private static BatchSubResponse ParsePart(string part)
    {
        using var lines = new StringReader(part.TrimStart('\r', '\n'));
        Dictionary<string, string> partHeaders = Headers(lines);
        string statusLine = lines.ReadLine() ?? "";
        string[] status = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            throw new InvalidDataException($"A part of a blob batch answer must start with an HTTP status line, got '{MessageText.Bounded(statusLine)}'.");
        }

        Dictionary<string, string> headers = Headers(lines);
        int? contentId = partHeaders.TryGetValue("Content-ID", out string? id) && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : null;
        return new BatchSubResponse(contentId, code, headers.GetValueOrDefault("x-ms-error-code"));
    }

    /// <summary>The header lines up to the next empty line.</summary>
    private static Dictionary<string, string> Headers(StringReader lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (string? line = lines.ReadLine(); !string.IsNullOrEmpty(line); line = lines.ReadLine())
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"A blob batch answer must have 'name: value' header lines, got '{MessageText.Bounded(line)}'.");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }
}
