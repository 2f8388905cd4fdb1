using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Zarr.Buffers.Codecs.Blosc;

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
            var rows = Vector128.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(i * typeSize)), grouping).As<byte, TRow>();
            for (int j = 0; j < typeSize; j++)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, (j * elements) + i), rows.GetElement(j));
            }
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
        Span<TRow> rows = stackalloc TRow[typeSize];
        for (int i = 0; i < vectorElements; i += perVector)
        {
            for (int j = 0; j < typeSize; j++)
            {
                rows[j] = Unsafe.ReadUnaligned<TRow>(ref Unsafe.Add(ref src, (j * elements) + i));
            }

            var grouped = Vector128.Create(MemoryMarshal.AsBytes(rows));
            Vector128.Shuffle(grouped, ungrouping).StoreUnsafe(ref dst, (nuint)(i * typeSize));
        }

        return vectorElements;
    }

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
