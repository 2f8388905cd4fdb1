using System.Text.Json;
using System.Text.Json.Nodes;
using System.Buffers;
using Zarr.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Codecs;

/// <summary>The Zarr v3 <c>zstd</c> codec: Zstandard compression.</summary>
/// <remarks>
/// <para>
/// Decoding uses the system's libzstd (1.4.4 or later) where the process can load it, on Linux and FreeBSD: the
/// native library that numcodecs, and so zarr-python, decodes with, about 15% faster than ZstdSharp, the managed port
/// used everywhere else. Both decode every valid frame to the same bytes. To decode with ZstdSharp only, set the
/// <see cref="AppContext"/> switch <c>Zarr.Codecs.Zstd.DisableSystemLibrary</c> to true (for example
/// <c>&lt;RuntimeHostConfigurationOption Include="Zarr.Codecs.Zstd.DisableSystemLibrary" Value="true" /&gt;</c> in the
/// application's project), or, where the switch is not set, the environment variable
/// <c>ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY</c> to <c>1</c>; either is read once, no later than the first decode, so set it
/// at start-up. Frames of zstd 0.x, which some builds of libzstd still decode, are refused on every platform. Encoding
/// is always ZstdSharp, so the compressed bytes of a chunk do not depend on the machine that wrote it.
/// </para>
/// <para>
/// Frames record their decompressed size (this codec writes it, as zarr-python does), so decoding allocates the output
/// exactly once; frames without it are decompressed into pooled memory that grows while it is too small, and copied once.
/// In a codec chain, decoding never produces more than the codecs before zstd encode a chunk to: frames that record a
/// larger size are refused before anything is allocated, and frames without one as soon as they pass that bound, so a
/// decompression bomb costs about the bound, not what it claims. Decompression is one call into memory of that bound,
/// so no frame header can make the decoder allocate a window. Encoding compresses into pooled
/// memory and copies the compressed bytes once into the returned buffer (an array writing to a store that copies what it
/// is given hands it the pooled memory instead). Each thread that encodes or decodes keeps one zstd compression
/// context and one decompression context of each decoder it uses, for reuse (their memory is freed when the thread
/// ends).
/// </para>
/// </remarks>
public sealed class ZstdCodec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "zstd";

    // The first buffer for frames without a recorded size, unless the data is larger or the limit smaller.
    private const int FirstCapacity = 64 * 1024;

    // Room for skippable frames and the headers of further frames, which a compress bound of one frame leaves out.
    private const int FrameAllowance = 1024;

    // Creating a zstd context costs more than compressing a small chunk, so each thread keeps one.
    [ThreadStatic]
    private static Compressor? t_compressor;

    /// <summary>A zstd codec of the given level.</summary>
    /// <param name="level">The compression level: 0 is the library default (3), 1 to 22 trade speed for size, negative levels are faster still.</param>
    /// <param name="checksum">Whether each frame carries a checksum of its content, checked on decode.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside the levels zstd supports.</exception>
    public ZstdCodec(int level = 0, bool checksum = false)
    {
        if (level < Compressor.MinCompressionLevel || level > Compressor.MaxCompressionLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level,
                $"The zstd level must be in {Compressor.MinCompressionLevel}..{Compressor.MaxCompressionLevel}, got {level}.");
        }

        Level = level;
        Checksum = checksum;
    }

    /// <summary>The compression level.</summary>
    public int Level { get; }

    /// <summary>Whether frames carry a content checksum.</summary>
    public bool Checksum { get; }

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its <c>zarr.json</c> configuration: <c>{"level": int, "checksum": bool}</c>.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an object, has an unknown key, a level zstd does not support, or a checksum that is not a boolean.</exception>
    public static ZstdCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName, "level", "checksum");
        return new ZstdCodec(
            CodecJson.GetInt32(configuration, CodecName, "level", 0),
            CodecJson.GetBoolean(configuration, CodecName, "checksum", false));
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName, new JsonObject { ["level"] = Level, ["checksum"] = Checksum });

    /// <summary>Compresses the bytes into one zstd frame.</summary>
    /// <param name="bytes">The bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The frame, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        return EncodePooled(bytes, ArrayPool<byte>.Shared).CopyOut(prototype);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) => EncodePooled(bytes, pool);

    /// <summary>Decompresses zstd data (one or more frames), to at most <see cref="Array.MaxLength"/> bytes.</summary>
    /// <param name="bytes">The zstd frames.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not complete, valid zstd data, or its checksum does not match.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Decode(bytes, spec, prototype, Array.MaxLength);

    /// <summary>
    /// Decompresses zstd data (one or more frames), refusing it as soon as it is known to hold more than
    /// <paramref name="maxDecodedLength"/> bytes: from the content sizes its frames record, or while decompressing
    /// frames that record none.
    /// </summary>
    /// <param name="bytes">The zstd frames.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <param name="maxDecodedLength">The most bytes the frames may hold.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDecodedLength"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The input is not complete, valid zstd data, its checksum does not match, or it holds more than <paramref name="maxDecodedLength"/> bytes.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, long maxDecodedLength)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        int limit = DecodeLimit.Clamp(maxDecodedLength);
        ulong contentSize = DecompressedSize(bytes);
        if (contentSize == ZstdDecompression.ContentSizeUnknown)
        {
            return DecompressGrowing(bytes, limit, prototype);
        }

        if (contentSize > (ulong)limit)
        {
            throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
        }

        byte[] output = GC.AllocateUninitializedArray<byte>((int)contentSize);
        DecompressExactly(bytes, output);
        return prototype.Buffer.FromArrayLike(output);
    }

    /// <summary>Returns the most bytes zstd frames of <paramref name="decodedLength"/> bytes take: the library's compress bound and 1 KiB for skippable frames and the headers of further frames.</summary>
    /// <param name="decodedLength">The most bytes to compress.</param>
    /// <param name="spec">Not used.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => (long)Compressor.GetCompressBoundLong((ulong)decodedLength) + FrameAllowance;

    /// <summary>Decompresses zstd data straight into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The zstd frames.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Not used: nothing proportional to the data is allocated.</param>
    /// <param name="destination">Where the decompressed bytes go; its length is the expected length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not complete, valid zstd data of <c>destination.Length</c> decompressed bytes.</exception>
    public void DecodeInto(Buffer bytes, ChunkSpec spec, BufferPrototype prototype, Memory<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ulong contentSize = DecompressedSize(bytes);
        if (contentSize != ZstdDecompression.ContentSizeUnknown && contentSize != (ulong)destination.Length)
        {
            throw new InvalidDataException(
                $"The zstd data ({bytes.Length} bytes) records {contentSize} decompressed bytes, but the chunk takes {destination.Length}.");
        }

        DecompressExactly(bytes, destination.Span);
    }

    /// <summary>The metadata, for example <c>{"name":"zstd","configuration":{"level":0,"checksum":false}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // One frame in memory of the compress bound, rented from the pool.
    private PooledBytes EncodePooled(Buffer bytes, ArrayPool<byte> pool)
    {
        var compressor = t_compressor ??= new Compressor();
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_compressionLevel, Level);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, Checksum ? 1 : 0);
        return PooledBytes.Write(Compressor.GetCompressBound(bytes.Length), pool, output => compressor.Wrap(bytes.AsSpan(), output));
    }

    // Frames without a recorded size: decompressed in one call into pooled memory that doubles, up to the limit, while it
    // is too small; then copied once, exactly sized. One-call decompression writes straight into that memory, so the
    // decompressor needs no window buffer that the frame header could make large.
    private static Buffer DecompressGrowing(Buffer bytes, int limit, BufferPrototype prototype)
    {
        int capacity = (int)Math.Min(limit, Math.Max(FirstCapacity, 4L * bytes.Length));
        while (true)
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(capacity);
            try
            {
                if (TryDecompress(bytes, rented.AsSpan(0, capacity)) is { } written)
                {
                    return prototype.Buffer.FromBytes(rented.AsSpan(0, written));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            capacity = capacity < limit ? (int)Math.Min(limit, 2L * capacity) : throw DecodeLimit.Exceeded(CodecName, bytes.Length, limit);
        }
    }

    // Decompresses into memory of exactly the expected length.
    private static void DecompressExactly(Buffer bytes, Span<byte> destination)
    {
        int? written = TryDecompress(bytes, destination);
        if (written != destination.Length)
        {
            throw new InvalidDataException(
                $"The zstd data ({bytes.Length} bytes) decompresses to {(written is null ? "more than " : "")}{written ?? destination.Length} bytes, but {destination.Length} were expected.");
        }
    }

    // The number of bytes the frames decompress to, or null when that is more than the destination holds.
    private static int? TryDecompress(Buffer bytes, Span<byte> destination)
    {
        try
        {
            return ZstdDecompression.Decompress(bytes.AsSpan(), destination);
        }
        catch (ZstdException e) when (e.Code == ZSTD_ErrorCode.ZSTD_error_dstSize_tooSmall)
        {
            return null;
        }
        catch (ZstdException e)
        {
            throw Corrupt(bytes, e);
        }
    }

    private static InvalidDataException Corrupt(Buffer bytes, Exception e) =>
        new($"The zstd data ({bytes.Length} bytes) is corrupt: {e.Message}", e);

    // The total content size of all frames, or "unknown" when a frame does not record it.
    private static unsafe ulong DecompressedSize(Buffer bytes)
    {
        var data = bytes.AsSpan();
        if (data.IsEmpty)
        {
            throw new InvalidDataException("The zstd data is empty; a zstd frame takes at least a header.");
        }

        ulong size;
        fixed (byte* pointer = data)
        {
            size = Methods.ZSTD_findDecompressedSize(pointer, (nuint)data.Length);
        }

        return size != ZstdDecompression.ContentSizeError ? size : throw new InvalidDataException(
            $"The zstd data ({data.Length} bytes) is not a sequence of complete zstd frames.");
    }
}
