using CsCheck;
using Zarr.Buffers;

namespace Zarr.Testing.CsCheck;

/// <summary>
/// CsCheck generators for Zarr code, after zarr-python's <c>zarr.testing.strategies</c>: data types, element values with
/// their edge cases, shapes and chunk shapes, array metadata with codec chains, buffers made through a chosen
/// prototype, store keys, byte requests and regions.
/// </summary>
/// <remarks>
/// Every generator shrinks toward the simplest case: CsCheck keeps the failing sample of the smallest size, and here
/// the alternatives of each choice are ordered simplest first (no codec before a codec, the first data type before
/// the last, 0 before other values), so a failure is reported on the smallest input that still fails. The generators
/// make fresh objects for every sample; a test may change what it is given.
/// </remarks>
public static partial class ZarrGen
{
    // Simplest first: single bytes (any bit pattern is an element), then wider integers, then floats and complex.
    private static readonly DataType[] s_dataTypes =
    [
        Buffers.DataType.UInt8, Buffers.DataType.Bool, Buffers.DataType.Int8, Buffers.DataType.UInt16, Buffers.DataType.Int16,
        Buffers.DataType.UInt32, Buffers.DataType.Int32, Buffers.DataType.UInt64, Buffers.DataType.Int64, Buffers.DataType.Float32,
        Buffers.DataType.Float64, Buffers.DataType.Float16, Buffers.DataType.Complex64, Buffers.DataType.Complex128,
    ];

    /// <summary>Every supported data type, shrinking toward <c>uint8</c>.</summary>
    public static Gen<DataType> DataType { get; } = Gen.OneOf(s_dataTypes);

    /// <summary>
    /// The buffer prototypes a test should try: <see cref="BufferPrototype.Default"/> (shrunk to) and
    /// <see cref="PrototypeChecks.Prototype"/>, whose buffer classes catch code that ignores the prototype it was handed.
    /// </summary>
    public static Gen<BufferPrototype> Prototype { get; } = Gen.OneOf(BufferPrototype.Default, PrototypeChecks.Prototype);

    /// <summary>
    /// Elements of <paramref name="dataType"/>, boxed as its <see cref="Buffers.DataType.ElementType"/>: any bit pattern,
    /// and more often than chance the edge cases: 0, 1, -1, the least and greatest integers; for floats (and each part of
    /// a complex) -0.0, infinities, NaNs of both signs with quiet and signalling payloads, the least and greatest
    /// subnormals, the least normal and the greatest finite values. Shrinks toward 0 (false).
    /// </summary>
    /// <param name="dataType">The element type.</param>
    /// <returns>The generator; use it for fill values as well as for elements.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataType"/> is null.</exception>
    public static Gen<object> Value(DataType dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        return dataType.Kind switch
        {
            DataTypeKind.Bool => Gen.Bool.Select(b => (object)b),
            DataTypeKind.Complex => Gen.Select(Bits(DataTypeKind.Float, dataType.ItemSize * 4), Bits(DataTypeKind.Float, dataType.ItemSize * 4),
                (real, imaginary) => ElementBits.Complex(dataType, real, imaginary)),
            _ => Bits(dataType.Kind, dataType.ItemSize * 8).Select(bits => ElementBits.Real(dataType, bits)),
        };
    }

    /// <summary>Bit patterns of <paramref name="width"/> bits: an edge case of the kind (one in three) or any pattern.</summary>
    private static Gen<ulong> Bits(DataTypeKind kind, int width)
    {
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        return Gen.Frequency(
            (1, Gen.OneOf(ElementBits.EdgeCases(kind, width))),
            (2, Gen.ULong.Select(bits => bits & mask)));
    }
}
