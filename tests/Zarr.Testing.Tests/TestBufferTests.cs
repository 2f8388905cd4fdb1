using System.Runtime.InteropServices;
using Zarr.Buffers;

namespace Zarr.Testing.Tests;

public class TestBufferTests
{
    private static readonly byte[] s_data = [1, 2, 3, 4];

    public static TheoryData<string> Factories => new() { "FromArrayLike", "FromBytes", "FromBuffer", "CreateZeroLength" };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Every_static_and_prototype_factory_returns_a_TestBuffer(string factory)
    {
        IBufferFactory viaPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>().Buffer;
        (Buffer Static, Buffer Prototype) made = factory switch
        {
            "FromArrayLike" => (TestBuffer.FromArrayLike(s_data.ToArray()), viaPrototype.FromArrayLike(s_data.ToArray())),
            "FromBytes" => (TestBuffer.FromBytes(s_data), viaPrototype.FromBytes(s_data)),
            "FromBuffer" => (TestBuffer.FromBuffer(CpuBuffer.FromBytes(s_data)), viaPrototype.FromBuffer(CpuBuffer.FromBytes(s_data))),
            _ => (TestBuffer.CreateZeroLength(), viaPrototype.CreateZeroLength()),
        };

        made.Static.Should().BeOfType<TestBuffer>();
        made.Prototype.Should().BeOfType<TestBuffer>();
        made.Static.Should().Be(made.Prototype);
        made.Static.Factory.BufferType.Should().Be<TestBuffer>();
    }

    [Fact]
    public void Views_and_concatenations_stay_TestBuffers()
    {
        var buffer = TestBuffer.FromBytes(s_data);

        buffer[1..3].Should().BeOfType<TestBuffer>().Which.ToBytes().Should().Equal(2, 3);
        buffer.Slice(2, 2).Should().BeOfType<TestBuffer>().Which.ToBytes().Should().Equal(3, 4);
        buffer.Concat(CpuBuffer.FromBytes([5])).Should().BeOfType<TestBuffer>().Which.ToBytes().Should().Equal(1, 2, 3, 4, 5);
        (buffer + CpuBuffer.FromBytes([5])).Should().BeOfType<TestBuffer>();
        (CpuBuffer.FromBytes([0]) + buffer).Should().BeOfType<CpuBuffer>("the left operand decides the class");
    }

    [Fact]
    public void Behaves_like_a_CpuBuffer()
    {
        var test = TestBuffer.FromBytes(s_data);
        var cpu = CpuBuffer.FromBytes(s_data);

        test.Should().Be(cpu);
        cpu.Should().Be(test);
        test.GetHashCode().Should().Be(cpu.GetHashCode());
        test.Length.Should().Be(4);
        test.ToBytes().Should().Equal(s_data);
        test[5..].Length.Should().Be(0);
        test.ToString().Should().Be("TestBuffer(4 bytes)");
    }

    [Fact]
    public void FromArrayLike_and_FromBuffer_share_memory_and_FromBytes_copies()
    {
        byte[] source = [1, 2, 3];
        var wrapped = TestBuffer.FromArrayLike(source);
        var shared = TestBuffer.FromBuffer(wrapped);
        var copied = TestBuffer.FromBytes(source);

        source[0] = 9;

        wrapped.AsSpan()[0].Should().Be(9);
        shared.AsSpan()[0].Should().Be(9);
        copied.AsSpan()[0].Should().Be(1);
    }

    [Fact]
    public void FromBytes_places_the_copy_at_a_non_zero_offset_in_padded_storage()
    {
        var buffer = TestBuffer.FromBytes(s_data);

        MemoryMarshal.TryGetArray<byte>(buffer.AsBufferLike(), out var segment).Should().BeTrue();
        segment.Offset.Should().BeGreaterThan(0);
        segment.Array!.Length.Should().BeGreaterThan(segment.Offset + segment.Count);
        segment.Array[segment.Offset - 1].Should().Be(TestBuffer.PaddingByte);
        segment.Array[segment.Offset + segment.Count].Should().Be(TestBuffer.PaddingByte);
        segment.Should().Equal(s_data);
    }

    [Fact]
    public void FromBuffer_rejects_null()
    {
        var act = () => TestBuffer.FromBuffer(null!);
        act.Should().Throw<ArgumentNullException>().WithParameterName("buffer");
    }
}
