using Xunit;

namespace Consumer.NoBufferAlias;

// Zarr.Buffers arrives only through Zarr.Testing here: the alias (and so its opt-out) reaches indirect references too.
// Without the alias, `Buffer` is System.Buffer under the implicit `using System;`, and the Zarr type is named in full
// (a file with `using Zarr.Buffers;` too would find `Buffer` ambiguous, CS0104).
public class BufferAliasOffTests
{
    [Fact]
    public void Buffer_is_System_Buffer_again()
    {
        byte[] source = [1, 2, 3, 4];
        byte[] target = new byte[4];
        Buffer.BlockCopy(source, 1, target, 0, 3);
        Assert.Equal(new byte[] { 2, 3, 4, 0 }, target);
        Assert.Equal(typeof(System.Buffer), typeof(Buffer));
    }

    [Fact]
    public void The_zarr_type_is_named_in_full()
    {
        Zarr.Buffers.Buffer buffer = Zarr.Buffers.CpuBuffer.FromBytes([1, 2, 3]);
        Assert.Equal(new byte[] { 2, 3 }, buffer[1..].ToBytes());
    }
}
