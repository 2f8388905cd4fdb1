using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing;

/// <summary>
/// A decorator that waits before every read and write of the inner store (zarr-python's
/// <c>zarr.testing.store.LatencyStore</c>): makes a fast in-memory store behave like a remote one, to test that
/// code issues reads concurrently, coalesces ranges, or honours cancellation while a request is in flight.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GetAsync"/> and <see cref="GetIntoAsync"/> wait <see cref="GetLatency"/> and <see cref="SetAsync"/> and <see cref="SetIfNotExistsAsync"/>
/// wait <see cref="SetLatency"/>, through <see cref="TimeProvider"/>, then forward. <see cref="GetPartialValuesAsync"/>
/// reads every pair concurrently through <see cref="GetAsync"/>, and <see cref="GetRangesAsync"/> runs its merged reads
/// through <see cref="GetAsync"/>, so each read pays the latency once, as each request to a remote store would. Every
/// other member forwards without waiting. A cancelled token ends the wait with <see cref="OperationCanceledException"/>.
/// </para>
/// <para>
/// Differences from zarr-python: a latency is a fixed <see cref="TimeSpan"/> (zarr-python also accepts a normal
/// distribution), set-if-not-exists waits like a set, and the injectable <see cref="System.TimeProvider"/> lets a test
/// control time.
/// </para>
/// </remarks>
public class LatencyStore : WrapperStore
{
    /// <summary>Wraps <paramref name="inner"/> with the given latencies.</summary>
    /// <param name="inner">The store to slow down.</param>
    /// <param name="getLatency">How long each read waits; zero (the default) does not wait.</param>
    /// <param name="setLatency">How long each write waits; zero (the default) does not wait.</param>
    /// <param name="timeProvider">The clock the waits use; null means <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A latency is negative.</exception>
    public LatencyStore(IStore inner, TimeSpan getLatency = default, TimeSpan setLatency = default, TimeProvider? timeProvider = null)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(getLatency, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(setLatency, TimeSpan.Zero);
        GetLatency = getLatency;
        SetLatency = setLatency;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long each read waits before it reaches the inner store.</summary>
    public TimeSpan GetLatency { get; }

    /// <summary>How long each write waits before it reaches the inner store.</summary>
    public TimeSpan SetLatency { get; }

    /// <summary>The clock the waits use.</summary>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        await WaitAsync(GetLatency, cancellationToken).ConfigureAwait(false);
        return await base.GetAsync(key, prototype, byteRange, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null,
        CancellationToken cancellationToken = default)
    {
        await WaitAsync(GetLatency, cancellationToken).ConfigureAwait(false);
        return await base.GetIntoAsync(key, destination, byteRange, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Reads every pair concurrently through <see cref="GetAsync"/>, as zarr-python's <c>asyncio.gather</c> does.</remarks>
    public override async Task<IReadOnlyList<Buffer?>> GetPartialValuesAsync(BufferPrototype prototype,
        IEnumerable<(string Key, ByteRequest? ByteRange)> keyRanges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        ArgumentNullException.ThrowIfNull(keyRanges);
        var reads = keyRanges.Select(pair => GetAsync(pair.Key, prototype, pair.ByteRange, cancellationToken).AsTask()).ToArray();
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Plans the merged reads as the base store does and runs each through <see cref="GetAsync"/>.</remarks>
    public override Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges,
        BufferPrototype prototype, long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes,
        CancellationToken cancellationToken = default) =>
        GetRangesViaGetAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        await WaitAsync(SetLatency, cancellationToken).ConfigureAwait(false);
        await base.SetAsync(key, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        await WaitAsync(SetLatency, cancellationToken).ConfigureAwait(false);
        return await base.SetIfNotExistsAsync(key, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="WrapperStore.WithReadOnly" />
    /// <returns>A <see cref="LatencyStore"/> with the same latencies and clock, around the inner store's copy.</returns>
    public override LatencyStore WithReadOnly(bool readOnly = false) => (LatencyStore)base.WithReadOnly(readOnly);

    /// <summary>A latency store with the same latencies and clock around <paramref name="inner"/>.</summary>
    /// <param name="inner">The store to wrap.</param>
    /// <returns>The new <see cref="LatencyStore"/>.</returns>
    protected override WrapperStore WithStore(IStore inner) => new LatencyStore(inner, GetLatency, SetLatency, TimeProvider);

    private Task WaitAsync(TimeSpan latency, CancellationToken cancellationToken) =>
        latency > TimeSpan.Zero ? Task.Delay(latency, TimeProvider, cancellationToken) : Task.CompletedTask;
}
