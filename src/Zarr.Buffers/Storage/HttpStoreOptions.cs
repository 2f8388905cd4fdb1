namespace Zarr.Storage;

/// <summary>How an <see cref="HttpStore"/> retries and how much it reads: attempts, backoff and the largest value.</summary>
/// <remarks>
/// A transient failure (status 408, 429, 500, 502, 503 or 504, a connection that fails or ends early, or the
/// <see cref="HttpClient.Timeout"/> of the caller's client) is tried again, up to <see cref="MaxAttempts"/> attempts in
/// all. Before attempt <c>n + 1</c> the store waits a random time between half and all of
/// <c>RetryBaseDelay * 2^(n-1)</c> (exponential backoff with jitter), at most <see cref="MaxRetryDelay"/>; a
/// <c>Retry-After</c> header replaces that wait, also at most <see cref="MaxRetryDelay"/>. A cancelled token ends the
/// wait at once.
/// </remarks>
public sealed record HttpStoreOptions
{
    private readonly int _maxAttempts = 4;
    private readonly TimeSpan _retryBaseDelay = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly long _maxValueBytes = Array.MaxLength;
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>How many times one request is sent at most, the first included (default 4); 1 disables retries.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, $"MaxAttempts must be at least 1, got {value}.");
    }

    /// <summary>The wait before the first retry, doubled for each retry after it (default 100 ms).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan RetryBaseDelay
    {
        get => _retryBaseDelay;
        init => _retryBaseDelay = NotNegative(value);
    }

    /// <summary>The longest wait between two attempts, <c>Retry-After</c> included (default 30 s).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxRetryDelay
    {
        get => _maxRetryDelay;
        init => _maxRetryDelay = NotNegative(value);
    }

    /// <summary>
    /// The largest response body the store buffers (default <see cref="Array.MaxLength"/>): a server that sends a longer
    /// body where the whole value is needed fails the read instead of filling memory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or more than <see cref="Array.MaxLength"/>.</exception>
    public long MaxValueBytes
    {
        get => _maxValueBytes;
        init => _maxValueBytes = value is >= 0 and <= int.MaxValue && value <= Array.MaxLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxValueBytes), value, $"MaxValueBytes must be within [0, {Array.MaxLength}], got {value}.");
    }

    /// <summary>The clock the retry waits run on (default <see cref="TimeProvider.System"/>); tests pass a fake one.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    }

    private static TimeSpan NotNegative(TimeSpan value, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative, got {value}.");
}
