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

    /// <summary><paramref name="length"/> seeded random bytes when <paramref name="kind"/> is "incompressible", else runs of 100 equal bytes.</summary>
    public static byte[] Bytes(string kind, int length)
    {
        byte[] data = new byte[length];
        if (kind == "incompressible")
        {
            new Random(length).NextBytes(data);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                data[i] = (byte)(i / 100 % 7);
            }
        }

        return data;
    }

    /// <summary>Encodes <paramref name="data"/>, then decodes it both ways: to a new buffer and into a destination of its length.</summary>
    public static (Buffer Encoded, Buffer Decoded, byte[] DecodedInto) RoundTrip(Zarr.Codecs.IBytesBytesCodec codec, byte[] data, Zarr.Codecs.ChunkSpec spec, BufferPrototype prototype)
    {
        var encoded = codec.Encode(CpuBuffer.FromBytes(data), spec, prototype);
        var decoded = codec.Decode(encoded, spec, prototype);
        byte[] destination = new byte[data.Length];
        codec.DecodeInto(encoded, spec, prototype, destination);
        return (encoded, decoded, destination);
    }

    /// <summary>The encoding of <paramref name="data"/> without its last <paramref name="cut"/> bytes.</summary>
    public static Buffer CutShort(Zarr.Codecs.IBytesBytesCodec codec, byte[] data, Zarr.Codecs.ChunkSpec spec, int cut)
    {
        byte[] encoded = codec.Encode(CpuBuffer.FromBytes(data), spec, BufferPrototype.Default).ToBytes();
        return CpuBuffer.FromBytes(encoded.AsSpan(0, encoded.Length - cut));
    }

    /// <summary>
    /// The bits of <paramref name="encoded"/> whose flip makes <paramref name="decode"/> throw anything but
    /// <see cref="InvalidDataException"/>, or decode when <paramref name="mustFail"/> says that copy must fail, as "bit N: what happened".
    /// </summary>
    public static List<string> SingleBitFlipFailures(byte[] encoded, Action<byte[]> decode, Func<byte[], bool> mustFail)
    {
        var failures = new List<string>();
        for (int bit = 0; bit < encoded.Length * 8; bit++)
        {
            byte[] corrupt = [.. encoded];
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            var thrown = Record.Exception(() => decode(corrupt));
            if (thrown is null ? mustFail(corrupt) : thrown is not InvalidDataException)
            {
                failures.Add($"bit {bit}: {thrown?.GetType().Name ?? "decoded"}");
            }
        }

        return failures;
    }

    public static int ScalarWidth(DataType dtype) => dtype.Kind == DataTypeKind.Complex ? dtype.ItemSize / 2 : dtype.ItemSize;

    /// <summary>One zstd frame of <paramref name="data"/> (ZstdSharp), recording its content size.</summary>
    public static byte[] ZstdFrame(byte[] data, int level, bool checksum)
    {
        using var compressor = new ZstdSharp.Compressor(level);
        compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, checksum ? 1 : 0);
        return compressor.Wrap(data).ToArray();
    }

    /// <summary>
    /// Decodes zstd frames with ZstdSharp, through the overload the codecs call: its overloads that take arrays refuse an
    /// empty input, this one decodes it to nothing.
    /// </summary>
    public static int ZstdSharpDecode(ReadOnlySpan<byte> frames, Span<byte> destination) =>
        new ZstdSharp.Decompressor().Unwrap(frames, destination);

    /// <summary>A zstd frame of <paramref name="data"/> written as a stream (ZstdSharp, level 1): it records no content size.</summary>
    public static byte[] StreamedZstdFrame(byte[] data)
    {
        var output = new MemoryStream();
        using (var stream = new ZstdSharp.CompressionStream(output, level: 1))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}
