using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// The model of an <see cref="ArrayModelCheck"/> run: the array's elements, flat in C order, starting at the fill value,
/// written and read with index arithmetic of its own rather than through <see cref="NDBuffer"/>.
/// </summary>
/// <remarks>
/// After each write, every block that the array leaves out of the store when it holds only the fill value (a chunk,
/// when empty chunks are deleted; an inner chunk of <c>sharding_indexed</c>, at every level) and whose elements all
/// match the fill value (<see cref="FillValueMatch"/>) becomes the fill value itself, bit for bit: that is what reading it
/// back gives. Other codecs are taken to store every element.
/// </remarks>
internal sealed class ReferenceArray
{
    private readonly long[] _shape;
    private readonly long[] _strides;
    private readonly object[] _elements;
    private readonly object? _fill;
    private readonly List<long[]> _leftOutBlocks;

    /// <param name="metadata">The array's metadata.</param>
    /// <param name="deletesEmptyChunks">Whether a write deletes a chunk that ends up holding only the fill value.</param>
    public ReferenceArray(ArrayMetadata metadata, bool deletesEmptyChunks)
    {
        _shape = metadata.Shape.ToArray();
        _strides = new long[_shape.Length];
        long stride = 1;
        for (int axis = _shape.Length - 1; axis >= 0; axis--)
        {
            _strides[axis] = stride;
            stride *= _shape[axis];
        }

        _fill = metadata.FillValue;
        _elements = new object[stride];
        Array.Fill(_elements, _fill ?? Zero(metadata.DataType));
        _leftOutBlocks = _fill is null ? [] : LeftOutBlocks(metadata, deletesEmptyChunks);
    }

    /// <summary>The region of the whole array.</summary>
    public NRange[] Whole => [.. _shape.Select(_ => NRange.All)];

    /// <summary>The shape of <paramref name="region"/> of an array of shape <paramref name="shape"/>.</summary>
    public static long[] RegionShape(NRange[] region, long[] shape) =>
        [.. region.Select((range, axis) => (long)range.GetOffsetAndLength((nint)shape[axis]).Length)];

    /// <summary>The shape of <paramref name="region"/> of this array.</summary>
    public long[] RegionShape(NRange[] region) => RegionShape(region, _shape);

    /// <summary>Writes <paramref name="values"/> (C order; one element is written to the whole region) into <paramref name="region"/>.</summary>
    public void Write(NRange[] region, Array values)
    {
        long[] offsets = Offsets(region);
        for (int i = 0; i < offsets.Length; i++)
        {
            _elements[offsets[i]] = values.GetValue(values.Length == 1 ? 0 : i)!;
        }

        foreach (long[] block in _leftOutBlocks)
        {
            CollapseFillBlocks(block);
        }
    }

    /// <summary>The elements of <paramref name="region"/>, C order.</summary>
    public object[] Read(NRange[] region) => [.. Offsets(region).Select(offset => _elements[offset])];

    /// <summary>The zero of <paramref name="dataType"/>: what a v2 array without a fill value reads where nothing was written.</summary>
    public static object Zero(DataType dataType) => dataType.Kind == DataTypeKind.Complex
        ? ElementBits.Complex(dataType, 0, 0)
        : ElementBits.Real(dataType, 0);

    /// <summary>The block shapes (in the array's axes) whose blocks the array leaves out when they hold only the fill value.</summary>
    private static List<long[]> LeftOutBlocks(ArrayMetadata metadata, bool deletesEmptyChunks)
    {
        var blocks = new List<long[]>();
        if (deletesEmptyChunks)
        {
            blocks.Add(metadata.ChunkShape.ToArray());
        }

        AddInnerChunks(metadata.Codecs, [.. Enumerable.Range(0, metadata.Shape.Length)], blocks);
        return blocks;
    }

    /// <summary>Adds the inner chunk shapes of every <c>sharding_indexed</c> in <paramref name="codecs"/>, following <c>transpose</c>s.</summary>
    /// <param name="codecs">A codec chain.</param>
    /// <param name="axes">For each axis of the chunk the chain sees, the array's axis it is.</param>
    /// <param name="blocks">Where the shapes go.</param>
    private static void AddInnerChunks(JsonArray codecs, int[] axes, List<long[]> blocks)
    {
        foreach (var codec in codecs.OfType<JsonObject>())
        {
            var configuration = codec["configuration"] as JsonObject;
            switch (codec["name"]?.GetValue<string>())
            {
                case TransposeCodec.CodecName:
                    axes = [.. configuration!["order"]!.AsArray().Select(axis => axes[axis!.GetValue<int>()])];
                    break;
                case ShardingCodec.CodecName:
                    long[] inner = [.. configuration!["chunk_shape"]!.AsArray().Select(length => length!.GetValue<long>())];
                    long[] block = new long[axes.Length];
                    for (int i = 0; i < axes.Length; i++)
                    {
                        block[axes[i]] = inner[i];
                    }

                    blocks.Add(block);
                    AddInnerChunks(configuration["codecs"]!.AsArray(), axes, blocks);
                    break;
            }
        }
    }

    /// <summary>Sets every block of shape <paramref name="block"/> whose elements all match the fill value to the fill value.</summary>
    private void CollapseFillBlocks(long[] block)
    {
        long[] counts = [.. _shape.Select((length, axis) => (length + block[axis] - 1) / block[axis])];
        foreach (long[] coords in Coordinates(counts))
        {
            long[] offsets = Offsets([.. coords.Select((c, axis) => new NRange((nint)(c * block[axis]), (nint)Math.Min((c + 1) * block[axis], _shape[axis])))]);
            if (offsets.All(offset => FillValueMatch.Matches(_elements[offset], _fill!)))
            {
                Array.ForEach(offsets, offset => _elements[offset] = _fill!);
            }
        }
    }

    /// <summary>The flat offsets of the elements of <paramref name="region"/>, C order.</summary>
    private long[] Offsets(NRange[] region)
    {
        long[] starts = [.. region.Select((range, axis) => (long)range.GetOffsetAndLength((nint)_shape[axis]).Offset)];
        return [.. Coordinates(RegionShape(region)).Select(coords => coords.Select((c, axis) => (starts[axis] + c) * _strides[axis]).Sum())];
    }

    /// <summary>Every coordinate inside <paramref name="shape"/>, C order: one (empty) for rank 0, none when a length is 0.</summary>
    private static IEnumerable<long[]> Coordinates(long[] shape)
    {
        if (shape.Contains(0))
        {
            yield break;
        }

        long[] coords = new long[shape.Length];
        while (true)
        {
            yield return [.. coords];
            int axis = shape.Length - 1;
            while (axis >= 0 && ++coords[axis] == shape[axis])
            {
                coords[axis--] = 0;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }
}
