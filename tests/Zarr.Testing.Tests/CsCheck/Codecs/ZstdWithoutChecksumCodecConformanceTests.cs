using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>zstd</c> codec without a checksum passes the suite; it detects truncation, not changed bits.</summary>
public sealed class ZstdWithoutChecksumCodecConformanceTests : CodecTests<ZstdCodec>
{
    protected override ZstdCodec CreateCodec() => new(level: 1, checksum: false);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
