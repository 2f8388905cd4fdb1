using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Up to 16 vectors of 64 bytes, seen as a square of <c>64 / sizeof(TLane)</c> lanes of <c>TLane</c> (<see cref="uint"/>
/// or <see cref="ulong"/>) that <see cref="Transpose{TLane}"/> turns over: lane <c>c</c> of vector <c>r</c> trades places
/// with lane <c>r</c> of vector <c>c</c>. <see cref="ByteShuffle"/> uses it to move 64 elements of 16 or 8 bytes at a time,
/// so that each byte row gets (or gives) one whole 64-byte line in one store (or load).
/// </summary>
[InlineArray(MaxVectors)]
internal struct ByteTile
{
    /// <summary>The most vectors a tile holds: the lanes of the narrowest lane type, <see cref="uint"/>.</summary>
    public const int MaxVectors = 16;

    private Vector512<byte> _vector;

    /// <summary>Transposes the square of vectors <c>0 .. 64 / sizeof(TLane) - 1</c>.</summary>
    /// <remarks>
    /// At each level, from halves down to single lanes, the two off-diagonal blocks of every square swap: vector <c>r</c>
    /// takes the upper blocks from vector <c>r + block</c>, which takes the lower ones from vector <c>r</c>.
    /// </remarks>
    public void Transpose<TLane>()
        where TLane : unmanaged
    {
        int lanes = Vector512<byte>.Count / Unsafe.SizeOf<TLane>();
        int level = 0;
        for (int block = lanes / 2; block >= 1; block /= 2, level++)
        {
            Vector512<byte> swap = Levels<TLane>.Swaps[level];
            Vector512<byte> upper = Levels<TLane>.Uppers[level];
            for (int r = 0; r < lanes; r++)
            {
                if ((r & block) == 0)
                {
                    Exchange<TLane>(ref this[r], ref this[r + block], swap, upper);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Exchange<TLane>(ref Vector512<byte> low, ref Vector512<byte> high, Vector512<byte> swap, Vector512<byte> upper)
        where TLane : unmanaged
    {
        Vector512<byte> lowSwapped = Swapped<TLane>(low, swap);
        Vector512<byte> highSwapped = Swapped<TLane>(high, swap);
        low = Vector512.ConditionalSelect(upper, highSwapped, low);
        high = Vector512.ConditionalSelect(upper, high, lowSwapped);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Swapped<TLane>(Vector512<byte> vector, Vector512<byte> swap)
        where TLane : unmanaged =>
        typeof(TLane) == typeof(uint)
            ? Vector512.ShuffleNative(vector.AsUInt32(), swap.AsUInt32()).AsByte()
            : Vector512.ShuffleNative(vector.AsUInt64(), swap.AsUInt64()).AsByte();

    // Per level (block = lanes / 2, lanes / 4, ..., 1): the lane permutation c -> c ^ block that brings each block beside
    // its partner, and the mask of the lanes c with (c & block) != 0, the upper block of each pair.
    private static class Levels<TLane>
        where TLane : unmanaged
    {
        public static readonly Vector512<byte>[] Swaps = Build(static (lane, block) => (ulong)(lane ^ block));
        public static readonly Vector512<byte>[] Uppers = Build(static (lane, block) => (lane & block) != 0 ? ulong.MaxValue : 0);

        private static Vector512<byte>[] Build(Func<int, int, ulong> laneValue)
        {
            int lanes = Vector512<byte>.Count / Unsafe.SizeOf<TLane>();
            var levels = new List<Vector512<byte>>();
            for (int block = lanes / 2; block >= 1; block /= 2)
            {
                var bytes = new byte[Vector512<byte>.Count];
                for (int lane = 0; lane < lanes; lane++)
                {
                    Span<byte> laneBytes = bytes.AsSpan(lane * Unsafe.SizeOf<TLane>(), Unsafe.SizeOf<TLane>());
                    if (typeof(TLane) == typeof(uint))
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(laneBytes, (uint)laneValue(lane, block));
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(laneBytes, laneValue(lane, block));
                    }
                }

                levels.Add(Vector512.Create(bytes));
            }

            return [.. levels];
        }
    }
}
