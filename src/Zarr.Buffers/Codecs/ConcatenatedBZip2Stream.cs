using CommunityToolkit.HighPerformance;
using ICSharpCode.SharpZipLib.BZip2;

namespace Zarr.Codecs;

/// <summary>
/// Decompresses the bzip2 streams that follow one another in some data as one stream, as Python's <c>bz2.decompress</c>
/// (and so numcodecs) does: after each stream's end-of-stream marker, bytes that start with a bzip2 header start another
/// stream, the beginning of a header cut short is a truncated stream, and any other bytes are ignored.
/// </summary>
/// <remarks>SharpZipLib reads its input a byte at a time, so when a stream ends the input is positioned right after it.</remarks>
internal sealed class ConcatenatedBZip2Stream : Stream
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly Stream _input;
    private BZip2InputStream? _current;

    /// <summary>Starts decompressing the first stream of <paramref name="data"/>.</summary>
    /// <exception cref="BZip2Exception"><paramref name="data"/> does not start with a bzip2 header.</exception>
    /// <exception cref="EndOfStreamException"><paramref name="data"/> ends inside the header.</exception>
    public ConcatenatedBZip2Stream(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _input = data.AsStream();
        _current = Open(_input);
    }

    private static ReadOnlySpan<byte> Magic => "BZh"u8;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_current is not null)
        {
            int read = _current.Read(buffer, offset, count);
            if (read > 0 || count == 0)
            {
                return read;
            }

            _current.Dispose();
            _current = StartsAnotherStream() ? Open(_input) : null;
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    private static BZip2InputStream Open(Stream input) => new(input) { IsStreamOwner = false };

    // A block-size digit must follow the magic; bytes that can still become a header are a stream cut short, which
    // the next stream's reader reports.
    private bool StartsAnotherStream()
    {
        var rest = _data.Span[(int)_input.Position..];
        return rest.Length > Magic.Length
            ? rest.StartsWith(Magic) && rest[Magic.Length] is >= (byte)'1' and <= (byte)'9'
            : !rest.IsEmpty && Magic.StartsWith(rest);
    }
}
