using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>
/// What a codec needs to know about the decoded array of one chunk (zarr-python's <c>ArraySpec</c>):
/// its shape, data type and fill value.
/// </summary>
/// <remarks>
/// An array-to-array codec maps the spec forward (<see cref="IArrayArrayCodec.ResolveEncodedSpec"/>): the
/// transpose codec permutes the shape. The in-memory layout is not part of the spec: encoded bytes are always
/// in C order of the (possibly transposed) chunk, and a Fortran-ordered layout is a <see cref="TransposeCodec"/>
/// with the axes reversed.
/// </remarks>
public sealed record ChunkSpec
{
    private readonly long[] _shape;

    /// <summary>A spec of the given shape, data type and fill value.</summary>
    /// <param name="shape">The chunk's shape; empty for a scalar.</param>
    /// <param name="dtype">The chunk's data type.</param>
    /// <param name="fillValue">The array's fill value (as <see cref="NDBuffer.Fill"/> takes it), or null for zero.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length or too many elements.</exception>
    /// <exception cref="ArgumentException"><paramref name="fillValue"/> is not a number <paramref name="dtype"/> can hold.</exception>
    public ChunkSpec(ReadOnlySpan<long> shape, DataType dtype, object? fillValue = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ShapeMath.ValidateNewShape(shape, nameof(shape));
        ValidateFillValue(dtype, fillValue);
        _shape = shape.ToArray();
        DType = dtype;
        FillValue = fillValue;
    }

    /// <summary>The chunk's shape; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    // Checked here, so that a bad fill value is reported where it is given, not by the first codec that fills a chunk.
    private static void ValidateFillValue(DataType dtype, object? fillValue)
    {
        if (fillValue is null)
        {
            return;
        }

        try
        {
            dtype.Ops.ToElement(fillValue, dtype);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Fill value {fillValue} cannot be held by {dtype}: {e.Message}", nameof(fillValue), e);
        }
    }

    /// <summary>The chunk's data type.</summary>
    public DataType DType { get; }

    /// <summary>The array's fill value, or null for zero.</summary>
    public object? FillValue { get; }

    /// <summary>The number of elements.</summary>
    public long Size => ShapeMath.Product(_shape);

    /// <summary>The size of the chunk in bytes when stored uncompressed.</summary>
    public long ByteLength => Size * DType.ItemSize;

    /// <summary>A copy of this spec with another shape.</summary>
    /// <param name="shape">The new shape.</param>
    /// <returns>The same data type and fill value over <paramref name="shape"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> has a negative length or too many elements.</exception>
    public ChunkSpec WithShape(ReadOnlySpan<long> shape) => new(shape, DType, FillValue);

    /// <summary>Whether <paramref name="other"/> has the same shape, data type and fill value.</summary>
    /// <param name="other">The spec to compare with.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ChunkSpec? other) =>
        other is not null && _shape.AsSpan().SequenceEqual(other._shape) && DType == other.DType && Equals(FillValue, other.FillValue);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (long length in _shape)
        {
            hash.Add(length);
        }

        hash.Add(DType);
        hash.Add(FillValue);
        return hash.ToHashCode();
    }

    /// <summary>The shape, data type and fill value, for example <c>ChunkSpec([5, 5], float32, fill NaN)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"ChunkSpec({ShapeMath.Format(_shape)}, {DType}, fill {FillValue ?? "zero"})";

    /// <summary>
    /// The error for stored bytes that do not hold this chunk: <paramref name="found"/> says what they hold instead
    /// (<c>has 12</c>, <c>ends before byte 40: it is truncated</c>).
    /// </summary>
    internal InvalidDataException EncodedLengthMismatch(string found, Exception? inner = null) =>
        new($"A {DType} chunk of shape {ShapeMath.Format(_shape)} takes {ByteLength} bytes, but the encoded chunk {found}.", inner);

    /// <summary>Throws when <paramref name="chunk"/> does not have this spec's shape and data type.</summary>
    internal void Validate(NDBuffer chunk, string paramName)
    {
        ArgumentNullException.ThrowIfNull(chunk, paramName);
        if (chunk.DType != DType || !chunk.Shape.SequenceEqual(_shape))
        {
            throw new ArgumentException(
                $"The chunk has shape {ShapeMath.Format(chunk.Shape)} and data type {chunk.DType}, but the spec says {ShapeMath.Format(_shape)} and {DType}.",
                paramName);
        }
    }
}
