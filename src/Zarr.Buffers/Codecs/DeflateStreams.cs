using System.Buffers;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>What the deflate-based codecs (gzip, zlib) share: the level check, the compression step (which bz2 uses too) and the bound on compressed length.</summary>
internal static class DeflateStreams
{
    // Room for what a writer may add beyond the deflate data and the fixed wrapper: a gzip file name, comment or extra
    // field, further members, or empty blocks from flushes.
    private const int HeaderAllowance = 1024;

    /// <summary>
    /// The most bytes a deflate-based stream of <paramref name="decodedLength"/> bytes takes: zlib's conservative
    /// <c>deflateBound</c> (which holds for every window size, memory level and compression level, stored blocks
    /// included), the format's fixed header and trailer (<paramref name="wrapperLength"/>), and 1 KiB for optional
    /// header fields and extra members. Generous on purpose: it bounds decompression bombs, not legitimate data.
    /// </summary>
    public static long MaxCompressedLength(long decodedLength, int wrapperLength) =>
        decodedLength + ((decodedLength + 7) >> 3) + ((decodedLength + 63) >> 6) + 5 + wrapperLength + HeaderAllowance;

    /// <summary>Returns <paramref name="level"/> when it is a deflate level, 0 (store only) to 9 (smallest).</summary>
    public static int CheckLevel(int level, string format) => (uint)level <= 9 ? level
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"The {format} level must be 0 (store only) to 9 (smallest), got {level}.");

    /// <summary>Compresses <paramref name="bytes"/> through the stream <paramref name="compressor"/> wraps around memory rented from <paramref name="pool"/>, which the result holds.</summary>
    public static PooledBytes CompressPooled(Buffer bytes, ArrayPool<byte> pool, Func<Stream, Stream> compressor)
    {
        var output = new ArrayPoolBufferWriter<byte>(pool, Math.Max(bytes.Length / 2, 256));
        try
        {
            using (var stream = compressor(((IBufferWriter<byte>)output).AsStream()))
            {
                stream.Write(bytes.AsSpan());
            }

            return new PooledBytes(CpuBuffer.FromArrayLike(MemoryMarshal.AsMemory(output.WrittenMemory)), output);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}
