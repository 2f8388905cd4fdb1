using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zarr.Codecs.Blosc;

/// <summary>
/// Moves one piece of each byte row of a shuffled block between memory and a vector, for <see cref="ByteShuffle"/>: piece
/// <c>j</c> (a <c>TRow</c> of <c>sizeof(TRow)</c> bytes) is row <c>j</c>'s bytes at the current element,
/// lane <c>j</c> of the vector seen as <c>TRow</c>. The vectors are built from and taken apart into
/// registers (halves, then 64- and 32-bit lanes): writing pieces to memory and reading them back as a vector stalls on
/// store forwarding.
/// </summary>
internal static class ByteRows
{
    /// <summary>The pieces of rows <c>0 .. 64 / sizeof(TRow) - 1</c> at <paramref name="row0"/>, rows <paramref name="rowLength"/> bytes apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Gather512<TRow>(ref byte row0, int rowLength)
        where TRow : unmanaged =>
        Unsafe.SizeOf<TRow>() == Vector512<byte>.Count / 2
            ? Vector512.Create(Row<Vector256<byte>>(ref row0, rowLength, 0), Row<Vector256<byte>>(ref row0, rowLength, 1))
            : Vector512.Create(Gather256<TRow>(ref row0, rowLength), Gather256<TRow>(ref Half<TRow>(ref row0, rowLength, Vector512<byte>.Count), rowLength));

    /// <summary>The pieces of rows <c>0 .. 32 / sizeof(TRow) - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Gather256<TRow>(ref byte row0, int rowLength)
        where TRow : unmanaged =>
        Unsafe.SizeOf<TRow>() == Vector256<byte>.Count / 2
            ? Vector256.Create(Row<Vector128<byte>>(ref row0, rowLength, 0), Row<Vector128<byte>>(ref row0, rowLength, 1))
            : Vector256.Create(Gather128<TRow>(ref row0, rowLength), Gather128<TRow>(ref Half<TRow>(ref row0, rowLength, Vector256<byte>.Count), rowLength));

    /// <summary>The pieces of rows <c>0 .. 16 / sizeof(TRow) - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Gather128<TRow>(ref byte row0, int rowLength)
        where TRow : unmanaged
    {
        if (typeof(TRow) == typeof(ulong))
        {
            return Vector128.Create(Row<ulong>(ref row0, rowLength, 0), Row<ulong>(ref row0, rowLength, 1)).AsByte();
        }

        if (typeof(TRow) == typeof(uint))
        {
            return Vector128.Create(Row<uint>(ref row0, rowLength, 0), Row<uint>(ref row0, rowLength, 1),
                Row<uint>(ref row0, rowLength, 2), Row<uint>(ref row0, rowLength, 3)).AsByte();
        }

        Vector128<byte> lanes = default;
        ref TRow lane = ref Unsafe.As<Vector128<byte>, TRow>(ref lanes);
        for (int j = 0; j < Vector128<byte>.Count / Unsafe.SizeOf<TRow>(); j++)
        {
            Unsafe.Add(ref lane, j) = Row<TRow>(ref row0, rowLength, j);
        }

        return lanes;
    }

    /// <summary>
    /// The pieces of rows <c>0 .. 64 / sizeof(TRow) - 1</c>, as <see cref="Gather512{TRow}"/> has them, but with row
    /// <paramref name="lastRow"/>'s piece in the lanes past it, whose rows are not in the block; <typeparamref name="TRow"/>
    /// is <see cref="uint"/>, <see cref="ulong"/> or a <see cref="Vector128{T}"/> of bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> GatherUpTo512<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged =>
        Vector512.Create(
            GatherUpTo256<TRow>(ref row0, rowLength, lastRow),
            Vector256.Create(QuarterUpTo<TRow>(ref row0, rowLength, lastRow, 2), QuarterUpTo<TRow>(ref row0, rowLength, lastRow, 3)));

    /// <summary>The pieces of rows <c>0 .. 32 / sizeof(TRow) - 1</c>, as <see cref="GatherUpTo512{TRow}"/> has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> GatherUpTo256<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged =>
        Vector256.Create(QuarterUpTo<TRow>(ref row0, rowLength, lastRow, 0), QuarterUpTo<TRow>(ref row0, rowLength, lastRow, 1));

    /// <summary>The pieces of rows <c>0 .. 16 / sizeof(TRow) - 1</c>, as <see cref="GatherUpTo512{TRow}"/> has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> GatherUpTo128<TRow>(ref byte row0, int rowLength, int lastRow)
        where TRow : unmanaged => QuarterUpTo<TRow>(ref row0, rowLength, lastRow, 0);

    // The 16 bytes of pieces from lane quarter * 16 / sizeof(TRow) on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> QuarterUpTo<TRow>(ref byte row0, int rowLength, int lastRow, int quarter)
        where TRow : unmanaged
    {
        int first = quarter * Vector128<byte>.Count / Unsafe.SizeOf<TRow>();
        if (typeof(TRow) == typeof(uint))
        {
            return Vector128.Create(RowUpTo<uint>(ref row0, rowLength, first, lastRow), RowUpTo<uint>(ref row0, rowLength, first + 1, lastRow),
                RowUpTo<uint>(ref row0, rowLength, first + 2, lastRow), RowUpTo<uint>(ref row0, rowLength, first + 3, lastRow)).AsByte();
        }

        if (typeof(TRow) == typeof(ulong))
        {
            return Vector128.Create(RowUpTo<ulong>(ref row0, rowLength, first, lastRow), RowUpTo<ulong>(ref row0, rowLength, first + 1, lastRow)).AsByte();
        }

        return RowUpTo<Vector128<byte>>(ref row0, rowLength, first, lastRow);
    }

    /// <summary>The <typeparamref name="T"/>-sized piece at the start of row <paramref name="row"/>, or of <paramref name="lastRow"/> for the rows past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T RowUpTo<T>(ref byte row0, int rowLength, int row, int lastRow)
        where T : unmanaged => Row<T>(ref row0, rowLength, Math.Min(row, lastRow));

    /// <summary>Writes the pieces of <paramref name="pieces"/> to rows <c>0 .. 64 / sizeof(TRow) - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scatter512<TRow>(Vector512<byte> pieces, ref byte row0, int rowLength)
        where TRow : unmanaged
    {
        if (Unsafe.SizeOf<TRow>() == Vector512<byte>.Count / 2)
        {
            SetRow(ref row0, rowLength, 0, pieces.GetLower());
            SetRow(ref row0, rowLength, 1, pieces.GetUpper());
            return;
        }

        Scatter256<TRow>(pieces.GetLower(), ref row0, rowLength);
        Scatter256<TRow>(pieces.GetUpper(), ref Half<TRow>(ref row0, rowLength, Vector512<byte>.Count), rowLength);
    }

    /// <summary>Writes the pieces of <paramref name="pieces"/> to rows <c>0 .. 32 / sizeof(TRow) - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scatter256<TRow>(Vector256<byte> pieces, ref byte row0, int rowLength)
        where TRow : unmanaged
    {
        if (Unsafe.SizeOf<TRow>() == Vector256<byte>.Count / 2)
        {
            SetRow(ref row0, rowLength, 0, pieces.GetLower());
            SetRow(ref row0, rowLength, 1, pieces.GetUpper());
            return;
        }

        Scatter128<TRow>(pieces.GetLower(), ref row0, rowLength);
        Scatter128<TRow>(pieces.GetUpper(), ref Half<TRow>(ref row0, rowLength, Vector256<byte>.Count), rowLength);
    }

    /// <summary>Writes the pieces of <paramref name="pieces"/> to rows <c>0 .. 16 / sizeof(TRow) - 1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scatter128<TRow>(Vector128<byte> pieces, ref byte row0, int rowLength)
        where TRow : unmanaged
    {
        if (typeof(TRow) == typeof(ulong))
        {
            var lanes = pieces.AsUInt64();
            SetRow(ref row0, rowLength, 0, lanes.GetElement(0));
            SetRow(ref row0, rowLength, 1, lanes.GetElement(1));
            return;
        }

        if (typeof(TRow) == typeof(uint))
        {
            var lanes = pieces.AsUInt32();
            SetRow(ref row0, rowLength, 0, lanes.GetElement(0));
            SetRow(ref row0, rowLength, 1, lanes.GetElement(1));
            SetRow(ref row0, rowLength, 2, lanes.GetElement(2));
            SetRow(ref row0, rowLength, 3, lanes.GetElement(3));
            return;
        }

        ref TRow lane = ref Unsafe.As<Vector128<byte>, TRow>(ref pieces);
        for (int j = 0; j < Vector128<byte>.Count / Unsafe.SizeOf<TRow>(); j++)
        {
            SetRow(ref row0, rowLength, j, Unsafe.Add(ref lane, j));
        }
    }

    // The first row of the second half of a vector of vectorBytes bytes: vectorBytes / 2 / sizeof(TRow) rows on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte Half<TRow>(ref byte row0, int rowLength, int vectorBytes)
        where TRow : unmanaged => ref Unsafe.Add(ref row0, vectorBytes / 2 / Unsafe.SizeOf<TRow>() * rowLength);

    /// <summary>The <typeparamref name="T"/>-sized piece at the start of row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Row<T>(ref byte row0, int rowLength, int row)
        where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref row0, row * rowLength));

    /// <summary>Writes <paramref name="value"/> at the start of row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetRow<T>(ref byte row0, int rowLength, int row, T value)
        where T : unmanaged => Unsafe.WriteUnaligned(ref Unsafe.Add(ref row0, row * rowLength), value);
}
