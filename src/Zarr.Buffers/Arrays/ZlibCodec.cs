using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Arrays;

/// <summary>
/// numcodecs' <c>zlib</c> compressor (a zlib stream, RFC 1950), which Zarr v2 arrays use and which has no Zarr v3 codec;
/// zarr-python names it <c>numcodecs.zlib</c>.
/// </summary>
internal sealed class ZlibCodec(int level) : IBytesBytesCodec
{
    public string Name => V2Codecs.ZlibName;

    public int Level { get; } = level is >= 0 and <= 9 ? level
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"The zlib level must be 0 to 9, got {level}.");

    public static ZlibCodec FromJson(JsonElement configuration) =>
        new(configuration.ValueKind == JsonValueKind.Object && configuration.TryGetProperty("level", out var level) ? level.GetInt32() : 1);

    public JsonObject ToJson() => new() { ["name"] = Name, ["configuration"] = new JsonObject { ["level"] = Level } };

    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        using var output = new ArrayPoolBufferWriter<byte>(Math.Max(bytes.Length / 2, 256));
        using (var zlib = new ZLibStream(((IBufferWriter<byte>)output).AsStream(), new ZLibCompressionOptions { CompressionLevel = Level }))
        {
            zlib.Write(bytes.AsSpan());
        }

        return prototype.Buffer.FromBytes(output.WrittenSpan);
    }

    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        using var output = new ArrayPoolBufferWriter<byte>((int)Math.Min(spec.ByteLength, Array.MaxLength));
        using (var zlib = new ZLibStream(bytes.AsBufferLike().AsStream(), CompressionMode.Decompress))
        {
            zlib.CopyTo(((IBufferWriter<byte>)output).AsStream());
        }

        return prototype.Buffer.FromBytes(output.WrittenSpan);
    }
}
