using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zarr.Buffers.Tests.Servers;

/// <summary>
/// A static file server on 127.0.0.1 (an <see cref="HttpListener"/> on a free port) over a folder, with
/// <c>Range</c> support as RFC 9110 describes it, that can be told to misbehave: ignore ranges, refuse <c>HEAD</c>,
/// or answer the next requests with the queued <see cref="Faults"/>.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    private LoopbackHttpServer(string root, HttpListener listener, Uri baseUri)
    {
        Root = root;
        _listener = listener;
        BaseUri = baseUri;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The folder served at <see cref="BaseUri"/>.</summary>
    public string Root { get; }

    /// <summary>The server's root URL, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Faults answered to the next requests, one each, before the server answers normally again.</summary>
    public ConcurrentQueue<ServerFault> Faults { get; } = new();

    /// <summary>Every request received: method, path and <c>Range</c> header (null when absent), in arrival order.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Range)> Requests { get; } = new();

    /// <summary>Whether the server answers every GET with 200 and the whole file, as a server without range support does.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Whether the server answers HEAD with 405 Method Not Allowed.</summary>
    public bool RefuseHead { get; set; }

    /// <summary>Starts a server over <paramref name="root"/> on a free loopback port.</summary>
    public static LoopbackHttpServer Start(string root)
    {
        for (int attempt = 0; ; attempt++)
        {
            var baseUri = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUri.AbsoluteUri);
            try
            {
                listener.Start();
                return new LoopbackHttpServer(root, listener, baseUri);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and listening: try another.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _loop;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string path = request.RawUrl!.Split('?')[0];
        string? range = request.Headers["Range"];
        Requests.Enqueue((request.HttpMethod, path, range));
        try
        {
            if (Faults.TryDequeue(out var fault) && await AnswerFaultAsync(fault, response, path, range))
            {
                return;
            }

            await AnswerFileAsync(request.HttpMethod, response, path, range);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>Answers with <paramref name="fault"/>; false when the fault needs a file the path does not name.</summary>
    private async Task<bool> AnswerFaultAsync(ServerFault fault, HttpListenerResponse response, string path, string? range)
    {
        switch (fault)
        {
            case ServerFault.DropConnection:
                // Two bytes of the hundred announced, then the connection closes.
                response.ContentLength64 = 100;
                await response.OutputStream.WriteAsync(new byte[2]);
                await response.OutputStream.FlushAsync();
                response.Abort();
                return true;
            case ServerFault.ServiceUnavailable or ServerFault.TooManyRequests or ServerFault.Forbidden:
                response.StatusCode = fault switch
                {
                    ServerFault.ServiceUnavailable => 503,
                    ServerFault.TooManyRequests => 429,
                    _ => 403,
                };
                if (fault == ServerFault.TooManyRequests)
                {
                    response.Headers["Retry-After"] = "7";
                }

                response.Close();
                return true;
        }

        if (Locate(path) is not { } file || range is null || Resolve(range, new FileInfo(file).Length) is not ({ } first, { } last, var length))
        {
            return false;
        }

        if (fault == ServerFault.RangeNotSatisfiable)
        {
            response.StatusCode = 416;
            response.Headers["Content-Range"] = $"bytes */{length}";
            response.Close();
            return true;
        }

        byte[] bytes = await File.ReadAllBytesAsync(file);
        byte[] body = [.. bytes.AsSpan((int)first, (int)(last - first + 1)), .. (fault == ServerFault.WrongContentRange ? [] : new byte[10])];
        response.StatusCode = 206;
        response.Headers["Content-Range"] = fault == ServerFault.WrongContentRange
            ? ContentRange(first + 1, last + 1, length + 1)
            : ContentRange(first, last, length);
        if (fault == ServerFault.TooLongBody)
        {
            response.SendChunked = true;
        }
        else
        {
            response.ContentLength64 = body.Length;
        }

        await WriteAsync(response, body);
        return true;
    }

    private async Task AnswerFileAsync(string method, HttpListenerResponse response, string path, string? range)
    {
        if (method == "HEAD" && RefuseHead)
        {
            response.StatusCode = 405;
            response.Close();
            return;
        }

        if (Locate(path) is not { } file)
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }

        byte[] bytes = method == "HEAD" ? [] : await File.ReadAllBytesAsync(file);
        long length = new FileInfo(file).Length;
        if (method == "HEAD")
        {
            response.ContentLength64 = length;
            response.Close();
            return;
        }

        if (range is null || IgnoreRange)
        {
            response.ContentLength64 = bytes.Length;
            await WriteAsync(response, bytes);
            return;
        }

        if (Resolve(range, length) is not ({ } first, { } last, _))
        {
            response.StatusCode = 416;
            response.Headers["Content-Range"] = $"bytes */{length}";
            response.Close();
            return;
        }

        response.StatusCode = 206;
        response.Headers["Content-Range"] = ContentRange(first, last, length);
        byte[] part = bytes[(int)first..(int)(last + 1)];
        response.ContentLength64 = part.Length;
        await WriteAsync(response, part);
    }

    private static async Task WriteAsync(HttpListenerResponse response, byte[] body)
    {
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static string ContentRange(long first, long last, long length) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{last}/{length}");

    /// <summary>The file a URL path names under <see cref="Root"/>, or null when there is none.</summary>
    private string? Locate(string path)
    {
        string[] segments = [.. path.TrimStart('/').Split('/').Select(Uri.UnescapeDataString)];
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return null;
        }

        string file = Path.Combine([Root, .. segments]);
        return File.Exists(file) ? file : null;
    }

    /// <summary>The first and last byte a single <c>bytes=</c> range selects of <paramref name="length"/> bytes; nulls when unsatisfiable.</summary>
    private static (long? First, long? Last, long Length) Resolve(string range, long length)
    {
        string[] bounds = range["bytes=".Length..].Split('-');
        long? first = bounds[0].Length > 0 ? long.Parse(bounds[0], CultureInfo.InvariantCulture) : null;
        long? last = bounds[1].Length > 0 ? long.Parse(bounds[1], CultureInfo.InvariantCulture) : null;
        (long start, long end) = first is null ? (length - Math.Min(last!.Value, length), length - 1) : (first.Value, Math.Min(last ?? long.MaxValue, length - 1));
        return start < length && start <= end && !(first is null && last == 0) ? (start, end, length) : (null, null, length);
    }
}
