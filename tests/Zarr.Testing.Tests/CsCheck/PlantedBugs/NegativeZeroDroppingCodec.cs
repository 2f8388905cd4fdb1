using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: an array-to-array codec that turns -0.0 into 0.0 in float64 chunks (it treats equal values as the same).</summary>
internal sealed class NegativeZeroDroppingCodec : IArrayArrayCodec
{
    public string Name => "test.negative-zero";

    public JsonObject ToJson() => new() { ["name"] = Name };

    public ChunkSpec ResolveEncodedSpec(ChunkSpec decoded) => decoded;

    public NDBuffer Encode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype) => chunk.DType == DataType.Float64
        ? prototype.NDBuffer.FromArray(chunk.ToArray<double>().Select(value => value == 0 ? 0.0 : value).ToArray(), chunk.Shape)
        : prototype.NDBuffer.FromNDArrayLike(chunk.AsNDArrayLike());

    public NDBuffer Decode(NDBuffer chunk, ChunkSpec spec, BufferPrototype prototype) => prototype.NDBuffer.FromNDArrayLike(chunk.AsNDArrayLike());
}
