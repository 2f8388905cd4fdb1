using K4os.Compression.LZ4.Engine;

namespace Zarr.Codecs;

/// <summary>
/// LZ4's fast mode with an acceleration factor (liblz4's <c>LZ4_compress_fast</c>), which <c>LZ4Codec.Encode</c> of
/// K4os.Compression.LZ4 fixes at 1. K4os exposes the factor only through its streaming context (<c>Pubternal</c>,
/// public for its tests); a fresh context has no history, so its first block is an ordinary independent LZ4 block that
/// <c>LZ4_decompress_safe</c> reads.
/// </summary>
internal static class Lz4Fast
{
    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/> with <paramref name="acceleration"/> (below 1
    /// means 1, as in liblz4); returns the compressed length, or 0 when it does not fit or the input is empty.
    /// </summary>
    public static unsafe int Compress(ReadOnlySpan<byte> input, Span<byte> output, int acceleration)
    {
        if (input.IsEmpty)
        {
            return 0;
        }

        using var context = new Pubternal.FastContext();
        fixed (byte* source = input)
        fixed (byte* target = output)
        {
            return Math.Max(0, Pubternal.CompressFast(context, source, target, input.Length, output.Length, acceleration));
        }
    }
}
