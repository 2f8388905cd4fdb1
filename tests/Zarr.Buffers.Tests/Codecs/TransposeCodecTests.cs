using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

public class TransposeCodecTests
{
    public static TheoryData<int[]> Permutations3D => new(
        [0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]);

    [Theory]
    [MemberData(nameof(Permutations3D))]
    public void Encodes_as_numpy_transpose_and_decodes_back(int[] order)
    {
        var codec = new TransposeCodec(order);
        var spec = new ChunkSpec([2, 3, 4], DataType.Int32);
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 24).ToArray(), [2, 3, 4]);

        var encoded = codec.Encode(chunk, spec, BufferPrototype.Default);
        var decoded = codec.Decode(encoded, spec, BufferPrototype.Default);

        long[] shape = [2, 3, 4];
        encoded.Shape.ToArray().Should().Equal(order.Select(a => shape[a]));
        codec.ResolveEncodedSpec(spec).Shape.ToArray().Should().Equal(order.Select(a => shape[a]));
        var source = chunk.AsTensor<int>();
        var transposed = encoded.AsTensor<int>();
        var index = new nint[3];
        foreach (var (i, j, k) in from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 3) from k in Enumerable.Range(0, 4) select (i, j, k))
        {
            nint[] decodedIndex = [i, j, k];
            for (int axis = 0; axis < 3; axis++)
            {
                index[axis] = decodedIndex[order[axis]];
            }

            transposed[index].Should().Be(source[decodedIndex]);
        }

        decoded.Shape.ToArray().Should().Equal(2, 3, 4);
        decoded.AllEqual(chunk).Should().BeTrue();
    }

    [Fact]
    public void Reversed_order_stores_a_chunk_in_fortran_order()
    {
        var pipeline = new CodecPipeline([new TransposeCodec(2, 1, 0), new BytesCodec()]);
        var spec = new ChunkSpec([2, 3, 4], DataType.Int16);
        var chunk = CpuNDBuffer.FromArray(Enumerable.Range(0, 24).Select(i => (short)i).ToArray(), [2, 3, 4]);
        var fortran = chunk.AsType(DataType.Int16, MemoryOrder.F);

        var encoded = pipeline.Encode(chunk, spec, BufferPrototype.Default);

        short[] expected = [.. from k in Enumerable.Range(0, 4) from j in Enumerable.Range(0, 3) from i in Enumerable.Range(0, 2) select (short)((i * 12) + (j * 4) + k)];
        encoded.ToBytes().Should().Equal(expected.SelectMany(BitConverter.GetBytes));
        var decoded = pipeline.Decode(encoded, spec, BufferPrototype.Default);
        decoded.AllEqual(chunk).Should().BeTrue();
        decoded.IsContiguous(MemoryOrder.F).Should().BeTrue("decoding F-ordered bytes is a view, not a copy");
        pipeline.Encode(fortran, spec, BufferPrototype.Default).Should().Be(encoded);
    }

    [Fact]
    public void Output_is_of_the_prototypes_class_even_for_a_foreign_input()
    {
        var codec = new TransposeCodec(1, 0);
        var spec = new ChunkSpec([2, 3], DataType.Float32);
        var chunk = CpuNDBuffer.FromArray(new float[6], [2, 3]);

        codec.Encode(chunk, spec, OtherNDBuffer.Prototype).Should().BeOfType<OtherNDBuffer>();
        codec.Decode(chunk.Transpose(1, 0), spec, OtherNDBuffer.Prototype).Should().BeOfType<OtherNDBuffer>();
    }

    [Theory]
    [InlineData(new[] { 0, 0 }, "*[0, 0]*permutation*0..1*")]
    [InlineData(new[] { 0, 2 }, "*[0, 2]*permutation*0..1*")]
    [InlineData(new[] { -1, 0 }, "*[-1, 0]*permutation*")]
    public void Rejects_an_order_that_is_not_a_permutation(int[] order, string message)
    {
        var act = () => new TransposeCodec(order);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Rejects_a_chunk_of_another_rank_naming_order_and_rank()
    {
        var codec = new TransposeCodec(1, 0);
        var spec = new ChunkSpec([2, 3, 4], DataType.Int8);

        var resolve = () => codec.ResolveEncodedSpec(spec);
        var encode = () => codec.Encode(CpuNDBuffer.Create([2, 3, 4], DataType.Int8), spec, BufferPrototype.Default);

        resolve.Should().Throw<ArgumentException>().WithMessage("*[1, 0]*2 axes*3*");
        encode.Should().Throw<ArgumentException>().WithMessage("*[1, 0]*2 axes*3*");
    }

    [Fact]
    public void Writes_and_reads_its_metadata()
    {
        var json = """{"name":"transpose","configuration":{"order":[2,0,1]}}""";

        new TransposeCodec(2, 0, 1).ToJson().ToJsonString().Should().Be(json);
        CodecRegistry.Default.Create(System.Text.Json.JsonDocument.Parse(json).RootElement).Should().BeOfType<TransposeCodec>()
            .Which.Order.Should().Equal(2, 0, 1);
        var missing = () => TransposeCodec.FromJson(System.Text.Json.JsonDocument.Parse("{}").RootElement);
        var strings = () => TransposeCodec.FromJson(System.Text.Json.JsonDocument.Parse("""{"order":"F"}""").RootElement);
        missing.Should().Throw<ArgumentException>().WithMessage("*transpose*order*");
        strings.Should().Throw<ArgumentException>().WithMessage("*order*transpose*array of integers*\"F\"*");
    }

    [Fact]
    public void A_huge_order_is_quoted_bounded()
    {
        var order = Enumerable.Repeat(0, 1 << 20).ToArray();

        var act = () => new TransposeCodec(order);

        string message = act.Should().Throw<ArgumentException>().Which.Message;
        message.Length.Should().BeLessThan(1000);
        message.Should().Match("Transpose order [0, 0, *characters) is not a permutation*");
    }
}
