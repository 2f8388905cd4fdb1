using System.Globalization;
using System.Numerics;

namespace Zarr.Buffers.Tests;

/// <summary>
/// Builds and reads buffers element by element through <see cref="IDataTypeVisitor{TResult}"/>, independently of
/// the library's own conversion kernels, so that tests of those kernels do not check them against themselves.
/// </summary>
internal static class Values
{
    /// <summary>A C-order buffer of <paramref name="dtype"/> holding <paramref name="values"/>, each cast exactly by the C# rules.</summary>
    public static CpuNDBuffer Make(DataType dtype, double[] values, params long[] shape) =>
        dtype.Accept(new Maker(values, shape.Length == 0 && values.Length != 1 ? [values.Length] : shape));

    /// <summary>The elements in C order, as doubles (complex: the real part; the imaginary part must be 0).</summary>
    public static double[] Read(NDBuffer buffer) => buffer.DType.Accept(new Reader(buffer));

    /// <summary>The element of <paramref name="dtype"/>'s element type for <paramref name="value"/>, boxed.</summary>
    public static object Box(DataType dtype, double value) => dtype.Name switch
    {
        "bool" => value != 0,
        "int8" => (sbyte)value,
        "int16" => (short)value,
        "int32" => (int)value,
        "int64" => (long)value,
        "uint8" => (byte)value,
        "uint16" => (ushort)value,
        "uint32" => (uint)value,
        "uint64" => (ulong)value,
        "float16" => (Half)value,
        "float32" => (float)value,
        "float64" => value,
        "complex64" => new Complex64((float)value, 0),
        "complex128" => new Complex(value, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no such data type"),
    };

    public static double Unbox(object value) => value switch
    {
        bool b => b ? 1 : 0,
        Half h => (double)h,
        Complex64 c => c.Imaginary == 0 ? c.Real : throw new InvalidOperationException($"{c} is not real"),
        Complex c => c.Imaginary == 0 ? c.Real : throw new InvalidOperationException($"{c} is not real"),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private readonly struct Maker(double[] values, long[] shape) : IDataTypeVisitor<CpuNDBuffer>
    {
        public CpuNDBuffer Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var dtype = dataType;
            T[] elements = [.. values.Select(v => (T)Box(dtype, v))];
            return CpuNDBuffer.FromArray(elements, shape);
        }
    }

    private readonly struct Reader(NDBuffer buffer) : IDataTypeVisitor<double[]>
    {
        public double[] Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var tensor = buffer.AsTensor<T>();
            var result = new List<double>();
            foreach (T element in tensor)
            {
                result.Add(Unbox(element));
            }

            return [.. result];
        }
    }
}
