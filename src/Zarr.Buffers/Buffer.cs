using System.Diagnostics.CodeAnalysis;

namespace Zarr.Buffers;

/// <summary>
/// A flat, untyped block of bytes: the unit that stores read and write and that bytes-to-bytes
/// codecs transform (zarr-python's <c>zarr.core.buffer.Buffer</c>).
/// </summary>
/// <remarks>
/// <para>
/// A buffer wraps a <see cref="Memory{T}"/> of bytes and never copies it on its own: views made with
/// the range indexer or <see cref="Slice"/> share memory with their source, so writing through one
/// is visible through the other. Only <see cref="ToBytes"/>, <see cref="Concat"/> and the
/// <c>FromBytes</c> factories copy.
/// </para>
/// <para>
/// Concrete buffer classes implement <see cref="IBuffer{TSelf}"/>, whose static factories return
/// the concrete class, and report that factory through <see cref="Factory"/> so that views and
/// concatenations keep the class of their source, as zarr-python's <c>self.__class__</c> does.
/// </para>
/// <para>
/// Equality is by content: two buffers of any classes are equal when they hold the same bytes.
/// Because the content is mutable, do not mutate a buffer while it is a key in a hash-based collection.
/// </para>
/// </remarks>
public abstract class Buffer : IEquatable<Buffer>
{
    private readonly Memory<byte> _data;

    /// <summary>Wraps <paramref name="data"/> without copying it.</summary>
    /// <param name="data">The bytes this buffer exposes; the buffer aliases them.</param>
    protected Buffer(Memory<byte> data) => _data = data;

    /// <summary>The factory of this buffer's own class; views and concatenations are made through it.</summary>
    public abstract IBufferFactory Factory { get; }

    /// <summary>The number of bytes (Python's <c>len(buffer)</c>).</summary>
    public int Length => _data.Length;

    /// <summary>
    /// A view of <paramref name="range"/>, of this buffer's class, that shares memory with this buffer
    /// (Python's <c>buffer[i:j]</c>).
    /// </summary>
    /// <param name="range">The byte range. As in Python slicing, bounds past the end are clamped
    /// and a range whose end precedes its start is empty; <c>^n</c> counts from the end.</param>
    /// <returns>A buffer of this class over the selected bytes; it never copies.</returns>
    public Buffer this[Range range]
    {
        get
        {
            int start = Clamp(range.Start.GetOffset(Length));
            int end = Clamp(range.End.GetOffset(Length));
            return Factory.FromArrayLike(_data[start..Math.Max(start, end)]);
        }
    }

    /// <summary>A view of <paramref name="length"/> bytes from <paramref name="start"/>, sharing memory with this buffer.</summary>
    /// <param name="start">The first byte of the view.</param>
    /// <param name="length">The number of bytes in the view.</param>
    /// <returns>A buffer of this class over the selected bytes; it never copies.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside this buffer.</exception>
    public Buffer Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length),
                $"Slice({start}, {length}) does not fit in a buffer of {Length} bytes.");
        }

        return Factory.FromArrayLike(_data.Slice(start, length));
    }

    /// <summary>The wrapped memory itself (zarr-python's <c>as_array_like</c>); never copies.</summary>
    /// <returns>The memory this buffer wraps; writes through it change the buffer.</returns>
    public Memory<byte> AsArrayLike() => _data;

    /// <summary>A read-only view of the bytes (zarr-python's <c>as_buffer_like</c>); never copies.</summary>
    /// <returns>The bytes as <see cref="ReadOnlyMemory{T}"/>.</returns>
    public ReadOnlyMemory<byte> AsBufferLike() => _data;

    /// <summary>A read-only span over the bytes; never copies.</summary>
    /// <returns>The bytes as a span.</returns>
    public ReadOnlySpan<byte> AsSpan() => _data.Span;

    /// <summary>A new array holding a copy of the bytes (zarr-python's <c>to_bytes</c>).</summary>
    /// <returns>A fresh array; later changes to the buffer do not reach it.</returns>
    public byte[] ToBytes() => _data.ToArray();

    /// <summary>Overwrites bytes of this buffer in place (Python's <c>buffer[i:j] = value</c>).</summary>
    /// <param name="offset">Where the first byte of <paramref name="source"/> goes.</param>
    /// <param name="source">The bytes to write.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="source"/> does not fit at <paramref name="offset"/>.</exception>
    public void CopyFrom(int offset, ReadOnlySpan<byte> source)
    {
        if ((uint)offset > (uint)Length || source.Length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"{source.Length} bytes at offset {offset} do not fit in a buffer of {Length} bytes.");
        }

        source.CopyTo(_data.Span[offset..]);
    }

    /// <summary>
    /// A new buffer, of this buffer's class, holding this buffer's bytes followed by
    /// <paramref name="other"/>'s (zarr-python's <c>combine</c>); always copies.
    /// </summary>
    /// <param name="other">The bytes to append.</param>
    /// <returns>A new buffer of this class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public Buffer Concat(Buffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        byte[] joined = GC.AllocateUninitializedArray<byte>(checked(Length + other.Length));
        AsSpan().CopyTo(joined);
        other.AsSpan().CopyTo(joined.AsSpan(Length));
        return Factory.FromArrayLike(joined);
    }

    /// <summary>Concatenates two buffers into a new buffer of the left operand's class.</summary>
    /// <param name="left">The first bytes; its class is the result's class.</param>
    /// <param name="right">The bytes appended after <paramref name="left"/>.</param>
    /// <returns><c>left.Concat(right)</c>.</returns>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    [SuppressMessage("Usage", "CA2225:Operator overloads have named alternates", Justification = "Concat is the named alternate.")]
    public static Buffer operator +(Buffer left, Buffer right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Concat(right);
    }

    /// <summary>Whether <paramref name="other"/> holds the same bytes, whatever its class.</summary>
    /// <param name="other">The buffer to compare with.</param>
    /// <returns>True when both hold the same bytes in the same order.</returns>
    public bool Equals(Buffer? other) => other is not null && AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Buffer);

    /// <summary>A hash of the content, consistent with <see cref="Equals(Buffer)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>The class name and length, for example <c>CpuBuffer(4 bytes)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{GetType().Name}({Length} bytes)";

    private int Clamp(int index) => Math.Clamp(index, 0, Length);
}
