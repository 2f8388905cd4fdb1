using Zarr.Codecs;
using Zarr.Testing.CsCheck;

namespace Zarr.Testing.Tests.CsCheck;

/// <summary>The plain CodecConformance example of src/Zarr.Testing.CsCheck/README.md, compiled and run.</summary>
public class CodecConformanceReadmeExampleTests
{
    [Fact]
    public void Zstd_with_its_checksum_passes_every_check()
    {
        var conformance = new CodecConformance(new ZstdCodec(level: 3, checksum: true)) { DetectsTruncation = true, DetectsFlippedBits = true };
        conformance.CheckAll();
    }
}
