using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Consumer.CsCheck;

// The README's "Property-based tests of your codec or store", xunit: every codec check as its own test.
public sealed class ZstdCodecPropertyTests : CodecTests<ZstdCodec>
{
    protected override ZstdCodec CreateCodec() => new(level: 3, checksum: true);

    protected override CodecConformance CreateConformance() =>
        new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
