using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Zarr.Codecs.Blosc;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// blosclz alone, managed beside c-blosc 1.21 (P/Invoke, one thread), on 1 MiB of float32 values byte-shuffled beforehand
/// (as the Blosc frame does before blosclz): a smooth ramp, and noisy values with one decimal. c-blosc writes the 1 MiB as
/// four blocks of 256 KiB (its largest for blosclz), each one stream, with type size 1 and no shuffle; the managed decoder
/// reads the same four streams, the managed compressor writes four of its own.
/// </summary>
[MemoryDiagnoser]
public class BloscLzBenchmarks
{
    private const int Size = 1 << 20;
    private const int BlockSize = 1 << 18;
    private const int Clevel = 5;
    private const int FrameHeader = 16;

    private readonly byte[] _decoded = new byte[Size];
    private readonly byte[] _compressed = new byte[Size + 1024];
    private byte[] _data = [];
    private byte[] _frame = [];

    [Params("smooth", "noisy")]
    public string Data { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = ShuffledFloats(Data);
        int length = CBloscNative.Compress(Clevel, 0, 1, _data, _compressed, "blosclz", BlockSize);
        _frame = _compressed[..length];
        if (CBloscNative.Decompress(_frame, _decoded) != Size || !ManagedDecode().AsSpan().SequenceEqual(_data))
        {
            throw new InvalidOperationException("The managed decoder does not read c-blosc's streams back to the data.");
        }

        Console.WriteLine($"// {Data}: c-blosc's frame {_frame.Length} bytes, the managed blocks {Compress_Managed()} bytes (of {Size}).");
    }

    [Benchmark(Baseline = true)]
    public int Decode_CBlosc() => CBloscNative.Decompress(_frame, _decoded);

    [Benchmark]
    public byte[] Decode_Managed() => ManagedDecode();

    [Benchmark]
    public int Compress_CBlosc() => CBloscNative.Compress(Clevel, 0, 1, _data, _compressed, "blosclz", BlockSize);

    /// <summary>The four blocks, as the frame would; a block blosclz cannot shorten is stored (copied).</summary>
    [Benchmark]
    public int Compress_Managed()
    {
        int total = 0;
        for (int start = 0; start < Size; start += BlockSize)
        {
            int written = BloscLz.Compress(_data.AsSpan(start, BlockSize), _compressed.AsSpan(total, BlockSize), Clevel);
            if (written == 0)
            {
                _data.AsSpan(start, BlockSize).CopyTo(_compressed.AsSpan(total));
                written = BlockSize;
            }

            total += written;
        }

        return total;
    }

    /// <summary>Each block of c-blosc's frame: a 4-byte stream length, then the stream, or the block itself when as long.</summary>
    private byte[] ManagedDecode()
    {
        for (int block = 0; block < Size / BlockSize; block++)
        {
            int start = BinaryPrimitives.ReadInt32LittleEndian(_frame.AsSpan(FrameHeader + (4 * block)));
            int length = BinaryPrimitives.ReadInt32LittleEndian(_frame.AsSpan(start));
            var stream = _frame.AsSpan(start + 4, length);
            var output = _decoded.AsSpan(block * BlockSize, BlockSize);
            if (length == BlockSize)
            {
                stream.CopyTo(output);
            }
            else
            {
                BloscLz.Decompress(stream, output);
            }
        }

        return _decoded;
    }

    private static byte[] ShuffledFloats(string kind)
    {
        var random = new Random(42);
        const int count = Size / sizeof(float);
        var data = new byte[Size];
        for (int i = 0; i < count; i++)
        {
            float value = kind == "smooth" ? 20f + (MathF.Sin(i * 0.001f) * 5f) + (i * 1e-5f) : MathF.Round((float)random.NextDouble() * 100, 1);
            int bits = BitConverter.SingleToInt32Bits(value);
            for (int k = 0; k < sizeof(float); k++)
            {
                data[(k * count) + i] = (byte)(bits >> (8 * k));
            }
        }

        return data;
    }
}
