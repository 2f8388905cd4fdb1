namespace Zarr.Buffers.Tests.Storage;

/// <summary>A clock whose timers fire at once and record the wait they were asked for, so retry waits cost no time.</summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Waits.Enqueue(dueTime);
        // Firing on another thread lets Task.Delay finish setting up before its timer completes it.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
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
