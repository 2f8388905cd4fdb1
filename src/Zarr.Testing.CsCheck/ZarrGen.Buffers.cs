using System.Buffers;
using CsCheck;
using Zarr.Buffers;

namespace Zarr.Testing.CsCheck;

/// <content>N-dimensional buffers of any data type, memory order and shape, made through a chosen prototype.</content>
public static partial class ZarrGen
{
    /// <summary>
    /// Buffers of <paramref name="dataType"/> and <paramref name="shape"/> in <paramref name="order"/>, made by
    /// <paramref name="prototype"/> (so of its class) and filled with elements from <see cref="Value"/>, edge cases
    /// included. Shrinks toward all zeros.
    /// </summary>
    /// <param name="dataType">The element type.</param>
    /// <param name="shape">The shape; lengths may be 0.</param>
    /// <param name="prototype">Makes the buffer.</param>
    /// <param name="order">The memory layout: <see cref="MemoryOrder.C"/> or <see cref="MemoryOrder.F"/>.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length of <paramref name="shape"/> is negative, or the shape holds more than 2^31 elements.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not C or F.</exception>
    public static Gen<NDBuffer> NDBuffer(DataType dataType, long[] shape, BufferPrototype prototype, MemoryOrder order)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(prototype);
        RequireLengths(shape, 0, nameof(shape));
        if (order is not (MemoryOrder.C or MemoryOrder.F))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"A buffer's memory order is C or F, not {order}.");
        }

        long size = shape.Aggregate(1L, (product, length) => product * length);
        if (size > int.MaxValue)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {size} elements; a generated buffer holds at most {int.MaxValue}.", nameof(shape));
        }

        long[] copy = [.. shape];
        return Value(dataType).Array[(int)size].Select(values => dataType.Accept(new Filler(values, copy, prototype, order)));
    }

    /// <summary>
    /// Buffers of any data type, shape (from <see cref="Shape"/>) and memory order, made by <paramref name="prototype"/>.
    /// </summary>
    /// <param name="prototype">Makes the buffers.</param>
    /// <param name="maxRank">The most axes, at least 0.</param>
    /// <param name="maxLength">The longest axis, at least 1.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRank"/> is negative or <paramref name="maxLength"/> is below 1.</exception>
    public static Gen<NDBuffer> AnyNDBuffer(BufferPrototype prototype, int maxRank = 3, long maxLength = 6)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        return Gen.Select(DataType, Shape(maxRank, maxLength), Gen.OneOf(MemoryOrder.C, MemoryOrder.F))
            .SelectMany((dataType, shape, order) => NDBuffer(dataType, shape, prototype, order));
    }

    /// <summary>Makes the buffer through the prototype in the wanted order, then copies the C-order elements into it.</summary>
    private readonly struct Filler(object[] values, long[] shape, BufferPrototype prototype, MemoryOrder order) : IDataTypeVisitor<NDBuffer>
    {
        public NDBuffer Visit<T>(DataType dataType)
            where T : unmanaged, IEquatable<T>
        {
            var buffer = prototype.NDBuffer.Empty(shape, dataType, order);
            buffer[[.. shape.Select(_ => NRange.All)]] = CpuNDBuffer.FromArray(values.Cast<T>().ToArray(), shape);
            return buffer;
        }
    }
}
