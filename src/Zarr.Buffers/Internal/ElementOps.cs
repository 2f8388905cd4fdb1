using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Zarr.Buffers.Internal;

/// <summary>
/// The typed kernels behind the non-generic <see cref="NDBuffer"/>: each <see cref="DataType"/> holds one
/// instance, so an operation dispatches on the element type with one virtual call, without reflection or boxing per element.
/// </summary>
internal abstract class ElementOps
{
    public abstract Type ElementType { get; }

    public abstract int ItemSize { get; }

    public abstract bool IsTensor(IReadOnlyTensor tensor);

    public abstract TResult Accept<TResult>(IDataTypeVisitor<TResult> visitor, DataType dataType);

    public abstract INDArrayLike Allocate(ReadOnlySpan<long> shape, MemoryOrder order, bool clear);

    public abstract void Fill(NDBuffer target, object value);

    /// <summary>A user scalar converted to a boxed element of this type, with the conversion and range checks of <see cref="Fill"/>.</summary>
    public abstract object ToElement(object value, DataType dtype);

    public abstract NDBuffer Slice(NDBuffer source, ReadOnlySpan<NRange> ranges);

    public abstract NDBuffer Reshape(NDBuffer source, long[] shape);

    /// <summary>A view without the axes <paramref name="axes"/> (ascending, each of length 1), whose shape is <paramref name="shape"/>.</summary>
    public abstract NDBuffer Squeeze(NDBuffer source, int[] axes, long[] shape);

    public abstract NDBuffer Transpose(NDBuffer source, int[] axes);

    /// <summary>Copies <paramref name="source"/> (of this element type) into <paramref name="destination"/>, broadcasting and casting.</summary>
    public abstract void CopyInto(NDBuffer source, NDBuffer destination);

    public abstract object GetScalar(NDBuffer source);

    public abstract bool AllEqual(NDBuffer source, object other, bool equalNaN);

    public abstract string FormatValues(NDBuffer source);

    /// <summary>Writes <paramref name="source"/> (C order) into <paramref name="destination"/> of this element type, with numpy's unsafe casting.</summary>
    public abstract void ConvertFromNumbers<TFrom>(ReadOnlySpan<TFrom> source, NDBuffer destination)
        where TFrom : unmanaged, INumberBase<TFrom>;
}
