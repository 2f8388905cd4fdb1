using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Zarr.Buffers.Benchmarks;

/// <summary>
/// The NDBuffer kernels on one 4096 x 4096 chunk (16 M elements: 64 MiB of float32 or int32). The <c>Tensors_</c>
/// benchmarks run the plain System.Numerics.Tensors / span call that the kernel replaced, as a reference under the same load.
/// </summary>
[MemoryDiagnoser]
public class NDBufferBenchmarks
{
    private const long Side = 4096;

    private CpuNDBuffer _float32C = null!;
    private CpuNDBuffer _float32F = null!;
    private CpuNDBuffer _float32Other = null!;
    private CpuNDBuffer _float32Zeros = null!;
    private CpuNDBuffer _oneInt32 = null!;
    private CpuNDBuffer _target = null!;
    private CpuNDBuffer _int32 = null!;
    private CpuNDBuffer _float64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _float32C = CpuNDBuffer.Create([Side, Side], DataType.Float32, fillValue: 1.5f);
        _float32F = CpuNDBuffer.Create([Side, Side], DataType.Float32, MemoryOrder.F, fillValue: 1.5f);
        _float32Other = CpuNDBuffer.Create([Side, Side], DataType.Float32, fillValue: 1.5f);
        _float32Zeros = CpuNDBuffer.Create([Side, Side], DataType.Float32);
        _oneInt32 = CpuNDBuffer.Create([1], DataType.Int32, fillValue: 1);
        _target = CpuNDBuffer.Create([Side, Side], DataType.Float32);
        _int32 = CpuNDBuffer.Create([Side, Side], DataType.Int32, fillValue: 7);
        _float64 = CpuNDBuffer.Create([Side, Side], DataType.Float64, fillValue: 7.25);
    }

    [Benchmark]
    public void Fill_Float32() => _float32C.Fill(1.5f);

    [Benchmark]
    public void Fill_Float32_F() => _float32F.Fill(1.5f);

    [Benchmark]
    public void Fill_Int32() => _int32.Fill(7);

    [Benchmark]
    public void SetSelection_OneValue() => _target[1..^1, 1..^1] = _oneInt32;

    [Benchmark]
    public NDBuffer Copy_C_to_C() => _float32C.Copy();

    [Benchmark]
    public NDBuffer Copy_F_to_C() => _float32F.Copy();

    [Benchmark]
    public NDBuffer AsType_Int32_to_Float32() => _int32.AsType(DataType.Float32);

    [Benchmark]
    public NDBuffer AsType_Float64_to_Int32() => _float64.AsType(DataType.Int32);

    [Benchmark]
    public bool AllEqual_Float32_Scalar() => _float32C.AllEqual(1.5f);

    [Benchmark]
    public bool AllEqual_Float32_F_Scalar() => _float32F.AllEqual(1.5f);

    [Benchmark]
    public bool AllEqual_Float32_Zero() => _float32Zeros.AllEqual(0.0);

    [Benchmark]
    public bool AllEqual_Int32_Scalar() => _int32.AllEqual(7);

    [Benchmark]
    public bool AllEqual_Float32_Buffer() => _float32C.AllEqual(_float32Other);

    [Benchmark]
    public Tensor<float> Tensors_CopyTo_F_to_C()
    {
        var source = _float32F.AsTensor<float>();
        var destination = Tensor.Create(GC.AllocateUninitializedArray<float>((int)source.FlattenedLength), source.Lengths);
        source.CopyTo(destination);
        return destination;
    }

    [Benchmark]
    public bool Tensors_IndexOfAnyExcept_Float32() => Dense(_float32C).IndexOfAnyExcept(1.5f) < 0;

    [Benchmark]
    public bool Tensors_SequenceEqual_Float32() => Dense(_float32C).SequenceEqual(Dense(_float32Other));

    [Benchmark]
    public NDBuffer Reshape_View() => _float32C.Reshape(-1, 1024);

    [Benchmark]
    public NDBuffer Transpose_View() => _float32C.Transpose();

    private static ReadOnlySpan<float> Dense(NDBuffer buffer)
    {
        var tensor = buffer.AsTensor<float>();
        return tensor.GetSpan(new nint[tensor.Rank], (int)tensor.FlattenedLength);
    }
}
