using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>The Zarr v3 <c>gzip</c> codec: gzip (RFC 1952) compression with <see cref="GZipStream"/>.</summary>
/// <remarks>
/// Decoding reads the uncompressed length from the gzip trailer, allocates the output exactly once, and fails on data
/// that does not decode to exactly that length: this catches truncated streams, which <see cref="GZipStream"/> alone
/// does not. A stream of several concatenated gzip members (which numcodecs and zarr-python read) decodes to more than
/// its last member's length; it is then decoded again into pooled memory, and accepted when its decoded tail has the
/// last member's recorded length and CRC-32, so that a truncated stream is still rejected (an empty last member after
/// others is refused too: its trailer cannot be told from zeros cut off mid-stream).
/// In a codec chain, decoding never produces more than the codecs before gzip encode a chunk to: a stream whose
/// trailer records more is refused before inflating, and one of several members as soon as it inflates past that bound,
/// so a decompression bomb costs about the bound, not what it claims.
/// Encoding compresses into pooled memory and copies the compressed bytes once into the returned buffer (an array writing
/// to a store that copies what it is given hands it the pooled memory instead).
/// </remarks>
public sealed class GzipCodec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "gzip";

    // Deflate cannot expand data by more than this factor, so a larger trailer length is corrupt.
    private const int MaxDeflateRatio = 1032;

    // The 10-byte header and the 8-byte trailer around the deflate data.
    private const int GzipWrapperLength = 18;

    // A 10-byte header, an empty final deflate block (2 bytes) and the 8-byte trailer.
    private const int MinimumLength = 20;

    // GZipStream writes nothing at all when given no data, but readers need a complete member: header
    // (no name, no mtime, OS unknown), an empty final deflate block, CRC-32 0 and length 0.
    private static ReadOnlySpan<byte> EmptyMember => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A gzip codec of the given compression level.</summary>
    /// <param name="level">0 (store only) to 9 (smallest); zarr-python's default is 5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in 0..9.</exception>
    public GzipCodec(int level = 5)
    {
        Level = DeflateStreams.CheckLevel(level, "gzip");
    }

    /// <summary>The compression level, 0 to 9.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its <c>zarr.json</c> configuration: <c>{"level": 0..9}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or a level that is not an integer in 0..9.</exception>
    public static GzipCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "level");
        return new GzipCodec(CodecJson.GetInt32(configuration, CodecName, "level", 5));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["level"] = Level });

    /// <summary>Compresses the bytes into one gzip member.</summary>
    /// <param name="bytes">The bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The gzip stream, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, pool);

    private PooledBytes EncodePooled(Buffer bytes, ArrayPool<byte> pool) => bytes.Length == 0
        ? new PooledBytes(CpuBuffer.FromBytes(EmptyMember), null)
        : DeflateStreams.CompressPooled(bytes, pool, output => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = Level }));

    /// <summary>Decompresses a gzip stream of one or more members, to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The gzip stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not a complete, valid gzip stream.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>
    /// Decompresses a gzip stream of one or more members, refusing it as soon as it is known to hold more than
    /// <paramref name="maxDecodedLength"/> bytes: from its trailer, or while inflating a stream of several members.
    /// </summary>
    /// <param name="bytes">The gzip stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the stream may hold.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The input is not a complete, valid gzip stream, or holds more than <paramref name="maxDecodedLength"/> bytes.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        int limit = DecodeLimit.Clamp(maxDecodedLength);
        byte[] output = GC.AllocateUninitializedArray<byte>(TrailerLength(bytes, limit));
        int read = Inflate(bytes, gzip => gzip.CopyToEndInto(output));
        if (read <= output.Length)
        {
            CheckComplete(bytes, output.AsSpan(0, read));
            return prototype.Buffer.FromArrayLike(output);
        }

        // More than the last member's length: several members, whose total length no trailer records.
        using var members = Inflate(bytes, gzip => gzip.ReadToEndBounded(bytes.Length, limit));
        if (members.WrittenCount > limit)
        {
            throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
        }

        CheckComplete(bytes, members.WrittenSpan);
        return prototype.Buffer.FromBytes(members.WrittenSpan);
    }

    /// <summary>Returns the most bytes a gzip stream of <paramref name="decodedLength"/> bytes takes (see <see cref="DeflateStreams.MaxCompressedLength"/>).</summary>
    /// <param name="decodedLength">The most bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => DeflateStreams.MaxCompressedLength(decodedLength, GzipWrapperLength);

    /// <summary>Decompresses a gzip stream of one or more members straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The gzip stream.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Not used: nothing is allocated.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not a complete, valid gzip stream of <c>destination.Length</c> uncompressed bytes.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _ = TrailerLength(bytes, destination.Length); // rejects data too short for a trailer, or recording an impossible or too large length, before inflating
        int read = Inflate(bytes, gzip => gzip.CopyToEndInto(destination));
        if (read > destination.Length)
        {
            throw new InvalidDataException($"The gzip data ({bytes.Length} bytes) decodes to more than the {destination.Length} bytes the chunk takes.");
        }

        CheckComplete(bytes, destination.Span[..read]);
        if (read != destination.Length)
        {
            throw new InvalidDataException($"The gzip data ({bytes.Length} bytes) decodes to {read} bytes, but the chunk takes {destination.Length}.");
        }
    }

    /// <summary>The metadata, for example <c>{"name":"gzip","configuration":{"level":5}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // GZipStream reads every member and checks each trailer it reaches, but not whether it reached the last.
    private static T Inflate<T>(Buffer bytes, Func<GZipStream, T> read)
    {
        try
        {
            using var gzip = new GZipStream(bytes.AsBufferLike().AsStream(), CompressionMode.Decompress);
            return read(gzip);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The gzip data ({bytes.Length} bytes) is corrupt: {e.Message}", e);
        }
    }

    // A truncated stream just ends early in GZipStream, without checking a trailer it never reached, so the last
    // member's trailer must describe the decoded data: its length and CRC-32 are those of the decoded tail (all of it
    // for one member). The CRC matters even when the length matches: a flipped header flag (FCOMMENT, FEXTRA) can hide
    // the deflate data and leave the trailer bytes to inflate to as many bytes of something else. The hash costs
    // about 70 us per MiB beside milliseconds of inflating. An empty last member after others is refused: its trailer
    // (zero CRC, zero length) cannot be told from zeros cut off mid-stream.
    private static void CheckComplete(Buffer bytes, ReadOnlySpan<byte> decoded)
    {
        var trailer = bytes.AsSpan()[^8..];
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        bool lengthFits = length == decoded.Length || (length > 0 && length < decoded.Length);
        if (lengthFits && Crc32.HashToUInt32(decoded[^(int)length..]) == BinaryPrimitives.ReadUInt32LittleEndian(trailer))
        {
            return;
        }

        throw new InvalidDataException(
            $"The gzip data ({bytes.Length} bytes) is truncated or corrupt: its trailer records {length} uncompressed bytes, but it decodes to {decoded.Length}" +
            (lengthFits ? $", whose last {length} bytes do not match the trailer's CRC-32." : "."));
    }

    // The trailer's ISIZE (the uncompressed length modulo 2^32), so that the output is allocated exactly once. The stream
    // decodes to at least that many bytes, so one that records more than the limit is refused before anything is allocated.
    private static int TrailerLength(Buffer bytes, int limit)
    {
        var data = bytes.AsSpan();
        if (data.Length < MinimumLength)
        {
            throw new InvalidDataException($"The gzip data ({data.Length} bytes) is too short to be a gzip stream, which takes at least {MinimumLength} bytes.");
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        if (length > (ulong)data.Length * MaxDeflateRatio)
        {
            throw new InvalidDataException(
                $"The gzip data ({data.Length} bytes) is truncated or corrupt: its trailer records {length} uncompressed bytes, more than deflate can produce from it.");
        }

        return length <= limit ? (int)length : throw DecodeLimit.Exceeded(CodecName, data.Length, limit);
    }
}
