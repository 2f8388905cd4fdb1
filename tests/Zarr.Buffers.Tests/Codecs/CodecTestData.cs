using Zarr.Buffers;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>Chunks and expected encodings shared by the codec tests.</summary>
internal static class CodecTestData
{
    public static TheoryData<string> DataTypeNames => [.. DataType.All.Select(d => d.Name)];

    public static TheoryData<string, Endian> DataTypesAndEndians =>
        [.. DataType.All.SelectMany(d => new[] { (d.Name, Endian.Little), (d.Name, Endian.Big) })];

    /// <summary>A 2x3 chunk of distinct values 1..6 (bool: alternating), in C order.</summary>
    public static NDBuffer Sample(DataType dtype, params long[] shape)
    {
        if (shape.Length == 0)
        {
            shape = [2, 3];
        }

        long size = shape.Aggregate(1L, (a, b) => a * b);
        double[] values = [.. Enumerable.Range(1, (int)size).Select(i => dtype == DataType.Bool ? i % 2 : (double)(i % 100))];
        return CpuNDBuffer.FromArray(values, shape).AsType(dtype, MemoryOrder.C);
    }

    /// <summary>The little-endian bytes of <paramref name="chunk"/> in C order, from the host's (little-endian) memory.</summary>
    public static byte[] LittleEndianBytes(NDBuffer chunk) =>
        new Zarr.Codecs.BytesCodec(Endian.Little).Encode(chunk.Copy(), BufferPrototype.Default).ToBytes();

    /// <summary><paramref name="bytes"/> with every scalar of <paramref name="width"/> bytes reversed, by a plain loop.</summary>
    public static byte[] Reversed(byte[] bytes, int width)
    {
        byte[] result = [.. bytes];
        for (int i = 0; i < result.Length; i += width)
        {
            Array.Reverse(result, i, width);
        }

        return result;
    }

    public static int ScalarWidth(DataType dtype) => dtype.Kind == DataTypeKind.Complex ? dtype.ItemSize / 2 : dtype.ItemSize;
}
