using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>blosc</c> codec with zlib and a byte shuffle, its type size unset so it evolves from each chunk's data type, passes the suite; its frame header detects truncation, not changed bits.</summary>
public sealed class BloscZlibShuffleCodecConformanceTests : CodecTests<BloscCodec>
{
    protected override BloscCodec CreateCodec() => new(BloscCname.Zlib, clevel: 1, shuffle: BloscShuffle.Shuffle);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
