using System.Buffers;
using Zarr.Buffers;

var bytes = CpuBuffer.FromBytes([1, 2, 3, 4]);
var view = bytes[1..3];
Console.WriteLine($"{bytes} view={view} [{string.Join(",", view.ToBytes())}] concat={(bytes + view).Length}");

var nd = CpuNDBuffer.Create([2, 3], DataType.Float32, fillValue: 1.5);
Console.WriteLine(nd);
var t = nd.Transpose();
Console.WriteLine(t);
var r = CpuNDBuffer.FromArray(Enumerable.Range(0, 24).ToArray(), [2, 3, 4]);
Console.WriteLine(r.Reshape(4, -1));
Console.WriteLine(r[new NRange(0, 1), new NRange(1, 3)]);
Console.WriteLine(r.Transpose(2, 0, 1).AsType(DataType.Int8));
var f = CpuNDBuffer.Create([2, 3], DataType.Float64, MemoryOrder.F, -0.0);
Console.WriteLine($"{f.IsContiguous(MemoryOrder.F)} {f.AllEqual(0.0)} {f.AllEqual(-0.0)} {f.AllEqual(0)}");
var s = CpuNDBuffer.Create([], DataType.Int64, fillValue: 7);
Console.WriteLine($"{s} scalar={s.AsScalar()} {s.Reshape(1, 1)}");
r[new NRange(0, 1)] = CpuNDBuffer.FromArray([100.7], []);
Console.WriteLine(r);
Console.WriteLine(CpuNDBuffer.FromArray([300.7, -1.5, double.NaN], [3]).AsType(DataType.UInt8));
Console.WriteLine(CpuNDBuffer.Create([0, 3], DataType.Int32).AllEqual(5));
