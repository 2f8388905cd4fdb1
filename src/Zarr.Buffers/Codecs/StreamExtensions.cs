using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;

namespace Zarr.Codecs;

/// <summary>Reading decompressor output into memory whose length is known in advance, or bounded.</summary>
internal static class StreamExtensions
{
    private const int BlockLength = 64 * 1024;

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

    /// <summary>
    /// Reads <paramref name="source"/> to its end into pooled memory that grows as the output does, but stops as soon as
    /// it holds more than <paramref name="limit"/> bytes: the result then holds <c>limit + 1</c> bytes. It never asks for
    /// more than <c>limit + 1</c> bytes, so a stream that claims or holds far more costs about <paramref name="limit"/>.
    /// </summary>
    /// <param name="source">The decompressing stream.</param>
    /// <param name="encodedLength">The compressed length, which sizes the first block.</param>
    /// <param name="limit">The most bytes the stream may hold; at most <see cref="Array.MaxLength"/>.</param>
    /// <returns>The bytes read, which the caller disposes.</returns>
    public static ArrayPoolBufferWriter<byte> ReadToEndBounded(this Stream source, int encodedLength, int limit)
    {
        var output = new ArrayPoolBufferWriter<byte>((int)Math.Min(Math.Max(2L * encodedLength, 256), limit + 1L));
        try
        {
            int count;
            do
            {
                int wanted = (int)Math.Min(BlockLength, limit + 1L - output.WrittenCount);
                count = source.Read(output.GetSpan(wanted)[..wanted]);
                output.Advance(count);
            }
            while (count > 0 && output.WrittenCount <= limit);

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}
