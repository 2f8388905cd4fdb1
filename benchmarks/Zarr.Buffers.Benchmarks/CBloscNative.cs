using System.Runtime.InteropServices;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// c-blosc 1.x (<c>libblosc.so.1</c>, Debian's <c>libblosc1</c>) through P/Invoke, the reference that
/// <see cref="BloscLzBenchmarks"/> measures beside; the benchmarks are not shipped, so neither is this.
/// </summary>
internal static partial class CBloscNative
{
    private const string Library = "libblosc.so.1";

    /// <summary><c>blosc_compress_ctx</c> on one thread: the frame's length, or 0 when it does not fit.</summary>
    public static int Compress(int clevel, ReadOnlySpan<byte> source, Span<byte> destination, int blockSize) =>
        blosc_compress_ctx(clevel, 0, 1, (nuint)source.Length, source, destination, (nuint)destination.Length, "blosclz", (nuint)blockSize, 1);

    /// <summary><c>blosc_decompress_ctx</c> on one thread: the decoded length, or a negative error code.</summary>
    public static int Decompress(ReadOnlySpan<byte> frame, Span<byte> destination) =>
        blosc_decompress_ctx(frame, destination, (nuint)destination.Length, 1);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int blosc_compress_ctx(int clevel, int doshuffle, nuint typesize, nuint nbytes, ReadOnlySpan<byte> src, Span<byte> dest,
        nuint destsize, string compressor, nuint blocksize, int numinternalthreads);

    [LibraryImport(Library)]
    private static partial int blosc_decompress_ctx(ReadOnlySpan<byte> src, Span<byte> dest, nuint destsize, int numinternalthreads);
}
