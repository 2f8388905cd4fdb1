namespace Zarr.Buffers.Tests.Storage;

/// <summary>
/// A clock whose timers record the wait they were asked for and fire at once, so retry waits cost no time; or, given
/// a source to cancel, never fire and cancel it instead, to catch a caller in the middle of a wait.
/// </summary>
internal sealed class RecordingTimeProvider(CancellationTokenSource? cancelOnWait = null) : TimeProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Waits.Enqueue(dueTime);
        // Acting on another thread lets Task.Delay finish setting up before its timer or token completes it.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            if (cancelOnWait is null)
            {
                callback(state);
            }
            else
            {
                cancelOnWait.Cancel();
            }
        });
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
