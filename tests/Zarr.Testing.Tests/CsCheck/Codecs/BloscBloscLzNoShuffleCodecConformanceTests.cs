using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>blosc</c> codec with blosclz at its highest level and no shuffle passes the suite; its frame header detects truncation, not changed bits.</summary>
public sealed class BloscBloscLzNoShuffleCodecConformanceTests : CodecTests<BloscCodec>
{
    protected override BloscCodec CreateCodec() => new(BloscCname.BloscLz, clevel: 9, shuffle: BloscShuffle.NoShuffle, typesize: 1);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
