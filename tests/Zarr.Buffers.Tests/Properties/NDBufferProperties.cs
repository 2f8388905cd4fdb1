using System.Numerics;
using CsCheck;
using Zarr.Testing.CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// <see cref="NDBuffer"/> reshape, transpose, squeeze and <see cref="NDBuffer.AsType"/> against a model that is a
/// flat C-order list and a shape, indexed element by element.
/// </summary>
public class NDBufferProperties
{
    private static readonly long Iter = PropertyGen.Iterations(500);

    private static readonly DataType[] RealTypes = [.. DataType.All.Where(d => d.Kind != DataTypeKind.Complex)];

    private static readonly Gen<(long[] Shape, int[] Axes)> ShapesAndPermutations =
        ZarrGen.Shape(4, 4).SelectMany(shape => ZarrGen.Permutation(shape.Length).Select(axes => (shape, axes)));

    [Fact]
    public void Transpose_moves_every_element_as_the_model_does_and_its_inverse_restores_it() =>
        ShapesAndPermutations.Sample(t =>
        {
            var (shape, axes) = t;
            var source = Arange(shape);

            var transposed = source.Transpose(axes);

            long[] expectedShape = [.. axes.Select(a => shape[a])];
            transposed.Shape.ToArray().Should().Equal(expectedShape);
            Ints(transposed).Should().Equal(Enumerable.Range(0, (int)Size(shape)).Select(i =>
                Ravel(Permuted(Unravel(i, expectedShape), axes), shape)));
            Ints(transposed.Transpose(Inverse(axes))).Should().Equal(Ints(source));
        }, iter: Iter);

    [Fact]
    public void Reshape_keeps_the_c_order_of_contiguous_and_transposed_data_and_reshapes_back() =>
        Gen.Select(ShapesAndPermutations, Gen.Int[0, 3], Gen.Bool).SelectMany(t =>
            Gen.Shuffle(t.Item1.Shape.Concat(Enumerable.Repeat(1L, t.Item2)).ToArray()).Select(target => (t.Item1, target, t.Item3)))
        .Sample(t =>
        {
            var ((shape, axes), target, inferOne) = t;
            var source = Arange(shape).Transpose(axes);
            int[] model = Ints(source);
            long[] request = [.. target];
            if (inferOne && request.Length > 0 && Size(target) > 0)
            {
                request[0] = -1;
            }

            var reshaped = source.Reshape(request);

            reshaped.Shape.ToArray().Should().Equal(target);
            Ints(reshaped).Should().Equal(model);
            Ints(reshaped.Reshape(source.Shape.ToArray())).Should().Equal(model);
        }, iter: Iter);

    [Fact]
    public void Squeeze_drops_exactly_the_axes_of_length_one_and_rejects_others() =>
        Gen.Select(ZarrGen.Shape(4, 3), Gen.Int[-5, 4]).Sample((shape, axis) =>
        {
            var source = Arange(shape);

            var squeezed = source.Squeeze();

            squeezed.Shape.ToArray().Should().Equal(shape.Where(d => d != 1));
            Ints(squeezed).Should().Equal(Ints(source));
            Action one = () => source.Squeeze(axis);
            if (axis < -shape.Length || axis >= shape.Length)
            {
                one.Should().Throw<ArgumentOutOfRangeException>();
            }
            else if (shape[axis < 0 ? axis + shape.Length : axis] != 1)
            {
                one.Should().Throw<ArgumentException>();
            }
            else
            {
                source.Squeeze(axis).Shape.ToArray().Should().Equal(shape.Where((_, i) => i != (axis < 0 ? axis + shape.Length : axis)));
            }
        }, iter: Iter);

    [Fact]
    public void AsType_converts_every_element_as_the_reference_casts_do() =>
        Gen.Select(PropertyGen.OneOf(RealTypes), PropertyGen.OneOf(DataType.All), ShapesAndPermutations, PropertyGen.OneOf([MemoryOrder.C, MemoryOrder.F, MemoryOrder.K]))
        .SelectMany(t => Elements(t.Item1, t.Item2, Size(t.Item3.Shape)).Select(values => (t, values)))
        .Sample(s =>
        {
            var ((from, to, (shape, axes), order), values) = s;
            var source = from.Accept(new Maker(values, shape)).Transpose(axes);
            object[] model = ReadObjects(source);

            var converted = source.AsType(to, order);

            converted.DType.Should().Be(to);
            converted.Shape.ToArray().Should().Equal(source.Shape.ToArray());
            ReadObjects(converted).Should().Equal(model.Select(v => Reference(v, to)));
        }, iter: Iter);

    private static CpuNDBuffer Arange(long[] shape) => CpuNDBuffer.FromArray(Enumerable.Range(0, (int)Size(shape)).ToArray(), shape);

    private static int[] Ints(NDBuffer buffer) => [.. buffer.AsTensor<int>()];

    private static object[] ReadObjects(NDBuffer buffer) => buffer.DType.Accept(new Reader(buffer));

    private static long Size(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    private static long[] Unravel(long flat, long[] shape)
    {
        long[] index = new long[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            index[axis] = flat % shape[axis];
            flat /= shape[axis];
        }

        return index;
    }

    private static int Ravel(long[] index, long[] shape) => (int)index.Zip(shape).Aggregate(0L, (flat, p) => (flat * p.Second) + p.First);

    /// <summary>The source index of result index <paramref name="index"/>: source axis <c>axes[m]</c> is result axis m.</summary>
    private static long[] Permuted(long[] index, int[] axes)
    {
        long[] source = new long[axes.Length];
        for (int m = 0; m < axes.Length; m++)
        {
            source[axes[m]] = index[m];
        }

        return source;
    }

    private static int[] Inverse(int[] axes) => [.. Enumerable.Range(0, axes.Length).Select(a => Array.IndexOf(axes, a))];

    /// <summary>
    /// Elements of <paramref name="from"/>: integers over their whole range (from random 64-bit patterns), floats
    /// with fractions (within float16's range), and NaN, infinities and -0 unless the target is an integer type (numpy leaves those undefined).
    /// </summary>
    private static Gen<object[]> Elements(DataType from, DataType to, long count)
    {
        bool specials = to.Kind is DataTypeKind.Float or DataTypeKind.Complex or DataTypeKind.Bool;
        var real = specials
            ? Gen.Frequency((6, Gen.Double[-60_000, 60_000]), (1, PropertyGen.OneOf([double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.5, -0.5])))
            : Gen.Double[-60_000, 60_000];
        var element = from.Kind is DataTypeKind.Float ? real.Select(d => BoxReal(from, d)) : Gen.Long.Select(bits => BoxBits(from, bits));
        return element.Array[(int)count];
    }

    private static object BoxBits(DataType dtype, long bits) => dtype.Name switch
    {
        "bool" => (object)((bits & 1) == 1),
        "int8" => (sbyte)bits,
        "int16" => (short)bits,
        "int32" => (int)bits,
        "int64" => bits,
        "uint8" => (byte)bits,
        "uint16" => (ushort)bits,
        "uint32" => (uint)bits,
        _ => (ulong)bits,
    };

    private static object BoxReal(DataType dtype, double value) => dtype.Name switch
    {
        "float16" => (object)(Half)value,
        "float32" => (float)value,
        _ => value,
    };

    /// <summary>numpy's unsafe cast of one element, by C#'s own conversions: integers wrap, floats truncate, anything into bool is <c>!= 0</c>.</summary>
    private static object Reference(object value, DataType to) => value switch
    {
        bool b => FromInteger(b ? 1 : 0, to),
        sbyte or short or int or long => FromInteger(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), to),
        byte or ushort or uint or ulong => FromInteger(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture), to),
        Half h => FromReal((double)h, to),
        float f => FromReal(f, to),
        double d => FromReal(d, to),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a real element"),
    };

    private static object FromInteger(Int128 value, DataType to) => to.Kind switch
    {
        DataTypeKind.Bool => value != 0,
        DataTypeKind.SignedInteger or DataTypeKind.UnsignedInteger => BoxBits(to, (long)value),
        _ => ToFloat(to, value < 0 ? (long)value : (double)(ulong)value, value < 0 ? (long)value : (float)(ulong)value),
    };

    private static object FromReal(double value, DataType to) => to.Kind switch
    {
        DataTypeKind.Bool => value != 0,
        DataTypeKind.SignedInteger or DataTypeKind.UnsignedInteger => FromInteger((Int128)Math.Truncate(value), to),
        _ => ToFloat(to, value, (float)value),
    };

    /// <summary>A float or complex element; each width is rounded once, from the exact value, so no double rounding hides.</summary>
    private static object ToFloat(DataType to, double asDouble, float asSingle) => to.Name switch
    {
        "float16" => (object)(Half)asDouble,
        "float32" => asSingle,
        "float64" => asDouble,
        "complex64" => new Complex64(asSingle, 0),
        _ => new Complex(asDouble, 0),
    };

    private readonly struct Maker(object[] values, long[] shape) : IDataTypeVisitor<NDBuffer>
    {
        public NDBuffer Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T> => CpuNDBuffer.FromArray(values.Cast<T>().ToArray(), shape);
    }

    private readonly struct Reader(NDBuffer buffer) : IDataTypeVisitor<object[]>
    {
        public object[] Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var elements = new List<object>();
            foreach (T element in buffer.AsTensor<T>())
            {
                elements.Add(element);
            }

            return [.. elements];
        }
    }
}
