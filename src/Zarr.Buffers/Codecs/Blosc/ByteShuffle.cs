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
/// Element sizes 2, 4, 8 and 16 run on the widest accelerated vector (<see cref="Vector512{T}"/>, <see cref="Vector256{T}"/>
/// or <see cref="Vector128{T}"/>), then on the narrower ones for what is left: a vector's worth of elements is one byte
/// permutation away from its rows' pieces (<see cref="ByteRows"/>). The 256- and 512-bit permutations cross 128-bit
/// lanes, so they use <c>Shuffle</c>, which the JIT makes one <c>vpermb</c> where AVX-512 VBMI is present and emulates
/// correctly where it is not (<c>ShuffleNative</c> may permute within lanes only). At 64 bytes, sizes 9 and above first
/// go 64 elements and 16 byte columns at a time (<see cref="ByteTile"/>), so that each row gets whole 64-byte lines: a
/// vector at a time, every row got 4 bytes in turn, and with rows a multiple of 4 KiB apart the 16-byte shuffle ran at
/// 30 times a copy. On 64-byte vectors, sizes 3, 5-7 and the elements of sizes 9-15 after the last tile take one
/// <c>Shuffle</c> for 16, 8 or 4 elements, each row getting 16, 8 or 4 bytes. Size 1 is a copy. Other sizes, the last
/// elements, and hardware without vector support take the scalar loops, which the tests also call directly.
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
            done = Tiles<ShuffleTile>(typeSize, source, destination, done);
            done = Steps<Shuffle512>(typeSize, source, destination, done);
            done = OddSteps<OddShuffle>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector256<byte>.Count)
        {
            done = Steps<Shuffle256>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector128<byte>.Count)
        {
            done = Steps<Shuffle128>(typeSize, source, destination, done);
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
            done = Tiles<UnshuffleTile>(typeSize, source, destination, done);
            done = Steps<Unshuffle512>(typeSize, source, destination, done);
            done = OddSteps<OddUnshuffle>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector256<byte>.Count)
        {
            done = Steps<Unshuffle256>(typeSize, source, destination, done);
        }

        if (widestVector >= Vector128<byte>.Count)
        {
            done = Steps<Unshuffle128>(typeSize, source, destination, done);
        }

        UnshuffleScalar(typeSize, source, destination, done);
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

    // Runs whole tiles of TileElements elements from element firstElement on, for element sizes 9 and above; returns
    // the elements done. A tile takes the elements 16 columns (bytes) at a time: its 16 vectors hold one 64-byte piece
    // of each of those 16 rows once transposed (ByteTile). Below 16 bytes, an element's 16 columns run into the next
    // element, and only the first typeSize rows are real. Size 8 ran slower in tiles.
    private static int Tiles<TTile>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TTile : ITileStep
    {
        if (typeSize < MinTileTypeSize)
        {
            return firstElement;
        }

        int elements = source.Length / typeSize;
        int reachable = Math.Max(firstElement, (source.Length - Math.Max(typeSize, ByteTile.Lanes) + typeSize) / typeSize);
        int end = reachable - ((reachable - firstElement) % TileElements);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int lastColumns = Math.Max(typeSize - ByteTile.Lanes, 0);
        ByteTile tile = default;
        for (int i = firstElement; i < end; i += TileElements)
        {
            // The last 16 columns end at the element's last byte: where typeSize is not a multiple of 16 they overlap
            // the columns before, whose rows then get (or give) the same bytes twice.
            for (int column = 0; column < typeSize; column += ByteTile.Lanes)
            {
                TTile.Run(ref tile, ref src, ref dst, i, elements, typeSize, Math.Min(column, lastColumns));
            }
        }

        return end;
    }

    // The rows of a block are a multiple of 4 KiB apart, so they share one set of the first-level cache: stores of a few
    // bytes to each row in turn evict the rows' lines before they are whole. A tile gives each row one 64-byte line.
    private const int TileElements = 64;

    // Sizes 9-15 in tiles, with 16 - typeSize of every 16 rows not real, still beat a 4-byte piece per row and step.
    private const int MinTileTypeSize = 9;

    // The elements a tile's vector holds: 4 elements' 16 columns.
    private const int ElementsPerVector = 64 / ByteTile.Lanes;

    // Columns column .. column + 15 of TileElements elements from element `element` on; rowLength is the number of
    // elements in the block.
    private interface ITileStep
    {
        static abstract void Run(ref ByteTile tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column);
    }

    private readonly struct ShuffleTile : ITileStep
    {
        public static void Run(ref ByteTile tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column)
        {
            ref byte first = ref Unsafe.Add(ref source, (element * typeSize) + column);
            for (int v = 0; v < ByteTile.Lanes; v++)
            {
                tile[v] = Vector512.Shuffle(LoadColumns(ref first, v * ElementsPerVector, typeSize), Indices512<uint>.Grouping);
            }

            tile.Transpose();
            ref byte row0 = ref Unsafe.Add(ref destination, (column * rowLength) + element);
            int rows = Math.Min(typeSize, ByteTile.Lanes);
            for (int row = 0; row < rows; row++)
            {
                ByteRows.SetRow(ref row0, rowLength, row, tile[row]);
            }
        }
    }

    private readonly struct UnshuffleTile : ITileStep
    {
        public static void Run(ref ByteTile tile, ref byte source, ref byte destination, int element, int rowLength, int typeSize, int column)
        {
            // Below 16 bytes the last row stands in for the rows past it, which are not in the block; its columns, stored
            // past each element, are overwritten by the next element's (the tile's last by later steps or the scalar loop).
            ref byte row0 = ref Unsafe.Add(ref source, (column * rowLength) + element);
            int lastRow = Math.Min(typeSize, ByteTile.Lanes) - 1;
            for (int row = 0; row < ByteTile.Lanes; row++)
            {
                tile[row] = ByteRows.RowUpTo<Vector512<byte>>(ref row0, rowLength, row, lastRow);
            }

            tile.Transpose();
            ref byte first = ref Unsafe.Add(ref destination, (element * typeSize) + column);
            for (int v = 0; v < ByteTile.Lanes; v++)
            {
                StoreColumns(Vector512.Shuffle(tile[v], Indices512<uint>.Ungrouping), ref first, v * ElementsPerVector, typeSize);
            }
        }
    }

    // The 16 columns at `first` of elements element .. element + 3, one element after the other: one load (store) where
    // they are the whole elements, else a load (store) per element, stored in element order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> LoadColumns(ref byte first, int element, int typeSize) =>
        typeSize == ByteTile.Lanes
            ? Vector512.LoadUnsafe(ref first, (nuint)(element * typeSize))
            : Vector512.Create(
                Vector256.Create(Columns(ref first, element, typeSize), Columns(ref first, element + 1, typeSize)),
                Vector256.Create(Columns(ref first, element + 2, typeSize), Columns(ref first, element + 3, typeSize)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Columns(ref byte first, int element, int typeSize) =>
        Vector128.LoadUnsafe(ref first, (nuint)(element * typeSize));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumns(Vector512<byte> columns, ref byte first, int element, int typeSize)
    {
        if (typeSize == ByteTile.Lanes)
        {
            columns.StoreUnsafe(ref first, (nuint)(element * typeSize));
            return;
        }

        columns.GetLower().GetLower().StoreUnsafe(ref first, (nuint)(element * typeSize));
        columns.GetLower().GetUpper().StoreUnsafe(ref first, (nuint)((element + 1) * typeSize));
        columns.GetUpper().GetLower().StoreUnsafe(ref first, (nuint)((element + 2) * typeSize));
        columns.GetUpper().GetUpper().StoreUnsafe(ref first, (nuint)((element + 3) * typeSize));
    }

    // Runs the 64-byte step for element sizes 3, 5-7 and 9-15 (after their tiles) from element firstElement on; returns the elements done.
    // A step takes sizeof(TRow) elements, the most that fit in 64 bytes with every row getting a whole 4, 8 or 16 bytes.
    private static int OddSteps<TStep>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TStep : IOddStep => typeSize switch
        {
            3 => OddSteps<TStep, Vector128<byte>>(typeSize, source, destination, firstElement),
            5 or 6 or 7 => OddSteps<TStep, ulong>(typeSize, source, destination, firstElement),
            > 8 and < 16 => OddSteps<TStep, uint>(typeSize, source, destination, firstElement),
            _ => firstElement,
        };

    private static int OddSteps<TStep, TRow>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination, int firstElement)
        where TStep : IOddStep
        where TRow : unmanaged
    {
        int elements = source.Length / typeSize;
        int perStep = Unsafe.SizeOf<TRow>();
        Vector512<byte> indices = TStep.Indices[typeSize];
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);

        // The elements side is loaded or stored as a whole 64 bytes, past the step's own elements: it stays in the block,
        // and the bytes stored past them belong to elements after it, which later steps, the scalar loop or the leftover copy overwrite.
        int i = firstElement;
        for (; (i * typeSize) + Vector512<byte>.Count <= source.Length; i += perStep)
        {
            TStep.Run<TRow>(ref src, ref dst, i, elements, typeSize, indices);
        }

        return i;
    }

    private interface IOddStep
    {
        static abstract Vector512<byte>[] Indices { get; }

        static abstract void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, Vector512<byte> indices)
            where TRow : unmanaged;
    }

    private readonly struct OddShuffle : IOddStep
    {
        public static Vector512<byte>[] Indices => OddIndices.Grouping;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, Vector512<byte> indices)
            where TRow : unmanaged
        {
            Vector512<byte> pieces = Vector512.Shuffle(Vector512.LoadUnsafe(ref source, (nuint)(element * typeSize)), indices);
            ref TRow piece = ref Unsafe.As<Vector512<byte>, TRow>(ref pieces);
            ref byte row0 = ref Unsafe.Add(ref destination, element);
            for (int row = 0; row < typeSize; row++)
            {
                ByteRows.SetRow(ref row0, rowLength, row, Unsafe.Add(ref piece, row));
            }
        }
    }

    private readonly struct OddUnshuffle : IOddStep
    {
        public static Vector512<byte>[] Indices => OddIndices.Ungrouping;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run<TRow>(ref byte source, ref byte destination, int element, int rowLength, int typeSize, Vector512<byte> indices)
            where TRow : unmanaged =>
            Vector512.Shuffle(ByteRows.GatherUpTo512<TRow>(ref Unsafe.Add(ref source, element), rowLength, typeSize - 1), indices)
                .StoreUnsafe(ref destination, (nuint)(element * typeSize));
    }

    // The 64-byte permutations of OddSteps, by element size (0 to 2 hold zeros): perStep elements of typeSize
    // bytes, perStep the largest power of two with perStep * typeSize <= 64; the bytes past them are don't-cares.
    private static class OddIndices
    {
        public static readonly Vector512<byte>[] Grouping = Build(grouping: true);
        public static readonly Vector512<byte>[] Ungrouping = Build(grouping: false);

        private static Vector512<byte>[] Build(bool grouping)
        {
            var table = new Vector512<byte>[ByteTile.Lanes];
            for (int typeSize = 3; typeSize < table.Length; typeSize++)
            {
                int perStep = 1 << BitOperations.Log2((uint)(Vector512<byte>.Count / typeSize));
                byte[] indices = new byte[Vector512<byte>.Count];
                for (int element = 0; element < perStep; element++)
                {
                    for (int row = 0; row < typeSize; row++)
                    {
                        int grouped = (row * perStep) + element;
                        int ungrouped = (element * typeSize) + row;
                        indices[grouping ? grouped : ungrouped] = (byte)(grouping ? ungrouped : grouped);
                    }
                }

                table[typeSize] = Vector512.Create(indices);
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
