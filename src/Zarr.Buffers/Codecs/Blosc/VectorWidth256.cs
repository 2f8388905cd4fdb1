using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// <see cref="IVectorWidth{TVector}"/> on 32-byte vectors: a tile's vector is 4 elements' 8 columns, one 8-byte piece each.
/// <c>Shuffle</c> crosses the 128-bit lanes, which AVX2 emulates correctly (<c>ShuffleNative</c> would permute bytes within lanes only); the
/// transpose's <see cref="uint"/> lane permutations are one <c>vpermd</c>.
/// </summary>
internal readonly struct VectorWidth256 : IVectorWidth<Vector256<byte>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector256<uint>.Count;

    /// <inheritdoc/>
    public static Vector256<byte> Load(ref byte source, int offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    /// <inheritdoc/>
    public static void Store(Vector256<byte> vector, ref byte destination, int offset) => vector.StoreUnsafe(ref destination, (nuint)offset);

    /// <inheritdoc/>
    public static Vector256<byte> Create(ReadOnlySpan<byte> bytes) => Vector256.Create(bytes);

    /// <inheritdoc/>
    public static Vector256<byte> Shuffle(Vector256<byte> vector, Vector256<byte> indices) => Vector256.Shuffle(vector, indices);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadColumns(ref byte first, int element, int typeSize) =>
        ByteRows.Gather256<ulong>(ref Unsafe.Add(ref first, element * typeSize), typeSize);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumns(Vector256<byte> columns, ref byte first, int element, int typeSize) =>
        ByteRows.Scatter256<ulong>(columns, ref Unsafe.Add(ref first, element * typeSize), typeSize);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exchange(ref Vector256<byte> low, ref Vector256<byte> high, Vector256<byte> swap, Vector256<byte> upper)
    {
        Vector256<uint> lowLanes = low.AsUInt32();
        Vector256<uint> highLanes = high.AsUInt32();
        low = Vector256.ConditionalSelect(upper.AsUInt32(), Vector256.ShuffleNative(highLanes, swap.AsUInt32()), lowLanes).AsByte();
        high = Vector256.ConditionalSelect(upper.AsUInt32(), highLanes, Vector256.ShuffleNative(lowLanes, swap.AsUInt32())).AsByte();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> GatherUpTo<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged => ByteRows.GatherUpTo256<TRow>(ref row0, rowLength, lastRow);
}
