using System.Numerics;
using Zarr.Buffers.Internal;

namespace Zarr.Buffers;

/// <summary>
/// One of the Zarr v3 core data types, with its .NET element type and size. Instances are
/// singletons, so reference equality is value equality.
/// </summary>
/// <remarks>
/// Element types: <see cref="bool"/>, <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>,
/// <see cref="long"/>, <see cref="byte"/>, <see cref="ushort"/>, <see cref="uint"/>, <see cref="ulong"/>,
/// <see cref="Half"/>, <see cref="float"/>, <see cref="double"/>, <see cref="Buffers.Complex64"/> and
/// <see cref="System.Numerics.Complex"/>. Values in memory are in the host's byte order.
/// </remarks>
public sealed class DataType
{
    private readonly char _typeChar;

    private DataType(string name, char typeChar, DataTypeKind kind, ElementOps ops)
    {
        Name = name;
        Kind = kind;
        Ops = ops;
        ItemSize = ops.ItemSize;
        _typeChar = typeChar;
    }

    /// <summary>Zarr v3 <c>bool</c> (<see cref="bool"/>).</summary>
    public static DataType Bool { get; } = new("bool", 'b', DataTypeKind.Bool, new BoolOps());

    /// <summary>Zarr v3 <c>int8</c> (<see cref="sbyte"/>).</summary>
    public static DataType Int8 { get; } = new("int8", 'i', DataTypeKind.SignedInteger, new NumericOps<sbyte>());

    /// <summary>Zarr v3 <c>int16</c> (<see cref="short"/>).</summary>
    public static DataType Int16 { get; } = new("int16", 'i', DataTypeKind.SignedInteger, new NumericOps<short>());

    /// <summary>Zarr v3 <c>int32</c> (<see cref="int"/>).</summary>
    public static DataType Int32 { get; } = new("int32", 'i', DataTypeKind.SignedInteger, new NumericOps<int>());

    /// <summary>Zarr v3 <c>int64</c> (<see cref="long"/>).</summary>
    public static DataType Int64 { get; } = new("int64", 'i', DataTypeKind.SignedInteger, new NumericOps<long>());

    /// <summary>Zarr v3 <c>uint8</c> (<see cref="byte"/>).</summary>
    public static DataType UInt8 { get; } = new("uint8", 'u', DataTypeKind.UnsignedInteger, new NumericOps<byte>());

    /// <summary>Zarr v3 <c>uint16</c> (<see cref="ushort"/>).</summary>
    public static DataType UInt16 { get; } = new("uint16", 'u', DataTypeKind.UnsignedInteger, new NumericOps<ushort>());

    /// <summary>Zarr v3 <c>uint32</c> (<see cref="uint"/>).</summary>
    public static DataType UInt32 { get; } = new("uint32", 'u', DataTypeKind.UnsignedInteger, new NumericOps<uint>());

    /// <summary>Zarr v3 <c>uint64</c> (<see cref="ulong"/>).</summary>
    public static DataType UInt64 { get; } = new("uint64", 'u', DataTypeKind.UnsignedInteger, new NumericOps<ulong>());

    /// <summary>Zarr v3 <c>float16</c> (<see cref="Half"/>).</summary>
    public static DataType Float16 { get; } = new("float16", 'f', DataTypeKind.Float, new NumericOps<Half>());

    /// <summary>Zarr v3 <c>float32</c> (<see cref="float"/>).</summary>
    public static DataType Float32 { get; } = new("float32", 'f', DataTypeKind.Float, new NumericOps<float>());

    /// <summary>Zarr v3 <c>float64</c> (<see cref="double"/>).</summary>
    public static DataType Float64 { get; } = new("float64", 'f', DataTypeKind.Float, new NumericOps<double>());

    /// <summary>Zarr v3 <c>complex64</c> (<see cref="Buffers.Complex64"/>).</summary>
    public static DataType Complex64 { get; } = new("complex64", 'c', DataTypeKind.Complex, new Complex64Ops());

    /// <summary>Zarr v3 <c>complex128</c> (<see cref="System.Numerics.Complex"/>).</summary>
    public static DataType Complex128 { get; } = new("complex128", 'c', DataTypeKind.Complex, new NumericOps<Complex>());

    // Static initializers run in textual order, so this list must follow the singletons it holds.
    private static readonly DataType[] s_all = [Bool, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float16, Float32, Float64, Complex64, Complex128];

    /// <summary>Every supported data type, in the order of the Zarr v3 specification.</summary>
    public static IReadOnlyList<DataType> All => s_all;

    /// <summary>The Zarr v3 name, for example <c>float32</c>.</summary>
    public string Name { get; }

    /// <summary>The .NET type of one element, for example <see cref="float"/>.</summary>
    public Type ElementType => Ops.ElementType;

    /// <summary>The size of one element in bytes.</summary>
    public int ItemSize { get; }

    /// <summary>The family: bool, signed or unsigned integer, float or complex.</summary>
    public DataTypeKind Kind { get; }

    internal ElementOps Ops { get; }

    /// <summary>
    /// The data type named <paramref name="name"/>: a Zarr v3 name (<c>float32</c>) or a numpy
    /// typestring (<c>&lt;f4</c>, <c>|b1</c>, <c>&gt;i8</c>, <c>u1</c>). The byte order of a typestring is ignored;
    /// use <see cref="ParseTypeString"/> to read it too.
    /// </summary>
    /// <param name="name">The name to look up.</param>
    /// <returns>The matching data type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> names no supported data type; the message lists the valid names.</exception>
    public static DataType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var dataType, out _) ? dataType : throw UnknownName(name, nameof(name));
    }

    /// <summary>Looks up a Zarr v3 name or a numpy typestring without throwing.</summary>
    /// <param name="name">The name to look up.</param>
    /// <param name="dataType">The matching data type, when found.</param>
    /// <returns>Whether <paramref name="name"/> names a supported data type.</returns>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataType? dataType) =>
        TryParse(name, out dataType, out _);

    /// <summary>
    /// Parses a numpy typestring such as <c>&lt;f4</c> or <c>&gt;i8</c> (as Zarr v2's <c>.zarray</c> holds),
    /// returning the data type and the byte order it states (<see langword="null"/> for one-byte types
    /// and <c>|</c>; the host's order for <c>=</c> or no prefix).
    /// </summary>
    /// <param name="typeString">The typestring.</param>
    /// <param name="byteOrder">The stated byte order, or null when it does not apply.</param>
    /// <returns>The matching data type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="typeString"/> names no supported data type.</exception>
    public static DataType ParseTypeString(string typeString, out Endian? byteOrder)
    {
        ArgumentNullException.ThrowIfNull(typeString);
        return TryParse(typeString, out var dataType, out byteOrder) ? dataType : throw UnknownName(typeString, nameof(typeString));
    }

    /// <summary>The data type whose element type is <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The matching data type.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not one of the supported element types.</exception>
    public static DataType Of<T>() => Of(typeof(T));

    /// <summary>The data type whose element type is <paramref name="elementType"/>.</summary>
    /// <param name="elementType">The element type.</param>
    /// <returns>The matching data type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="elementType"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="elementType"/> is not a supported element type.</exception>
    public static DataType Of(Type elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        foreach (var dataType in s_all)
        {
            if (dataType.ElementType == elementType)
            {
                return dataType;
            }
        }

        throw new ArgumentException(
            $"Element type '{elementType}' is not supported; expected one of: {string.Join(", ", s_all.Select(d => d.ElementType.Name))}.",
            nameof(elementType));
    }

    /// <summary>The numpy typestring in the given byte order, for example <c>&lt;f4</c>; one-byte types use <c>|</c>.</summary>
    /// <param name="byteOrder">The byte order to state.</param>
    /// <returns>The typestring.</returns>
    public string ToTypeString(Endian byteOrder = Endian.Little)
    {
        char order = ItemSize == 1 ? '|' : byteOrder == Endian.Little ? '<' : '>';
        return $"{order}{_typeChar}{ItemSize}";
    }

    /// <summary>Calls <paramref name="visitor"/> with this data type's element type as its type argument.</summary>
    /// <typeparam name="TResult">What the visitor returns.</typeparam>
    /// <param name="visitor">The generic code to run.</param>
    /// <returns>What <paramref name="visitor"/> returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="visitor"/> is null.</exception>
    public TResult Accept<TResult>(IDataTypeVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return Ops.Accept(visitor, this);
    }

    /// <summary>The Zarr v3 name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;

    private static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataType? dataType, out Endian? byteOrder)
    {
        dataType = null;
        byteOrder = null;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var candidate in s_all)
        {
            if (candidate.Name == name)
            {
                dataType = candidate;
                return true;
            }
        }

        ReadOnlySpan<char> body = name;
        Endian? stated = BitConverter.IsLittleEndian ? Endian.Little : Endian.Big;
        switch (body[0])
        {
            case '<': stated = Endian.Little; body = body[1..]; break;
            case '>': stated = Endian.Big; body = body[1..]; break;
            case '|': body = body[1..]; break;
            case '=': body = body[1..]; break;
        }

        if (body.SequenceEqual("?"))
        {
            body = "b1";
        }

        foreach (var candidate in s_all)
        {
            if (body.Length >= 2 && body[0] == candidate._typeChar
                && int.TryParse(body[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size)
                && size == candidate.ItemSize)
            {
                dataType = candidate;
                byteOrder = candidate.ItemSize == 1 ? null : stated;
                return true;
            }
        }

        return false;
    }

    private static ArgumentException UnknownName(string name, string paramName) => new(
        $"'{MessageText.Bounded(name)}' is not a supported data type; expected a Zarr v3 name ({string.Join(", ", s_all.Select(d => d.Name))}) or a numpy typestring such as '<f4' or '|b1'.",
        paramName);
}
