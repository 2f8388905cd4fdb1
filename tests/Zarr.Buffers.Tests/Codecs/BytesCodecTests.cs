using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public partial class BytesCodecTests
{
    public static TheoryData<string, Endian> DataTypesAndEndians => CodecTestData.DataTypesAndEndians;

    public static TheoryData<NDBuffer, byte[], byte[]> HandComputed => new()
    {
        { CpuNDBuffer.FromArray(new[] { 1 }, [1]), [0x01, 0, 0, 0], [0, 0, 0, 0x01] },
        { CpuNDBuffer.FromArray(new short[] { 0x0102 }, [1]), [0x02, 0x01], [0x01, 0x02] },
        { CpuNDBuffer.FromArray(new ulong[] { 0x0102030405060708 }, [1]), [8, 7, 6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8] },
        { CpuNDBuffer.FromArray(new[] { (sbyte)-2, (sbyte)3 }, [2]), [0xFE, 0x03], [0xFE, 0x03] },
        { CpuNDBuffer.FromArray(new[] { true, false }, [2]), [1, 0], [1, 0] },
        { CpuNDBuffer.FromArray(new[] { Half.One }, [1]), [0x00, 0x3C], [0x3C, 0x00] },
        { CpuNDBuffer.FromArray(new[] { 1f }, [1]), [0, 0, 0x80, 0x3F], [0x3F, 0x80, 0, 0] },
        { CpuNDBuffer.FromArray(new[] { 1.0 }, [1]), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F], [0x3F, 0xF0, 0, 0, 0, 0, 0, 0] },
        { CpuNDBuffer.FromArray(new[] { new Complex64(1, 2) }, [1]), [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40], [0x3F, 0x80, 0, 0, 0x40, 0, 0, 0] },
        {
            CpuNDBuffer.FromArray(new[] { new Complex(1, 2) }, [1]),
            [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40],
            [0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]
        },
    };

    [Theory]
    [MemberData(nameof(HandComputed))]
    public void Encodes_hand_computed_little_and_big_endian_bytes(NDBuffer chunk, byte[] little, byte[] big)
    {
        new BytesCodec(Endian.Little).Encode(chunk, BufferPrototype.Default).ToBytes().Should().Equal(little);
        new BytesCodec(Endian.Big).Encode(chunk, BufferPrototype.Default).ToBytes().Should().Equal(big);
        new BytesCodec(Endian.Big).Decode(CpuBuffer.FromBytes(big), chunk.DType, chunk.Shape, BufferPrototype.Default)
            .AllEqual(chunk).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(DataTypesAndEndians))]
    public void Round_trips_every_data_type_in_both_byte_orders(string dtypeName, Endian endian)
    {
        var dtype = DataType.Parse(dtypeName);
        var chunk = CodecTestData.Sample(dtype);
        var codec = new BytesCodec(endian);

        var encoded = codec.Encode(chunk, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, dtype, chunk.Shape, BufferPrototype.Default);

        byte[] little = CodecTestData.LittleEndianBytes(chunk);
        encoded.ToBytes().Should().Equal(endian == Endian.Little ? little : CodecTestData.Reversed(little, CodecTestData.ScalarWidth(dtype)));
        decoded.DType.Should().Be(dtype);
        decoded.Shape.ToArray().Should().Equal(2, 3);
        decoded.AllEqual(chunk).Should().BeTrue();
    }

    [Fact]
    public void Encode_of_contiguous_native_order_data_shares_the_chunks_memory()
    {
        var chunk = CpuNDBuffer.FromArray(new[] { 1, 2, 3, 4 }, [2, 2]);

        var encoded = new BytesCodec(Endian.Little).Encode(chunk, BufferPrototype.Default);
        chunk[new NRange(1, 2), new NRange(1, 2)] = CpuNDBuffer.FromArray(new[] { 0x0A0B0C0D }, []);

        encoded.AsSpan()[12..].ToArray().Should().Equal(0x0D, 0x0C, 0x0B, 0x0A);
        encoded.CopyFrom(0, [9, 0, 0, 0]);
        chunk.AsTensor<int>()[0, 0].Should().Be(9);
    }

    [Fact]
    public void The_encoded_memory_of_a_chunk_can_be_pinned()
    {
        var chunk = CpuNDBuffer.FromArray(new[] { 1L, 2, 3 }, [3]);
        var memory = new BytesCodec(Endian.Little).Encode(chunk, BufferPrototype.Default).AsArrayLike();

        using var handle = memory[8..].Pin();
        unsafe
        {
            (*(long*)handle.Pointer).Should().Be(2);
        }
    }

    [Fact]
    public void Encode_of_a_strided_view_copies_in_c_order()
    {
        var chunk = CpuNDBuffer.FromArray(new short[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).Transpose(1, 0);

        var encoded = new BytesCodec(Endian.Big).Encode(chunk, BufferPrototype.Default);

        encoded.ToBytes().Should().Equal(0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6);
    }

    public static TheoryData<int[], int, int> StridedViews => new()
    {
        { [0, 1, 2, 3], 0, 5 },
        { [3, 2, 1, 0], 0, 5 },
        { [1, 3, 0, 2], 1, 4 },
        { [2, 0, 3, 1], 2, 3 },
        { [0, 1, 3, 2], 4, 5 },
    };

    [Theory]
    [MemberData(nameof(StridedViews))]
    public void Encode_of_any_sliced_and_permuted_view_is_its_c_order_copy(int[] axes, int start, int end)
    {
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 2 * 3 * 5 * 7).Select(i => (double)i).ToArray(), [2, 3, 5, 7]);
        var view = chunk[.., new NRange(start > 2 ? 1 : 0, 3), new NRange(start, end)].Transpose(axes);

        var encoded = new BytesCodec(Endian.Little).Encode(view, BufferPrototype.Default);

        view.IsContiguous(MemoryOrder.C).Should().Be(axes.SequenceEqual([0, 1, 2, 3]) && start == 0 && end == 5);
        encoded.ToBytes().Should().Equal(new BytesCodec(Endian.Little).Encode(view.Copy(), BufferPrototype.Default).ToBytes());
    }

    public static TheoryData<string, int> ViewableBytes => new()
    {
        { "uint8 from a byte[]", 0 },
        { "uint8 from a byte[], sliced", 3 },
        { "int8 from a byte[]", 0 },
        { "float32 from a float[]", 0 },
        { "float32 from a float[], sliced at an element", 8 },
        { "float64 from a double[]", 0 },
    };

    [Theory]
    [MemberData(nameof(ViewableBytes))]
    public void Decode_in_the_hosts_byte_order_is_a_view_of_bytes_whose_memory_holds_the_elements(string what, int byteOffset)
    {
        var (bytes, dtype) = ElementBytes(what, byteOffset, elements: 4);
        var codec = new BytesCodec(Endian.Little);

        var chunk = codec.Decode(bytes, dtype, [2, 2], BufferPrototype.Default);
        byte[] before = codec.Encode(chunk, BufferPrototype.Default).ToBytes();
        bytes.AsArrayLike().Span.Fill(0x11);

        before.Should().Equal(Enumerable.Range(byteOffset, before.Length).Select(i => (byte)(i + 1)), what);
        codec.Encode(chunk, BufferPrototype.Default).ToBytes().Should().OnlyContain(b => b == 0x11, "the chunk is a view of the bytes");
    }

    [Theory]
    [InlineData("float32 from a float[], sliced inside an element", 2)]
    [InlineData("float64 from a double[], sliced inside an element", 4)]
    public void Decode_of_bytes_that_start_inside_an_element_copies_them_rather_than_viewing_the_wrong_address(string what, int byteOffset)
    {
        var (bytes, dtype) = ElementBytes(what, byteOffset, elements: 4);
        var codec = new BytesCodec(Endian.Little);

        var chunk = codec.Decode(bytes, dtype, [4], BufferPrototype.Default);
        byte[] expected = bytes.ToBytes();
        bytes.AsArrayLike().Span.Fill(0x11);

        codec.Encode(chunk, BufferPrototype.Default).ToBytes().Should().Equal(expected);
    }

    [Theory]
    [InlineData(Endian.Big)]
    [InlineData(Endian.Little)]
    public void Decode_copies_when_it_must_swap_or_the_bytes_are_a_byte_array_of_wider_elements(Endian endian)
    {
        var (fromFloats, _) = ElementBytes("float32 from a float[]", 0, elements: 2);
        var bytes = endian == Endian.Big ? fromFloats : CpuBuffer.FromBytes(fromFloats.AsSpan());
        var codec = new BytesCodec(endian);

        var chunk = codec.Decode(bytes, DataType.Float32, [2], BufferPrototype.Default);
        byte[] expected = codec.Encode(chunk, BufferPrototype.Default).ToBytes();
        bytes.AsArrayLike().Span.Fill(0x11);

        codec.Encode(chunk, BufferPrototype.Default).ToBytes().Should().Equal(expected);
    }

    [Fact]
    public void Decode_makes_a_new_chunk_that_does_not_alias_the_bytes_of_a_byte_array_of_wider_elements()
    {
        var bytes = CpuBuffer.FromBytes([1, 0, 2, 0]);

        var chunk = new BytesCodec(Endian.Little).Decode(bytes, DataType.UInt16, [2], BufferPrototype.Default);
        bytes.CopyFrom(0, [7, 7]);

        chunk.AsTensor<ushort>().ToArray().Should().Equal(1, 2);
    }

    [Fact]
    public void Bool_bytes_other_than_zero_and_one_decode_as_true()
    {
        var chunk = new BytesCodec(null).Decode(CpuBuffer.FromBytes([0, 1, 2, 0xFF]), DataType.Bool, [4], BufferPrototype.Default);

        chunk.AsTensor<bool>().ToArray().Should().Equal(false, true, true, true);
        chunk.AllEqual(CpuNDBuffer.FromArray(new[] { false, true, true, true }, [4])).Should().BeTrue();
    }

    [Fact]
    public void Scalars_and_empty_chunks_round_trip()
    {
        var codec = new BytesCodec(Endian.Big);
        var scalar = CpuNDBuffer.FromArray(new[] { 5.5 }, []);
        codec.Decode(codec.Encode(scalar, BufferPrototype.Default), DataType.Float64, [], BufferPrototype.Default).AsScalar().Should().Be(5.5);

        var empty = CpuNDBuffer.Create([0, 3], DataType.Int32);
        codec.Encode(empty, BufferPrototype.Default).Length.Should().Be(0);
        codec.Decode(CpuBuffer.CreateZeroLength(), DataType.Int32, [0, 3], BufferPrototype.Default).Shape.ToArray().Should().Equal(0, 3);
    }

    [Fact]
    public void A_wrong_byte_count_names_expected_and_actual_lengths()
    {
        var act = () => new BytesCodec().Decode(CpuBuffer.FromBytes(new byte[10]), DataType.Int32, [2, 2], BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage("*int32*[2, 2]*16 bytes*10*");
    }

    [Fact]
    public void No_endian_is_valid_only_for_one_byte_types()
    {
        var codec = new BytesCodec(null);
        codec.Encode(CpuNDBuffer.FromArray(new byte[] { 7 }, [1]), BufferPrototype.Default).ToBytes().Should().Equal(7);

        var encode = () => codec.Encode(CpuNDBuffer.FromArray(new[] { 7 }, [1]), BufferPrototype.Default);
        var decode = () => codec.Decode(CpuBuffer.FromBytes(new byte[4]), DataType.Int32, [1], BufferPrototype.Default);

        encode.Should().Throw<ArgumentException>().WithMessage("*endian*int32*");
        decode.Should().Throw<ArgumentException>().WithMessage("*endian*int32*");
    }

    [Fact]
    public void Output_is_made_through_the_prototype()
    {
        var codec = new BytesCodec(Endian.Big);
        var chunk = CodecTestData.Sample(DataType.Int16);

        var encoded = codec.Encode(chunk, OtherNDBuffer.Prototype);
        var decoded = codec.Decode(encoded, DataType.Int16, chunk.Shape, OtherNDBuffer.Prototype);

        encoded.Should().BeOfType<OtherBuffer>();
        decoded.Should().BeOfType<OtherNDBuffer>();
        new BytesCodec(Endian.Little).Encode(chunk, OtherNDBuffer.Prototype).Should().BeOfType<OtherBuffer>();
    }

    [Fact]
    public void The_spec_forms_check_the_chunk_against_the_spec()
    {
        var codec = new BytesCodec();
        var chunk = CodecTestData.Sample(DataType.Int32);

        codec.Decode(codec.Encode(chunk, new ChunkSpec([2, 3], DataType.Int32), BufferPrototype.Default), new ChunkSpec([2, 3], DataType.Int32), BufferPrototype.Default)
            .AllEqual(chunk).Should().BeTrue();
        var act = () => codec.Encode(chunk, new ChunkSpec([3, 2], DataType.Int32), BufferPrototype.Default);
        act.Should().Throw<ArgumentException>().WithMessage("*[2, 3]*int32*[3, 2]*");
    }

    [Theory]
    [InlineData(null, """{"name":"bytes"}""")]
    [InlineData(Endian.Little, """{"name":"bytes","configuration":{"endian":"little"}}""")]
    [InlineData(Endian.Big, """{"name":"bytes","configuration":{"endian":"big"}}""")]
    public void Writes_and_reads_its_metadata(Endian? endian, string json)
    {
        var codec = new BytesCodec(endian);

        codec.ToJson().ToJsonString().Should().Be(json);
        ((BytesCodec)CodecRegistry.Default.Create(System.Text.Json.JsonDocument.Parse(json).RootElement)).Endian.Should().Be(endian);
    }

    [Theory]
    [InlineData("""{"endian":"middle"}""", "*endian*middle*")]
    [InlineData("""{"endian":1}""", "*endian*1*")]
    [InlineData("""{"order":"C"}""", "*order*")]
    public void Rejects_a_bad_configuration(string configuration, string message)
    {
        var act = () => BytesCodec.FromJson(System.Text.Json.JsonDocument.Parse(configuration).RootElement);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    /// <summary>Bytes 1, 2, 3... from <paramref name="byteOffset"/>, in memory of the element type <paramref name="what"/> names.</summary>
    private static (Buffer Bytes, DataType DType) ElementBytes(string what, int byteOffset, int elements)
    {
        string type = what.Split(' ')[0];
        var dtype = DataType.Parse(type);
        int length = elements * dtype.ItemSize;
        byte[] pattern = [.. Enumerable.Range(0, byteOffset + length + 8).Select(i => (byte)(i + 1))];
        Memory<byte> memory = type switch
        {
            "uint8" or "int8" => pattern,
            "float32" => CommunityToolkit.HighPerformance.MemoryExtensions.Cast<float, byte>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(pattern).ToArray().AsMemory()),
            _ => CommunityToolkit.HighPerformance.MemoryExtensions.Cast<double, byte>(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(pattern).ToArray().AsMemory()),
        };
        return (CpuBuffer.FromArrayLike(memory.Slice(byteOffset, length)), dtype);
    }
}
