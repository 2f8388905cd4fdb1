using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// <see cref="IVectorWidth{TVector}"/> on 16-byte vectors: a tile's vector is 4 elements' 4 columns, one 4-byte piece each;
/// <c>ShuffleNative</c> is one <c>pshufb</c> (SSSE3) or <c>tbl</c> (AdvSimd), and every index is in range.
/// </summary>
internal readonly struct VectorWidth128 : IVectorWidth<Vector128<byte>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector128<uint>.Count;

    /// <inheritdoc/>
    public static Vector128<byte> Load(ref byte source, int offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    public static void Store(Vector128<byte> vector, ref byte destination, int offset) => vector.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    public static Vector128<byte> Create(ReadOnlySpan<byte> bytes) => Vector128.Create(bytes);

    /// <inheritdoc/>
    public static Vector128<byte> Shuffle(Vector128<byte> vector, Vector128<byte> indices) => Vector128.ShuffleNative(vector, indices);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> LoadColumns(ref byte first, int element, int typeSize) =>
        ByteRows.Gather128<uint>(ref Unsafe.Add(ref first, element * typeSize), typeSize);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumns(Vector128<byte> columns, ref byte first, int element, int typeSize) =>
        ByteRows.Scatter128<uint>(columns, ref Unsafe.Add(ref first, element * typeSize), typeSize);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exchange(ref Vector128<byte> low, ref Vector128<byte> high, Vector128<byte> swap, Vector128<byte> upper)
    {
        Vector128<uint> lowLanes = low.AsUInt32();
        Vector128<uint> highLanes = high.AsUInt32();
        low = Vector128.ConditionalSelect(upper.AsUInt32(), Vector128.ShuffleNative(highLanes, swap.AsUInt32()), lowLanes).AsByte();
        high = Vector128.ConditionalSelect(upper.AsUInt32(), highLanes, Vector128.ShuffleNative(lowLanes, swap.AsUInt32())).AsByte();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> GatherUpTo<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged => ByteRows.GatherUpTo128<TRow>(ref row0, rowLength, lastRow);
}
