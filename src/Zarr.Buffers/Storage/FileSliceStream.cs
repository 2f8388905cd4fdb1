using Microsoft.Win32.SafeHandles;

namespace Zarr.Storage;

/// <summary>
/// A forward-only read of <paramref name="length"/> bytes of a file from <paramref name="offset"/>, through
/// <see cref="RandomAccess"/>: each reader has its own position, so readers of one handle run in parallel. It never
/// reads outside its slice, and a file that ends inside the slice ends the stream early. Disposing it leaves the handle open.
/// </summary>
internal sealed class FileSliceStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n = RandomAccess.Read(handle, Clamp(buffer), offset + _position);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await RandomAccess.ReadAsync(handle, Clamp(buffer), offset + _position, cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private Span<byte> Clamp(Span<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, length - _position)];

    private Memory<byte> Clamp(Memory<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, length - _position)];
}
