namespace Zarr.Buffers;

/// <summary>
/// The static factories of a concrete buffer class (zarr-python's <c>Buffer</c> classmethods).
/// Each returns <typeparamref name="TSelf"/>, so <c>TestBuffer.FromBytes(...)</c> is a <c>TestBuffer</c>.
/// </summary>
/// <typeparam name="TSelf">The implementing buffer class.</typeparam>
public interface IBuffer<TSelf>
    where TSelf : Buffer, IBuffer<TSelf>
{
    /// <summary>Wraps <paramref name="arrayLike"/> without copying (zarr-python's <c>from_array_like</c>).</summary>
    /// <param name="arrayLike">The bytes to wrap; the new buffer aliases them.</param>
    /// <returns>A buffer over <paramref name="arrayLike"/>.</returns>
    static abstract TSelf FromArrayLike(Memory<byte> arrayLike);

    /// <summary>A buffer holding a copy of <paramref name="bytes"/> (zarr-python's <c>from_bytes</c>).</summary>
    /// <param name="bytes">The bytes to copy.</param>
    /// <returns>A new buffer that owns its copy.</returns>
    static abstract TSelf FromBytes(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// Re-types <paramref name="buffer"/> into this class (zarr-python's <c>from_buffer</c>); for host
    /// memory it shares the bytes and does not copy. Stores use it to honour a caller's prototype.
    /// </summary>
    /// <param name="buffer">The buffer whose bytes to expose.</param>
    /// <returns>A buffer of this class over the same bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    static abstract TSelf FromBuffer(Buffer buffer);

    /// <summary>An empty buffer (zarr-python's <c>create_zero_length</c>).</summary>
    /// <returns>A buffer of length 0.</returns>
    static abstract TSelf CreateZeroLength();
}
