namespace Zarr.Buffers;

/// <summary>
/// The pair of buffer classes that code making buffers on someone's behalf must use (zarr-python's
/// <c>BufferPrototype</c>): stores make their results with <see cref="Buffer"/>, codecs and the array
/// layer their arrays with <see cref="NDBuffer"/>. Equal when both factories are the same.
/// </summary>
public sealed record BufferPrototype
{
    /// <summary>A prototype of the two given factories.</summary>
    /// <param name="buffer">Makes flat byte buffers.</param>
    /// <param name="ndBuffer">Makes n-dimensional buffers.</param>
    /// <exception cref="ArgumentNullException">A factory is null.</exception>
    public BufferPrototype(IBufferFactory buffer, INDBufferFactory ndBuffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(ndBuffer);
        Buffer = buffer;
        NDBuffer = ndBuffer;
    }

    /// <summary>The default prototype: <see cref="CpuBuffer"/> and <see cref="CpuNDBuffer"/> (zarr-python's <c>default_buffer_prototype()</c>).</summary>
    public static BufferPrototype Default { get; } = Of<CpuBuffer, CpuNDBuffer>();

    /// <summary>Makes flat byte buffers.</summary>
    public IBufferFactory Buffer { get; }

    /// <summary>Makes n-dimensional buffers.</summary>
    public INDBufferFactory NDBuffer { get; }

    /// <summary>The prototype of two buffer classes.</summary>
    /// <typeparam name="TBuffer">The flat buffer class.</typeparam>
    /// <typeparam name="TNDBuffer">The n-dimensional buffer class.</typeparam>
    /// <returns>A prototype equal to every other of the same two classes.</returns>
    public static BufferPrototype Of<TBuffer, TNDBuffer>()
        where TBuffer : Buffers.Buffer, IBuffer<TBuffer>
        where TNDBuffer : Buffers.NDBuffer, INDBuffer<TNDBuffer> =>
        new(BufferFactory<TBuffer>.Instance, NDBufferFactory<TNDBuffer>.Instance);

    /// <summary>The two classes, for example <c>BufferPrototype(CpuBuffer, CpuNDBuffer)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"BufferPrototype({Buffer.BufferType.Name}, {NDBuffer.NDBufferType.Name})";
}
