using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>zstd</c> codec with its checksum passes the codec conformance suite, corruption checks included.</summary>
public sealed class ZstdCodecConformanceTests : CodecTests<ZstdCodec>
{
    protected override ZstdCodec CreateCodec() => new(level: 3, checksum: true);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
