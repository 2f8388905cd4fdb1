using CsCheck;
using Zarr.Codecs;
using Zarr.Testing.CsCheck;
using Zarr.Testing.Xunit;

namespace Zarr.Testing.Tests.CsCheck.Codecs;

/// <summary>
/// The built-in <c>sharding_indexed</c> codec, with checksums on its inner chunks and its index, passes the codec
/// conformance suite on shards its 2 x 2 inner chunks divide, corruption checks included.
/// </summary>
public sealed class ShardingCodecConformanceTests : CodecTests<ShardingCodec>
{
    protected override ShardingCodec CreateCodec() =>
        new([2, 2], new CodecPipeline([new BytesCodec(), new Crc32cCodec()]), new CodecPipeline([new BytesCodec(), new Crc32cCodec()]), ShardingIndexLocation.Start);

    protected override CodecConformance CreateConformance() => new(CreateCodec())
    {
        Specs = ZarrGen.ChunkSpec(Gen.Long[1, 3].Select(inners => inners * 2).Array[2]),
        LeavesOutFillValueChunks = true,
        DetectsTruncation = true,
        DetectsFlippedBits = true,
    };
}
