using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>
/// The Zarr v3 <c>crc32c</c> codec: appends the CRC-32C of the bytes as 4 little-endian bytes; decoding checks and strips it.
/// </summary>
/// <remarks>
/// The checksum uses the CPU's CRC-32C instruction where there is one (x64 SSE4.2, Arm64). Decoding returns a view
/// of the input without the checksum (no copy); encoding makes one copy with room for the checksum (into pooled memory
/// when an array writes to a store that copies what it is given).
/// </remarks>
public sealed class Crc32cCodec : IBytesBytesCodec, IPooledEncoder
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "crc32c";

    /// <summary>The number of bytes the checksum adds.</summary>
    public const int ChecksumLength = sizeof(uint);

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its <c>zarr.json</c> configuration, which has no keys.</summary>
    /// <param name="configuration">The configuration object (empty).</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an empty object.</exception>
    public static Crc32cCodec FromJson(JsonElement configuration)
    {
        CodecJson.ExpectKeys(configuration, CodecName);
        return new Crc32cCodec();
    }

    /// <inheritdoc />
    public JsonObject ToJson() => CodecJson.Create(CodecName);

    /// <summary>The bytes followed by their CRC-32C, little-endian.</summary>
    /// <param name="bytes">The bytes to protect.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>A new buffer, 4 bytes longer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        byte[] result = GC.AllocateUninitializedArray<byte>(ProtectedLength(bytes));
        Protect(bytes.AsSpan(), result);
        return prototype.Buffer.FromArrayLike(result);
    }

    /// <inheritdoc />
    PooledBytes IPooledEncoder.EncodePooled(Buffer bytes, ChunkSpec spec, ArrayPool<byte> pool) =>
        PooledBytes.Write(ProtectedLength(bytes), pool, destination => Protect(bytes.AsSpan(), destination));

    /// <summary>Checks the trailing CRC-32C and returns the bytes before it.</summary>
    /// <param name="bytes">The bytes followed by their checksum.</param>
    /// <param name="spec">Not used.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>A view of <paramref name="bytes"/> without the last 4 bytes, of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="InvalidDataException">The input is shorter than 4 bytes, or the checksum does not match; the message names both checksums.</exception>
    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(prototype);
        if (bytes.Length < ChecksumLength)
        {
            throw new InvalidDataException(
                $"The crc32c codec needs at least {ChecksumLength} bytes (the checksum), but the data has {bytes.Length}.");
        }

        var data = bytes.AsArrayLike()[..^ChecksumLength];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan()[^ChecksumLength..]);
        uint computed = Crc32C.Compute(data.Span);
        if (stored != computed)
        {
            throw new InvalidDataException(
                $"CRC32C checksum mismatch: the data ({data.Length} bytes) has checksum 0x{computed:X8}, but 0x{stored:X8} is stored; the data is corrupt.");
        }

        return prototype.Buffer.FromArrayLike(data);
    }

    /// <summary>Returns <paramref name="decodedLength"/> plus the 4 bytes of the checksum.</summary>
    /// <param name="decodedLength">The most bytes to protect.</param>
    /// <param name="spec">Not used.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(long decodedLength, ChunkSpec spec) => decodedLength + ChecksumLength;

    /// <summary>The metadata, <c>{"name":"crc32c"}</c>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson().ToJsonString();

    private static int ProtectedLength(Buffer bytes) => checked(bytes.Length + ChecksumLength);

    // The data, then its checksum, into a destination exactly 4 bytes longer; returns the destination's length.
    private static int Protect(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        data.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[data.Length..], Crc32C.Compute(data));
        return destination.Length;
    }
}
