using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace PartialDecodingCodec;

/// <summary>
/// Reads one region of a <see cref="RowsCodec"/> chunk with two range requests: the offset table, then the bytes of
/// the rows the region touches (which are contiguous). A missing chunk reads as the fill value.
/// </summary>
internal sealed class RowsPartialDecoder(RowsCodec codec, IByteRangeReader input, ChunkSpec spec) : IPartialDecoder
{
    /// <inheritdoc />
    public ChunkSpec Spec { get; } = spec;

    /// <summary>Decodes one region of the chunk.</summary>
    /// <param name="region">One range per axis (a missing trailing axis means all of it).</param>
    /// <param name="prototype">Makes every buffer returned.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The region's values, or the fill value where the chunk is missing.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The region has more than two ranges or does not lie inside the chunk.</exception>
    /// <exception cref="InvalidDataException">The stored chunk is truncated or corrupt.</exception>
    public async ValueTask<NDBuffer> DecodeAsync(NRange[] region, BufferPrototype prototype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(prototype);
        var (firstRow, endRow) = Resolve(region, 0);
        var (firstColumn, endColumn) = Resolve(region, 1);
        long[] shape = [endRow - firstRow, endColumn - firstColumn];
        if (shape[0] == 0 || shape[1] == 0)
        {
            return prototype.NDBuffer.Create(shape, Spec.DType);
        }

        var header = await input.GetAsync(new RangeByteRequest(0, RowsCodec.TableLength(Spec)), prototype, cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return prototype.NDBuffer.Create(shape, Spec.DType, MemoryOrder.C, Spec.FillValue);
        }

        uint[] table = RowsCodec.ReadTable(header.AsSpan(), Spec);
        long dataStart = RowsCodec.TableLength(Spec);
        var rows = await input.GetAsync(new RangeByteRequest(dataStart + table[firstRow], dataStart + table[endRow]), prototype, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The '{codec.Name}' chunk disappeared between reading its offset table and its rows.");
        return RowsCodec.DecodeRows(rows.AsSpan(), table, firstRow, endRow, firstColumn, endColumn, Spec, prototype);
    }

    private (int Start, int End) Resolve(NRange[] region, int axis)
    {
        if (region.Length > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region.Length, $"A '{codec.Name}' chunk is 2-D, but the region has {region.Length} ranges.");
        }

        int length = (int)Spec.Shape[axis];
        if (axis >= region.Length)
        {
            return (0, length);
        }

        var (offset, count) = region[axis].GetOffsetAndLength(length);
        return ((int)offset, (int)(offset + count));
    }
}
