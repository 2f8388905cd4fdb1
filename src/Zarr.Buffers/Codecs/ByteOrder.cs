using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Zarr.Buffers;

namespace Zarr.Codecs;

/// <summary>Byte-order conversion between the host's order and an encoded one, vectorised.</summary>
internal static class ByteOrder
{
    /// <summary>Whether values of <paramref name="dtype"/> must be byte-swapped to be read or written in <paramref name="endian"/>.</summary>
    public static bool NeedsSwap(DataType dtype, Endian endian) =>
        dtype.ItemSize > 1 && (endian == Endian.Little) != BitConverter.IsLittleEndian;

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> (same length, or the very same memory)
    /// reversing the bytes of every scalar of <paramref name="dtype"/>: each part of a complex number on its own.
    /// </summary>
    public static void Swap(ReadOnlySpan<byte> source, Span<byte> destination, DataType dtype)
    {
        int width = dtype.Kind == DataTypeKind.Complex ? dtype.ItemSize / 2 : dtype.ItemSize;
        switch (width)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination));
                break;
            default:
                source.CopyTo(destination);
                break;
        }
    }
}
