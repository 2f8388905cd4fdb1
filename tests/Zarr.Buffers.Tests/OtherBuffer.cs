namespace Zarr.Buffers.Tests;

/// <summary>A second buffer class, to check that views and concatenations keep their class.</summary>
internal sealed class OtherBuffer(Memory<byte> data) : CpuBuffer(data), IBuffer<OtherBuffer>
{
    public override IBufferFactory Factory => BufferFactory<OtherBuffer>.Instance;

    public static new OtherBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

    public static new OtherBuffer FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static new OtherBuffer FromBuffer(Buffer buffer) => new(buffer.AsArrayLike());

    public static new OtherBuffer CreateZeroLength() => new(Memory<byte>.Empty);
}
