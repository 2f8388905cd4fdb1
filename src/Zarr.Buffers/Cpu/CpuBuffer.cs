namespace Zarr.Buffers;

/// <summary>The default buffer: bytes in host memory (zarr-python's <c>zarr.buffer.cpu.Buffer</c>).</summary>
/// <remarks>Subclasses that want their own class preserved by views must override <see cref="Factory"/>.</remarks>
public class CpuBuffer : Buffer, IBuffer<CpuBuffer>
{
    /// <summary>Wraps <paramref name="data"/> without copying.</summary>
    /// <param name="data">The bytes to wrap.</param>
    public CpuBuffer(Memory<byte> data)
        : base(data)
    {
    }

    /// <inheritdoc />
    public override IBufferFactory Factory => BufferFactory<CpuBuffer>.Instance;

    /// <inheritdoc cref="IBuffer{TSelf}.FromArrayLike" />
    public static CpuBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

    /// <inheritdoc cref="IBuffer{TSelf}.FromBytes" />
    public static CpuBuffer FromBytes(ReadOnlySpan<byte> bytes)
    {
        // The copy overwrites every byte, so skip the zeroing that ToArray does.
        byte[] copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return new(copy);
    }

    /// <inheritdoc cref="IBuffer{TSelf}.FromBuffer" />
    public static CpuBuffer FromBuffer(Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return new(buffer.AsArrayLike());
    }

    /// <inheritdoc cref="IBuffer{TSelf}.CreateZeroLength" />
    public static CpuBuffer CreateZeroLength() => new(Memory<byte>.Empty);
}
