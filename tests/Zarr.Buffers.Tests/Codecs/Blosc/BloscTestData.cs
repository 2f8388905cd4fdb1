using System.Runtime.InteropServices;

namespace Zarr.Buffers.Tests.Codecs.Blosc;

/// <summary>The kinds of data the Blosc tests compress: noise, long runs, and the smooth float ramps that shuffles are for.</summary>
internal static class BloscTestData
{
    public const string Random = "random";
    public const string Runs = "runs";
    public const string Ramp = "ramp";

    public static readonly string[] Kinds = [Random, Runs, Ramp];

    /// <summary><paramref name="length"/> bytes of the given kind, the same for the same seed.</summary>
    public static byte[] Generate(string kind, int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        switch (kind)
        {
            case Random:
                random.NextBytes(bytes);
                break;
            case Runs:
                for (int i = 0; i < length;)
                {
                    byte value = (byte)random.Next(4);
                    int run = Math.Min(length - i, random.Next(1, 300));
                    bytes.AsSpan(i, run).Fill(value);
                    i += run;
                }

                break;
            default:
                var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, length / 4 * 4));
                for (int i = 0; i < floats.Length; i++)
                {
                    floats[i] = 1000f + (i * 0.25f) + MathF.Sin(i / 50f);
                }

                break;
        }

        return bytes;
    }
}
