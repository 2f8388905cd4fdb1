using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

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
/// <see cref="BytesRead"/> and <see cref="BytesWritten"/> add up, per member, the bytes each call returned or stored,
/// so that a test can assert how much of a value a piece of code read (a partial decoder's few bytes, say), not only
/// how many calls it made. A call that throws adds nothing.
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
    private readonly ConcurrentDictionary<string, long> _bytesRead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bytesWritten = new(StringComparer.Ordinal);
    private readonly ReadOnlyDictionary<string, long> _bytesReadView;
    private readonly ReadOnlyDictionary<string, long> _bytesWrittenView;

    /// <summary>Wraps <paramref name="inner"/>, logging to <paramref name="logger"/>.</summary>
    /// <param name="inner">The store to observe.</param>
    /// <param name="logger">Where the log lines go; null counts without logging.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public LoggingStore(IStore inner, ILogger? logger = null)
        : base(inner)
    {
        Logger = logger ?? NullLogger.Instance;
        _counterView = new(_counter);
        _bytesReadView = new(_bytesRead);
        _bytesWrittenView = new(_bytesWritten);
    }

    /// <summary>Where the log lines go.</summary>
    public ILogger Logger { get; }

    /// <summary>How many times each member was called, by member name (<c>"Get"</c>, <c>"Set"</c>...); members never called are absent.</summary>
    public IReadOnlyDictionary<string, int> Counter => _counterView;

    /// <summary>
    /// The bytes the reads returned, by member name: <c>"Get"</c>, <c>"GetInto"</c>, <c>"GetPartialValues"</c> and <c>"GetRanges"</c> (the
    /// sum of the lengths of the buffers each call returned, or of the bytes <c>GetInto</c> wrote; a missing value adds 0). Members never called are absent.
    /// </summary>
    /// <remarks>A <c>GetRanges</c> call of a store that reads through its own <c>Get</c> counts its bytes under <c>"GetRanges"</c> only: the decorator sees the outer call.</remarks>
    public IReadOnlyDictionary<string, long> BytesRead => _bytesReadView;

    /// <summary>
    /// The bytes the writes stored, by member name: <c>"Set"</c> and <c>"SetIfNotExists"</c> (the value's length; a
    /// <c>SetIfNotExists</c> that found the key and stored nothing adds 0). Members never called are absent.
    /// </summary>
    public IReadOnlyDictionary<string, long> BytesWritten => _bytesWrittenView;

    /// <summary>The sum of <see cref="BytesRead"/> over every member.</summary>
    public long TotalBytesRead => _bytesRead.Values.Sum();

    /// <summary>The sum of <see cref="BytesWritten"/> over every member.</summary>
    public long TotalBytesWritten => _bytesWritten.Values.Sum();

    /// <inheritdoc />
    /// <remarks>
    /// The inner store's for a <see cref="LoggingStore"/>, whose set passes the value straight to it and keeps no reference.
    /// <see langword="false"/> for a subclass, whose own set may keep the caller's buffer, unless it overrides this.
    /// </remarks>
    public override bool CopiesOnSet => GetType() == typeof(LoggingStore) && Inner.CopiesOnSet;

    /// <inheritdoc />
    public override Task OpenAsync(CancellationToken cancellationToken = default) =>
        TimedAsync("Open", "", cancellationToken, static (inner, token) => new ValueTask(inner.OpenAsync(token))).AsTask();

    /// <inheritdoc />
    public override void Close()
    {
        long started = Begin("Close", "");
        base.Close();
        Finish("Close", "", started);
    }

    /// <inheritdoc />
    public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        CountedAsync(_bytesRead, "Get", TimedAsync("Get", key, (key, prototype, byteRange, cancellationToken),
            static (inner, s) => inner.GetAsync(s.key, s.prototype, s.byteRange, s.cancellationToken)), static value => value?.Length ?? 0);

    /// <inheritdoc />
    /// <remarks>Counted under <c>"GetInto"</c>, in <see cref="Counter"/> and, by the bytes it wrote, in <see cref="BytesRead"/>.</remarks>
    public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default) =>
        CountedAsync(_bytesRead, "GetInto", TimedAsync("GetInto", key, (key, destination, byteRange, cancellationToken),
            static (inner, s) => inner.GetIntoAsync(s.key, s.destination, s.byteRange, s.cancellationToken)), static read => read ?? 0);

    /// <inheritdoc />
    /// <remarks>The pairs are enumerated once, to log their keys, and the inner store reads that copy.</remarks>
    public override Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyRanges);
        (string Key, ByteRequest? ByteRange)[] pairs = [.. keyRanges];
        string keys = Logger.IsEnabled(LogLevel.Information) ? string.Join(",", pairs.Select(pair => pair.Key)) : "";
        return CountedAsync(_bytesRead, "GetPartialValues", TimedAsync("GetPartialValues", keys, (prototype, pairs, cancellationToken),
            static (inner, s) => new ValueTask<IReadOnlyList<Buffer?>>(inner.GetPartialValuesAsync(s.prototype, s.pairs, s.cancellationToken))),
            static values => values.Sum(value => (long)(value?.Length ?? 0))).AsTask();
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default) =>
        CountedAsync(_bytesRead, "GetRanges", TimedAsync("GetRanges", key, (key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken),
            static (inner, s) => new ValueTask<IReadOnlyList<Buffer>>(
                inner.GetRangesAsync(s.key, s.ranges, s.prototype, s.maxGapBytes, s.maxCoalescedBytes, s.cancellationToken))),
            static values => values.Sum(value => (long)value.Length)).AsTask();

    /// <inheritdoc />
    public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        TimedAsync("Exists", key, (key, cancellationToken), static (inner, s) => inner.ExistsAsync(s.key, s.cancellationToken));

    /// <inheritdoc />
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        await TimedAsync("Set", key, (key, value, cancellationToken), static (inner, s) => inner.SetAsync(s.key, s.value, s.cancellationToken)).ConfigureAwait(false);
        Add(_bytesWritten, "Set", value.Length);
    }

    /// <inheritdoc />
    public override ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default) =>
        CountedAsync(_bytesWritten, "SetIfNotExists", TimedAsync("SetIfNotExists", key, (key, value, cancellationToken),
            static (inner, s) => inner.SetIfNotExistsAsync(s.key, s.value, s.cancellationToken)), written => written ? value.Length : 0);

    /// <inheritdoc />
    public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        TimedAsync("Delete", key, (key, cancellationToken), static (inner, s) => inner.DeleteAsync(s.key, s.cancellationToken));

    /// <inheritdoc />
    public override Task DeleteDirAsync(string prefix, CancellationToken cancellationToken = default) =>
        TimedAsync("DeleteDir", prefix, (prefix, cancellationToken),
            static (inner, s) => new ValueTask(inner.DeleteDirAsync(s.prefix, s.cancellationToken))).AsTask();

    /// <inheritdoc />
    public override Task ClearAsync(CancellationToken cancellationToken = default) =>
        TimedAsync("Clear", "", cancellationToken, static (inner, token) => new ValueTask(inner.ClearAsync(token))).AsTask();

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken = default) =>
        Logged("List", "", base.ListAsync(cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        Logged("ListPrefix", prefix, base.ListPrefixAsync(prefix, cancellationToken));

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default) =>
        Logged("ListDir", prefix, base.ListDirAsync(prefix, cancellationToken));

    /// <inheritdoc cref="WrapperStore.WithReadOnly" />
    /// <returns>A <see cref="LoggingStore"/> with the same logger and a new counter, around the inner store's copy.</returns>
    public override LoggingStore WithReadOnly(bool readOnly = false) => (LoggingStore)base.WithReadOnly(readOnly);

    /// <inheritdoc />
    public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default) =>
        TimedAsync("GetSize", key, (key, cancellationToken),
            static (inner, s) => inner.GetSizeAsync(s.key, s.cancellationToken));

    /// <inheritdoc />
    public override Task<long> GetSizePrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        TimedAsync("GetSizePrefix", prefix, (prefix, cancellationToken),
            static (inner, s) => new ValueTask<long>(inner.GetSizePrefixAsync(s.prefix, s.cancellationToken))).AsTask();

    /// <inheritdoc />
    public override Task<bool> IsEmptyAsync(string prefix, CancellationToken cancellationToken = default) =>
        TimedAsync("IsEmpty", prefix, (prefix, cancellationToken),
            static (inner, s) => new ValueTask<bool>(inner.IsEmptyAsync(s.prefix, s.cancellationToken))).AsTask();

    /// <summary>The inner store's description with a prefix, <c>logging-memory://1</c> for example.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => "logging-" + Inner;

    /// <inheritdoc />
    /// <returns>A <see cref="LoggingStore"/> with the same logger and a new counter.</returns>
    protected override WrapperStore WithStore(IStore inner) => new LoggingStore(inner, Logger);

    /// <summary>
    /// Counts and logs <paramref name="method"/>, runs <paramref name="call"/> on the inner store and logs its duration
    /// unless it fails. The arguments travel in <paramref name="state"/> so that callers pass static lambdas and
    /// allocate no closure per call.
    /// </summary>
    private async ValueTask<TResult> TimedAsync<TState, TResult>(string method, string hint, TState state,
        Func<IStore, TState, ValueTask<TResult>> call)
    {
        long started = Begin(method, hint);
        TResult result = await call(Inner, state).ConfigureAwait(false);
        Finish(method, hint, started);
        return result;
    }

    /// <summary>The <see cref="TimedAsync{TState, TResult}"/> of a call without a result.</summary>
    private async ValueTask TimedAsync<TState>(string method, string hint, TState state, Func<IStore, TState, ValueTask> call)
    {
        long started = Begin(method, hint);
        await call(Inner, state).ConfigureAwait(false);
        Finish(method, hint, started);
    }

    /// <summary>Awaits <paramref name="call"/> and adds the bytes <paramref name="bytes"/> counts in its result to <paramref name="counter"/> under <paramref name="method"/>.</summary>
    private static async ValueTask<TResult> CountedAsync<TResult>(ConcurrentDictionary<string, long> counter, string method,
        ValueTask<TResult> call, Func<TResult, long> bytes)
    {
        TResult result = await call.ConfigureAwait(false);
        Add(counter, method, bytes(result));
        return result;
    }

    private static void Add(ConcurrentDictionary<string, long> counter, string method, long bytes) =>
        counter.AddOrUpdate(method, bytes, (_, total) => total + bytes);

    private long Begin(string method, string hint)
    {
        _counter.AddOrUpdate(method, 1, static (_, count) => count + 1);
        if (Logger.IsEnabled(LogLevel.Information))
        {
            // A huge key must not make a huge log line.
            string shown = MessageText.Bounded(hint);
            LoggingStoreLog.Calling(Logger, Inner.GetType().Name, method, shown);
        }

        return Stopwatch.GetTimestamp();
    }

    private void Finish(string method, string hint, long started)
    {
        if (Logger.IsEnabled(LogLevel.Information))
        {
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            string shown = MessageText.Bounded(hint);
            LoggingStoreLog.Finished(Logger, Inner.GetType().Name, method, shown, seconds);
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
