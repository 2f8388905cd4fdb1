using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

/// <summary>
/// c-blosc 1.x (Debian's <c>libblosc1</c>, <c>libblosc.so.1</c>) through P/Invoke: the reference implementation that the
/// managed Blosc code is checked against, in both directions. Test-only; the shipped package never loads it. Tests call
/// <see cref="SkipUnlessLoaded"/> first, so that a machine without the library skips them with a reason saying so.
/// </summary>
internal static partial class CBlosc
{
    private const string Library = "libblosc.so.1";

    private const string Missing =
        "c-blosc (libblosc.so.1) cannot be loaded: the Blosc oracle tests are skipped. Install it with 'apt-get install libblosc1' (CI does).";

    private const int ForwardCompatibleSplit = 4;

    private static readonly Lock s_splitModeLock = new();

    private static readonly Lazy<bool> s_loaded = new(() => NativeLibrary.TryLoad(Library, out _));

    /// <summary>Skips the calling test when c-blosc cannot be loaded.</summary>
    public static void SkipUnlessLoaded() => Assert.SkipUnless(s_loaded.Value, Missing);

    /// <summary><c>blosc_compress_ctx</c>: compresses <paramref name="source"/> into a new frame.</summary>
    /// <param name="clevel">0 to 9.</param>
    /// <param name="shuffle">0 none, 1 byte shuffle, 2 bit shuffle.</param>
    /// <param name="typeSize">The element size the shuffle works on.</param>
    /// <param name="source">The bytes to compress.</param>
    /// <param name="compressor">blosclz, lz4, lz4hc, zlib or zstd.</param>
    /// <param name="blockSize">0 for c-blosc's automatic choice, else the block size in bytes.</param>
    public static byte[] Compress(int clevel, int shuffle, int typeSize, ReadOnlySpan<byte> source, string compressor, int blockSize = 0)
    {
        var destination = new byte[source.Length + 16];
        int written;
        lock (s_splitModeLock)
        {
            written = blosc_compress_ctx(clevel, shuffle, (nuint)typeSize, (nuint)source.Length, source, destination, (nuint)destination.Length,
                compressor, (nuint)blockSize, 1);
        }

        if (written <= 0)
        {
            throw new InvalidOperationException($"blosc_compress_ctx returned {written} for {source.Length} bytes with {compressor}.");
        }

        return destination[..written];
    }

    /// <summary>
    /// <see cref="Compress"/> under another <c>blosc_set_splitmode</c> (1 always, 2 never, 3 auto, 4 forward-compatible,
    /// the default). The mode is process-wide in c-blosc, so it is restored before the lock that guards it is released.
    /// </summary>
    public static byte[] CompressWithSplitMode(int splitMode, int clevel, int shuffle, int typeSize, ReadOnlySpan<byte> source, string compressor, int blockSize = 0)
    {
        lock (s_splitModeLock)
        {
            blosc_set_splitmode(splitMode);
            try
            {
                return Compress(clevel, shuffle, typeSize, source, compressor, blockSize);
            }
            finally
            {
                blosc_set_splitmode(ForwardCompatibleSplit);
            }
        }
    }

    /// <summary><c>blosc_decompress_ctx</c>: decompresses a frame; throws when c-blosc refuses it.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> frame)
    {
        blosc_cbuffer_sizes(frame, out nuint decodedLength, out _, out _);
        var destination = new byte[(int)decodedLength];
        int written = blosc_decompress_ctx(frame, destination, decodedLength, 1);
        if (written < 0 || (nuint)written != decodedLength)
        {
            throw new InvalidOperationException($"blosc_decompress_ctx returned {written} for a frame of {frame.Length} bytes that declares {decodedLength}.");
        }

        return destination;
    }

    /// <summary>
    /// <c>blosc_decompress_ctx</c> into a destination of the header's decoded length (as numcodecs' <c>decompress</c>
    /// allocates it), or null when c-blosc refuses the frame. <paramref name="frame"/> must hold the header's frame
    /// length (cbytes): c-blosc reads as far as that field says.
    /// </summary>
    public static byte[]? TryDecompress(ReadOnlySpan<byte> frame)
    {
        int decodedLength = BinaryPrimitives.ReadInt32LittleEndian(frame[4..]);
        if (decodedLength < 0)
        {
            return null;
        }

        var destination = new byte[decodedLength];
        int written = blosc_decompress_ctx(frame, destination, (nuint)decodedLength, 1);
        return written == decodedLength ? destination : null;
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int blosc_compress_ctx(int clevel, int doshuffle, nuint typesize, nuint nbytes, ReadOnlySpan<byte> src, Span<byte> dest,
        nuint destsize, string compressor, nuint blocksize, int numinternalthreads);

    [LibraryImport(Library)]
    private static partial void blosc_set_splitmode(int splitmode);

    [LibraryImport(Library)]
    private static partial int blosc_decompress_ctx(ReadOnlySpan<byte> src, Span<byte> dest, nuint destsize, int numinternalthreads);

    [LibraryImport(Library)]
    private static partial void blosc_cbuffer_sizes(ReadOnlySpan<byte> cbuffer, out nuint nbytes, out nuint cbytes, out nuint blocksize);
}
