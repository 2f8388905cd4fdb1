using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Blosc's byte shuffle of one block (c-blosc 1.x <c>shuffle-generic.h</c>): the block's <c>n</c> whole elements of
/// <c>typeSize</c> bytes become <c>typeSize</c> rows of <c>n</c> bytes, row <c>j</c> holding byte <c>j</c> of every element;
/// the block's last <c>length % typeSize</c> bytes are copied as they are.
/// </summary>
/// <remarks>
/// <para>
/// Each width the hardware accelerates runs in turn, widest first (<see cref="Vector512{T}"/>, <see cref="Vector256{T}"/>,
/// <see cref="Vector128{T}"/>), each on what the wider ones left; the last elements, and hardware without vector support,
/// take the scalar loops, which the tests also call directly. Size 1 is a copy. At every width:
/// </para>
/// <list type="bullet">
/// <item><description>Sizes 9 and above (and 5-8 on 16-byte vectors) go in tiles (<see cref="ByteTile{TVector}"/>):
/// <c>4 * L</c> elements, <c>L</c> byte columns at a time, where <c>L</c> is the vector's <see cref="uint"/> lanes (16, 8,
/// 4), so that each row gets (or gives) a whole vector. A vector at a time, every row got a few bytes in turn, and with
/// rows a multiple of 4 KiB apart the 16-byte shuffle ran at 30 to 50 times a copy.</description></item>
/// <item><description>Sizes 2, 4, 8 and 16 (8 and 16 after their tiles) take a vector's worth of elements, one byte
/// permutation away from its rows' pieces (<see cref="ByteRows"/>).</description></item>
/// <item><description>Sizes 3, 5-7 and the elements of sizes 9-15 after the last tile take one permutation for the most
/// elements (16, 8 or 4) that give every row a whole 16, 8 or 4 bytes: at 64 bytes 3, 5-7 and 9-15; at 32 bytes 3 and
/// 5-7; at 16 bytes 3.</description></item>
/// </list>
/// <para>
/// The 256- and 512-bit byte permutations cross 128-bit lanes, so they use <c>Shuffle</c>, which the JIT makes one
/// <c>vpermb</c> where AVX-512 VBMI is present and emulates correctly on AVX2 (<c>ShuffleNative</c> may permute bytes
/// within lanes only); the per-width operations are <see cref="ByteVectors"/>'s.
/// </para>
/// </remarks>
internal static class ByteShuffle
{
    // Read once: a static readonly field is a constant to the optimising JIT, so the width tests below fold away.
    private static readonly int s_widestVector = Vector512.IsHardwareAccelerated ? Vector512<byte>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<byte>.Count
        : Vector128.IsHardwareAccelerated ? Vector128<byte>.Count
        : 0;

    /// <summary>The widest vector, in bytes, the hardware accelerates: 64, 32, 16, or 0 where it has none.</summary>
    public static int WidestAccelerated => s_widestVector;

    /// <summary>Shuffles <paramref name="source"/> into <paramref name="destination"/>, both the block's length.</summary>
    public static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        Shuffle(typeSize, source, destination, s_widestVector);

    /// <summary>Undoes <see cref="Shuffle(int, ReadOnlySpan{byte}, Span{byte})"/>: <paramref name="source"/> and <paramref name="destination"/> have the block's length.</summary>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) =>
        Unshuffle(typeSize, source, destination, s_widestVector);

    /// <summary>The shuffle with vectors of at most <paramref name="widestVector"/> bytes (64, 32, 16 or 0), for the tests to run every width.</summary>
    internal static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int widestVector)
    {
        if (typeSize == 1)
        {
            source.CopyTo(destination);
            return;
        }

        int done = 0;
        if (widestVector >= Vector512<byte>.Count)
        {
            done = AtWidth<Shuffling, Vector512<byte>, Shuffle512>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector256<byte>.Count)
        {
            done = AtWidth<Shuffling, Vector256<byte>, Shuffle256>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector128<byte>.Count)
        {
            done = AtWidth<Shuffling, Vector128<byte>, Shuffle128>(typeSize, source, destination, done);
        }

        ShuffleScalar(typeSize, source, destination, done);
    }

    /// <summary>The unshuffle with vectors of at most <paramref name="widestVector"/> bytes (64, 32, 16 or 0), for the tests to run every width.</summary>
    internal static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int widestVector)
    {
        if (typeSize == 1)
        {
            source.CopyTo(destination);
            return;
        }

        int done = 0;
        if (widestVector >= Vector512<byte>.Count)
        {
            done = AtWidth<Unshuffling, Vector512<byte>, Unshuffle512>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector256<byte>.Count)
        {
            done = AtWidth<Unshuffling, Vector256<byte>, Unshuffle256>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector128<byte>.Count)
        {
            done = AtWidth<Unshuffling, Vector128<byte>, Unshuffle128>(typeSize, source, destination, done);
        }

        UnshuffleScalar(typeSize, source, destination, done);
    }

    // One width's paths from element firstElement on, each taking the sizes it serves: tiles, then steps of sizes 2, 4, 8
    // and 16, then odd-size steps; returns the elements done.
    private static int AtWidth<TDirection, TVector, TStep>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TDirection : IDirection
        where TVector : unmanaged
        where TStep : IShuffleStep
    {
        int done = Tiles<TDirection, TVector>(typeSize, source, destination, firstElement);
        done = Steps<TStep>(typeSize, source, destination, done);
        return OddSteps<TDirection, TVector>(typeSize, source, destination, done);
    }

    /// <summary>The scalar shuffle of the elements from <paramref name="firstElement"/> on, and the copy of the leftover bytes.</summary>
    internal static void ShuffleScalar(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement = 0)
    {
        int elements = source.Length / typeSize;
        for (int j = 0; j < typeSize; j++)
        {
            for (int i = firstElement; i < elements; i++)
            {
                destination[(j * elements) + i] = source[(i * typeSize) + j];
            }
        }

        CopyLeftover(elements * typeSize, source, destination);
    }

    /// <summary>The scalar unshuffle of the elements from <paramref name="firstElement"/> on, and the copy of the leftover bytes.</summary>
    internal static void UnshuffleScalar(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement = 0)
    {
        int elements = source.Length / typeSize;
        for (int i = firstElement; i < elements; i++)
        {
            for (int j = 0; j < typeSize; j++)
            {
                destination[(i * typeSize) + j] = source[(j * elements) + i];
            }
        }

        CopyLeftover(elements * typeSize, source, destination);
    }

    private static void CopyLeftover(int shuffled, ReadOnlySpan<byte> source, Span<byte> destination) =>
        source[shuffled..].CopyTo(destination[shuffled..]);

    // Runs the step's vector width from element firstElement on, for element sizes 2, 4, 8 and 16; returns the elements
    // done. Each vector holds one piece of every row, of VectorBytes / typeSize bytes: TRow, a type the JIT sees through.
    private static int Steps<TStep>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TStep : IShuffleStep => typeSize is not (2 or 4 or 8 or 16) ? firstElement : (TStep.VectorBytes / typeSize) switch
        {
            1 => Steps<TStep, byte>(typeSize, source, destination, firstElement),
            2 => Steps<TStep, ushort>(typeSize, source, destination, firstElement),
            4 => Steps<TStep, uint>(typeSize, source, destination, firstElement),
            8 => Steps<TStep, ulong>(typeSize, source, destination, firstElement),
            16 => Steps<TStep, Vector128<byte>>(typeSize, source, destination, firstElement),
            _ => Steps<TStep, Vector256<byte>>(typeSize, source, destination, firstElement),
        };

    // A row piece of sizeof(TRow) bytes holds that many elements' byte, so each step does sizeof(TRow) elements.
    private static int Steps<TStep, TRow>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TStep : IShuffleStep
        where TRow : unmanaged
    {
        int elements = source.Length / typeSize;
        int perStep = Unsafe.SizeOf<TRow>();
        int end = elements - ((elements - firstElement) % perStep);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int i = firstElement; i < end; i += perStep)
        {
            TStep.Run<TRow>(ref src, ref dst, i, elements);
        }

        return end;
    }

    // Runs whole tiles of 4 * Lanes elements from element firstElement on, for element sizes 9 and above (5 and above
    // on 16-byte vectors); returns the elements done. A tile takes the elements Lanes columns (bytes) at a time:
    // its Lanes vectors hold one vector-long piece of each of those rows once transposed (ByteTile). Below 16 bytes on
    // 64-byte vectors, an element's 16 columns run into the next element, and only the first typeSize rows are real.
    private static int Tiles<TDirection, TVector>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TDirection : IDirection
        where TVector : unmanaged
    {
        if (typeSize <= MaxStepTypeSize && typeSize <= ByteVectors.Lanes<TVector>())
        {
            return firstElement;
        }

        int elements = source.Length / typeSize;
        int tileElements = ElementsPerVector * ByteVectors.Lanes<TVector>();
        int reachable = Math.Max(firstElement, (source.Length - Math.Max(typeSize, ByteVectors.Lanes<TVector>()) + typeSize) / typeSize);
        int end = reachable - ((reachable - firstElement) % tileElements);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int lastColumns = Math.Max(typeSize - ByteVectors.Lanes<TVector>(), 0);
        ByteTile<TVector> tile = default;
        for (int i = firstElement; i < end; i += tileElements)
        {
            // The last Lanes columns end at the element's last byte: where typeSize is not a multiple of Lanes they
            // overlap the columns before, whose rows then get (or give) the same bytes twice.
            for (int column = 0; column < typeSize; column += ByteVectors.Lanes<TVector>())
            {
                TDirection.Tile<TVector>(ref tile, ref src, ref dst, i, elements, typeSize, Math.Min(column, lastColumns));
            }
        }

        return end;
    }

    // The rows of a block are a multiple of 4 KiB apart, so they share one set of the first-level cache: stores of a few
    // bytes to each row in turn evict the rows' lines before they are whole. A tile gives each row a whole vector.
    // Sizes 9-15 in 64-byte tiles, with 16 - typeSize of every 16 rows not real, still beat a 4-byte piece per row and
    // step. Sizes up to 8 take steps (8 ran slower in 64-byte tiles; 32-byte steps give each of its rows 4 bytes, at 2
    // times a copy), but on 16-byte vectors, whose steps would give each row 2 bytes of sizes 5-8: there size 8 ran at
    // 14-23 times a copy in steps, 9 in tiles.
    private const int MaxStepTypeSize = 8;

    // The elements a tile's vector holds: 4 elements' Lanes columns, Lanes being the vector's uint lanes.
    private const int ElementsPerVector = 4;

    // Runs the step for element sizes 3, 5-7 and 9-15 from element firstElement on while the vector holds 4 or more
    // elements (after the tiles of sizes 9-15); returns the elements done. A step takes
    // sizeof(TRow) elements, the most that fit in a vector with every row getting a whole 4, 8 or 16 bytes.
    private static int OddSteps<TDirection, TVector>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TDirection : IDirection
        where TVector : unmanaged => typeSize is 3 or 5 or 6 or 7 or (> 8 and < 16) ? (Unsafe.SizeOf<TVector>() / typeSize) switch
        {
            >= 16 => OddSteps<TDirection, TVector, Vector128<byte>>(typeSize, source, destination, firstElement),
            >= 8 => OddSteps<TDirection, TVector, ulong>(typeSize, source, destination, firstElement),
            >= 4 => OddSteps<TDirection, TVector, uint>(typeSize, source, destination, firstElement),
            _ => firstElement,
        } : firstElement;

    private static int OddSteps<TDirection, TVector, TRow>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TDirection : IDirection
        where TVector : unmanaged
        where TRow : unmanaged
    {
        int elements = source.Length / typeSize;
        int perStep = Unsafe.SizeOf<TRow>();
        TVector indices = TDirection.OddStepIndices<TVector>()[typeSize];
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);

        // The elements side is loaded or stored as a whole vector, past the step's own elements: it stays in the block,
        // and the bytes stored past them belong to elements after it, which later steps, the scalar loop or the leftover copy overwrite.
        int i = firstElement;
        for (; (i * typeSize) + Unsafe.SizeOf<TVector>() <= source.Length; i += perStep)
        {
            TDirection.OddStep<TVector, TRow>(ref src, ref dst, i, elements, typeSize, indices);
        }

        return i;
    }

    // One direction's tile (columns column .. column + Lanes - 1 of 4 * Lanes elements from element `element` on) and
    // odd-size step; rowLength is the number of elements in the block.
    private interface IDirection
    {
        static abstract void Tile<TVector>(ref ByteTile<TVector> tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column)
            where TVector : unmanaged;

        static abstract TVector[] OddStepIndices<TVector>()
            where TVector : unmanaged;

        static abstract void OddStep<TVector, TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, TVector indices)
            where TVector : unmanaged
            where TRow : unmanaged;
    }

    private readonly struct Shuffling : IDirection
    {
        public static void Tile<TVector>(ref ByteTile<TVector> tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column)
            where TVector : unmanaged
        {
            ref byte first = ref Unsafe.Add(ref source, (element * typeSize) + column);
            for (int v = 0; v < ByteVectors.Lanes<TVector>(); v++)
            {
                tile[v] = ByteVectors.Shuffle(ByteVectors.LoadColumns<TVector>(ref first, v * ElementsPerVector, typeSize), TileIndices<TVector>.Grouping);
            }

            tile.Transpose();
            ref byte row0 = ref Unsafe.Add(ref destination, (column * rowLength) + element);
            int rows = Math.Min(typeSize, ByteVectors.Lanes<TVector>());
            for (int row = 0; row < rows; row++)
            {
                ByteRows.SetRow(ref row0, rowLength, row, tile[row]);
            }
        }

        public static TVector[] OddStepIndices<TVector>()
            where TVector : unmanaged => OddIndices<TVector>.Grouping;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void OddStep<TVector, TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, TVector indices)
            where TVector : unmanaged
            where TRow : unmanaged
        {
            TVector pieces = ByteVectors.Shuffle(ByteVectors.Load<TVector>(ref source, element * typeSize), indices);
            ref TRow piece = ref Unsafe.As<TVector, TRow>(ref pieces);
            ref byte row0 = ref Unsafe.Add(ref destination, element);
            for (int row = 0; row < typeSize; row++)
            {
                ByteRows.SetRow(ref row0, rowLength, row, Unsafe.Add(ref piece, row));
            }
        }
    }

    private readonly struct Unshuffling : IDirection
    {
        public static void Tile<TVector>(ref ByteTile<TVector> tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column)
            where TVector : unmanaged
        {
            // Below Lanes bytes the last row stands in for the rows past it, which are not in the block; its columns, stored
            // past each element, are overwritten by the next element's (the tile's last by later steps or the scalar loop).
            ref byte row0 = ref Unsafe.Add(ref source, (column * rowLength) + element);
            int lastRow = Math.Min(typeSize, ByteVectors.Lanes<TVector>()) - 1;
            for (int row = 0; row < ByteVectors.Lanes<TVector>(); row++)
            {
                tile[row] = ByteRows.RowUpTo<TVector>(ref row0, rowLength, row, lastRow);
            }

            tile.Transpose();
            ref byte first = ref Unsafe.Add(ref destination, (element * typeSize) + column);
            for (int v = 0; v < ByteVectors.Lanes<TVector>(); v++)
            {
                ByteVectors.StoreColumns(ByteVectors.Shuffle(tile[v], TileIndices<TVector>.Ungrouping), ref first, v * ElementsPerVector, typeSize);
            }
        }

        public static TVector[] OddStepIndices<TVector>()
            where TVector : unmanaged => OddIndices<TVector>.Ungrouping;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void OddStep<TVector, TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, TVector indices)
            where TVector : unmanaged
            where TRow : unmanaged =>
            ByteVectors.Store(ByteVectors.Shuffle(ByteVectors.GatherUpTo<TVector, TRow>(ref Unsafe.Add(ref source, element), rowLength, typeSize - 1), indices), ref destination, element * typeSize);
    }

    // A tile vector's permutations: 4 elements of Lanes bytes grouped by byte, so that uint lane k holds column k of the
    // 4, and back. Static readonly vectors of a generic type are constants to the optimising JIT.
    private static class TileIndices<TVector>
        where TVector : unmanaged
    {
        public static readonly TVector Grouping = ByteVectors.Create<TVector>(Grouped(Unsafe.SizeOf<TVector>(), ByteVectors.Lanes<TVector>()));
        public static readonly TVector Ungrouping = ByteVectors.Create<TVector>(Ungrouped(Unsafe.SizeOf<TVector>(), ByteVectors.Lanes<TVector>()));
    }

    // The permutations of OddSteps at one width, by element size (0 to 2 hold zeros): perStep elements of typeSize
    // bytes, perStep the largest power of two with perStep * typeSize <= the vector's bytes; the bytes past them are don't-cares.
    private static class OddIndices<TVector>
        where TVector : unmanaged
    {
        public static readonly TVector[] Grouping = Build(grouping: true);
        public static readonly TVector[] Ungrouping = Build(grouping: false);

        private static TVector[] Build(bool grouping)
        {
            int count = Unsafe.SizeOf<TVector>();
            var table = new TVector[ByteTile<TVector>.MaxLanes];
            for (int typeSize = 3; typeSize < table.Length; typeSize++)
            {
                int perStep = 1 << BitOperations.Log2((uint)(count / typeSize));
                byte[] indices = new byte[count];
                for (int element = 0; element < perStep; element++)
                {
                    for (int row = 0; row < typeSize; row++)
                    {
                        int grouped = (row * perStep) + element;
                        int ungrouped = (element * typeSize) + row;
                        indices[grouping ? grouped : ungrouped] = (byte)(grouping ? ungrouped : grouped);
                    }
                }

                table[typeSize] = ByteVectors.Create<TVector>(indices);
            }

            return table;
        }
    }
    // One vector's worth of elements, from element `element` on; rowLength is the number of elements in the block.
    private interface IShuffleStep
    {
        static abstract int VectorBytes { get; }

        static abstract void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged;
    }

    private readonly struct Shuffle512 : IShuffleStep
    {
        public static int VectorBytes => Vector512<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged
        {
            var elements = Vector512.LoadUnsafe(ref source, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
            ByteRows.Scatter512<TRow>(Vector512.Shuffle(elements, Indices512<TRow>.Grouping), ref Unsafe.Add(ref destination, element), rowLength);
        }
    }

    private readonly struct Unshuffle512 : IShuffleStep
    {
        public static int VectorBytes => Vector512<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged =>
            Vector512.Shuffle(ByteRows.Gather512<TRow>(ref Unsafe.Add(ref source, element), rowLength), Indices512<TRow>.Ungrouping)
                .StoreUnsafe(ref destination, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
    }

    private readonly struct Shuffle256 : IShuffleStep
    {
        public static int VectorBytes => Vector256<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged
        {
            var elements = Vector256.LoadUnsafe(ref source, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
            ByteRows.Scatter256<TRow>(Vector256.Shuffle(elements, Indices256<TRow>.Grouping), ref Unsafe.Add(ref destination, element), rowLength);
        }
    }

    private readonly struct Unshuffle256 : IShuffleStep
    {
        public static int VectorBytes => Vector256<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged =>
            Vector256.Shuffle(ByteRows.Gather256<TRow>(ref Unsafe.Add(ref source, element), rowLength), Indices256<TRow>.Ungrouping)
                .StoreUnsafe(ref destination, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
    }

    private readonly struct Shuffle128 : IShuffleStep
    {
        public static int VectorBytes => Vector128<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged
        {
            var elements = Vector128.LoadUnsafe(ref source, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
            ByteRows.Scatter128<TRow>(Vector128.ShuffleNative(elements, Indices128<TRow>.Grouping), ref Unsafe.Add(ref destination, element), rowLength);
        }
    }

    private readonly struct Unshuffle128 : IShuffleStep
    {
        public static int VectorBytes => Vector128<byte>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength)
            where TRow : unmanaged =>
            Vector128.ShuffleNative(ByteRows.Gather128<TRow>(ref Unsafe.Add(ref source, element), rowLength), Indices128<TRow>.Ungrouping)
                .StoreUnsafe(ref destination, (nuint)(element * (VectorBytes / Unsafe.SizeOf<TRow>())));
    }

    // The permutations of one element size (VectorBytes / sizeof(TRow)) per width, built once: static readonly vectors of
    // a generic type are constants to the optimising JIT.
    private static class Indices512<TRow>
        where TRow : unmanaged
    {
        public static readonly Vector512<byte> Grouping = Vector512.Create(Grouped(Vector512<byte>.Count, Vector512<byte>.Count / Unsafe.SizeOf<TRow>()));
        public static readonly Vector512<byte> Ungrouping = Vector512.Create(Ungrouped(Vector512<byte>.Count, Vector512<byte>.Count / Unsafe.SizeOf<TRow>()));
    }

    private static class Indices256<TRow>
        where TRow : unmanaged
    {
        public static readonly Vector256<byte> Grouping = Vector256.Create(Grouped(Vector256<byte>.Count, Vector256<byte>.Count / Unsafe.SizeOf<TRow>()));
        public static readonly Vector256<byte> Ungrouping = Vector256.Create(Ungrouped(Vector256<byte>.Count, Vector256<byte>.Count / Unsafe.SizeOf<TRow>()));
    }

    private static class Indices128<TRow>
        where TRow : unmanaged
    {
        public static readonly Vector128<byte> Grouping = Vector128.Create(Grouped(Vector128<byte>.Count, Vector128<byte>.Count / Unsafe.SizeOf<TRow>()));
        public static readonly Vector128<byte> Ungrouping = Vector128.Create(Ungrouped(Vector128<byte>.Count, Vector128<byte>.Count / Unsafe.SizeOf<TRow>()));
    }

    // Byte e * typeSize + j of the vector goes to position j * (count / typeSize) + e: grouped by byte of the element.
    private static byte[] Grouped(int count, int typeSize)
    {
        byte[] indices = new byte[count];
        int perVector = count / typeSize;
        for (int position = 0; position < count; position++)
        {
            indices[position] = (byte)(((position % perVector) * typeSize) + (position / perVector));
        }

        return indices;
    }

    private static byte[] Ungrouped(int count, int typeSize)
    {
        byte[] indices = new byte[count];
        int perVector = count / typeSize;
        for (int position = 0; position < count; position++)
        {
            indices[position] = (byte)(((position % typeSize) * perVector) + (position / typeSize));
        }

        return indices;
    }
}
