using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Zarr.Codecs;

/// <summary>The Zarr v3 <c>zstd</c> codec: Zstandard compression (ZstdSharp, a managed port of the reference library).</summary>
/// <remarks>
/// Frames record their decompressed size (this codec writes it, as zarr-python does), so decoding allocates the output
/// exactly once; frames without it are streamed into pooled memory and copied once. Encoding compresses into pooled
/// memory and copies the compressed bytes once into the returned buffer.
/// </remarks>
public sealed class ZstdCodec : IBytesBytesCodec
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "zstd";

    // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR of zstd.h.
    private const ulong ZstdContentSizeUnknown = ulong.MaxValue;
    private const ulong ZstdContentSizeError = ulong.MaxValue - 1;

    private const int StreamChunkLength = 64 * 1024;

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
        using var compressor = new Compressor(Level);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, Checksum ? 1 : 0);
        using var output = MemoryOwner<byte>.Allocate(Compressor.GetCompressBound(bytes.Length));
        int length = compressor.Wrap(bytes.AsSpan(), output.Span);
        return prototype.Buffer.FromBytes(output.Span[..length]);
    }

    /// <summary>Decompresses zstd data (one or more frames).</summary>
    /// <param name="bytes">The zstd frames.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The decompressed bytes, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is not complete, valid zstd data, or its checksum does not match.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        try
        {
            ulong contentSize = DecompressedSize(bytes.AsSpan());
            if (contentSize == ZstdContentSizeUnknown)
            {
                using var stream = new DecompressionStream(bytes.AsBufferLike().AsStream());
                return ReadToEnd(stream, prototype);
            }

            if (contentSize > (ulong)Array.MaxLength)
            {
                throw new InvalidDataException($"The zstd frames claim {contentSize} decompressed bytes, more than an array can hold.");
            }

            byte[] output = GC.AllocateUninitializedArray<byte>((int)contentSize);
            using var decompressor = new Decompressor();
            int written = decompressor.Unwrap(bytes.AsSpan(), output);
            return written == output.Length
                ? prototype.Buffer.FromArrayLike(output)
                : throw new InvalidDataException($"The zstd frames claim {contentSize} decompressed bytes but hold {written}.");
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException)
        {
            throw new InvalidDataException($"The zstd data ({bytes.Length} bytes) is corrupt: {e.Message}", e);
        }
    }

    /// <summary>The metadata, for example <c>{"name":"zstd","configuration":{"level":0,"checksum":false}}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    // Frames without a recorded size: gather the output in pooled memory, then copy it once, exactly sized.
    private static Buffer ReadToEnd(Stream source, BufferPrototype prototype)
    {
        using var pooled = new ArrayPoolBufferWriter<byte>(StreamChunkLength);
        int count;
        while ((count = source.Read(pooled.GetSpan(StreamChunkLength))) > 0)
        {
            pooled.Advance(count);
        }

        return prototype.Buffer.FromBytes(pooled.WrittenSpan);
    }

    // The total content size of all frames, or "unknown" when a frame does not record it.
    private static unsafe ulong DecompressedSize(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new InvalidDataException("The zstd data is empty; a zstd frame takes at least a header.");
        }

        ulong size;
        fixed (byte* pointer = data)
        {
            size = Methods.ZSTD_findDecompressedSize(pointer, (nuint)data.Length);
        }

        return size != ZstdContentSizeError ? size : throw new InvalidDataException(
            $"The data ({data.Length} bytes) is not a sequence of complete zstd frames.");
    }
}
