using System.Buffers;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Codecs;

public class WholeValuePartialDecoderTests
{
    private static readonly ChunkSpec Spec = new([2, 3], DataType.Int32, 5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_value_decodes_as_the_fill_value_without_decoding()
    {
        bool decoded = false;
        var decoder = new WholeValuePartialDecoder(new StoreByteRangeReader(new MemoryStore(), "c"), Spec, (bytes, spec, prototype) =>
        {
            decoded = true;
            return prototype.NDBuffer.Create(spec.Shape, spec.DType);
        });

        var part = await decoder.DecodeAsync([new NRange(1, 2)], OtherNDBuffer.Prototype, Ct);

        decoded.Should().BeFalse();
        part.Should().BeOfType<OtherNDBuffer>();
        part.Shape.ToArray().Should().Equal(1, 3);
        part.AllEqual(5).Should().BeTrue();
    }

    [Fact]
    public async Task A_value_that_decodes_to_another_shape_is_refused_naming_both()
    {
        var store = new MemoryStore();
        await store.SetAsync("c", CpuBuffer.FromBytes([1]), Ct);
        var decoder = new WholeValuePartialDecoder(new StoreByteRangeReader(store, "c"), Spec,
            (bytes, spec, prototype) => prototype.NDBuffer.Create([3, 2], spec.DType));

        var decode = async () => await decoder.DecodeAsync([], BufferPrototype.Default, Ct);

        await decode.Should().ThrowAsync<InvalidDataException>().WithMessage("*[3, 2] int32*expected [2, 3] int32*");
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var reader = new StoreByteRangeReader(new MemoryStore(), "c");

        FluentActions.Invoking(() => new WholeValuePartialDecoder(null!, Spec, (b, s, p) => null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new WholeValuePartialDecoder(reader, null!, (b, s, p) => null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new WholeValuePartialDecoder(reader, Spec, null!)).Should().Throw<ArgumentNullException>();
    }
}
