using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>crc32c</c> codec passes the codec conformance suite, corruption checks included.</summary>
public sealed class Crc32cCodecConformanceTests : CodecTests<Crc32cCodec>
{
    protected override Crc32cCodec CreateCodec() => new();

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true, DetectsFlippedBits = true };
}
