using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>blosc</c> codec with lz4 and a byte shuffle over a fixed type size of 4 (whatever the element size) passes the suite; its frame header detects truncation, not changed bits.</summary>
public sealed class BloscLz4ShuffleCodecConformanceTests : CodecTests<BloscCodec>
{
    protected override BloscCodec CreateCodec() => new(BloscCname.Lz4, clevel: 5, shuffle: BloscShuffle.Shuffle, typesize: 4);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
