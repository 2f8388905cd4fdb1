using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>numcodecs.lz4</c> codec passes the codec conformance suite; its length header and block detect truncation, not changed bits.</summary>
public sealed class Lz4CodecConformanceTests : CodecTests<Lz4Codec>
{
    protected override Lz4Codec CreateCodec() => new(acceleration: 1);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
