using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>blosc</c> codec with lz4hc, its shuffle and type size both unset (evolved from each chunk's data type: a bit shuffle for one-byte elements), passes the suite; its frame header detects truncation, not changed bits.</summary>
public sealed class BloscLz4hcEvolvedCodecConformanceTests : CodecTests<BloscCodec>
{
    protected override BloscCodec CreateCodec() => new(BloscCname.Lz4hc, clevel: 7);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
