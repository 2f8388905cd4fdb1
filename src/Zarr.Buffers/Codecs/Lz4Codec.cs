using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using K4os.Compression.LZ4;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// numcodecs' <c>lz4</c> compressor, which Zarr v2 arrays use: a 4-byte little-endian uncompressed length followed by
/// one LZ4 block (not an LZ4 frame), compressed and decompressed with K4os.Compression.LZ4. zarr-python names it
/// <c>numcodecs.lz4</c> in a v3 codec chain, and so does this library when it reads a v2 <c>.zarray</c>.
/// </summary>
/// <remarks>
/// The length header is checked before anything is allocated: in a codec chain a header that claims more than the
/// codecs before lz4 encode a chunk to is refused, so a forged header costs nothing. The block must then decode to
/// exactly the length the header states. Encoding uses LZ4's fast mode at <see cref="Acceleration"/>, as numcodecs
/// does; the factor changes only speed and size, never the format. Encoding compresses into pooled memory and copies the
/// result once into the returned buffer (an array writing to a store that copies what it is given hands it the pooled
/// memory instead).
/// </remarks>
public sealed class Lz4Codec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in a v3 codec chain.</summary>
    public const string CodecName = "numcodecs.lz4";

    // numcodecs' uncompressed length header.
    private const int HeaderLength = sizeof(uint);

    // LZ4_MAX_INPUT_SIZE of lz4.h: the largest input an LZ4 block holds.
    private const int MaxInputLength = 0x7E000000;

    // K4os writes nothing for no input, but liblz4 (and so numcodecs) writes a block of one token: no literals, no match.
    private static ReadOnlySpan<byte> EmptyBlock => [0];

    /// <summary>An lz4 codec of the given acceleration.</summary>
    /// <param name="acceleration">numcodecs' acceleration factor (1 by default; LZ4 treats values below 1 as 1); higher is faster and compresses less.</param>
    public Lz4Codec(int acceleration = 1)
    {
        Acceleration = acceleration;
    }

    /// <summary>The acceleration factor of the metadata.</summary>
    public int Acceleration { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its configuration: <c>{"acceleration": int}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or an acceleration that is not a 32-bit integer.</exception>
    public static Lz4Codec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "acceleration");
        return new Lz4Codec(CodecJson.GetInt32(configuration, CodecName, "acceleration", 1));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["acceleration"] = Acceleration });

    /// <summary>Compresses the bytes into numcodecs' format: the length as 4 little-endian bytes, then one LZ4 block.</summary>
    /// <param name="bytes">The bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The header and block, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is longer than an LZ4 block holds (2,113,929,216 bytes).</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, pool);

    /// <summary>Decompresses numcodecs' lz4 format, to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The length header and LZ4 block.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is shorter than its header or its block does not decode to the length the header states.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>Decompresses numcodecs' lz4 format, refusing a header that states more than <paramref name="maxDecodedLength"/> bytes before allocating anything.</summary>
    /// <param name="bytes">The length header and LZ4 block.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the data may decode to.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The input is shorter than its header, the header states more than <paramref name="maxDecodedLength"/> bytes, or the block does not decode to the length the header states.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        int limit = DecodeLimit.Clamp(maxDecodedLength);
        uint length = ReadHeader(bytes);
        if (length > (uint)limit)
        {
            throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
        }

        byte[] output = GC.AllocateUninitializedArray<byte>((int)length);
        DecodeBlock(bytes, output);
        return prototype.Buffer.FromArrayLike(output);
    }

    /// <summary>Decompresses numcodecs' lz4 format straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The length header and LZ4 block.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Not used: nothing is allocated.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The header does not state <c>destination.Length</c> bytes, or the block does not decode to them.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        uint length = ReadHeader(bytes);
        if (length != (uint)destination.Length)
        {
            throw new InvalidDataException(
                $"The lz4 data ({bytes.Length} bytes) states {length} uncompressed bytes in its header, but the chunk takes {destination.Length}.");
        }

        DecodeBlock(bytes, destination.Span);
    }

    /// <summary>The metadata, for example <c>{"name":"numcodecs.lz4","configuration":{"acceleration":1}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // The header and block in memory of LZ4's bound, rented from the pool.
    private PooledBytes EncodePooled(Buffer bytes, ArrayPool<byte> pool)
    {
        if (bytes.Length > MaxInputLength)
        {
            throw new ArgumentException($"An LZ4 block holds at most {MaxInputLength} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return PooledBytes.Write(HeaderLength + Math.Max(LZ4Codec.MaximumOutputSize(bytes.Length), EmptyBlock.Length), pool, output =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(output, bytes.Length);
            int blockLength = bytes.Length > 0
                ? Lz4Fast.Compress(bytes.AsSpan(), output[HeaderLength..], Acceleration)
                : Copy(EmptyBlock, output[HeaderLength..]);
            return HeaderLength + blockLength;
        });
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static uint ReadHeader(Buffer bytes) => bytes.Length > HeaderLength
        ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan())
        : throw new InvalidDataException(
            $"The lz4 data is {bytes.Length} bytes; numcodecs' format takes a 4-byte length header and an LZ4 block of at least 1 byte.");

    // LZ4's safe decoder reads only inside the block and writes only inside the destination; it fails (returns a
    // negative count) on a block that is malformed, cut short or longer than the destination. K4os refuses every block
    // for an empty destination, where liblz4 accepts the one-token empty block.
    private static void DecodeBlock(Buffer bytes, Span<byte> destination)
    {
        var block = bytes.AsSpan()[HeaderLength..];
        int written = destination.IsEmpty ? (block.SequenceEqual(EmptyBlock) ? 0 : -1) : LZ4Codec.Decode(block, destination);
        if (written != destination.Length)
        {
            throw new InvalidDataException(
                $"The lz4 data ({bytes.Length} bytes) is corrupt: its header states {destination.Length} uncompressed bytes, but its LZ4 block " +
                (written < 0 ? "is malformed or decodes to more." : $"decodes to {written}."));
        }
    }
}
