namespace Zarr.Codecs;

/// <summary>
/// The Adler-32 checksum that ends a zlib stream (RFC 1950). <see cref="System.IO.Compression.ZLibStream"/> does not
/// report a stream that ends early, so the zlib codec checks the decoded bytes against it; the BCL has no Adler-32.
/// </summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // The most bytes that can be summed before the 32-bit sums must be reduced (zlib's NMAX).
    private const int MaxRun = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(MaxRun, data.Length)];
            foreach (byte value in run)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }

        return (b << 16) | a;
    }
}
