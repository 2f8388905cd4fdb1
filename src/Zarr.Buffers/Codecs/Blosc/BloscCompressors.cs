using System.Buffers.Binary;
using System.IO.Compression;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using K4os.Compression.LZ4;
using Zarr.Codecs;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// The codecs inside a Blosc frame, each run on one block or split stream at a time as c-blosc 1.x does
/// (<c>blosc.c</c>'s <c>*_wrap_compress</c> and <c>*_wrap_decompress</c>). The frame's flags name the format (its "lib"
/// code), which lz4 and lz4hc share.
/// </summary>
internal static class BloscCompressors
{
    // Creating a zstd context costs more than compressing a block, so each thread keeps one.
    [ThreadStatic]
    private static Compressor? t_compressor;

    /// <summary>The format code of the flags' bits 5 to 7 (c-blosc's <c>BLOSC_*_FORMAT</c>).</summary>
    public static int FormatCode(BloscCname cname) => cname switch
    {
        BloscCname.BloscLz => 0,
        BloscCname.Lz4 or BloscCname.Lz4hc => 1,
        BloscCname.Zlib => 3,
        BloscCname.Zstd => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(cname), cname, "Not a Blosc compressor."),
    };

    /// <summary>The name of a format code, for messages.</summary>
    public static string FormatName(int format) => format switch
    {
        0 => "blosclz",
        1 => "lz4",
        2 => "snappy",
        3 => "zlib",
        4 => "zstd",
        _ => $"unknown ({format})",
    };

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/>; returns the compressed length, or 0 when the
    /// stream would not fit (the frame then stores the bytes as they are).
    /// </summary>
    public static int Compress(BloscCname cname, int clevel, ReadOnlySpan<byte> input, Span<byte> output) => cname switch
    {
        BloscCname.BloscLz => BloscLz.Compress(input, output, clevel),
        BloscCname.Lz4 => Lz4Fast.Compress(input, output, Lz4Acceleration(clevel)),
        BloscCname.Lz4hc => Math.Max(0, LZ4Codec.Encode(input, output, Lz4hcLevel(clevel))),
        BloscCname.Zlib => CompressZlib(clevel, input, output),
        BloscCname.Zstd => CompressZstd(clevel, input, output),
        _ => throw new ArgumentOutOfRangeException(nameof(cname), cname, "Not a Blosc compressor."),
    };

    /// <summary>Decompresses one stream of format <paramref name="format"/> into exactly <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is corrupt or does not decompress to exactly <c>output.Length</c> bytes.</exception>
    /// <exception cref="NotSupportedException">The format is snappy or unknown.</exception>
    public static void Decompress(int format, ReadOnlyMemory<byte> input, Span<byte> output)
    {
        int written = format switch
        {
            0 => BloscLz.Decompress(input.Span, output),
            1 => LZ4Codec.Decode(input.Span, output),
            3 => DecompressZlib(input, output),
            4 => DecompressZstd(input.Span, output),
            _ => throw new NotSupportedException(
                $"The Blosc frame is compressed with {FormatName(format)}, which is not supported; expected blosclz, lz4, lz4hc, zlib or zstd."),
        };
        if (written != output.Length)
        {
            throw new InvalidDataException(
                $"A {FormatName(format)} stream of {input.Length} bytes in the Blosc frame decompresses to {(written < 0 ? "nothing valid" : $"{written} bytes")}, but the frame says {output.Length}.");
        }
    }

    // c-blosc's get_accel: level 9 is LZ4's default acceleration of 1, lower levels trade size for speed.
    private static int Lz4Acceleration(int clevel) => 10 - clevel;

    // c-blosc hands its level to LZ4_compress_HC as it is; K4os's HC levels start at 3, the nearest to liblz4's 1 and 2.
    private static LZ4Level Lz4hcLevel(int clevel) => (LZ4Level)Math.Max(clevel, (int)LZ4Level.L03_HC);

    // c-blosc's zstd levels: 1..8 become 1, 3, .., 15 and 9 becomes zstd's highest.
    private static int CompressZstd(int clevel, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var compressor = t_compressor ??= new Compressor();
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_compressionLevel, clevel < 9 ? (clevel * 2) - 1 : Compressor.MaxCompressionLevel);
        try
        {
            return compressor.Wrap(input, output);
        }
        catch (ZstdException)
        {
            return 0;
        }
    }

    private static int DecompressZstd(ReadOnlySpan<byte> input, Span<byte> output)
    {
        try
        {
            return ZstdDecompression.Decompress(input, output);
        }
        catch (ZstdException)
        {
            return -1;
        }
    }

    private static int CompressZlib(int clevel, ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var compressed = new ArrayPoolBufferWriter<byte>(Math.Max(input.Length / 2, 256));
        using (var zlib = new ZLibStream(compressed.AsStream(), new ZLibCompressionOptions { CompressionLevel = clevel }))
        {
            zlib.Write(input);
        }

        return compressed.WrittenSpan.TryCopyTo(output) ? compressed.WrittenCount : 0;
    }

    // ZLibStream stops quietly at the end of its input, so the Adler-32 trailer is what shows a stream cut short.
    private static int DecompressZlib(ReadOnlyMemory<byte> input, Span<byte> output)
    {
        try
        {
            using var zlib = new ZLibStream(input.AsStream(), CompressionMode.Decompress);
            int read = zlib.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
            bool complete = read == output.Length && zlib.ReadByte() < 0 && input.Length >= 6
                && BinaryPrimitives.ReadUInt32BigEndian(input.Span[^4..]) == Adler32.Compute(output);
            return complete ? read : -1;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return -1;
        }
    }
}
