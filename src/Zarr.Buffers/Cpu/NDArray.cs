using System.Numerics.Tensors;
using Zarr.Buffers.Internal;

namespace Zarr.Buffers;

/// <summary>
/// The default <see cref="INDArrayLike"/>: a <see cref="Tensor{T}"/> in host memory together with its
/// data type and logical shape (which may be empty, for a scalar).
/// </summary>
/// <remarks>
/// The class is open so that a test double can be a distinct subclass, as zarr-python's
/// <c>TestNDArrayLike</c> is an ndarray subclass.
/// </remarks>
public class NDArray : INDArrayLike
{
    private readonly object _tensor;
    private readonly long[] _shape;

    /// <summary>Wraps <paramref name="tensor"/> without copying.</summary>
    /// <param name="dtype">The data type; <paramref name="tensor"/> must be a <see cref="Tensor{T}"/> of its element type.</param>
    /// <param name="tensor">The values.</param>
    /// <param name="shape">The logical shape: the tensor's lengths, or an empty shape over a one-element tensor for a scalar.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">The element type is not supported, or <paramref name="shape"/> does not match the tensor.</exception>
    protected NDArray(DataType dtype, IReadOnlyTensor tensor, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!dtype.Ops.IsTensor(tensor))
        {
            throw new ArgumentException($"Expected a Tensor<{dtype.ElementType.Name}> for {dtype}, got {tensor.GetType().Name}.", nameof(tensor));
        }

        DType = dtype;
        _shape = shape.ToArray();
        ShapeMath.ValidateLogicalShape(tensor.Lengths, _shape);
        _tensor = tensor;
    }

    /// <summary>Wraps <paramref name="tensor"/> without copying; the shape is the tensor's lengths.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <returns>An array-like over <paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a supported element type.</exception>
    public static NDArray Wrap<T>(Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new NDArray(DataType.Of<T>(), tensor, ShapeMath.ToLong(tensor.Lengths));
    }

    /// <summary>Wraps <paramref name="tensor"/> without copying, with an explicit logical shape.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="tensor">The values.</param>
    /// <param name="shape">The logical shape; empty for a scalar over a one-element tensor.</param>
    /// <returns>An array-like over <paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    /// <exception cref="ArgumentException">The element type is not supported or the shape does not match the tensor.</exception>
    public static NDArray Wrap<T>(Tensor<T> tensor, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new NDArray(DataType.Of<T>(), tensor, shape);
    }

    /// <summary>
    /// A dense tensor over <paramref name="values"/> from <paramref name="offset"/>, laid out in C or F order: the building
    /// block of an <see cref="INDArrayLike"/> with storage of its own. A scalar (empty shape) is one element of rank 1, and
    /// axes of length 1, like every axis of an empty shape, get stride 0, as <see cref="Tensor{T}"/> requires.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The storage; the tensor aliases it.</param>
    /// <param name="offset">The index of the first element in <paramref name="values"/>.</param>
    /// <param name="shape">The logical shape; empty for a scalar.</param>
    /// <param name="order">The layout; <see cref="MemoryOrder.K"/> means C.</param>
    /// <returns>A tensor over <c>values[offset..(offset + size)]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The shape has a negative length, its elements do not fit in <paramref name="values"/> from <paramref name="offset"/>, or <paramref name="order"/> is not a <see cref="MemoryOrder"/> value.</exception>
    public static Tensor<T> CreateTensor<T>(T[] values, int offset, ReadOnlySpan<long> shape, MemoryOrder order = MemoryOrder.C)
    {
        ArgumentNullException.ThrowIfNull(values);
        ShapeMath.ValidateOrder(order, nameof(order));
        int size = ShapeMath.ValidateNewShape(shape, nameof(shape));
        if ((uint)offset > (uint)values.Length || size > values.Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"{size} elements (shape {ShapeMath.Format(shape)}) from offset {offset} do not fit in an array of {values.Length}.");
        }

        nint[] lengths = ShapeMath.ToLengths(shape);
        return Tensor.Create(values, offset, lengths, ShapeMath.Strides(lengths, order));
    }

    /// <inheritdoc />
    public DataType DType { get; }

    /// <inheritdoc />
    public ReadOnlySpan<long> Shape => _shape;

    /// <inheritdoc />
    public Tensor<T> AsTensor<T>() => _tensor as Tensor<T> ?? throw new InvalidCastException(
        $"This array holds {DType} ({DType.ElementType.Name}) elements, not {typeof(T).Name}; call AsTensor<{DType.ElementType.Name}>().");

    /// <summary>The class, data type and shape, for example <c>NDArray(float32, [2, 3])</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{GetType().Name}({DType}, {ShapeMath.Format(_shape)})";
}
