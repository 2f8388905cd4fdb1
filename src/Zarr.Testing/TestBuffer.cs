using Zarr.Buffers;

namespace Zarr.Testing;

/// <summary>
/// A buffer class distinct from <see cref="CpuBuffer"/> but behaving exactly like it (zarr-python's
/// <c>zarr.testing.buffer.TestBuffer</c>). Put it in a <see cref="BufferPrototype"/> and check that what comes
/// back from a store or codec is still a <see cref="TestBuffer"/>: code that makes buffers with a concrete class
/// instead of the prototype it was handed is caught.
/// </summary>
/// <remarks>
/// Every factory, view (<see cref="Buffer.this[Range]"/>, <see cref="Buffer.Slice"/>) and concatenation returns a
/// <see cref="TestBuffer"/>. <see cref="FromBytes"/> places its copy at a non-zero offset inside a larger array whose
/// padding holds <see cref="PaddingByte"/>, so code that takes the array behind a buffer's memory and forgets the
/// offset reads the wrong bytes.
/// </remarks>
public sealed class TestBuffer : CpuBuffer, IBuffer<TestBuffer>
{
    /// <summary>The value of every padding byte around the bytes copied by <see cref="FromBytes"/>.</summary>
    public const byte PaddingByte = 0xCD;

    // Odd sizes, so that offset arithmetic that only works for aligned or zero offsets shows up.
    private const int LeadingPadding = 7;
    private const int TrailingPadding = 5;

    /// <summary>Wraps <paramref name="data"/> without copying.</summary>
    /// <param name="data">The bytes to wrap.</param>
    public TestBuffer(Memory<byte> data)
        : base(data)
    {
    }

    /// <inheritdoc />
    public override IBufferFactory Factory => BufferFactory<TestBuffer>.Instance;

    /// <inheritdoc cref="IBuffer{TSelf}.FromArrayLike" />
    public static new TestBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

    /// <summary>A buffer holding a copy of <paramref name="bytes"/>, placed at a non-zero offset in a larger, padded array.</summary>
    /// <param name="bytes">The bytes to copy.</param>
    /// <returns>A new buffer that owns its copy.</returns>
    public static new TestBuffer FromBytes(ReadOnlySpan<byte> bytes)
    {
        byte[] storage = GC.AllocateUninitializedArray<byte>(LeadingPadding + bytes.Length + TrailingPadding);
        storage.AsSpan().Fill(PaddingByte);
        bytes.CopyTo(storage.AsSpan(LeadingPadding));
        return new(storage.AsMemory(LeadingPadding, bytes.Length));
    }

    /// <inheritdoc cref="IBuffer{TSelf}.FromBuffer" />
    public static new TestBuffer FromBuffer(Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return new(buffer.AsArrayLike());
    }

    /// <inheritdoc cref="IBuffer{TSelf}.CreateZeroLength" />
    public static new TestBuffer CreateZeroLength() => new(Memory<byte>.Empty);
}
