using System.Buffers.Binary;
using System.IO.Compression;

namespace Zarr.Buffers.Internal;

/// <summary>
/// zlib's CRC-32 (the checksum of gzip trailers and zip entries), taken from a stored (level 0) gzip member of the
/// data: the BCL exposes zlib's CRC-32 only this way, and System.IO.Hashing would be a dependency of the core for it.
/// </summary>
internal static class ZlibCrc32
{
    /// <summary>The CRC-32 of <paramref name="data"/>, in one pass that copies nothing but the last eight bytes.</summary>
    /// <param name="data">The bytes to check.</param>
    /// <returns>The checksum.</returns>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        // GZipStream writes no member at all for no data; the CRC-32 of nothing is 0.
        if (data.IsEmpty)
        {
            return 0;
        }

        var trailer = new TrailerStream();
        using (var gzip = new GZipStream(trailer, CompressionLevel.NoCompression, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return trailer.Crc;
    }

    /// <summary>A sink that keeps only the last eight bytes written to it: a gzip member's trailer (CRC-32, then length).</summary>
    private sealed class TrailerStream : Stream
    {
        private readonly byte[] _last = new byte[8];
        private int _count;

        public uint Crc => _count == _last.Length
            ? BinaryPrimitives.ReadUInt32LittleEndian(_last)
            : throw new InvalidOperationException("The gzip member ended before its trailer.");

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length >= _last.Length)
            {
                buffer[^_last.Length..].CopyTo(_last);
                _count = _last.Length;
                return;
            }

            int keep = Math.Min(_count, _last.Length - buffer.Length);
            _last.AsSpan(_count - keep, keep).CopyTo(_last);
            buffer.CopyTo(_last.AsSpan(keep));
            _count = keep + buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
