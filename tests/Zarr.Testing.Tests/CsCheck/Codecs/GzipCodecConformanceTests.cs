using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>gzip</c> codec passes the codec conformance suite, corruption checks included.</summary>
public sealed class GzipCodecConformanceTests : CodecTests<GzipCodec>
{
    protected override GzipCodec CreateCodec() => new(level: 1);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
