namespace Zarr.Buffers.Codecs.Blosc;

/// <summary>
/// blosclz, c-blosc's own LZ77 format (c-blosc 1.x <c>blosc/blosclz.c</c>): the codec of one block (or one split stream of
/// a block) inside a Blosc frame whose compressor code is 0.
/// </summary>
internal static class BloscLz
{
    /// <summary>Decompresses one blosclz stream into <paramref name="output"/>.</summary>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    /// <exception cref="InvalidDataException">The stream is malformed: it ends inside a token, a match reaches before the
    /// start of the output, or it decompresses to more than <paramref name="output"/> holds.</exception>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output) =>
        throw new NotSupportedException("blosclz is being written on another branch.");

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/> as one blosclz stream that c-blosc decodes.</summary>
    /// <param name="input">The bytes of one block (or one split stream).</param>
    /// <param name="output">Where the stream goes.</param>
    /// <param name="clevel">The compression level, 1 to 9 (0 is handled by the frame: it stores blocks as they are).</param>
    /// <returns>The number of bytes written, or 0 when the stream would not fit in <paramref name="output"/> (the frame then
    /// stores the block as it is, as c-blosc does).</returns>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int clevel) =>
        throw new NotSupportedException("blosclz is being written on another branch.");
}
