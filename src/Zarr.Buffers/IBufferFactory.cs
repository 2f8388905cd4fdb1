namespace Zarr.Buffers;

/// <summary>
/// The buffer half of a <see cref="BufferPrototype"/>: makes buffers of one class on behalf of
/// code (stores, codecs) that must not pick the class itself.
/// </summary>
/// <remarks><see cref="BufferFactory{TBuffer}.Instance"/> implements it for any <see cref="IBuffer{TSelf}"/> class.</remarks>
public interface IBufferFactory
{
    /// <summary>The class of the buffers this factory makes.</summary>
    Type BufferType { get; }

    /// <summary>Wraps <paramref name="arrayLike"/> without copying.</summary>
    /// <param name="arrayLike">The bytes to wrap.</param>
    /// <returns>A buffer of <see cref="BufferType"/>.</returns>
    Buffer FromArrayLike(Memory<byte> arrayLike);

    /// <summary>A buffer holding a copy of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The bytes to copy.</param>
    /// <returns>A buffer of <see cref="BufferType"/>.</returns>
    Buffer FromBytes(ReadOnlySpan<byte> bytes);

    /// <summary>Re-types <paramref name="buffer"/> into <see cref="BufferType"/>, sharing host memory.</summary>
    /// <param name="buffer">The buffer whose bytes to expose.</param>
    /// <returns>A buffer of <see cref="BufferType"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
    Buffer FromBuffer(Buffer buffer);

    /// <summary>An empty buffer.</summary>
    /// <returns>A buffer of <see cref="BufferType"/> and length 0.</returns>
    Buffer CreateZeroLength();
}
