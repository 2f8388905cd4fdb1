using System.IO.Compression;
using Zarr.Buffers;
using ZstdSharp;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>
/// Compressed streams of 1 GiB of zeros, made once per test run by compressing a stream of zeros (1 GiB never sits in
/// memory), and a way to measure what decoding one costs.
/// </summary>
internal static class DecompressionBombs
{
    /// <summary>What every bomb decompresses to: 1 GiB.</summary>
    public const long ZeroCount = 1L << 30;

    private static readonly Lazy<byte[]> s_gzip = new(() => Compress(output => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)));
    private static readonly Lazy<byte[]> s_zlib = new(() => Compress(output => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)));
    private static readonly Lazy<byte[]> s_zstdWithSize = new(() => Compress(output => Zstd(output, pledgeSize: true)));
    private static readonly Lazy<byte[]> s_zstdWithoutSize = new(() => Compress(output => Zstd(output, pledgeSize: false)));

    /// <summary>The names <see cref="Get"/> takes.</summary>
    public static readonly string[] Names = ["gzip", "gzip-multi-member", "zlib", "zstd-with-size", "zstd-without-size"];

    /// <summary>
    /// The bomb of the given name. <c>gzip-multi-member</c> is the gzip bomb followed by a member of 10 zeros, so that
    /// its trailer records a small length and only decoding it shows how much it holds.
    /// </summary>
    public static Buffer Get(string name) => CpuBuffer.FromBytes(name switch
    {
        "gzip" => s_gzip.Value,
        "gzip-multi-member" => [.. s_gzip.Value, .. GzipOf(new byte[10])],
        "zlib" => s_zlib.Value,
        "zstd-with-size" => s_zstdWithSize.Value,
        "zstd-without-size" => s_zstdWithoutSize.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a bomb."),
    });

    /// <summary>The codec that decodes the bomb of the given name.</summary>
    public static string CodecOf(string name) => name switch
    {
        "zlib" => "numcodecs.zlib",
        _ => name.Split('-')[0],
    };

    /// <summary>
    /// The bytes <paramref name="action"/> allocates on this thread (the decoders run synchronously on the caller's) the
    /// second time it runs: the first run pays one-time costs, such as the runtime's first exception on a thread (16 MiB)
    /// and loading zlib, that no later decode pays.
    /// </summary>
    public static long AllocatedBy(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static byte[] GzipOf(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static CompressionStream Zstd(Stream output, bool pledgeSize)
    {
        var zstd = new CompressionStream(output, level: 1, leaveOpen: true);
        if (pledgeSize)
        {
            zstd.SetPledgedSrcSize((ulong)ZeroCount);
        }

        return zstd;
    }

    private static byte[] Compress(Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        byte[] zeros = new byte[1 << 20];
        using (var stream = compressor(output))
        {
            for (long written = 0; written < ZeroCount; written += zeros.Length)
            {
                stream.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
