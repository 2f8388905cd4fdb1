using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// The operations <see cref="ByteShuffle"/>'s tiles (<see cref="ByteTile{TVector}"/>) and odd-size steps need on a vector
/// of bytes, generic over its width so that one body serves all three: <c>TVector</c> is <see cref="Vector512{T}"/>,
/// <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/> of bytes, and the JIT keeps only the arm of its size.
/// </summary>
/// <remarks>
/// A tile's vector holds 4 elements' <see cref="Lanes{TVector}"/> byte columns (16, 8 or 4: the vector's <see cref="uint"/>
/// lanes), one 16-, 8- or 4-byte piece per element, or one load where the 16 columns are the whole element. The 512- and
/// 256-bit byte permutations cross 128-bit lanes, so they use <c>Shuffle</c>, one <c>vpermb</c> where AVX-512 VBMI is
/// present and emulated correctly on AVX2 (<c>ShuffleNative</c> may permute bytes within lanes only); 128-bit ones are one
/// <c>pshufb</c> or <c>tbl</c> (<c>ShuffleNative</c>, every index in range), and so are the transpose's <see cref="uint"/>
/// lane permutations at every width (<c>vpermd</c>, <c>vpshufd</c>).
/// </remarks>
internal static class ByteVectors
{
    /// <summary>The <see cref="uint"/> lanes of a vector: 16, 8 or 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Lanes<TVector>()
        where TVector : unmanaged => Unsafe.SizeOf<TVector>() / sizeof(uint);

    /// <summary>The vector's bytes at <paramref name="offset"/> from <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Load<TVector>(ref byte source, int offset)
        where TVector : unmanaged => Unsafe.ReadUnaligned<TVector>(ref Unsafe.Add(ref source, offset));

    /// <summary>Stores <paramref name="vector"/> at <paramref name="offset"/> from <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TVector>(TVector vector, ref byte destination, int offset)
        where TVector : unmanaged => Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, offset), vector);

    /// <summary>The vector of <paramref name="bytes"/>, which has the vector's length.</summary>
    public static TVector Create<TVector>(ReadOnlySpan<byte> bytes)
        where TVector : unmanaged => MemoryMarshal.Read<TVector>(bytes);

    /// <summary>Byte <c>i</c> of the result is byte <c>indices[i]</c> of <paramref name="vector"/>, across the whole vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Shuffle<TVector>(TVector vector, TVector indices)
        where TVector : unmanaged => Unsafe.SizeOf<TVector>() switch
        {
            64 => Unsafe.BitCast<Vector512<byte>, TVector>(Vector512.Shuffle(To512(vector), To512(indices))),
            32 => Unsafe.BitCast<Vector256<byte>, TVector>(Vector256.Shuffle(To256(vector), To256(indices))),
            _ => Unsafe.BitCast<Vector128<byte>, TVector>(Vector128.ShuffleNative(To128(vector), To128(indices))),
        };

    /// <summary>The <see cref="Lanes{TVector}"/> bytes at <paramref name="first"/> of elements <paramref name="element"/> .. <paramref name="element"/> + 3, one after the other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector LoadColumns<TVector>(ref byte first, int element, int typeSize)
        where TVector : unmanaged
    {
        ref byte elements = ref Unsafe.Add(ref first, element * typeSize);
        return typeSize == Lanes<TVector>() ? Load<TVector>(ref elements, 0) : Unsafe.SizeOf<TVector>() switch
        {
            64 => Unsafe.BitCast<Vector512<byte>, TVector>(ByteRows.Gather512<Vector128<byte>>(ref elements, typeSize)),
            32 => Unsafe.BitCast<Vector256<byte>, TVector>(ByteRows.Gather256<ulong>(ref elements, typeSize)),
            _ => Unsafe.BitCast<Vector128<byte>, TVector>(ByteRows.Gather128<uint>(ref elements, typeSize)),
        };
    }

    /// <summary>Undoes <see cref="LoadColumns{TVector}"/>: stores the four elements' <see cref="Lanes{TVector}"/> bytes, in element order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreColumns<TVector>(TVector columns, ref byte first, int element, int typeSize)
        where TVector : unmanaged
    {
        ref byte elements = ref Unsafe.Add(ref first, element * typeSize);
        if (typeSize == Lanes<TVector>())
        {
            Store(columns, ref elements, 0);
        }
        else if (Unsafe.SizeOf<TVector>() == Vector512<byte>.Count)
        {
            ByteRows.Scatter512<Vector128<byte>>(To512(columns), ref elements, typeSize);
        }
        else if (Unsafe.SizeOf<TVector>() == Vector256<byte>.Count)
        {
            ByteRows.Scatter256<ulong>(To256(columns), ref elements, typeSize);
        }
        else
        {
            ByteRows.Scatter128<uint>(To128(columns), ref elements, typeSize);
        }
    }

    /// <summary>
    /// Swaps the lanes of <paramref name="low"/> that <paramref name="upper"/> marks with the unmarked lanes of
    /// <paramref name="high"/>, brought beside each other by the <see cref="uint"/> lane permutation <paramref name="swap"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exchange<TVector>(ref TVector low, ref TVector high, TVector swap, TVector upper)
        where TVector : unmanaged
    {
        // Both read before either is written: the two may alias as far as the JIT knows, and it would reload one.
        TVector lowLanes = low;
        TVector highLanes = high;
        low = Select(upper, ShuffleLanes(highLanes, swap), lowLanes);
        high = Select(upper, highLanes, ShuffleLanes(lowLanes, swap));
    }

    /// <summary>The vector's worth of <typeparamref name="TRow"/> row pieces, as <see cref="ByteRows.GatherUpTo512{TRow}"/> has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector GatherUpTo<TVector, TRow>(ref byte row0, int rowLength, int lastRow)
        where TVector : unmanaged
        where TRow : unmanaged => Unsafe.SizeOf<TVector>() switch
        {
            64 => Unsafe.BitCast<Vector512<byte>, TVector>(ByteRows.GatherUpTo512<TRow>(ref row0, rowLength, lastRow)),
            32 => Unsafe.BitCast<Vector256<byte>, TVector>(ByteRows.GatherUpTo256<TRow>(ref row0, rowLength, lastRow)),
            _ => Unsafe.BitCast<Vector128<byte>, TVector>(ByteRows.GatherUpTo128<TRow>(ref row0, rowLength, lastRow)),
        };

    // Lane c of the result is uint lane indices[c] of vector: vpermd or vpshufd (tbl on AdvSimd).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ShuffleLanes<TVector>(TVector vector, TVector indices)
        where TVector : unmanaged => Unsafe.SizeOf<TVector>() switch
        {
            64 => Unsafe.BitCast<Vector512<uint>, TVector>(Vector512.ShuffleNative(To512(vector).AsUInt32(), To512(indices).AsUInt32())),
            32 => Unsafe.BitCast<Vector256<uint>, TVector>(Vector256.ShuffleNative(To256(vector).AsUInt32(), To256(indices).AsUInt32())),
            _ => Unsafe.BitCast<Vector128<uint>, TVector>(Vector128.ShuffleNative(To128(vector).AsUInt32(), To128(indices).AsUInt32())),
        };

    // The bits of whenSet where mask has them set, else of whenClear.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Select<TVector>(TVector mask, TVector whenSet, TVector whenClear)
        where TVector : unmanaged => Unsafe.SizeOf<TVector>() switch
        {
            64 => Unsafe.BitCast<Vector512<byte>, TVector>(Vector512.ConditionalSelect(To512(mask), To512(whenSet), To512(whenClear))),
            32 => Unsafe.BitCast<Vector256<byte>, TVector>(Vector256.ConditionalSelect(To256(mask), To256(whenSet), To256(whenClear))),
            _ => Unsafe.BitCast<Vector128<byte>, TVector>(Vector128.ConditionalSelect(To128(mask), To128(whenSet), To128(whenClear))),
        };

    private static Vector512<byte> To512<TVector>(TVector vector)
        where TVector : unmanaged => Unsafe.BitCast<TVector, Vector512<byte>>(vector);

    private static Vector256<byte> To256<TVector>(TVector vector)
        where TVector : unmanaged => Unsafe.BitCast<TVector, Vector256<byte>>(vector);

    private static Vector128<byte> To128<TVector>(TVector vector)
        where TVector : unmanaged => Unsafe.BitCast<TVector, Vector128<byte>>(vector);
}
