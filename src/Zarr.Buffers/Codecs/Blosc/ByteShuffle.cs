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
/// Element sizes 2, 4, 8 and 16 run on <see cref="Vector128{T}"/>: one byte permutation groups a vector's elements by byte,
/// and each group goes to its row in one store. Other sizes, the elements past the last whole vector, and hardware
/// without vector support take the scalar loops, which the tests also call directly.
/// </remarks>
internal static class ByteShuffle
{
    /// <summary>Shuffles <paramref name="source"/> into <paramref name="destination"/>, both the block's length.</summary>
    public static void Shuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int done = Vector128.IsHardwareAccelerated ? ShuffleVector128(typeSize, source, destination) : 0;
        ShuffleScalar(typeSize, source, destination, done);
    }

    /// <summary>Undoes <see cref="Shuffle"/>: <paramref name="source"/> and <paramref name="destination"/> have the block's length.</summary>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int done = Vector128.IsHardwareAccelerated ? UnshuffleVector128(typeSize, source, destination) : 0;
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

    // Returns the number of elements shuffled: those of the whole vectors, for the element sizes that divide a vector.
    private static int ShuffleVector128(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) => typeSize switch
    {
        2 => ShuffleVector128<ulong>(2, source, destination),
        4 => ShuffleVector128<uint>(4, source, destination),
        8 => ShuffleVector128<ushort>(8, source, destination),
        16 => ShuffleVector128<byte>(16, source, destination),
        _ => 0,
    };

    private static int UnshuffleVector128(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination) => typeSize switch
    {
        2 => UnshuffleVector128<ulong>(2, source, destination),
        4 => UnshuffleVector128<uint>(4, source, destination),
        8 => UnshuffleVector128<ushort>(8, source, destination),
        16 => UnshuffleVector128<byte>(16, source, destination),
        _ => 0,
    };

    // TRow holds one row's bytes of the 16 / typeSize elements in a vector: after the permutation, lane j of the vector
    // (as TRow) is byte j of each of those elements, which is where row j continues.
    private static int ShuffleVector128<TRow>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
        where TRow : unmanaged
    {
        int elements = source.Length / typeSize;
        int perVector = Vector128<byte>.Count / typeSize;
        int vectorElements = elements - (elements % perVector);
        var grouping = GroupingIndices(typeSize);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < vectorElements; i += perVector)
        {
            ScatterRows<TRow>(Vector128.ShuffleNative(Vector128.LoadUnsafe(ref src, (nuint)(i * typeSize)), grouping), ref Unsafe.Add(ref dst, i), elements);
        }

        return vectorElements;
    }

    private static int UnshuffleVector128<TRow>(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
        where TRow : unmanaged
    {
        int elements = source.Length / typeSize;
        int perVector = Vector128<byte>.Count / typeSize;
        int vectorElements = elements - (elements % perVector);
        var ungrouping = UngroupingIndices(typeSize);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < vectorElements; i += perVector)
        {
            Vector128.ShuffleNative(GatherRows<TRow>(ref Unsafe.Add(ref src, i), elements), ungrouping).StoreUnsafe(ref dst, (nuint)(i * typeSize));
        }

        return vectorElements;
    }

    // Writes lane j of the grouped vector (as TRow) to row j, taking the lanes from registers as GatherRows builds them.
    private static void ScatterRows<TRow>(Vector128<byte> grouped, ref byte row0, int rowLength)
        where TRow : unmanaged
    {
        if (typeof(TRow) == typeof(ulong))
        {
            var lanes = grouped.AsUInt64();
            SetRow(ref row0, rowLength, 0, lanes.GetElement(0));
            SetRow(ref row0, rowLength, 1, lanes.GetElement(1));
            return;
        }

        if (typeof(TRow) == typeof(uint))
        {
            var lanes = grouped.AsUInt32();
            SetRow(ref row0, rowLength, 0, lanes.GetElement(0));
            SetRow(ref row0, rowLength, 1, lanes.GetElement(1));
            SetRow(ref row0, rowLength, 2, lanes.GetElement(2));
            SetRow(ref row0, rowLength, 3, lanes.GetElement(3));
            return;
        }

        ref TRow lane = ref Unsafe.As<Vector128<byte>, TRow>(ref grouped);
        for (int j = 0; j < Vector128<byte>.Count / Unsafe.SizeOf<TRow>(); j++)
        {
            SetRow(ref row0, rowLength, j, Unsafe.Add(ref lane, j));
        }
    }

    private static void SetRow<T>(ref byte row0, int rowLength, int row, T value)
        where T : unmanaged => Unsafe.WriteUnaligned(ref Unsafe.Add(ref row0, row * rowLength), value);

    // Lane j of the result is row j's bytes at the current element, as TRow. Built from scalars in registers: writing the
    // lanes to memory and reading the vector back stalls on store forwarding.
    private static Vector128<byte> GatherRows<TRow>(ref byte row0, int rowLength)
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

    private static T Row<T>(ref byte row0, int rowLength, int row)
        where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref row0, row * rowLength));

    // Byte e * typeSize + j of the input goes to position j * (16 / typeSize) + e.
    private static Vector128<byte> GroupingIndices(int typeSize)
    {
        Span<byte> indices = stackalloc byte[Vector128<byte>.Count];
        int perVector = indices.Length / typeSize;
        for (int position = 0; position < indices.Length; position++)
        {
            indices[position] = (byte)(((position % perVector) * typeSize) + (position / perVector));
        }

        return Vector128.Create((ReadOnlySpan<byte>)indices);
    }

    private static Vector128<byte> UngroupingIndices(int typeSize)
    {
        Span<byte> indices = stackalloc byte[Vector128<byte>.Count];
        int perVector = indices.Length / typeSize;
        for (int position = 0; position < indices.Length; position++)
        {
            indices[position] = (byte)(((position % typeSize) * perVector) + (position / typeSize));
        }

        return Vector128.Create((ReadOnlySpan<byte>)indices);
    }
}
