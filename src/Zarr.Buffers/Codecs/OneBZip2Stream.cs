using CommunityToolkit.HighPerformance;
using ICSharpCode.SharpZipLib.BZip2;

namespace Zarr.Codecs;

/// <summary>
/// Decompresses the one bzip2 stream that numcodecs writes, refusing data that goes on with another stream (or the
/// beginning of one) after its end-of-stream marker, where SharpZipLib would stop and return only the first stream's
/// bytes; other bytes after the stream are ignored, as numcodecs ignores them.
/// </summary>
/// <remarks>
/// Python's <c>bz2.decompress</c>, which numcodecs calls, decodes concatenated streams one after another. This codec
/// refuses them instead: SharpZipLib allocates and clears a whole block's tables (4.5 MB at level 9) for every stream,
/// so 1 MiB of tiny concatenated streams took 80 s to decode where numcodecs takes 0.7 s. numcodecs itself only ever
/// writes one stream. SharpZipLib reads its input a byte at a time, so when the stream ends the input is positioned
/// right after it.
/// </remarks>
internal sealed class OneBZip2Stream : Stream
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly Stream _input;
    private readonly BZip2InputStream _bzip2;

    /// <summary>Starts decompressing the stream at the start of <paramref name="data"/>.</summary>
    /// <exception cref="BZip2Exception"><paramref name="data"/> does not start with a bzip2 header.</exception>
    /// <exception cref="EndOfStreamException"><paramref name="data"/> ends inside the header.</exception>
    public OneBZip2Stream(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _input = data.AsStream();
        _bzip2 = new BZip2InputStream(_input) { IsStreamOwner = false };
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

    /// <exception cref="InvalidDataException">Another bzip2 stream, or the beginning of one, follows the stream.</exception>
    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = _bzip2.Read(buffer, offset, count);
        if (read == 0 && count > 0 && StartsAnotherStream())
        {
            throw new InvalidDataException(
                $"The bz2 data ({_data.Length} bytes) goes on with another bzip2 stream after the first, at byte {_input.Position}; numcodecs writes one stream per chunk.");
        }

        return read;
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
            _bzip2.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    // What bz2.decompress would go on to decode: a header with its block-size digit, or bytes cut short inside one
    // (which it reports as a stream ended early).
    private bool StartsAnotherStream()
    {
        var rest = _data.Span[(int)_input.Position..];
        return rest.Length > Magic.Length
            ? rest.StartsWith(Magic) && rest[Magic.Length] is >= (byte)'1' and <= (byte)'9'
            : !rest.IsEmpty && Magic.StartsWith(rest);
    }
}
