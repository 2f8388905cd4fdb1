using System.Text.Json;
using CsCheck;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// Every codec of the registry in a chain: a random chunk round-trips, and a mutation of its encoding decodes to a
/// chunk of the spec or fails with <see cref="InvalidDataException"/>, within the fuzz bounds.
/// </summary>
public class CodecChainFuzzTests
{
    private static readonly long Iter = PropertyGen.Iterations(1_500);

    private static readonly string[] Chains =
    [
        """[{"name": "bytes", "configuration": {"endian": "little"}}]""",
        """[{"name": "bytes", "configuration": {"endian": "big"}}, {"name": "gzip", "configuration": {"level": 1}}]""",
        """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "numcodecs.zlib", "configuration": {"level": 6}}]""",
        """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 3, "checksum": false}}]""",
        """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 1, "checksum": true}}]""",
        """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]""",
        """[{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "big"}}, {"name": "gzip", "configuration": {"level": 5}}, {"name": "crc32c"}]""",
        """[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}, {"name": "numcodecs.zlib", "configuration": {"level": 1}}]""",
    ];

    private static readonly DataType[] Types = [DataType.UInt8, DataType.Int32, DataType.Float64, DataType.Complex64];

    private static readonly Gen<(string Chain, ChunkSpec Spec, double[] Values)> Chunks =
        Gen.Select(PropertyGen.OneOf(Chains), PropertyGen.OneOf(Types), Gen.Int[1, 6], Gen.Int[1, 6])
        .SelectMany(t => Gen.Int[0, 100].Select(v => (double)v).Array[t.Item3 * t.Item4]
            .Select(values => (t.Item1, new ChunkSpec([t.Item3, t.Item4], t.Item2, Values.Box(t.Item2, 0)), values)));

    [Fact]
    public void Every_chain_round_trips_a_random_chunk() =>
        Chunks.Sample(t =>
        {
            var (pipeline, chunk) = Encodable(t.Chain, t.Spec, t.Values);

            var decoded = pipeline.Decode(pipeline.Encode(chunk, t.Spec, BufferPrototype.Default), t.Spec, BufferPrototype.Default);

            Values.Read(decoded).Should().Equal(Values.Read(chunk));
        }, iter: Iter / 3);

    [Fact]
    public void Mutated_encodings_decode_to_the_spec_or_fail_as_invalid_data_within_bounds() =>
        Chunks.SelectMany(t =>
        {
            var (pipeline, chunk) = Encodable(t.Chain, t.Spec, t.Values);
            byte[] encoded = pipeline.Encode(chunk, t.Spec, BufferPrototype.Default).ToBytes();
            return PropertyGen.Mutations(encoded).Select(mutated => (t.Chain, t.Spec, mutated));
        })
        .Sample(t => FuzzBounds.Run(() =>
        {
            var decoded = Parse(t.Chain).Decode(CpuBuffer.FromBytes(t.mutated), t.Spec, BufferPrototype.Default);
            decoded.Shape.ToArray().Should().Equal(t.Spec.Shape.ToArray());
            decoded.DType.Should().Be(t.Spec.DType);
        }, typeof(InvalidDataException)),
        iter: Iter,
        print: t => $"{t.Chain} {t.Spec.DType.Name}[{string.Join(", ", t.Spec.Shape.ToArray())}]: {Convert.ToHexString(t.mutated)}");

    private static CodecPipeline Parse(string chain)
    {
        using var json = JsonDocument.Parse(chain);
        return CodecPipeline.FromJson(json.RootElement);
    }

    private static (CodecPipeline Pipeline, NDBuffer Chunk) Encodable(string chain, ChunkSpec spec, double[] values) =>
        (Parse(chain), Values.Make(spec.DType, values, spec.Shape.ToArray()));
}
