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
    private const int SquareBytes = 8;

    private static readonly Permutations?[] s_shuffles = new Permutations?[MaxTypeSize + 1];
    private static readonly Permutations?[] s_unshuffles = new Permutations?[MaxTypeSize + 1];

    /// <summary>Whether the processor runs the kernel: AVX-512 VBMI and GFNI on 512-bit vectors.</summary>
    public static bool IsSupported => Avx512Vbmi.IsSupported && Gfni.V512.IsSupported;

    /// <summary>
    /// Bit-shuffles the first elements of the block, a multiple of 64 of them, into their places in
    /// <paramref name="destination"/>, whose rows are <paramref name="elements"/> / 8 bytes; returns how many it did.
    /// </summary>
    public static int Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int elements)
    {
        if (!IsSupported || typeSize > MaxTypeSize)
        {
            return 0;
        }

        var gather = s_shuffles[typeSize] ??= Permutations.Build(typeSize, ElementByteOfReversedSquares);
        int end = elements - (elements % StepElements);
        int rowLength = elements / SquareBytes;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int element = 0; element < end; element += StepElements)
        {
            ref byte step = ref Unsafe.Add(ref src, element * typeSize);
            for (int j = 0; j < typeSize; j++)
            {
                var squares = BitShuffle.TransposeReversedSquares(gather.Run(ref step, j));
                var rows = Avx512Vbmi.PermuteVar64x8(squares, Patterns.TransposeBytes);
                ByteRows.Scatter512<ulong>(rows, ref Unsafe.Add(ref dst, (SquareBytes * j * rowLength) + (element / SquareBytes)), rowLength);
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

        var scatter = s_unshuffles[typeSize] ??= Permutations.Build(typeSize, ElementByteOfByteVectors);
        int end = elements - (elements % StepElements);
        int rowLength = elements / SquareBytes;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        Span<Vector512<byte>> byteVectors = stackalloc Vector512<byte>[typeSize];
        ref byte bytes = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(byteVectors));
        for (int element = 0; element < end; element += StepElements)
        {
            for (int j = 0; j < typeSize; j++)
            {
                var rows = ByteRows.Gather512<ulong>(ref Unsafe.Add(ref src, (SquareBytes * j * rowLength) + (element / SquareBytes)), rowLength);
                byteVectors[j] = BitShuffle.TransposeReversedSquares(Avx512Vbmi.PermuteVar64x8(rows, Patterns.TransposeAndReverseBytes));
            }

            ref byte step = ref Unsafe.Add(ref dst, element * typeSize);
            for (int m = 0; m < typeSize; m++)
            {
                scatter.Run(ref bytes, m).StoreUnsafe(ref step, (nuint)(m * Vector512<byte>.Count));
            }
        }

        return end;
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

        private static byte[] Pattern(Func<int, int> source)
        {
            byte[] indices = new byte[Vector512<byte>.Count];
            for (int position = 0; position < indices.Length; position++)
            {
                indices[position] = (byte)source(position);
            }

            return indices;
        }
    }

    // Output vector r of a step is gathered from the step's typeSize input vectors, in pairs: the permutation of pair p
    // (vectors 2p and 2p + 1; the last vector twice when typeSize is odd) takes the bytes that pair holds, and its mask
    // keeps them.
    private sealed class Permutations
    {
        private readonly int _pairs;
        private readonly int _vectors;
        private readonly Vector512<byte>[] _indices;
        private readonly Vector512<byte>[] _masks;

        private Permutations(int vectors, Vector512<byte>[] indices, Vector512<byte>[] masks)
        {
            _vectors = vectors;
            _pairs = (vectors + 1) / 2;
            _indices = indices;
            _masks = masks;
        }

        // sourceByte(typeSize, r, position): the offset in the step's input vectors of output vector r's byte `position`.
        public static Permutations Build(int typeSize, Func<int, int, int, int> sourceByte)
        {
            int pairs = (typeSize + 1) / 2;
            var indices = new Vector512<byte>[typeSize * pairs];
            var masks = new Vector512<byte>[typeSize * pairs];
            var index = new byte[Vector512<byte>.Count];
            var mask = new byte[Vector512<byte>.Count];
            for (int r = 0; r < typeSize; r++)
            {
                for (int p = 0; p < pairs; p++)
                {
                    for (int position = 0; position < index.Length; position++)
                    {
                        int offset = sourceByte(typeSize, r, position);
                        bool inPair = offset / (2 * Vector512<byte>.Count) == p;
                        index[position] = (byte)(offset % (2 * Vector512<byte>.Count));
                        mask[position] = inPair ? byte.MaxValue : (byte)0;
                    }

                    indices[(r * pairs) + p] = Vector512.Create(index);
                    masks[(r * pairs) + p] = Vector512.Create(mask);
                }
            }

            return new Permutations(typeSize, indices, masks);
        }

        // Output vector r from the input vectors at `vectors`.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<byte> Run(ref byte vectors, int r)
        {
            int first = r * _pairs;
            var gathered = Pair(ref vectors, 0, _indices[first]);
            for (int p = 1; p < _pairs; p++)
            {
                gathered = Vector512.ConditionalSelect(_masks[first + p], Pair(ref vectors, p, _indices[first + p]), gathered);
            }

            return gathered;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<byte> Pair(ref byte vectors, int p, Vector512<byte> indices)
        {
            var lower = Vector512.LoadUnsafe(ref vectors, (nuint)(2 * p * Vector512<byte>.Count));
            var upper = Vector512.LoadUnsafe(ref vectors, (nuint)(Math.Min((2 * p) + 1, _vectors - 1) * Vector512<byte>.Count));
            return Avx512Vbmi.PermuteVar64x8x2(lower, indices, upper);
        }
    }
}
