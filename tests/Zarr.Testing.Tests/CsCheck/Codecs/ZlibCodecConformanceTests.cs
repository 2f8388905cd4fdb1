using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>numcodecs.zlib</c> codec passes the codec conformance suite, corruption checks included.</summary>
public sealed class ZlibCodecConformanceTests : CodecTests<ZlibCodec>
{
    protected override ZlibCodec CreateCodec() => new(level: 6);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
