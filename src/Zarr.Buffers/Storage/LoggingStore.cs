using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zarr.Buffers;

namespace Zarr.Storage;

/// <summary>
/// A decorator that logs every call to the inner store with its key and duration and counts the calls per
/// member (zarr-python's <c>LoggingStore</c>), so that a test can assert how many gets and sets a piece of code made.
/// </summary>
/// <remarks>
/// <para>
/// Each call logs <c>Calling MemoryStore.Get(c/0)</c> before and <c>Finished MemoryStore.Get(c/0) [0.001 s]</c>
/// after it at <see cref="LogLevel.Information"/>, and adds one to <see cref="Counter"/> under the member's
/// name without the <c>Async</c> suffix (<c>"Get"</c>, <c>"Set"</c>, <c>"ListPrefix"</c>...). A call that throws
/// is counted but logs no "Finished" line. Listings are counted and logged when their enumeration starts.
/// </para>
/// <para>
/// Deliberate differences from zarr-python: without a logger nothing is written (a library does not log to the
/// console on its own); the caller's <see cref="ILogger"/> decides levels and output. Counter keys are the .NET
/// member names. <see cref="WrapperStore.WithReadOnly"/> copies share the logger but start a new counter.
/// </para>
/// </remarks>
public class LoggingStore : WrapperStore
{
    private readonly ConcurrentDictionary<string, int> _counter = new(StringComparer.Ordinal);
    private readonly ReadOnlyDictionary<string, int> _counterView;

    /// <summary>Wraps <paramref name="inner"/>, logging to <paramref name="logger"/>.</summary>
    /// <param name="inner">The store to observe.</param>
    /// <param name="logger">Where the log lines go; null counts without logging.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public LoggingStore(IStore inner, ILogger? logger = null)
        : base(inner)
    {
        Logger = logger ?? NullLogger.Instance;
        _counterView = new(_counter);
    }

    /// <summary>Where the log lines go.</summary>
    public ILogger Logger { get; }

    /// <summary>How many times each member was called, by member name (<c>"Get"</c>, <c>"Set"</c>...); members never called are absent.</summary>
    public IReadOnlyDictionary<string, int> Counter => _counterView;

    /// <inheritdoc />
    public override async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        long started = Begin("Open", "");
        await base.OpenAsync(cancellationToken).ConfigureAwait(false);
        Finish("Open", "", started);
    }

    /// <inheritdoc />
    public override void Close()
    {
        long started = Begin("Close", "");
        base.Close();
        Finish("Close", "", started);
    }

    /// <inheritdoc />
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        long started = Begin("Get", key);
        Buffer? value = await base.GetAsync(key, prototype, byteRange, cancellationToken).ConfigureAwait(false);
        Finish("Get", key, started);
        return value;
    }

    /// <inheritdoc />
    /// <remarks>The pairs are enumerated once, to log their keys, and the inner store reads that copy.</remarks>
    public override async Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyRanges);
        (string Key, ByteRequest? ByteRange)[] pairs = [.. keyRanges];
        string keys = Logger.IsEnabled(LogLevel.Information) ? string.Join(",", pairs.Select(pair => pair.Key)) : "";
        long started = Begin("GetPartialValues", keys);
        IReadOnlyList<Buffer?> values = await base.GetPartialValuesAsync(prototype, pairs, cancellationToken).ConfigureAwait(false);
        Finish("GetPartialValues", keys, started);
        return values;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default)
    {
        long started = Begin("GetRanges", key);
        IReadOnlyList<Buffer> values = await base.GetRangesAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes,
            cancellationToken).ConfigureAwait(false);
        Finish("GetRanges", key, started);
        return values;
    }

    /// <inheritdoc />
    public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        long started = Begin("Exists", key);
        bool exists = await base.ExistsAsync(key, cancellationToken).ConfigureAwait(false);
        Finish("Exists", key, started);
        return exists;
    }

    /// <inheritdoc />
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        long started = Begin("Set", key);
        await base.SetAsync(key, value, cancellationToken).ConfigureAwait(false);
        Finish("Set", key, started);
    }

    /// <inheritdoc />
    public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        long started = Begin("SetIfNotExists", key);
        bool stored = await base.SetIfNotExistsAsync(key, value, cancellationToken).ConfigureAwait(false);
        Finish("SetIfNotExists", key, started);
        return stored;
    }

    /// <inheritdoc />
    public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        long started = Begin("Delete", key);
        await base.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        Finish("Delete", key, started);
    }

    /// <inheritdoc />
    public override async Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default)
    {
        long started = Begin("DeleteDir", prefix);
        await base.DeleteDirAsync(prefix, cancellationToken).ConfigureAwait(false);
        Finish("DeleteDir", prefix, started);
    }

    /// <inheritdoc />
    public override async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        long started = Begin("Clear", "");
        await base.ClearAsync(cancellationToken).ConfigureAwait(false);
        Finish("Clear", "", started);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) =>
        Logged("List", "", base.ListAsync(cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        Logged("ListPrefix", prefix, base.ListPrefixAsync(prefix, cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default) =>
        Logged("ListDir", prefix, base.ListDirAsync(prefix, cancellationToken));

    /// <inheritdoc />
    public override async Task<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        long started = Begin("GetSize", key);
        long size = await base.GetSizeAsync(key, cancellationToken).ConfigureAwait(false);
        Finish("GetSize", key, started);
        return size;
    }

    /// <inheritdoc />
    public override async Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        long started = Begin("GetSizePrefix", prefix);
        long size = await base.GetSizePrefixAsync(prefix, cancellationToken).ConfigureAwait(false);
        Finish("GetSizePrefix", prefix, started);
        return size;
    }

    /// <inheritdoc />
    public override async Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        long started = Begin("IsEmpty", prefix);
        bool empty = await base.IsEmptyAsync(prefix, cancellationToken).ConfigureAwait(false);
        Finish("IsEmpty", prefix, started);
        return empty;
    }

    /// <summary>The inner store's description with a prefix, <c>logging-memory://1</c> for example.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => "logging-" + Inner;

    /// <inheritdoc />
    /// <returns>A <see cref="LoggingStore"/> with the same logger and a new counter.</returns>
    protected override WrapperStore WithStore(IStore inner) => new LoggingStore(inner, Logger);

    private long Begin(string method, string hint)
    {
        _counter.AddOrUpdate(method, 1, static (_, count) => count + 1);
        LoggingStoreLog.Calling(Logger, Inner.GetType().Name, method, hint);
        return Stopwatch.GetTimestamp();
    }

    private void Finish(string method, string hint, long started)
    {
        if (Logger.IsEnabled(LogLevel.Information))
        {
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            LoggingStoreLog.Finished(Logger, Inner.GetType().Name, method, hint, seconds);
        }
    }

    private async IAsyncEnumerable<string> Logged(string method, string hint, IAsyncEnumerable<string> keys)
    {
        long started = Begin(method, hint);
        await foreach (string key in keys.ConfigureAwait(false))
        {
            yield return key;
        }

        Finish(method, hint, started);
    }
}
