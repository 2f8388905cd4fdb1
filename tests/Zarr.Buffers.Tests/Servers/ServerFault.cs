namespace Zarr.Buffers.Tests.Servers;

/// <summary>One way a <see cref="LoopbackHttpServer"/> answers a request wrongly, queued with <see cref="LoopbackHttpServer.Faults"/>.</summary>
public enum ServerFault
{
    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>429 Too Many Requests with <c>Retry-After: 7</c>.</summary>
    TooManyRequests,

    /// <summary>403 Forbidden.</summary>
    Forbidden,

    /// <summary>206 with a Content-Range one byte later than the range asked for.</summary>
    WrongContentRange,

    /// <summary>206 with the right Content-Range and a chunked body ten bytes longer.</summary>
    TooLongBody,

    /// <summary>206 with the right Content-Range and a Content-Length ten bytes longer.</summary>
    TooLongContentLength,

    /// <summary>416 Range Not Satisfiable with the file's true length, whatever the range.</summary>
    RangeNotSatisfiable,

    /// <summary>A 200 that announces 100 bytes and closes the connection after two.</summary>
    DropConnection,
}
