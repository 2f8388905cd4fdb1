using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// numcodecs' <c>zlib</c> compressor (a zlib stream, RFC 1950), which Zarr v2 arrays use; zarr-python names it
/// <c>numcodecs.zlib</c> in a v3 codec chain, and so does this library when it reads a v2 <c>.zarray</c>.
/// </summary>
/// <remarks>
/// A zlib stream does not record its uncompressed length. Next to the <c>bytes</c> codec the pipeline knows it and
/// <see cref="DecodeInto"/> inflates straight into the chunk, failing on a stream of any other length; a standalone
/// <see cref="Decode(Buffer, ChunkSpec, BufferPrototype, long)"/> inflates into pooled memory, stopping as soon as the
/// output passes the bound the codecs before it give, and copies once. Both check the stream's Adler-32 trailer, since
/// <see cref="ZLibStream"/> does not report a stream that ends early.
/// </remarks>
public sealed class ZlibCodec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in a v3 codec chain.</summary>
    public const string CodecName = "numcodecs.zlib";

    // The 2-byte header and the 4-byte Adler-32 trailer around the deflate data.
    private const int ZlibWrapperLength = 6;

    /// <summary>A zlib codec of the given compression level.</summary>
    /// <param name="level">0 (store only) to 9 (smallest); numcodecs' default is 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in 0..9.</exception>
    public ZlibCodec(int level = 1)
    {
        Level = DeflateStreams.CheckLevel(level, "zlib");
    }

    /// <summary>The compression level, 0 to 9.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its configuration: <c>{"level": 0..9}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or a level that is not an integer in 0..9.</exception>
    public static ZlibCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "level");
        return new ZlibCodec(CodecJson.GetInt32(configuration, CodecName, "level", 1));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["level"] = Level });

    /// <summary>Compresses the bytes into a zlib stream.</summary>
    /// <param name="bytes">The bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The zlib stream, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, pool);

    // ZLibStream writes nothing at all for no bytes, which no zlib reader accepts; zlib writes this (at its default level).
    private static ReadOnlySpan<byte> EmptyStream => [0x78, 0x9C, 3, 0, 0, 0, 0, 1];

    private PooledBytes EncodePooled(Buffer bytes, ArrayPool<byte> pool) => bytes.Length == 0
        ? new PooledBytes(CpuBuffer.FromBytes(EmptyStream), null)
        : DeflateStreams.CompressPooled(bytes, pool, output => new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = Level }));

    /// <summary>Decompresses a zlib stream, to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The zlib stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not a valid zlib stream.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>Decompresses a zlib stream, stopping as soon as it inflates past <paramref name="maxDecodedLength"/> bytes.</summary>
    /// <param name="bytes">The zlib stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the stream may hold.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The input is not a valid zlib stream, or holds more than <paramref name="maxDecodedLength"/> bytes.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        int limit = DecodeLimit.Clamp(maxDecodedLength);
        using var output = Inflate(bytes, zlib => zlib.ReadToEndBounded(bytes.Length, limit));
        if (output.WrittenCount > limit)
        {
            throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
        }

        CheckComplete(bytes, output.WrittenSpan);
        return prototype.Buffer.FromBytes(output.WrittenSpan);
    }

    /// <summary>Returns the most bytes a zlib stream of <paramref name="decodedLength"/> bytes takes (see <see cref="DeflateStreams.MaxCompressedLength"/>).</summary>
    /// <param name="decodedLength">The most bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => DeflateStreams.MaxCompressedLength(decodedLength, ZlibWrapperLength);

    /// <summary>Decompresses a zlib stream straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The zlib stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Not used: nothing is allocated.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not a valid zlib stream of <c>destination.Length</c> uncompressed bytes.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int read = Inflate(bytes, zlib => zlib.CopyToEndInto(destination));
        if (read != destination.Length)
        {
            throw new InvalidDataException(
                $"The zlib data ({bytes.Length} bytes) decodes to {(read > destination.Length ? "more than " + destination.Length : read)} bytes, but the chunk takes {destination.Length}.");
        }

        CheckComplete(bytes, destination.Span);
    }

    /// <summary>The metadata, for example <c>{"name":"numcodecs.zlib","configuration":{"level":1}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // ZLibStream stops quietly at the end of its input, so a stream cut short decodes to a prefix of the data (or to
    // all of it, when only the trailer is missing): the Adler-32 trailer of a complete stream matches what it decoded to.
    private static void CheckComplete(Buffer bytes, ReadOnlySpan<byte> decoded)
    {
        var data = bytes.AsSpan();
        if (data.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(data[^4..]) != Adler32.Compute(decoded))
        {
            throw new InvalidDataException(
                $"The zlib data ({bytes.Length} bytes) is truncated or corrupt: its Adler-32 trailer does not match the {decoded.Length} bytes it decodes to.");
        }
    }

    private static T Inflate<T>(Buffer bytes, Func<ZLibStream, T> read)
    {
        try
        {
            using var zlib = new ZLibStream(bytes.AsBufferLike().AsStream(), CompressionMode.Decompress);
            return read(zlib);
        }
        // The input is in memory, so an IOException can only be zlib's: a header that asks for a preset dictionary
        // (FDICT) comes as the internal ZLibException, an IOException, not as InvalidDataException.
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"The zlib data ({bytes.Length} bytes) is corrupt: {e.Message}", e);
        }
    }
}
