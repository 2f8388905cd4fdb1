namespace Zarr.Codecs;

/// <summary>The bound on what a bytes-to-bytes decoder may produce, which the pipeline derives from the codecs before it.</summary>
internal static class DecodeLimit
{
    /// <summary>The bound as a buffer length: no buffer holds more than <see cref="Array.MaxLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    public static int Clamp(long maxDecodedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecodedLength);
        return (int)Math.Min(maxDecodedLength, Array.MaxLength);
    }

    /// <summary>The error for data that decodes (or claims to decode) to more than the bound.</summary>
    public static InvalidDataException Exceeded(string codec, int encodedLength, long limit) => new(
        $"The {codec} data ({encodedLength} bytes) decodes to more than {limit} bytes, the most that the codecs before it in the chain " +
        "encode a chunk to: it is corrupt or a decompression bomb.");
}
