using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// 16 vectors of 64 bytes, seen as a square of 16 x 16 <see cref="uint"/> lanes that <see cref="Transpose"/> turns over:
/// lane <c>c</c> of vector <c>r</c> trades places with lane <c>r</c> of vector <c>c</c>. <see cref="ByteShuffle"/> uses it
/// to move 16 byte columns of 64 elements at a time, so that each of those 16 byte rows gets (or gives) one whole
/// 64-byte line in one store (or load).
/// </summary>
[InlineArray(Lanes)]
internal struct ByteTile
{
    /// <summary>The vectors of a tile, and the <see cref="uint"/> lanes of each.</summary>
    public const int Lanes = 16;

    private Vector512<byte> _vector;

    /// <summary>Transposes the square.</summary>
    /// <remarks>
    /// At each level, from halves down to single lanes, the two off-diagonal blocks of every square swap: vector <c>r</c>
    /// takes the upper blocks from vector <c>r + block</c>, which takes the lower ones from vector <c>r</c>.
    /// </remarks>
    public void Transpose()
    {
        int level = 0;
        for (int block = Lanes / 2; block >= 1; block /= 2, level++)
        {
            Vector512<uint> swap = Levels.Swaps[level];
            Vector512<uint> upper = Levels.Uppers[level];
            for (int r = 0; r < Lanes; r++)
            {
                if ((r & block) == 0)
                {
                    Exchange(ref this[r], ref this[r + block], swap, upper);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Exchange(ref Vector512<byte> low, ref Vector512<byte> high, Vector512<uint> swap, Vector512<uint> upper)
    {
        Vector512<uint> lowLanes = low.AsUInt32();
        Vector512<uint> highLanes = high.AsUInt32();
        low = Vector512.ConditionalSelect(upper, Vector512.ShuffleNative(highLanes, swap), lowLanes).AsByte();
        high = Vector512.ConditionalSelect(upper, highLanes, Vector512.ShuffleNative(lowLanes, swap)).AsByte();
    }

    // Per level (block = 8, 4, 2, 1): the lane permutation c -> c ^ block that brings each block beside its partner, and
    // the mask of the lanes c with (c & block) != 0, the upper block of each pair.
    private static class Levels
    {
        public static readonly Vector512<uint>[] Swaps = Build(static (lane, block) => (uint)(lane ^ block));
        public static readonly Vector512<uint>[] Uppers = Build(static (lane, block) => (lane & block) != 0 ? uint.MaxValue : 0);

        private static Vector512<uint>[] Build(Func<int, int, uint> laneValue)
        {
            var levels = new List<Vector512<uint>>();
            for (int block = Lanes / 2; block >= 1; block /= 2)
            {
                var lanes = new uint[Lanes];
                for (int lane = 0; lane < Lanes; lane++)
                {
                    lanes[lane] = laneValue(lane, block);
                }

                levels.Add(Vector512.Create(lanes));
            }

            return [.. levels];
        }
    }
}
