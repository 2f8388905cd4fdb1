using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// <see cref="BitShuffle"/> in one pass over the block with AVX-512 VBMI and GFNI, for type sizes up to
/// <see cref="MaxTypeSize"/>: 64 elements (<c>64 * typeSize</c> bytes, <c>typeSize</c> vectors) per step, each of the
/// <c>8 * typeSize</c> bit rows getting eight bytes of it.
/// </summary>
/// <remarks>
/// Shuffle, per byte <c>j</c> of the element: two-source byte permutations (<c>vpermt2b</c>) of the step's vectors,
/// blended, gather byte <c>j</c> of the 64 elements into one vector as eight 8 x 8 bit squares of eight elements;
/// <c>GF2P8AFFINEQB</c> transposes each square's bits, so byte <c>k</c> of square <c>g</c> is byte <c>g</c> of bit row
/// <c>8j + k</c> here; one <c>vpermb</c> transposes the 8 x 8 bytes so each bit row's eight bytes are one 64-bit lane,
/// and the lanes go to the rows. The unshuffle runs the same steps backwards. The permutations depend on the type size
/// only, so they are built once per type size.
/// </remarks>
internal static class BitShuffleVbmi
{
    /// <summary>The largest type size the kernel takes: its permutations grow with the square of the type size.</summary>
    public const int MaxTypeSize = 16;

    private const int StepElements = 64;

    // A run of eight steps gives each of its bit rows a whole vector, 64 bytes, written (or read) at once: rows are far
    // apart (a multiple of 4 KiB in the usual blocks), so eight-byte pieces of all 8 * typeSize rows at every step would
    // keep more lines of one cache set in play than the cache has ways, and each piece would be a store of its own.
    private const int RunSteps = 8;
    private const int RunElements = RunSteps * StepElements;
    private const int SquareBytes = 8;

    private static readonly ElementBytes?[] s_elementBytes = new ElementBytes?[MaxTypeSize + 1];

    /// <summary>Whether the processor runs the kernel: AVX-512 VBMI and GFNI on 512-bit vectors.</summary>
    public static bool IsSupported => Avx512Vbmi.IsSupported && Gfni.V512.IsSupported;

    /// <summary>
    /// Bit-shuffles the first elements of the block, a multiple of 512 of them, into their places in
    /// <paramref name="destination"/>, whose rows are <paramref name="elements"/> / 8 bytes; returns how many it did.
    /// </summary>
    public static int Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int elements)
    {
        if (!IsSupported || typeSize > MaxTypeSize)
        {
            return 0;
        }

        var elementBytes = s_elementBytes[typeSize] ??= ElementBytes.For(typeSize);
        int end = elements - (elements % RunElements);
        int rowLength = elements / SquareBytes;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        Span<Vector512<byte>> byteVectors = Aligned(stackalloc Vector512<byte>[(RunSteps * typeSize) + 1]);
        for (int first = 0; first < end; first += RunElements)
        {
            elementBytes.Gather(ref Unsafe.Add(ref src, first * typeSize), byteVectors);
            for (int j = 0; j < typeSize; j++)
            {
                var l0 = Line(byteVectors[j]);
                var l1 = Line(byteVectors[typeSize + j]);
                var l2 = Line(byteVectors[(2 * typeSize) + j]);
                var l3 = Line(byteVectors[(3 * typeSize) + j]);
                var l4 = Line(byteVectors[(4 * typeSize) + j]);
                var l5 = Line(byteVectors[(5 * typeSize) + j]);
                var l6 = Line(byteVectors[(6 * typeSize) + j]);
                var l7 = Line(byteVectors[(7 * typeSize) + j]);
                TransposeLanes(ref l0, ref l1, ref l2, ref l3, ref l4, ref l5, ref l6, ref l7);
                ref byte rows = ref Unsafe.Add(ref dst, (SquareBytes * j * rowLength) + (first / SquareBytes));
                l0.StoreUnsafe(ref rows);
                l1.StoreUnsafe(ref rows, (nuint)rowLength);
                l2.StoreUnsafe(ref rows, (nuint)(2 * rowLength));
                l3.StoreUnsafe(ref rows, (nuint)(3 * rowLength));
                l4.StoreUnsafe(ref rows, (nuint)(4 * rowLength));
                l5.StoreUnsafe(ref rows, (nuint)(5 * rowLength));
                l6.StoreUnsafe(ref rows, (nuint)(6 * rowLength));
                l7.StoreUnsafe(ref rows, (nuint)(7 * rowLength));
            }
        }

        return end;
    }

    /// <summary>Undoes <see cref="Shuffle"/> for the first elements of the block; returns how many it did.</summary>
    public static int Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int elements)
    {
        if (!IsSupported || typeSize > MaxTypeSize)
        {
            return 0;
        }

        var elementBytes = s_elementBytes[typeSize] ??= ElementBytes.For(typeSize);
        int end = elements - (elements % RunElements);
        int rowLength = elements / SquareBytes;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        Span<Vector512<byte>> byteVectors = Aligned(stackalloc Vector512<byte>[(RunSteps * typeSize) + 1]);
        for (int first = 0; first < end; first += RunElements)
        {
            for (int j = 0; j < typeSize; j++)
            {
                ref byte rows = ref Unsafe.Add(ref src, (SquareBytes * j * rowLength) + (first / SquareBytes));
                var l0 = Vector512.LoadUnsafe(ref rows);
                var l1 = Vector512.LoadUnsafe(ref rows, (nuint)rowLength);
                var l2 = Vector512.LoadUnsafe(ref rows, (nuint)(2 * rowLength));
                var l3 = Vector512.LoadUnsafe(ref rows, (nuint)(3 * rowLength));
                var l4 = Vector512.LoadUnsafe(ref rows, (nuint)(4 * rowLength));
                var l5 = Vector512.LoadUnsafe(ref rows, (nuint)(5 * rowLength));
                var l6 = Vector512.LoadUnsafe(ref rows, (nuint)(6 * rowLength));
                var l7 = Vector512.LoadUnsafe(ref rows, (nuint)(7 * rowLength));
                TransposeLanes(ref l0, ref l1, ref l2, ref l3, ref l4, ref l5, ref l6, ref l7);
                byteVectors[j] = Squares(l0);
                byteVectors[typeSize + j] = Squares(l1);
                byteVectors[(2 * typeSize) + j] = Squares(l2);
                byteVectors[(3 * typeSize) + j] = Squares(l3);
                byteVectors[(4 * typeSize) + j] = Squares(l4);
                byteVectors[(5 * typeSize) + j] = Squares(l5);
                byteVectors[(6 * typeSize) + j] = Squares(l6);
                byteVectors[(7 * typeSize) + j] = Squares(l7);
            }

            elementBytes.Scatter(byteVectors, ref Unsafe.Add(ref dst, first * typeSize));
        }

        return end;
    }

    private static unsafe Span<Vector512<byte>> Aligned(Span<Vector512<byte>> span)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
        int skip = (int)((64 - (address & 63)) & 63);
        return MemoryMarshal.Cast<byte, Vector512<byte>>(MemoryMarshal.AsBytes(span)[skip..])[..(span.Length - 1)];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Squares(Vector512<byte> line) =>
        BitShuffle.TransposeReversedSquares(Avx512Vbmi.PermuteVar64x8(line, Patterns.TransposeAndReverseBytes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Line(Vector512<byte> reversedSquares) =>
        Avx512Vbmi.PermuteVar64x8(BitShuffle.TransposeReversedSquares(reversedSquares), Patterns.TransposeBytes);

    // Transposes the 8 x 8 matrix of the eight vectors' 64-bit lanes (lane k of vector s to lane s of vector k) by
    // exchanging the off-diagonal blocks of 4, then 2, then 1 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeLanes(ref Vector512<byte> l0, ref Vector512<byte> l1, ref Vector512<byte> l2, ref Vector512<byte> l3,
        ref Vector512<byte> l4, ref Vector512<byte> l5, ref Vector512<byte> l6, ref Vector512<byte> l7)
    {
        var lower4 = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        var upper4 = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        ExchangeBlocks(ref l0, ref l4, lower4, upper4);
        ExchangeBlocks(ref l1, ref l5, lower4, upper4);
        ExchangeBlocks(ref l2, ref l6, lower4, upper4);
        ExchangeBlocks(ref l3, ref l7, lower4, upper4);
        var lower2 = Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13);
        var upper2 = Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15);
        ExchangeBlocks(ref l0, ref l2, lower2, upper2);
        ExchangeBlocks(ref l1, ref l3, lower2, upper2);
        ExchangeBlocks(ref l4, ref l6, lower2, upper2);
        ExchangeBlocks(ref l5, ref l7, lower2, upper2);
        var lower1 = Vector512.Create(0UL, 8, 2, 10, 4, 12, 6, 14);
        var upper1 = Vector512.Create(1UL, 9, 3, 11, 5, 13, 7, 15);
        ExchangeBlocks(ref l0, ref l1, lower1, upper1);
        ExchangeBlocks(ref l2, ref l3, lower1, upper1);
        ExchangeBlocks(ref l4, ref l5, lower1, upper1);
        ExchangeBlocks(ref l6, ref l7, lower1, upper1);
    }

    // a and b become [a's even blocks, b's even blocks] and [a's odd blocks, b's odd blocks].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExchangeBlocks(ref Vector512<byte> a, ref Vector512<byte> b, Vector512<ulong> evenBlocks, Vector512<ulong> oddBlocks)
    {
        var lower = a.AsUInt64();
        var upper = b.AsUInt64();
        a = Avx512F.PermuteVar8x64x2(lower, evenBlocks, upper).AsByte();
        b = Avx512F.PermuteVar8x64x2(lower, oddBlocks, upper).AsByte();
    }

    // Shuffle: byte `position` of gathered vector j is byte j of one of the step's elements, the elements of each
    // square in reverse order (BitShuffle.TransposeReversedSquares wants them so).
    private static int ElementByteOfReversedSquares(int typeSize, int j, int position) =>
        (ReverseInSquare(position) * typeSize) + j;

    // Unshuffle: byte `position` of the step's output vector m is byte s % typeSize of element s / typeSize, s being its
    // offset in the step; after TransposeReversedSquares, byte vector j holds byte j of element e at byte e.
    private static int ElementByteOfByteVectors(int typeSize, int m, int position)
    {
        int offset = (m * Vector512<byte>.Count) + position;
        return ((offset % typeSize) * Vector512<byte>.Count) + (offset / typeSize);
    }

    private static int ReverseInSquare(int position) => (position & ~(SquareBytes - 1)) | (SquareBytes - 1 - (position % SquareBytes));

    // The fixed byte permutations of the 8 x 8 byte matrix of eight squares.
    private static class Patterns
    {
        // Byte 8k + g <- byte 8g + k: bit row k's bytes of the eight squares together.
        public static readonly Vector512<byte> TransposeBytes = Vector512.Create(Pattern(position => ((position % SquareBytes) * SquareBytes) + (position / SquareBytes)));

        // The inverse, with each square's bytes reversed for TransposeReversedSquares: byte 8g + (7 - k) <- byte 8k + g.
        public static readonly Vector512<byte> TransposeAndReverseBytes = Vector512.Create(Pattern(position =>
            ((SquareBytes - 1 - (position % SquareBytes)) * SquareBytes) + (position / SquareBytes)));
    }

    // The byte permutation whose byte `position` is source(position).
    private static byte[] Pattern(Func<int, int> source)
    {
        byte[] indices = new byte[Vector512<byte>.Count];
        for (int position = 0; position < indices.Length; position++)
        {
            indices[position] = (byte)source(position);
        }

        return indices;
    }

    // How a run's elements become its byte vectors and back: byte vector step * typeSize + j holds byte j of the step's
    // 64 elements, each square's elements in reverse order for Shuffle (BitShuffle.TransposeReversedSquares wants them
    // so) and in order from Unshuffle (as the transpose gives them back).
    private abstract class ElementBytes
    {
        protected ElementBytes(int typeSize) => TypeSize = typeSize;

        protected int TypeSize { get; }

        public static ElementBytes For(int typeSize) => typeSize <= SquareBytes && BitOperations.IsPow2(typeSize)
            ? new BlockTranspose(typeSize)
            : new PairPermutations(typeSize);

        public abstract void Gather(ref byte run, Span<Vector512<byte>> byteVectors);

        public abstract void Scatter(Span<Vector512<byte>> byteVectors, ref byte run);
    }

    // Type sizes 1, 2, 4 and 8: a vector holds 64 / typeSize whole elements, so one byte permutation groups its bytes
    // into typeSize blocks of whole squares, block j byte j of each element; the step's typeSize vectors are then a
    // typeSize x typeSize matrix of blocks, transposed by exchanging its off-diagonal blocks, half the vectors apart,
    // then a quarter, down to neighbours (each exchange its own inverse).
    private sealed class BlockTranspose : ElementBytes
    {
        private readonly Vector512<byte> _grouping;
        private readonly Vector512<byte> _ungrouping;
        private readonly Vector512<byte>[] _exchanges;

        public BlockTranspose(int typeSize)
            : base(typeSize)
        {
            int block = Vector512<byte>.Count / typeSize;
            _grouping = Vector512.Create(Pattern(position => (ReverseInSquare(position % block) * typeSize) + (position / block)));
            _ungrouping = Vector512.Create(Pattern(position => ((position % typeSize) * block) + (position / typeSize)));
            _exchanges = new Vector512<byte>[2 * BitOperations.Log2((uint)typeSize)];
            for (int width = typeSize / 2, stage = 0; width >= 1; width /= 2, stage++)
            {
                int distance = width * block;
                _exchanges[2 * stage] = Vector512.Create(Pattern(position =>
                    (position / block & width) == 0 ? position : Vector512<byte>.Count + position - distance));
                _exchanges[(2 * stage) + 1] = Vector512.Create(Pattern(position =>
                    (position / block & width) == 0 ? position + distance : Vector512<byte>.Count + position));
            }
        }

        public override void Gather(ref byte run, Span<Vector512<byte>> byteVectors)
        {
            for (int m = 0; m < byteVectors.Length; m++)
            {
                byteVectors[m] = Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref run, (nuint)(m * Vector512<byte>.Count)), _grouping);
            }

            TransposeBlocks(byteVectors);
        }

        public override void Scatter(Span<Vector512<byte>> byteVectors, ref byte run)
        {
            TransposeBlocks(byteVectors);
            for (int m = 0; m < byteVectors.Length; m++)
            {
                Avx512Vbmi.PermuteVar64x8(byteVectors[m], _ungrouping).StoreUnsafe(ref run, (nuint)(m * Vector512<byte>.Count));
            }
        }

        private void TransposeBlocks(Span<Vector512<byte>> byteVectors)
        {
            for (int width = TypeSize / 2, stage = 0; width >= 1; width /= 2, stage++)
            {
                var lowerBlocks = _exchanges[2 * stage];
                var upperBlocks = _exchanges[(2 * stage) + 1];
                for (int a = 0; a < byteVectors.Length; a++)
                {
                    if ((a & width) == 0)
                    {
                        var lower = byteVectors[a];
                        var upper = byteVectors[a + width];
                        byteVectors[a] = Avx512Vbmi.PermuteVar64x8x2(lower, lowerBlocks, upper);
                        byteVectors[a + width] = Avx512Vbmi.PermuteVar64x8x2(lower, upperBlocks, upper);
                    }
                }
            }
        }
    }

    // Any type size up to MaxTypeSize: output vector r of a step is gathered from its typeSize input vectors in pairs,
    // the permutation of pair p (vectors 2p and 2p + 1; the last vector twice when typeSize is odd) taking the bytes
    // that pair holds and its mask keeping them. The tables grow with the square of the type size.
    private sealed class PairPermutations : ElementBytes
    {
        private readonly int _pairs;
        private readonly Vector512<byte>[] _gatherIndices;
        private readonly Vector512<byte>[] _gatherMasks;
        private readonly Vector512<byte>[] _scatterIndices;
        private readonly Vector512<byte>[] _scatterMasks;

        public PairPermutations(int typeSize)
            : base(typeSize)
        {
            _pairs = (typeSize + 1) / 2;
            (_gatherIndices, _gatherMasks) = Build(ElementByteOfReversedSquares);
            (_scatterIndices, _scatterMasks) = Build(ElementByteOfByteVectors);
        }

        public override void Gather(ref byte run, Span<Vector512<byte>> byteVectors)
        {
            for (int v = 0; v < byteVectors.Length; v++)
            {
                byteVectors[v] = Run(ref Unsafe.Add(ref run, v / TypeSize * TypeSize * Vector512<byte>.Count), v % TypeSize, _gatherIndices, _gatherMasks);
            }
        }

        public override void Scatter(Span<Vector512<byte>> byteVectors, ref byte run)
        {
            ref byte bytes = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(byteVectors));
            for (int v = 0; v < byteVectors.Length; v++)
            {
                ref byte stepBytes = ref Unsafe.Add(ref bytes, v / TypeSize * TypeSize * Vector512<byte>.Count);
                Run(ref stepBytes, v % TypeSize, _scatterIndices, _scatterMasks).StoreUnsafe(ref run, (nuint)(v * Vector512<byte>.Count));
            }
        }

        // sourceByte(typeSize, r, position): the offset in the step's input vectors of output vector r's byte `position`.
        private (Vector512<byte>[] Indices, Vector512<byte>[] Masks) Build(Func<int, int, int, int> sourceByte)
        {
            var indices = new Vector512<byte>[TypeSize * _pairs];
            var masks = new Vector512<byte>[TypeSize * _pairs];
            for (int r = 0; r < TypeSize; r++)
            {
                for (int p = 0; p < _pairs; p++)
                {
                    int pair = p;
                    int output = r;
                    indices[(r * _pairs) + p] = Vector512.Create(Pattern(position => sourceByte(TypeSize, output, position) % (2 * Vector512<byte>.Count)));
                    masks[(r * _pairs) + p] = Vector512.Create(Pattern(position =>
                        sourceByte(TypeSize, output, position) / (2 * Vector512<byte>.Count) == pair ? byte.MaxValue : 0));
                }
            }

            return (indices, masks);
        }

        // Output vector r from the step's input vectors at `vectors`.
        private Vector512<byte> Run(ref byte vectors, int r, Vector512<byte>[] indices, Vector512<byte>[] masks)
        {
            int first = r * _pairs;
            var gathered = Pair(ref vectors, 0, indices[first]);
            for (int p = 1; p < _pairs; p++)
            {
                gathered = Vector512.ConditionalSelect(masks[first + p], Pair(ref vectors, p, indices[first + p]), gathered);
            }

            return gathered;
        }

        private Vector512<byte> Pair(ref byte vectors, int p, Vector512<byte> indices)
        {
            var lower = Vector512.LoadUnsafe(ref vectors, (nuint)(2 * p * Vector512<byte>.Count));
            var upper = Vector512.LoadUnsafe(ref vectors, (nuint)(Math.Min((2 * p) + 1, TypeSize - 1) * Vector512<byte>.Count));
            return Avx512Vbmi.PermuteVar64x8x2(lower, indices, upper);
        }
    }
}
