using CommunityToolkit.HighPerformance;

namespace Zarr.Codecs;

/// <summary>Reading decompressor output into memory whose length is known in advance.</summary>
internal static class StreamExtensions
{
    /// <summary>
    /// Copies <paramref name="source"/> to its end into <paramref name="destination"/>: returns the number of bytes
    /// copied, which is <c>destination.Length</c> exactly when the stream held exactly that many (one more when it held more).
    /// </summary>
    /// <remarks>
    /// <see cref="Stream.CopyTo(Stream)"/> feeds <see cref="System.IO.Compression.GZipStream"/> its input in large blocks,
    /// which inflates about twice as fast as reading it into one large span.
    /// </remarks>
    public static int CopyToEndInto(this Stream source, Memory<byte> destination)
    {
        using var target = destination.AsStream();
        try
        {
            source.CopyTo(target);
        }
        catch (ArgumentException)
        {
            // The memory stream refuses a write that does not fit: the source held more.
            return destination.Length + 1;
        }

        return (int)target.Position;
    }
}
