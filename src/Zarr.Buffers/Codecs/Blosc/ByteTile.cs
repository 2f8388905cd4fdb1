using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Up to 16 vectors, seen as a square of <c>Lanes x Lanes</c> <see cref="uint"/> lanes that <see cref="Transpose"/> turns
/// over (16 x 16 on 64-byte vectors, 8 x 8 on 32-byte, 4 x 4 on 16-byte): lane <c>c</c> of vector <c>r</c> trades places
/// with lane <c>r</c> of vector <c>c</c>. <see cref="ByteShuffle"/> uses it to move <c>Lanes</c> byte columns of
/// <c>4 * Lanes</c> elements at a time, so that each of those byte rows gets (or gives) one whole vector in one store (or load).
/// </summary>
/// <typeparam name="TVector">A <see cref="System.Runtime.Intrinsics.Vector512{T}"/>, <see cref="System.Runtime.Intrinsics.Vector256{T}"/> or <see cref="System.Runtime.Intrinsics.Vector128{T}"/> of bytes.</typeparam>
[InlineArray(MaxLanes)]
internal struct ByteTile<TVector>
    where TVector : unmanaged
{
    /// <summary>The most vectors a tile holds: the <see cref="uint"/> lanes of a 64-byte vector.</summary>
    public const int MaxLanes = 16;

    private TVector _vector;

    /// <summary>Transposes the square.</summary>
    /// <remarks>
    /// At each level, from halves down to single lanes, the two off-diagonal blocks of every square swap: vector <c>r</c>
    /// takes the upper blocks from vector <c>r + block</c>, which takes the lower ones from vector <c>r</c>. Each level
    /// is spelled out so that its block is a constant: its permutation and mask are then constants to the optimising
    /// JIT, which picks the cheapest instructions for them (a lane shuffle by an immediate, a blend).
    /// </remarks>
    public void Transpose()
    {
        if (ByteVectors.Lanes<TVector>() > 8)
        {
            Level(8);
        }

        if (ByteVectors.Lanes<TVector>() > 4)
        {
            Level(4);
        }

        Level(2);
        Level(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Level(int block)
    {
        TVector swap = Levels.Swap(block);
        TVector upper = Levels.Upper(block);
        for (int r = 0; r < ByteVectors.Lanes<TVector>(); r++)
        {
            if ((r & block) == 0)
            {
                ByteVectors.Exchange(ref this[r], ref this[r + block], swap, upper);
            }
        }
    }

    // Per block (8, 4, 2, 1): the lane permutation c -> c ^ block that brings each block beside its partner, and the
    // mask of the lanes c with (c & block) != 0, the upper block of each pair. Static readonly fields, not an array, so
    // that the JIT sees their values.
    private static class Levels
    {
        private static readonly TVector s_swap8 = SwapOf(8);
        private static readonly TVector s_swap4 = SwapOf(4);
        private static readonly TVector s_swap2 = SwapOf(2);
        private static readonly TVector s_swap1 = SwapOf(1);
        private static readonly TVector s_upper8 = UpperOf(8);
        private static readonly TVector s_upper4 = UpperOf(4);
        private static readonly TVector s_upper2 = UpperOf(2);
        private static readonly TVector s_upper1 = UpperOf(1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Swap(int block) => block switch { 8 => s_swap8, 4 => s_swap4, 2 => s_swap2, _ => s_swap1 };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Upper(int block) => block switch { 8 => s_upper8, 4 => s_upper4, 2 => s_upper2, _ => s_upper1 };

        private static TVector SwapOf(int block) => Build(block, static (lane, block) => (uint)(lane ^ block));

        private static TVector UpperOf(int block) => Build(block, static (lane, block) => (lane & block) != 0 ? uint.MaxValue : 0);

        private static TVector Build(int block, Func<int, int, uint> laneValue)
        {
            var lanes = new uint[ByteVectors.Lanes<TVector>()];
            for (int lane = 0; lane < lanes.Length; lane++)
            {
                lanes[lane] = laneValue(lane, block);
            }

            return ByteVectors.Create<TVector>(MemoryMarshal.AsBytes(lanes.AsSpan()));
        }
    }
}
