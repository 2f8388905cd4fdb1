namespace Zarr.Buffers;

/// <summary>The <see cref="IBufferFactory"/> of a buffer class, forwarding to its static factories.</summary>
/// <typeparam name="TBuffer">The buffer class to make.</typeparam>
public sealed class BufferFactory<TBuffer> : IBufferFactory
    where TBuffer : Buffer, IBuffer<TBuffer>
{
    private BufferFactory()
    {
    }

    /// <summary>The one instance; prototypes compare equal when they hold the same instances.</summary>
    public static BufferFactory<TBuffer> Instance { get; } = new();

    /// <inheritdoc />
    public Type BufferType => typeof(TBuffer);

    /// <inheritdoc />
    public Buffer FromArrayLike(Memory<byte> arrayLike) => TBuffer.FromArrayLike(arrayLike);

    /// <inheritdoc />
    public Buffer FromBytes(ReadOnlySpan<byte> bytes) => TBuffer.FromBytes(bytes);

    /// <inheritdoc />
    public Buffer FromBuffer(Buffer buffer) => TBuffer.FromBuffer(buffer);

    /// <inheritdoc />
    public Buffer CreateZeroLength() => TBuffer.CreateZeroLength();

    /// <summary>The buffer class's name.</summary>
    /// <returns>For example <c>CpuBuffer</c>.</returns>
    public override string ToString() => typeof(TBuffer).Name;
}
