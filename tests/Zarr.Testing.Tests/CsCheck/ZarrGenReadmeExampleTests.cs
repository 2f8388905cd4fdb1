using CsCheck;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>The example of src/Zarr.Testing.CsCheck/README.md, compiled and run.</summary>
public class ZarrGenReadmeExampleTests
{
    [Fact]
    public void Gzip_round_trips_any_chunk_made_through_any_prototype() =>
        Gen.Select(ZarrGen.ChunkSpec(), ZarrGen.Prototype)
            .SelectMany((spec, prototype) => ZarrGen.NDBuffer(spec.DType, spec.Shape.ToArray(), prototype, MemoryOrder.C)
                .Select(chunk => (spec, prototype, chunk)))
            .Sample(t =>
            {
                var pipeline = new CodecPipeline([new BytesCodec(), new GzipCodec()]);
                var decoded = pipeline.Decode(pipeline.Encode(t.chunk, t.spec, t.prototype), t.spec, t.prototype);
                return decoded.AllEqual(t.chunk);
            });
}
