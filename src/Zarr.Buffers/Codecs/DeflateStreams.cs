using System.Buffers;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>The compression step shared by the deflate-based codecs (gzip, zlib).</summary>
internal static class DeflateStreams
{
    /// <summary>Compresses <paramref name="bytes"/> through the stream <paramref name="compressor"/> wraps around pooled memory, then copies the result once into a buffer of the prototype's class.</summary>
    public static Buffer Compress(Buffer bytes, BufferPrototype prototype, Func<Stream, Stream> compressor)
    {
        using var output = new ArrayPoolBufferWriter<byte>(Math.Max(bytes.Length / 2, 256));
        using (var stream = compressor(((IBufferWriter<byte>)output).AsStream()))
        {
            stream.Write(bytes.AsSpan());
        }

        return prototype.Buffer.FromBytes(output.WrittenSpan);
    }
}
