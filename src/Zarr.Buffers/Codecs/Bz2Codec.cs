using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.BZip2;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// numcodecs' <c>bz2</c> compressor, which Zarr v2 arrays use: one bzip2 stream (a second stream after it is refused, other
/// bytes after it are ignored as numcodecs ignores them), compressed and decompressed with
/// SharpZipLib. zarr-python names it <c>numcodecs.bz2</c> in a v3 codec chain, and so does this library when it reads
/// a v2 <c>.zarray</c>.
/// </summary>
/// <remarks>
/// A bzip2 stream does not record its uncompressed length. Next to the <c>bytes</c> codec the pipeline knows it and
/// <see cref="DecodeInto"/> decompresses straight into the chunk, failing on a stream of any other length; a standalone
/// <see cref="Decode(Buffer, ChunkSpec, BufferPrototype, long)"/> decompresses into pooled memory, stopping as soon as
/// the output passes the bound the codecs before it give, and copies once. The stream's CRCs are checked, and a stream
/// that ends before its end-of-stream marker is refused. Encoding compresses into pooled memory that grows as it fills
/// and copies the result once into the returned buffer (an array writing to a store that copies what it is given hands
/// it the pooled memory instead).
/// </remarks>
public sealed class Bz2Codec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in a v3 codec chain.</summary>
    public const string CodecName = "numcodecs.bz2";

    /// <summary>A bz2 codec of the given compression level.</summary>
    /// <param name="level">1 (100 kB blocks) to 9 (900 kB blocks, smallest); numcodecs' default is 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in 1..9.</exception>
    public Bz2Codec(int level = 1)
    {
        Level = level is >= 1 and <= 9 ? level
            : throw new ArgumentOutOfRangeException(nameof(level), level, $"The bz2 level must be 1 to 9 (the block size in 100 kB), got {level}.");
    }

    /// <summary>The compression level, 1 to 9.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its configuration: <c>{"level": 1..9}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or a level that is not an integer in 1..9.</exception>
    public static Bz2Codec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "level");
        return new Bz2Codec(CodecJson.GetInt32(configuration, CodecName, "level", 1));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["level"] = Level });

    /// <summary>Compresses the bytes into one bzip2 stream.</summary>
    /// <param name="bytes">The bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The bzip2 stream, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, pool);

    private PooledBytes EncodePooled(Buffer bytes, ArrayPool<byte> pool) =>
        DeflateStreams.CompressPooled(bytes, pool, output => new BZip2OutputStream(output, Level));

    /// <summary>Decompresses a bzip2 stream, to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The bzip2 stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not one complete, valid bzip2 stream.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>Decompresses a bzip2 stream, stopping as soon as it decompresses past <paramref name="maxDecodedLength"/> bytes.</summary>
    /// <param name="bytes">The bzip2 stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the stream may hold.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The input is not one complete, valid bzip2 stream, or holds more than <paramref name="maxDecodedLength"/> bytes.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        int limit = DecodeLimit.Clamp(maxDecodedLength);
        using var output = Decompress(bytes, bzip2 => bzip2.ReadToEndBounded(bytes.Length, limit));
        return output.WrittenCount <= limit
            ? prototype.Buffer.FromBytes(output.WrittenSpan)
            : throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
    }

    /// <summary>Decompresses a bzip2 stream straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The bzip2 stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Not used: nothing proportional to the data is allocated.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not one complete, valid bzip2 stream of <c>destination.Length</c> uncompressed bytes.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int read = Decompress(bytes, bzip2 => bzip2.CopyToEndInto(destination));
        if (read != destination.Length)
        {
            throw new InvalidDataException(
                $"The bz2 data ({bytes.Length} bytes) decodes to {(read > destination.Length ? "more than " + destination.Length : read)} bytes, but the chunk takes {destination.Length}.");
        }
    }

    /// <summary>The metadata, for example <c>{"name":"numcodecs.bz2","configuration":{"level":1}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    private static T Decompress<T>(Buffer bytes, Func<Stream, T> read)
    {
        if (bytes.Length == 0)
        {
            throw new InvalidDataException("The bz2 data is empty; a bzip2 stream takes at least a header and an end-of-stream marker.");
        }

        try
        {
            using var bzip2 = new OneBZip2Stream(bytes.AsBufferLike());
            return read(bzip2);
        }
        // The input is in memory, so these can only come from data SharpZipLib cannot decode: it reports a bad header
        // or CRC as BZip2Exception and a stream cut short as EndOfStreamException (an IOException), and some corrupt
        // Huffman tables or block pointers only through its arrays' bounds checks or a NullReferenceException in
        // GetAndMoveToFrontDecode (both found by fuzzing; SharpZipLib 1.4.2).
        catch (Exception e) when (e is SharpZipBaseException or IOException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new InvalidDataException($"The bz2 data ({bytes.Length} bytes) is corrupt or truncated: {e.Message}", e);
        }
    }
}
