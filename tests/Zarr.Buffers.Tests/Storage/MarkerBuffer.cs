using Zarr.Buffers;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>A buffer class of its own, to see that stores honour the caller's prototype.</summary>
public sealed class MarkerBuffer(Memory<byte> data) : CpuBuffer(data), IBuffer<MarkerBuffer>
{
    public static BufferPrototype Prototype { get; } = BufferPrototype.Of<MarkerBuffer, CpuNDBuffer>();

    public override IBufferFactory Factory => BufferFactory<MarkerBuffer>.Instance;

    public static new MarkerBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

    public static new MarkerBuffer FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static new MarkerBuffer FromBuffer(Buffer buffer) => new(buffer.AsArrayLike());

    public static new MarkerBuffer CreateZeroLength() => new(Memory<byte>.Empty);
}
