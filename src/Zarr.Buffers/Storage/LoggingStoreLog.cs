using Microsoft.Extensions.Logging;

namespace Zarr.Storage;

/// <summary>The log lines of <see cref="LoggingStore"/>, generated once so that logging a call allocates no delegate.</summary>
internal static partial class LoggingStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Calling {Store}.{Method}({Key})")]
    public static partial void Calling(ILogger logger, string store, string method, string key);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Finished {Store}.{Method}({Key}) [{Seconds:0.000} s]")]
    public static partial void Finished(ILogger logger, string store, string method, string key, double seconds);
}
