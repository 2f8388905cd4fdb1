using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;

namespace Zarr.Buffers.Internal;

/// <summary>
/// Bytes seen as the elements they hold, without copying, where the runtime allows it. A <see cref="System.Numerics.Tensors.Tensor{T}"/>
/// wraps only a <c>T[]</c>, so this succeeds when the bytes are a view of a <c>T[]</c> (as the bytes codec's encode
/// and a pooled scratch make them) or, for one-byte integers, a <c>byte[]</c>; bytes that began life in a <c>byte[]</c>
/// cannot become wider elements without a copy.
/// </summary>
internal static class ElementMemory
{
    /// <summary>The elements whose bytes <paramref name="bytes"/> are, exactly: same address, same length.</summary>
    public static bool TryGetArray<T>(Memory<byte> bytes, out ArraySegment<T> elements)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0)
        {
            elements = default;
            return false;
        }

        // The CLR lets a byte[] be an sbyte[] (same size, same representation), but no cast makes it a bool[].
        elements = default;
        bool found = typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte)
            ? MemoryMarshal.TryGetArray((ReadOnlyMemory<byte>)bytes, out ArraySegment<byte> raw) && Reinterpret(raw, out elements)
            : MemoryMarshal.TryGetArray((ReadOnlyMemory<T>)bytes.Cast<byte, T>(), out elements);

        // A cast back to T of bytes sliced at an offset that is not a multiple of the element size lands on another
        // address, so the view is taken only when it starts exactly where the bytes do.
        return found && elements.Count * size == bytes.Length && (elements.Count == 0
            || Unsafe.AreSame(ref Unsafe.As<T, byte>(ref elements.Array![elements.Offset]), ref MemoryMarshal.GetReference(bytes.Span)));
    }

    private static bool Reinterpret<T>(ArraySegment<byte> raw, out ArraySegment<T> elements)
    {
        if (raw.Array is object array && array is T[] typed)
        {
            elements = new ArraySegment<T>(typed, raw.Offset, raw.Count);
            return true;
        }

        elements = default;
        return false;
    }
}
