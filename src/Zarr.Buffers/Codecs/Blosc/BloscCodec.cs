using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs.Blosc;

namespace Zarr.Codecs;

/// <summary>
/// The Zarr v3 <c>blosc</c> codec: Blosc1 frames (c-blosc 1.x's format) in managed code, with lz4, lz4hc, blosclz, zlib or
/// zstd inside and a byte or bit shuffle before them. zarr-python's default compressor of v2 arrays (numcodecs' <c>blosc</c>
/// maps to it) and the most common codec of existing Zarr data.
/// </summary>
/// <remarks>
/// <para>
/// As in zarr-python, <see cref="Typesize"/> and <see cref="Shuffle"/> may be left unset: <see cref="Evolve"/> fills them
/// from the chunk's data type (the element size, and <c>bitshuffle</c> for one-byte elements, else <c>shuffle</c>), and
/// <see cref="Encode"/> does so for each chunk. <see cref="ToJson"/> leaves unset fields out.
/// </para>
/// <para>
/// Decoding follows the frame's own header (its type size wins over the data type), checks every offset and length
/// against the frame, and never allocates more than the decoded length the pipeline allows: a frame that claims more is
/// refused before anything is allocated. Frames are decoded and encoded on the calling thread.
/// </para>
/// <para>
/// Encoding writes the frame into pooled memory of the data's length plus the header and copies it once into the returned
/// buffer (an array writing to a store that copies what it is given hands it the pooled memory instead).
/// </para>
/// </remarks>
public sealed class BloscCodec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "blosc";

    private static readonly string[] s_cnames = ["lz4", "lz4hc", "blosclz", "zstd", "zlib"];
    private static readonly string[] s_shuffles = ["noshuffle", "shuffle", "bitshuffle"];

    /// <summary>A blosc codec; the defaults are zarr-python's.</summary>
    /// <param name="cname">The codec inside the frame.</param>
    /// <param name="clevel">The compression level, 0 (store only) to 9.</param>
    /// <param name="shuffle">The shuffle, or null to choose it from the data type when encoding (see <see cref="Evolve"/>).</param>
    /// <param name="typesize">The element size the shuffle works on, or null for the data type's; 1 or more (above 255, c-blosc shuffles single bytes).</param>
    /// <param name="blocksize">The block size in bytes, or 0 for c-blosc's choice from the level, codec and type size.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cname"/> or <paramref name="shuffle"/> is not a defined value, <paramref name="clevel"/> is not 0 to 9, <paramref name="typesize"/> is below 1, or <paramref name="blocksize"/> is negative.</exception>
    public BloscCodec(BloscCname cname = BloscCname.Zstd, int clevel = 5, BloscShuffle? shuffle = null, int? typesize = null, int blocksize = 0)
    {
        if (!Enum.IsDefined(cname))
        {
            throw new ArgumentOutOfRangeException(nameof(cname), cname, $"The blosc cname must be one of {string.Join(", ", s_cnames)}.");
        }

        if (shuffle is { } given && !Enum.IsDefined(given))
        {
            throw new ArgumentOutOfRangeException(nameof(shuffle), shuffle, $"The blosc shuffle must be one of {string.Join(", ", s_shuffles)}.");
        }

        if ((uint)clevel > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(clevel), clevel, $"The blosc clevel must be 0 (store only) to 9, got {clevel}.");
        }

        if (typesize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(typesize), typesize, $"The blosc typesize must be 1 or more, got {typesize}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(blocksize);
        Cname = cname;
        Clevel = clevel;
        Shuffle = shuffle;
        Typesize = typesize;
        Blocksize = blocksize;
    }

    /// <summary>The codec inside the frame.</summary>
    public BloscCname Cname { get; }

    /// <summary>The compression level, 0 to 9.</summary>
    public int Clevel { get; }

    /// <summary>The shuffle, or null when it is chosen from the data type.</summary>
    public BloscShuffle? Shuffle { get; }

    /// <summary>The element size the shuffle works on, or null when it is the data type's.</summary>
    public int? Typesize { get; }

    /// <summary>The block size in bytes; 0 lets c-blosc's rule choose it.</summary>
    public int Blocksize { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>
    /// Reads the codec from its <c>zarr.json</c> configuration: <c>{"cname": "lz4" | "lz4hc" | "blosclz" | "zstd" | "zlib",
    /// "clevel": 0..9, "shuffle": "noshuffle" | "shuffle" | "bitshuffle", "typesize": int, "blocksize": int}</c>;
    /// a missing key takes zarr-python's default, and a missing or null <c>shuffle</c> or <c>typesize</c> is left unset.
    /// </summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, or a value of the wrong type or out of range; the message names it.</exception>
    public static BloscCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "cname", "clevel", "shuffle", "typesize", "blocksize");
        var cname = ParseName(configuration, "cname", s_cnames) is { } c ? (BloscCname)c : BloscCname.Zstd;
        var shuffle = ParseName(configuration, "shuffle", s_shuffles) is { } s ? (BloscShuffle)s : (BloscShuffle?)null;
        int? typesize = configuration.TryGetProperty("typesize", out var t) && t.ValueKind != JsonValueKind.Null
            ? CodecJson.GetInt32(configuration, CodecName, "typesize", 0)
            : null;
        try
        {
            return new BloscCodec(cname, CodecJson.GetInt32(configuration, CodecName, "clevel", 5), shuffle, typesize,
                CodecJson.GetInt32(configuration, CodecName, "blocksize", 0));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"The configuration of codec '{CodecName}' is invalid: {e.Message}", nameof(configuration), e);
        }
    }

    /// <inheritdoc />
    public JsonObject ToJson()
    {
        var configuration = new JsonObject();
        if (Typesize is { } typesize)
        {
            configuration["typesize"] = typesize;
        }

        configuration["cname"] = s_cnames[(int)Cname];
        configuration["clevel"] = Clevel;
        if (Shuffle is { } shuffle)
        {
            configuration["shuffle"] = s_shuffles[(int)shuffle];
        }

        configuration["blocksize"] = Blocksize;
        return CodecJson.Create(CodecName, configuration);
    }

    /// <summary>
    /// zarr-python's <c>evolve_from_array_spec</c>: this codec with an unset <see cref="Typesize"/> set to the element size
    /// of <paramref name="spec"/>'s data type, and an unset <see cref="Shuffle"/> set to <c>bitshuffle</c> for one-byte
    /// elements and <c>shuffle</c> for larger ones.
    /// </summary>
    /// <param name="spec">The spec of the chunks this codec encodes.</param>
    /// <returns>This codec when both are set, else a new one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    public BloscCodec Evolve(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int itemSize = spec.DType.ItemSize;
        return Typesize is not null && Shuffle is not null ? this
            : new BloscCodec(Cname, Clevel, Shuffle ?? (itemSize == 1 ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle), Typesize ?? itemSize, Blocksize);
    }

    /// <summary>Compresses the bytes into one Blosc frame, at most 16 bytes longer than they are.</summary>
    /// <param name="bytes">The bytes to compress; at most 2^31 - 17 of them.</param>
    /// <param name="spec">Fills an unset <see cref="Typesize"/> and <see cref="Shuffle"/> (see <see cref="Evolve"/>).</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The frame, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/>, <paramref name="spec"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is longer than a Blosc frame holds.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, spec, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, spec, pool);

    /// <summary>Decompresses one Blosc frame, to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The frame.</param>
    /// <param name="spec">Not used: the frame's header says how it was encoded.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The frame is truncated or corrupt; the message names the bad field.</exception>
    /// <exception cref="NotSupportedException">The frame is compressed with snappy or a codec Blosc1 does not know.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>Decompresses one Blosc frame, refusing one whose header records more than <paramref name="maxDecodedLength"/> bytes before anything is allocated.</summary>
    /// <param name="bytes">The frame.</param>
    /// <param name="spec">Not used: the frame's header says how it was encoded.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the frame may hold.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The frame is truncated or corrupt, or holds more than <paramref name="maxDecodedLength"/> bytes; the message names the bad field.</exception>
    /// <exception cref="NotSupportedException">The frame is compressed with snappy or a codec Blosc1 does not know.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        var header = BloscHeader.Read(bytes.AsSpan(), DecodeLimit.Clamp(maxDecodedLength));
        byte[] output = GC.AllocateUninitializedArray<byte>(header.DecodedLength);
        BloscDecoder.Decode(bytes.AsBufferLike(), header, output);
        return prototype.Buffer.FromArrayLike(output);
    }

    /// <summary>Returns the most bytes a frame of <paramref name="decodedLength"/> bytes takes: c-blosc stores data that does not compress as it is, after the 16-byte header.</summary>
    /// <param name="decodedLength">The most bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => decodedLength + BloscHeader.Length;

    /// <summary>Decompresses one Blosc frame straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The frame.</param>
    /// <param name="spec">Not used: the frame's header says how it was encoded.</param>
    /// <param name="prototype">Not used: nothing proportional to the data is allocated beyond one block of scratch space.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The frame is truncated or corrupt, or does not hold exactly <c>destination.Length</c> bytes.</exception>
    /// <exception cref="NotSupportedException">The frame is compressed with snappy or a codec Blosc1 does not know.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var header = BloscHeader.Read(bytes.AsSpan(), destination.Length);
        if (header.DecodedLength != destination.Length)
        {
            throw BloscHeader.Invalid($"records a decoded length (nbytes) of {header.DecodedLength}, but the chunk takes {destination.Length}");
        }

        BloscDecoder.Decode(bytes.AsBufferLike(), header, destination.Span);
    }

    /// <summary>The metadata, for example <c>{"name":"blosc","configuration":{"typesize":4,"cname":"zstd","clevel":5,"shuffle":"shuffle","blocksize":0}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // The frame in memory of the data's length and the header, rented from the pool: a frame never takes more.
    private PooledBytes EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool)
    {
        var codec = Evolve(spec);
        if (bytes.Length > Array.MaxLength - BloscHeader.Length)
        {
            throw new ArgumentException($"A Blosc frame holds at most {Array.MaxLength - BloscHeader.Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return PooledBytes.Write(bytes.Length + BloscHeader.Length, pool,
            frame => BloscEncoder.Encode(bytes.AsSpan(), frame, Cname, Clevel, codec.Shuffle!.Value, codec.Typesize!.Value, Blocksize));
    }

    // The index of a name in its list, or null when the key is missing or null.
    private static int? ParseName(JsonElement configuration, string key, string[] names)
    {
        string? name = CodecJson.GetString(configuration, CodecName, key);
        if (name is null)
        {
            return null;
        }

        int index = Array.IndexOf(names, name);
        return index >= 0 ? index : throw new ArgumentException(
            $"The configuration key '{key}' of codec '{CodecName}' must be one of {string.Join(", ", names)}, got \"{Zarr.Buffers.Internal.MessageText.Bounded(name)}\".",
            nameof(configuration));
    }
}
