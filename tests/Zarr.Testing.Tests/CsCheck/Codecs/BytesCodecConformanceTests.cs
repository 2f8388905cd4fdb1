using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>The built-in <c>bytes</c> codec, big-endian (the byte order that needs swapping), passes the codec conformance suite.</summary>
public sealed class BytesCodecConformanceTests : CodecTests<BytesCodec>
{
    protected override BytesCodec CreateCodec() => new(Endian.Big);

    protected override CodecConformance CreateConformance() => new(CreateCodec()) { DetectsTruncation = true };
}
