using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>numcodecs.bz2</c> codec passes the codec conformance suite, corruption checks included (a bzip2 stream carries CRCs).</summary>
public sealed class Bz2CodecConformanceTests : CodecTests<Bz2Codec>
{
    protected override Bz2Codec CreateCodec() => new(level: 1);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
