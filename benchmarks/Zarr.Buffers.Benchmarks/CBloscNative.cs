using System.Runtime.InteropServices;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// c-blosc 1.x (Debian's <c>libblosc1</c>) through P/Invoke, single-threaded: the reference that <see cref="BloscBenchmarks"/> and
/// <see cref="BloscLzBenchmarks"/> measure beside; the benchmarks are not shipped, so neither is this.
/// </summary>
internal static partial class CBloscNative
{
    private const string Library = "libblosc.so.1";

    /// <summary><c>blosc_compress_ctx</c> on one thread; returns the frame's length. A block size of 0 is c-blosc's own choice.</summary>
    public static int Compress(int clevel, int shuffle, int typeSize, ReadOnlySpan<byte> source, Span<byte> frame, string compressor, int blockSize = 0)
    {
        int written = blosc_compress_ctx(clevel, shuffle, (nuint)typeSize, (nuint)source.Length, source, frame, (nuint)frame.Length, compressor,
            (nuint)blockSize, 1);
        return written > 0 ? written : throw new InvalidOperationException($"blosc_compress_ctx returned {written}.");
    }

    /// <summary><c>blosc_decompress_ctx</c> on one thread; returns the decoded length.</summary>
    public static int Decompress(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        int written = blosc_decompress_ctx(frame, destination, (nuint)destination.Length, 1);
        return written >= 0 ? written : throw new InvalidOperationException($"blosc_decompress_ctx returned {written}.");
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int blosc_compress_ctx(int clevel, int doshuffle, nuint typesize, nuint nbytes, ReadOnlySpan<byte> src, Span<byte> dest,
        nuint destsize, string compressor, nuint blocksize, int numinternalthreads);

    [LibraryImport(Library)]
    private static partial int blosc_decompress_ctx(ReadOnlySpan<byte> src, Span<byte> dest, nuint destsize, int numinternalthreads);
}
