using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace PartialDecodingCodec;

/// <summary>
/// A sample array-to-bytes codec that opts in to partial decoding: a 2-D chunk is stored row by row, each row
/// deflated on its own, behind a table of row offsets, so that a region fetches the table and only its rows.
/// </summary>
/// <remarks>
/// The stored value is <c>rows + 1</c> little-endian uint32 offsets (where each row's deflate data starts, counted
/// from the end of the table; the last is the end of the data), then the rows. Values are little-endian, as the
/// <c>bytes</c> codec writes them. Register it with <c>registry.Register(RowsCodec.CodecName, RowsCodec.FromJson)</c>.
/// </remarks>
public sealed class RowsCodec : IArrayBytesPartialDecodeCodec
{
    /// <summary>The codec's name in <c>zarr.json</c>.</summary>
    public const string CodecName = "example.rows";

    private const int OffsetLength = sizeof(uint);

    // Serialises a row's values; its endian makes the layout the same on every host.
    private static readonly BytesCodec s_values = new(Endian.Little);

    /// <inheritdoc />
    public string Name => CodecName;

    /// <summary>Reads the codec from its configuration, which must be empty.</summary>
    /// <param name="configuration">The configuration object.</param>
    /// <returns>The codec.</returns>
    /// <exception cref="ArgumentException">The configuration is not an empty object.</exception>
    public static RowsCodec FromJson(JsonElement configuration) =>
        configuration.ValueKind == JsonValueKind.Object && !configuration.EnumerateObject().Any()
            ? new RowsCodec()
            : throw new ArgumentException($"Codec '{CodecName}' takes no configuration, got {configuration.GetRawText()}.", nameof(configuration));

    /// <inheritdoc />
    public JsonObject ToJson() => new() { ["name"] = CodecName };

    /// <summary>Refuses chunks that are not 2-D, or whose offsets would not fit the table's uint32.</summary>
    /// <param name="spec">The chunk's shape and data type.</param>
    /// <exception cref="ArgumentException">The chunk is not 2-D, or a chunk could encode to 4 GiB or more.</exception>
    public void Validate(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Shape.Length != 2)
        {
            throw new ArgumentException($"Codec '{CodecName}' stores 2-D chunks row by row, but the chunk shape [{string.Join(", ", spec.Shape.ToArray())}] has rank {spec.Shape.Length}.", nameof(spec));
        }

        if (MaxEncodedLength(spec) > uint.MaxValue)
        {
            throw new ArgumentException($"Codec '{CodecName}' records row offsets as uint32, but a {spec.DType} chunk of shape [{string.Join(", ", spec.Shape.ToArray())}] could encode to {MaxEncodedLength(spec)} bytes.", nameof(spec));
        }
    }

    /// <summary>Encodes a chunk: the offset table, then each row deflated.</summary>
    /// <param name="chunk">The chunk's values, of the spec's shape and data type.</param>
    /// <param name="spec">The chunk's shape and data type.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The stored value, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Buffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        int rows = (int)spec.Shape[0];
        int rowLength = RowLength(spec);
        byte[] values = s_values.Encode(chunk, prototype).ToBytes();
        using var output = new MemoryStream();
        output.Write(new byte[TableLength(spec)]);
        var table = new uint[rows + 1];
        for (int row = 0; row < rows; row++)
        {
            table[row] = (uint)(output.Length - TableLength(spec));
            using var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true);
            deflate.Write(values, row * rowLength, rowLength);
        }

        table[rows] = (uint)(output.Length - TableLength(spec));
        byte[] stored = output.ToArray();
        for (int row = 0; row <= rows; row++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(stored.AsSpan(row * OffsetLength), table[row]);
        }

        return prototype.Buffer.FromBytes(stored);
    }

    /// <summary>Decodes a whole stored chunk.</summary>
    /// <param name="bytes">The stored value.</param>
    /// <param name="spec">The chunk's shape and data type.</param>
    /// <param name="prototype">Makes the returned buffer.</param>
    /// <returns>The chunk, a buffer of <paramref name="prototype"/>'s class.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The value is truncated or corrupt.</exception>
    public NDBuffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prototype);
        var table = ReadTable(bytes.AsSpan(), spec);
        var rows = bytes.AsSpan()[TableLength(spec)..];
        return DecodeRows(rows, table, 0, (int)spec.Shape[0], 0, (int)spec.Shape[1], spec, prototype);
    }

    /// <summary>The most bytes a chunk takes: the table and each row at deflate's worst case.</summary>
    /// <param name="spec">The chunk's shape and data type.</param>
    /// <returns>The bound, in bytes.</returns>
    public long MaxEncodedLength(ChunkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long rowLength = spec.Shape[1] * spec.DType.ItemSize;
        return ((spec.Shape[0] + 1) * OffsetLength) + (spec.Shape[0] * (rowLength + (rowLength / 1000) + 64));
    }

    /// <summary>A decoder that fetches the offset table, then only the rows a region touches.</summary>
    /// <param name="input">Reads byte ranges of the stored value.</param>
    /// <param name="spec">The chunk's shape and data type.</param>
    /// <returns>The partial decoder.</returns>
    public IPartialDecoder CreatePartialDecoder(IByteRangeReader input, ChunkSpec spec) => new RowsPartialDecoder(this, input, spec);

    /// <summary>The length of the offset table of a chunk of <paramref name="spec"/>.</summary>
    internal static int TableLength(ChunkSpec spec) => (int)(spec.Shape[0] + 1) * OffsetLength;

    /// <summary>Reads and checks the offset table: offsets that never decrease, starting at 0.</summary>
    /// <exception cref="InvalidDataException">The table is cut short or its offsets are out of order.</exception>
    internal static uint[] ReadTable(ReadOnlySpan<byte> stored, ChunkSpec spec)
    {
        if (stored.Length < TableLength(spec))
        {
            throw new InvalidDataException($"A '{CodecName}' chunk of {spec.Shape[0]} rows starts with a {TableLength(spec)}-byte offset table, but the value is {stored.Length} bytes.");
        }

        var table = new uint[spec.Shape[0] + 1];
        for (int row = 0; row < table.Length; row++)
        {
            table[row] = BinaryPrimitives.ReadUInt32LittleEndian(stored[(row * OffsetLength)..]);
            if ((row == 0 && table[0] != 0) || (row > 0 && table[row] < table[row - 1]))
            {
                throw new InvalidDataException($"The '{CodecName}' offset table is corrupt: offset {row} is {table[row]}, after {(row == 0 ? "nothing (it must be 0)" : table[row - 1])}.");
            }
        }

        return table;
    }

    /// <summary>
    /// Decodes rows <paramref name="firstRow"/> to <paramref name="endRow"/> (exclusive), columns
    /// <paramref name="firstColumn"/> to <paramref name="endColumn"/>, from <paramref name="rows"/>, which starts
    /// at the first of those rows.
    /// </summary>
    /// <exception cref="InvalidDataException">The rows are cut short or do not inflate to a row's length.</exception>
    internal static NDBuffer DecodeRows(ReadOnlySpan<byte> rows, uint[] table, int firstRow, int endRow, int firstColumn, int endColumn, ChunkSpec spec, BufferPrototype prototype)
    {
        int itemSize = spec.DType.ItemSize;
        int rowLength = RowLength(spec);
        int start = (int)table[firstRow];
        if (rows.Length < table[endRow] - start)
        {
            throw new InvalidDataException($"The '{CodecName}' chunk is truncated: rows {firstRow}..{endRow - 1} take {table[endRow] - start} bytes, but {rows.Length} are stored.");
        }

        byte[] row = new byte[rowLength];
        byte[] values = new byte[(endRow - firstRow) * (endColumn - firstColumn) * itemSize];
        for (int r = firstRow; r < endRow; r++)
        {
            Inflate(rows[(int)(table[r] - start)..(int)(table[r + 1] - start)], row, r);
            row.AsSpan((firstColumn * itemSize)..(endColumn * itemSize)).CopyTo(values.AsSpan((r - firstRow) * (endColumn - firstColumn) * itemSize));
        }

        return s_values.Decode(prototype.Buffer.FromBytes(values), spec.DType, [endRow - firstRow, endColumn - firstColumn], prototype);
    }

    private static int RowLength(ChunkSpec spec) => checked((int)(spec.Shape[1] * spec.DType.ItemSize));

    // DeflateStream throws InvalidDataException for corrupt data; a row cut short or too long is caught here.
    private static void Inflate(ReadOnlySpan<byte> deflated, byte[] row, int index)
    {
        using var deflate = new DeflateStream(new MemoryStream(deflated.ToArray()), CompressionMode.Decompress);
        int read = deflate.ReadAtLeast(row, row.Length, throwOnEndOfStream: false);
        if (read != row.Length || deflate.ReadByte() != -1)
        {
            throw new InvalidDataException($"Row {index} of the '{CodecName}' chunk does not inflate to its {row.Length} bytes.");
        }
    }
}
