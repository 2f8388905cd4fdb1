using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>blosc</c> codec with zstd and a bit shuffle over a fixed type size of 8 passes the suite; its frame header detects truncation, not changed bits.</summary>
public sealed class BloscZstdBitShuffleCodecConformanceTests : CodecTests<BloscCodec>
{
    protected override BloscCodec CreateCodec() => new(BloscCname.Zstd, clevel: 3, shuffle: BloscShuffle.BitShuffle, typesize: 8);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
