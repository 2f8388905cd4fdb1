using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// <see cref="IVectorWidth{TVector}"/> on 64-byte vectors: a tile's vector is 4 elements' 16 columns, one load where they
/// are the whole elements. <c>Shuffle</c> is one <c>vpermb</c> where AVX-512 VBMI is present.
/// </summary>
internal readonly struct VectorWidth512 : IVectorWidth<Vector512<byte>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector512<uint>.Count;

    /// <inheritdoc/>
    public static Vector512<byte> Load(ref byte source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    public static void Store(Vector512<byte> vector, ref byte destination, int offset) => vector.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    public static Vector512<byte> Create(ReadOnlySpan<byte> bytes) => Vector512.Create(bytes);

    /// <inheritdoc/>
    public static Vector512<byte> Shuffle(Vector512<byte> vector, Vector512<byte> indices) => Vector512.Shuffle(vector, indices);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> LoadColumns(ref byte first, int element, int typeSize) =>
        typeSize == Lanes
            ? Load(ref first, element * typeSize)
            : ByteRows.Gather512<Vector128<byte>>(ref Unsafe.Add(ref first, element * typeSize), typeSize);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumns(Vector512<byte> columns, ref byte first, int element, int typeSize)
    {
        if (typeSize == Lanes)
        {
            Store(columns, ref first, element * typeSize);
            return;
        }

        ByteRows.Scatter512<Vector128<byte>>(columns, ref Unsafe.Add(ref first, element * typeSize), typeSize);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exchange(ref Vector512<byte> low, ref Vector512<byte> high, Vector512<byte> swap, Vector512<byte> upper)
    {
        Vector512<uint> lowLanes = low.AsUInt32();
        Vector512<uint> highLanes = high.AsUInt32();
        low = Vector512.ConditionalSelect(upper.AsUInt32(), Vector512.ShuffleNative(highLanes, swap.AsUInt32()), lowLanes).AsByte();
        high = Vector512.ConditionalSelect(upper.AsUInt32(), highLanes, Vector512.ShuffleNative(lowLanes, swap.AsUInt32())).AsByte();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> GatherUpTo<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged => ByteRows.GatherUpTo512<TRow>(ref row0, rowLength, lastRow);
}
