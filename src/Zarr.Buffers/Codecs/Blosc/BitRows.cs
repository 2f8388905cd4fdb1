using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Moves one byte row of a block being bit-shuffled (<see cref="BitShuffle"/>) to its eight bit rows in one pass: the
/// row's bytes are squares of eight (eight elements' byte), and square <c>g</c>, its 8 x 8 bits transposed, gives byte
/// <c>g</c> of each bit row (its byte <c>k</c>, bit <c>k</c> of the eight bytes, to bit row <c>k</c>).
/// </summary>
/// <remarks>
/// This is the byte shuffle of eight-byte elements (<see cref="ByteShuffle"/>'s 64-, 32- and 16-byte steps, and its
/// <see cref="ByteRows"/> scatters) with the bit transpose applied in registers between the load and the scatter, where
/// a vector holds whole squares: the transposed row is never written out. The widest accelerated vector goes first (on
/// 64-byte vectors, two at a time, each bit row getting 16 bytes a step), then the narrower ones and single squares for
/// what is left. Only the shuffle is fused: the same gather, transpose and store backwards ran several times slower
/// than the unshuffle's separate passes under the runtime's dynamic PGO (docs/benchmarks.md, Issue 10, fifth pass).
/// Squares are transposed by GFNI's affine transform where the processor has it at the vector's width, else by shifts
/// and masks in the vector's 64-bit lanes.
/// </remarks>
internal static class BitRows
{
    private const int SquareBytes = 8;

    // GF2P8AFFINEQB's x: byte i is 1 << i, so that result byte i takes bit i of each matrix byte (see TransposeByGfni).
    private const ulong SingleBits = 0x8040201008040201UL;

    /// <summary>
    /// Transposes each square of <paramref name="row"/> into <paramref name="bitRows"/>: eight bit rows of
    /// <c>row.Length / 8</c> bytes, one after another. <paramref name="row"/>'s length is a multiple of 8.
    /// </summary>
    /// <param name="row">The byte row.</param>
    /// <param name="bitRows">The eight bit rows, <paramref name="row"/>'s length in all.</param>
    /// <param name="widestVector">The widest vector to use, in bytes: 64, 32, 16, or 0 for single squares only.</param>
    /// <param name="gfni">Whether to use GFNI where the processor has it, rather than shifts and masks.</param>
    public static void Shuffle(ReadOnlySpan<byte> row, Span<byte> bitRows, int widestVector, bool gfni) =>
        Run<ScatterStep>(ref MemoryMarshal.GetReference(row), ref MemoryMarshal.GetReference(bitRows), row.Length / SquareBytes, widestVector, gfni);

    /// <summary>
    /// Transposes each square of <paramref name="squares"/> in place (bit <c>m</c> of byte <c>k</c> to bit <c>k</c> of
    /// byte <c>m</c>): the bit unshuffle's pass between its two byte unshuffles. The length is a multiple of 8.
    /// </summary>
    /// <param name="squares">The squares.</param>
    /// <param name="widestVector">The widest vector to use, in bytes: 64, 32, 16, or 0 for single squares only.</param>
    /// <param name="gfni">Whether to use GFNI where the processor has it, rather than shifts and masks.</param>
    public static void TransposeInPlace(Span<byte> squares, int widestVector, bool gfni)
    {
        ref byte first = ref MemoryMarshal.GetReference(squares);
        Run<InPlaceStep>(ref first, ref first, squares.Length / SquareBytes, widestVector, gfni);
    }

    private static void Run<TStep>(ref byte row, ref byte bitRows, int squares, int widestVector, bool gfni)
        where TStep : IStep
    {
        int done = 0;
        if (widestVector >= Vector512<byte>.Count)
        {
            done = Steps<TStep, Width512Pair, SquarePair>(ref row, ref bitRows, squares, done, gfni);
            done = Steps<TStep, Width512, Vector512<byte>>(ref row, ref bitRows, squares, done, gfni);
        }

        if (widestVector >= Vector256<byte>.Count)
        {
            done = Steps<TStep, Width256, Vector256<byte>>(ref row, ref bitRows, squares, done, gfni);
        }

        if (widestVector >= Vector128<byte>.Count)
        {
            done = Steps<TStep, Width128, Vector128<byte>>(ref row, ref bitRows, squares, done, gfni);
        }

        Steps<TStep, Width64, ulong>(ref row, ref bitRows, squares, done, gfni);
    }

    private static int Steps<TStep, TWidth, TVector>(ref byte row, ref byte bitRows, int squares, int firstSquare, bool gfni)
        where TStep : IStep
        where TWidth : ISquareWidth<TVector> =>
        gfni && TWidth.HasGfni
            ? Steps<TStep, TWidth, TVector, GfniTranspose>(ref row, ref bitRows, squares, firstSquare)
            : Steps<TStep, TWidth, TVector, ShiftsAndMasks>(ref row, ref bitRows, squares, firstSquare);

    // Runs the width's steps from square firstSquare on; returns the squares done. Each bit row is `squares` bytes long.
    private static int Steps<TStep, TWidth, TVector, TTranspose>(ref byte row, ref byte bitRows, int squares, int firstSquare)
        where TStep : IStep
        where TWidth : ISquareWidth<TVector>
        where TTranspose : ISquareTranspose
    {
        int end = squares - ((squares - firstSquare) % TWidth.Squares);
        for (int square = firstSquare; square < end; square += TWidth.Squares)
        {
            ref byte these = ref Unsafe.Add(ref row, square * SquareBytes);
            TStep.Put<TWidth, TVector>(TTranspose.Transpose<TWidth, TVector>(TWidth.Load(ref these)), ref these, ref Unsafe.Add(ref bitRows, square), squares);
        }

        return end;
    }

    // Where a step's transposed squares go: `squares` is where they were loaded from, `bitRow0` their first byte in bit row 0.
    private interface IStep
    {
        static abstract void Put<TWidth, TVector>(TVector transposed, ref byte squares, ref byte bitRow0, int bitRowLength)
            where TWidth : ISquareWidth<TVector>;
    }

    private readonly struct ScatterStep : IStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put<TWidth, TVector>(TVector transposed, ref byte squares, ref byte bitRow0, int bitRowLength)
            where TWidth : ISquareWidth<TVector> => TWidth.Scatter(transposed, ref bitRow0, bitRowLength);
    }

    private readonly struct InPlaceStep : IStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put<TWidth, TVector>(TVector transposed, ref byte squares, ref byte bitRow0, int bitRowLength)
            where TWidth : ISquareWidth<TVector> => TWidth.Store(transposed, ref squares);
    }

    // How the squares in a TVector are transposed.
    private interface ISquareTranspose
    {
        static abstract TVector Transpose<TWidth, TVector>(TVector squares)
            where TWidth : ISquareWidth<TVector>;
    }

    private readonly struct GfniTranspose : ISquareTranspose
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Transpose<TWidth, TVector>(TVector squares)
            where TWidth : ISquareWidth<TVector> => TWidth.TransposeByGfni(squares);
    }

    // bitshuffle's TRANS_BIT_8X8 in each 64-bit lane: three swaps of bit blocks across the diagonal (1 x 1, 2 x 2, 4 x 4).
    private readonly struct ShiftsAndMasks : ISquareTranspose
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Transpose<TWidth, TVector>(TVector squares)
            where TWidth : ISquareWidth<TVector> =>
            TWidth.SwapBits(TWidth.SwapBits(TWidth.SwapBits(squares, 7, 0x00AA00AA00AA00AAUL), 14, 0x0000CCCC0000CCCCUL), 28, 0x00000000F0F0F0F0UL);
    }

    // One vector width: TVector holds Squares whole squares, one per 64-bit lane.
    private interface ISquareWidth<TVector>
    {
        static abstract int Squares { get; }

        static abstract bool HasGfni { get; }

        static abstract TVector Load(ref byte squares);

        static abstract void Store(TVector squares, ref byte destination);

        // GF2P8AFFINEQB with the square as the matrix: result bit j of byte i is the parity of matrix byte 7 - j and x's
        // byte i, here 1 << i, so it is bit i of byte 7 - j. Reversing the square's bytes first makes that bit i of byte j.
        static abstract TVector TransposeByGfni(TVector squares);

        // In each 64-bit lane, swaps the bits under mask with the bits `shift` higher.
        static abstract TVector SwapBits(TVector squares, int shift, ulong mask);

        // Byte k of each square to bit row k, square after square.
        static abstract void Scatter(TVector squares, ref byte bitRow0, int bitRowLength);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte BitRow(ref byte bitRow0, int bitRowLength, int row) => ref Unsafe.Add(ref bitRow0, row * bitRowLength);

    private readonly struct Width512 : ISquareWidth<Vector512<byte>>
    {
        public static int Squares => Vector512<byte>.Count / SquareBytes;

        public static bool HasGfni => Gfni.V512.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<byte> Load(ref byte squares) => Vector512.LoadUnsafe(ref squares);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<byte> squares, ref byte destination) => squares.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<byte> TransposeByGfni(Vector512<byte> squares) =>
            Gfni.V512.GaloisFieldAffineTransform(Vector512.Create(SingleBits).AsByte(), Vector512.ShuffleNative(squares, SquareIndices.Reverse512), 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<byte> SwapBits(Vector512<byte> squares, int shift, ulong mask)
        {
            var lanes = squares.AsUInt64();
            var swapped = (lanes ^ (lanes >>> shift)) & Vector512.Create(mask);
            return (lanes ^ swapped ^ (swapped << shift)).AsByte();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Scatter(Vector512<byte> squares, ref byte bitRow0, int bitRowLength) =>
            ByteRows.Scatter512<ulong>(Vector512.Shuffle(squares, SquareIndices.Grouping512), ref bitRow0, bitRowLength);
    }

    // Two vectors of eight squares.
    private struct SquarePair
    {
        public Vector512<byte> First;
        public Vector512<byte> Second;
    }

    // Two 64-byte vectors a step, so that each bit row gets 16 bytes a step rather than 8: the shuffle is bound
    // by its stores to the eight rows, and half as many made it 1.2-1.3x faster. Each vector's grouping puts bit row r in
    // 64-bit lane 2r (r < 4) or 2(r - 4) + 1; unpacking the low and the high lanes of the two (vpunpcklqdq, vpunpckhqdq:
    // AVX-512F, which a hardware-accelerated Vector512 implies) gives rows 0-3 and rows 4-7, 16 bytes each.
    private readonly struct Width512Pair : ISquareWidth<SquarePair>
    {
        public static int Squares => 2 * Width512.Squares;

        public static bool HasGfni => Width512.HasGfni;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static SquarePair Load(ref byte squares) =>
            new() { First = Vector512.LoadUnsafe(ref squares), Second = Vector512.LoadUnsafe(ref squares, (nuint)Vector512<byte>.Count) };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(SquarePair squares, ref byte destination)
        {
            squares.First.StoreUnsafe(ref destination);
            squares.Second.StoreUnsafe(ref destination, (nuint)Vector512<byte>.Count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static SquarePair TransposeByGfni(SquarePair squares) =>
            new() { First = Width512.TransposeByGfni(squares.First), Second = Width512.TransposeByGfni(squares.Second) };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static SquarePair SwapBits(SquarePair squares, int shift, ulong mask) =>
            new() { First = Width512.SwapBits(squares.First, shift, mask), Second = Width512.SwapBits(squares.Second, shift, mask) };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Scatter(SquarePair squares, ref byte bitRow0, int bitRowLength)
        {
            var first = Vector512.Shuffle(squares.First, SquareIndices.PairGrouping512).AsUInt64();
            var second = Vector512.Shuffle(squares.Second, SquareIndices.PairGrouping512).AsUInt64();
            ByteRows.Scatter512<Vector128<byte>>(Avx512F.UnpackLow(first, second).AsByte(), ref bitRow0, bitRowLength);
            ByteRows.Scatter512<Vector128<byte>>(Avx512F.UnpackHigh(first, second).AsByte(), ref BitRow(ref bitRow0, bitRowLength, 4), bitRowLength);
        }
    }

    private readonly struct Width256 : ISquareWidth<Vector256<byte>>
    {
        public static int Squares => Vector256<byte>.Count / SquareBytes;

        public static bool HasGfni => Gfni.V256.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<byte> Load(ref byte squares) => Vector256.LoadUnsafe(ref squares);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<byte> squares, ref byte destination) => squares.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<byte> TransposeByGfni(Vector256<byte> squares) =>
            Gfni.V256.GaloisFieldAffineTransform(Vector256.Create(SingleBits).AsByte(), Vector256.ShuffleNative(squares, SquareIndices.Reverse256), 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<byte> SwapBits(Vector256<byte> squares, int shift, ulong mask)
        {
            var lanes = squares.AsUInt64();
            var swapped = (lanes ^ (lanes >>> shift)) & Vector256.Create(mask);
            return (lanes ^ swapped ^ (swapped << shift)).AsByte();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Scatter(Vector256<byte> squares, ref byte bitRow0, int bitRowLength) =>
            ByteRows.Scatter256<uint>(Vector256.Shuffle(squares, SquareIndices.Grouping256), ref bitRow0, bitRowLength);
    }

    private readonly struct Width128 : ISquareWidth<Vector128<byte>>
    {
        public static int Squares => Vector128<byte>.Count / SquareBytes;

        public static bool HasGfni => Gfni.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte squares) => Vector128.LoadUnsafe(ref squares);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<byte> squares, ref byte destination) => squares.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> TransposeByGfni(Vector128<byte> squares) =>
            Gfni.GaloisFieldAffineTransform(Vector128.Create(SingleBits).AsByte(), Vector128.ShuffleNative(squares, SquareIndices.Reverse128), 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> SwapBits(Vector128<byte> squares, int shift, ulong mask)
        {
            var lanes = squares.AsUInt64();
            var swapped = (lanes ^ (lanes >>> shift)) & Vector128.Create(mask);
            return (lanes ^ swapped ^ (swapped << shift)).AsByte();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Scatter(Vector128<byte> squares, ref byte bitRow0, int bitRowLength) =>
            ByteRows.Scatter128<ushort>(Vector128.ShuffleNative(squares, SquareIndices.Grouping128), ref bitRow0, bitRowLength);
    }

    // One square in a 64-bit register, for hardware without vectors and the last odd square of a row; GFNI on it in a
    // 128-bit register where the processor has that.
    private readonly struct Width64 : ISquareWidth<ulong>
    {
        public static int Squares => 1;

        public static bool HasGfni => Width128.HasGfni;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Load(ref byte squares) => BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref squares, SquareBytes));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ulong squares, ref byte destination) => BinaryPrimitives.WriteUInt64LittleEndian(MemoryMarshal.CreateSpan(ref destination, SquareBytes), squares);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong TransposeByGfni(ulong squares) =>
            Width128.TransposeByGfni(Vector128.CreateScalar(squares).AsByte()).AsUInt64().ToScalar();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong SwapBits(ulong squares, int shift, ulong mask)
        {
            ulong swapped = (squares ^ (squares >> shift)) & mask;
            return squares ^ swapped ^ (swapped << shift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Scatter(ulong squares, ref byte bitRow0, int bitRowLength)
        {
            for (int k = 0; k < SquareBytes; k++)
            {
                ByteRows.SetRow(ref bitRow0, bitRowLength, k, (byte)(squares >> (8 * k)));
            }
        }
    }

    // The byte permutations of each width, in one class so that the first step of any width initialises them all: the
    // optimising JIT takes a static readonly vector as a constant only once its class is initialised, and a width first
    // run after the caller was compiled otherwise read its permutations through a class-initialisation helper call.
    private static class SquareIndices
    {
        public static readonly Vector512<byte> Reverse512 = Vector512.Create(Reversed(Vector512<byte>.Count));
        public static readonly Vector256<byte> Reverse256 = Vector256.Create(Reversed(Vector256<byte>.Count));
        public static readonly Vector128<byte> Reverse128 = Vector128.Create(Reversed(Vector128<byte>.Count));
        public static readonly Vector512<byte> Grouping512 = Vector512.Create(Grouped(Vector512<byte>.Count));
        public static readonly Vector256<byte> Grouping256 = Vector256.Create(Grouped(Vector256<byte>.Count));
        public static readonly Vector128<byte> Grouping128 = Vector128.Create(Grouped(Vector128<byte>.Count));
        public static readonly Vector512<byte> PairGrouping512 = Vector512.Create(PairLanes(Grouped(Vector512<byte>.Count)));

        // Grouped, with bit row r's piece in 64-bit lane 2r (r < 4) or 2(r - 4) + 1, so that unpacking the low and high
        // lanes of two vectors gives rows 0-3 and 4-7 of 16 bytes each.
        private static byte[] PairLanes(byte[] indices)
        {
            byte[] paired = new byte[indices.Length];
            for (int position = 0; position < indices.Length; position++)
            {
                paired[Paired(position)] = indices[position];
            }

            return paired;
        }

        private static int Paired(int position)
        {
            int row = position / SquareBytes;
            return ((row < 4 ? 2 * row : (2 * (row - 4)) + 1) * SquareBytes) + (position % SquareBytes);
        }

        // Each square's bytes in reverse order.
        private static byte[] Reversed(int count) => Build(count, static (position, _) => position ^ (SquareBytes - 1));

        // Byte k of square g to position k * squares + g: the vector is then the bit rows' pieces, one after another.
        private static byte[] Grouped(int count) =>
            Build(count, static (position, squares) => ((position % squares) * SquareBytes) + (position / squares));

        private static byte[] Build(int count, Func<int, int, int> source)
        {
            byte[] indices = new byte[count];
            for (int position = 0; position < count; position++)
            {
                indices[position] = (byte)source(position, count / SquareBytes);
            }

            return indices;
        }
    }
}
