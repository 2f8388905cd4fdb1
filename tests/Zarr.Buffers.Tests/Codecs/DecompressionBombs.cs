using System.Buffers.Binary;
using System.IO.Compression;
using Zarr.Buffers;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>
/// Compressed streams of 1 GiB of zeros, made once per test run (1 GiB never sits in memory): gzip and zlib by
/// compressing a stream of zeros, zstd frames written by hand from run-length blocks, as an attacker would make them
/// (so they need no particular version of a zstd library); and a way to measure what decoding one costs.
/// </summary>
internal static class DecompressionBombs
{
    /// <summary>What every bomb decompresses to: 1 GiB.</summary>
    public const long ZeroCount = 1L << 30;

    private static readonly Lazy<byte[]> s_gzip = new(() => Compress(output => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)));
    private static readonly Lazy<byte[]> s_zlib = new(() => Compress(output => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)));
    private static readonly Lazy<byte[]> s_zstdWithSize = new(() => ZstdZeros(recordSize: true));
    private static readonly Lazy<byte[]> s_zstdWithoutSize = new(() => ZstdZeros(recordSize: false));

    /// <summary>The names <see cref="Get"/> takes.</summary>
    public static readonly string[] Names = ["gzip", "gzip-multi-member", "zlib", "zstd-with-size", "zstd-without-size", "lz4"];

    /// <summary>
    /// The bomb of the given name. <c>gzip-multi-member</c> is the gzip bomb followed by a member of 10 zeros, so that
    /// its trailer records a small length and only decoding it shows how much it holds. <c>lz4</c> is numcodecs' format
    /// with a length header that claims 1 GiB in front of a block of 1 KiB of zeros: a forged header.
    /// </summary>
    public static Buffer Get(string name) => CpuBuffer.FromBytes(name switch
    {
        "gzip" => s_gzip.Value,
        "gzip-multi-member" => [.. s_gzip.Value, .. GzipOf(new byte[10])],
        "zlib" => s_zlib.Value,
        "zstd-with-size" => s_zstdWithSize.Value,
        "zstd-without-size" => s_zstdWithoutSize.Value,
        "lz4" => Lz4WithForgedLength(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a bomb."),
    });

    /// <summary>The codec that decodes the bomb of the given name.</summary>
    public static string CodecOf(string name) => name switch
    {
        "zlib" => "numcodecs.zlib",
        "lz4" => "numcodecs.lz4",
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

    private static byte[] Lz4WithForgedLength()
    {
        byte[] encoded = new Zarr.Codecs.Lz4Codec().Encode(CpuBuffer.FromBytes(new byte[1024]), new([1024], DataType.UInt8), BufferPrototype.Default).ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(encoded, (uint)ZeroCount);
        return encoded;
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

    // The largest block zstd allows, and its window log (RFC 8878, sections 3.1.1.1.2 and 3.1.1.2).
    private const int ZstdMaxBlock = 128 * 1024;
    private const byte ZstdWindow128KiB = (17 - 10) << 3;

    /// <summary>
    /// One zstd frame of <see cref="ZeroCount"/> zeros as run-length blocks of 128 KiB (4 bytes each): with the content
    /// size in a single-segment header, or without it behind a 128 KiB window descriptor (RFC 8878).
    /// </summary>
    private static byte[] ZstdZeros(bool recordSize)
    {
        using var frame = new MemoryStream();
        Span<byte> field = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(field, 0xFD2FB528);
        frame.Write(field[..4]);
        if (recordSize)
        {
            frame.WriteByte(0b1110_0000); // an 8-byte content size, single segment
            BinaryPrimitives.WriteUInt64LittleEndian(field, ZeroCount);
            frame.Write(field);
        }
        else
        {
            frame.WriteByte(0);
            frame.WriteByte(ZstdWindow128KiB);
        }

        for (long written = ZstdMaxBlock; written <= ZeroCount; written += ZstdMaxBlock)
        {
            int last = written == ZeroCount ? 1 : 0;
            int header = last | (1 << 1) | (ZstdMaxBlock << 3); // a run-length block repeating the next byte
            frame.Write([(byte)header, (byte)(header >> 8), (byte)(header >> 16), 0]);
        }

        return frame.ToArray();
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
