using CsCheck;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>transpose</c> codec passes the codec conformance suite on the rank-3 chunks it accepts.</summary>
public sealed class TransposeCodecConformanceTests : CodecTests<TransposeCodec>
{
    protected override TransposeCodec CreateCodec() => new(2, 0, 1);

    protected override CodecConformance CreateConformance() =>
        new(CreateCodec()) { Specs = ZarrGen.ChunkSpec(Gen.Long[1, 4].Array[3]), Accepts = spec => spec.Shape.Length == 3 };
}
