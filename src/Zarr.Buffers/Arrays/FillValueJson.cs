using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Buffers;

namespace Zarr.Arrays;

/// <summary>
/// The JSON encoding of fill values shared by Zarr v2 and v3: bools, integers, floats as numbers or
/// as <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> and hex bit patterns (<c>"0x7fc00000"</c>),
/// complex numbers as <c>[real, imaginary]</c>.
/// </summary>
internal static class FillValueJson
{
    // numpy's NaN: a positive quiet NaN. .NET's float.NaN has the sign bit set, which would change the bytes of fill chunks.
    private static readonly double s_nan = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000);

    /// <summary>
    /// The fill value as an element of <paramref name="dtype"/> (a <see cref="float"/> for float32 and so on).
    /// Zarr v2 also takes 0 and 1 for a bool, as numpy and zarr-python write them; the v3 spec allows only true and false.
    /// </summary>
    public static object Parse(MetadataReader reader, JsonNode node, DataType dtype, int zarrFormat)
    {
        const string Field = "fill_value";
        try
        {
            return dtype.Kind switch
            {
                DataTypeKind.Bool => Bool(node, zarrFormat),
                DataTypeKind.Complex => node is JsonArray { Count: 2 } pair
                    ? Complex(dtype, Real(pair[0], dtype.ItemSize / 2), Real(pair[1], dtype.ItemSize / 2))
                    : throw new FormatException("expected a [real, imaginary] pair"),
                DataTypeKind.Float => Float(dtype, Real(node, dtype.ItemSize)),
                _ => Integer(node, dtype),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            throw reader.Error(Field, $"{MetadataReader.Describe(node)} is not a valid {dtype} value: {ex.Message}");
        }
    }

    /// <summary>The JSON for a fill value held as an element of <paramref name="dtype"/>.</summary>
    public static JsonNode Write(object value, DataType dtype) => value switch
    {
        bool b => (JsonNode)JsonValue.Create(b),
        ulong u => JsonValue.Create(u),
        Half h => WriteReal((double)h),
        float f => WriteReal(f),
        double d => WriteReal(d),
        Complex64 c => new JsonArray(WriteReal(c.Real), WriteReal(c.Imaginary)),
        Complex c => new JsonArray(WriteReal(c.Real), WriteReal(c.Imaginary)),
        _ => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
    } ?? throw new InvalidOperationException($"Fill value {value} of {dtype} has no JSON form.");

    /// <summary>Converts any number to an element of <paramref name="dtype"/> with range checks, as filling a buffer does.</summary>
    public static object ToElement(object value, DataType dtype) => dtype.Ops.ToElement(value, dtype);

    /// <summary>
    /// A fill value given in code, as an element of <paramref name="dtype"/>: converted as <see cref="ToElement"/> does,
    /// with any NaN (or NaN part of a complex) made the NaN that parsing <c>"NaN"</c> gives, so that a fill chunk has
    /// the same bytes whether the metadata was made in code or read back.
    /// </summary>
    public static object FromValue(object value, DataType dtype) => ToElement(value, dtype) switch
    {
        Half h => Half.IsNaN(h) ? (Half)s_nan : h,
        float f => Canonical(f),
        double d => Canonical(d),
        Complex64 c => new Complex64(Canonical(c.Real), Canonical(c.Imaginary)),
        Complex c => new Complex(Canonical(c.Real), Canonical(c.Imaginary)),
        var element => element,
    };

    private static JsonValue WriteReal(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);

    private static JsonValue WriteReal(float value) =>
        float.IsFinite(value) ? JsonValue.Create(value) : WriteReal((double)value);

    private static float Canonical(float value) => float.IsNaN(value) ? (float)s_nan : value;

    private static double Canonical(double value) => double.IsNaN(value) ? s_nan : value;

    private static bool Bool(JsonNode node, int zarrFormat)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.True or JsonValueKind.False:
                    return v.GetValue<bool>();
                case JsonValueKind.Number when zarrFormat == 2 && v.TryGetValue(out long number) && number is 0 or 1:
                    return number == 1;
            }
        }

        throw new FormatException(zarrFormat == 2 ? "expected true, false, 0 or 1" : "expected true or false");
    }

    private static object Integer(JsonNode node, DataType dtype)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue(out long signed))
            {
                return ToElement(signed, dtype);
            }

            if (v.TryGetValue(out ulong unsigned))
            {
                return ToElement(unsigned, dtype);
            }
        }

        throw new FormatException("expected an integer");
    }

    /// <summary>A real component: a number, a special string or a hex bit pattern of <paramref name="size"/> bytes, as bits of a double unless hex.</summary>
    private static RealValue Real(JsonNode? node, int size)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return new(v.GetValue<double>(), null);
        }

        string text = node is JsonValue s && s.GetValueKind() == JsonValueKind.String
            ? s.GetValue<string>() : throw new FormatException("expected a number or a string");
        return text switch
        {
            "NaN" => new(s_nan, null),
            "Infinity" => new(double.PositiveInfinity, null),
            "-Infinity" => new(double.NegativeInfinity, null),
            _ when text.StartsWith("0x", StringComparison.Ordinal) && text.Length == 2 + (2 * size)
                && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong bits)
                => new(0, bits),
            _ => throw new FormatException($"expected \"NaN\", \"Infinity\", \"-Infinity\" or a {size}-byte hex pattern such as \"0x{new string('0', 2 * size)}\""),
        };
    }

    private static object Float(DataType dtype, RealValue value) => dtype.ItemSize switch
    {
        2 => value.Bits is { } b ? BitConverter.UInt16BitsToHalf((ushort)b) : (Half)value.Number,
        4 => value.Bits is { } b ? BitConverter.UInt32BitsToSingle((uint)b) : (float)value.Number,
        _ => value.Bits is { } b ? BitConverter.UInt64BitsToDouble(b) : value.Number,
    };

    private static object Complex(DataType dtype, RealValue real, RealValue imaginary) =>
        dtype == DataType.Complex64
            ? (object)new Complex64((float)Float(DataType.Float32, real), (float)Float(DataType.Float32, imaginary))
            : (object)new Complex((double)Float(DataType.Float64, real), (double)Float(DataType.Float64, imaginary));

    private readonly record struct RealValue(double Number, ulong? Bits);
}
