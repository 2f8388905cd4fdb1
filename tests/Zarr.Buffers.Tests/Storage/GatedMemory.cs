using System.Buffers;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>
/// Memory whose bytes a read or write can reach only once the test lets it, so the call stays in flight at a known
/// point: the first access (span or pin) signals <see cref="Reached"/> and waits for <see cref="Release"/>.
/// </summary>
/// <param name="bytes">The bytes behind the memory, which the test reads back or offers to a write.</param>
internal sealed class GatedMemory(byte[] bytes) : MemoryManager<byte>
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new();

    /// <summary>Completes when a call first reaches the bytes.</summary>
    public Task Reached => _reached.Task;

    /// <summary>The bytes behind the memory.</summary>
    public byte[] Bytes => bytes;

    /// <summary>Lets the waiting call, and every later one, reach the bytes.</summary>
    public void Release() => _released.Set();

    public override Span<byte> GetSpan()
    {
        WaitForRelease();
        return bytes;
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        WaitForRelease();
        return bytes.AsMemory(elementIndex).Pin();
    }

    public override void Unpin()
    {
    }

    public override Memory<byte> Memory => CreateMemory(bytes.Length);

    protected override void Dispose(bool disposing) => _released.Dispose();

    private void WaitForRelease()
    {
        _reached.TrySetResult();
        _released.Wait(TimeSpan.FromSeconds(30));
    }
}
