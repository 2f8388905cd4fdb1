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

    /// <summary>The fill value as an element of <paramref name="dtype"/> (a <see cref="float"/> for float32 and so on).</summary>
    public static object Parse(MetadataReader reader, JsonNode node, DataType dtype)
    {
        const string Field = "fill_value";
        try
        {
            return dtype.Kind switch
            {
                DataTypeKind.Bool => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? v.GetValue<bool>() : throw new FormatException("expected true or false"),
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

    private static JsonValue WriteReal(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);

    private static JsonValue WriteReal(float value) =>
        float.IsFinite(value) ? JsonValue.Create(value) : WriteReal((double)value);

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
