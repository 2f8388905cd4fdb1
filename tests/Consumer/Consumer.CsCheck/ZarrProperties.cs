using CsCheck;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;
using Zarr.Testing.CsCheck;

namespace Consumer.CsCheck;

// The README's "Property-based tests of your codec or store", plain CsCheck: no test-framework base class.
public static class ZarrProperties
{
    // Each check throws with the shrunk case and the seed that replays it.
    public static async Task CheckAsync(CancellationToken cancellationToken)
    {
        new CodecConformance(new GzipCodec(level: 1)) { DetectsTruncation = true, DetectsFlippedBits = true }.CheckAll();
        await StoreModelCheck.RunAsync(() => new MemoryStore(), cancellationToken: cancellationToken);
        await ArrayModelCheck.RunAsync(() => new MemoryStore(), ZarrGen.ArrayMetadataV3(maxRank: 2), cancellationToken: cancellationToken);

        // A property of your own, on the generators: big-endian bytes give any chunk back, whatever its memory order.
        var bigEndian = new BytesCodec(Endian.Big);
        ZarrGen.ChunkSpec()
            .SelectMany(spec => ZarrGen.NDBuffer(spec.DType, spec.Shape.ToArray(), BufferPrototype.Default, MemoryOrder.F)
                .Select(chunk => (spec, chunk)))
            .Sample(t => bigEndian.Decode(bigEndian.Encode(t.chunk, t.spec, BufferPrototype.Default), t.spec, BufferPrototype.Default).AllEqual(t.chunk));
    }
}
