using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Up to 16 vectors, seen as a square of <c>Lanes x Lanes</c> <see cref="uint"/> lanes that <see cref="Transpose"/> turns
/// over (16 x 16 on 64-byte vectors, 8 x 8 on 32-byte, 4 x 4 on 16-byte): lane <c>c</c> of vector <c>r</c> trades places
/// with lane <c>r</c> of vector <c>c</c>. <see cref="ByteShuffle"/> uses it to move <c>Lanes</c> byte columns of
/// <c>4 * Lanes</c> elements at a time, so that each of those byte rows gets (or gives) one whole vector in one store (or load).
/// </summary>
/// <typeparam name="TVector">The vector of bytes, of the width <see cref="IVectorWidth{TVector}"/> describes.</typeparam>
[InlineArray(MaxLanes)]
internal struct ByteTile<TVector>
    where TVector : unmanaged
{
    /// <summary>The most vectors a tile holds: the <see cref="uint"/> lanes of a 64-byte vector.</summary>
    public const int MaxLanes = 16;

    private TVector _vector;

    /// <summary>Transposes the square of <typeparamref name="TWidth"/>'s lanes.</summary>
    /// <remarks>
    /// At each level, from halves down to single lanes, the two off-diagonal blocks of every square swap: vector <c>r</c>
    /// takes the upper blocks from vector <c>r + block</c>, which takes the lower ones from vector <c>r</c>.
    /// </remarks>
    public void Transpose<TWidth>()
        where TWidth : IVectorWidth<TVector>
    {
        int level = 0;
        for (int block = TWidth.Lanes / 2; block >= 1; block /= 2, level++)
        {
            TVector swap = Levels<TWidth>.Swaps[level];
            TVector upper = Levels<TWidth>.Uppers[level];
            for (int r = 0; r < TWidth.Lanes; r++)
            {
                if ((r & block) == 0)
                {
                    TWidth.Exchange(ref this[r], ref this[r + block], swap, upper);
                }
            }
        }
    }

    // Per level (block = Lanes / 2 down to 1): the lane permutation c -> c ^ block that brings each block beside its
    // partner, and the mask of the lanes c with (c & block) != 0, the upper block of each pair.
    private static class Levels<TWidth>
        where TWidth : IVectorWidth<TVector>
    {
        public static readonly TVector[] Swaps = Build(static (lane, block) => (uint)(lane ^ block));
        public static readonly TVector[] Uppers = Build(static (lane, block) => (lane & block) != 0 ? uint.MaxValue : 0);

        private static TVector[] Build(Func<int, int, uint> laneValue)
        {
            var levels = new List<TVector>();
            for (int block = TWidth.Lanes / 2; block >= 1; block /= 2)
            {
                var lanes = new uint[TWidth.Lanes];
                for (int lane = 0; lane < lanes.Length; lane++)
                {
                    lanes[lane] = laneValue(lane, block);
                }

                levels.Add(TWidth.Create(MemoryMarshal.AsBytes(lanes.AsSpan())));
            }

            return [.. levels];
        }
    }
}
