using System.Buffers;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>What the deflate-based codecs (gzip, zlib) share: the level check and the compression step.</summary>
internal static class DeflateStreams
{
    /// <summary>Returns <paramref name="level"/> when it is a deflate level, 0 (store only) to 9 (smallest).</summary>
    public static int CheckLevel(int level, string format) => (uint)level <= 9 ? level
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"The {format} level must be 0 (store only) to 9 (smallest), got {level}.");

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
