using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>A pass-through bytes-to-bytes codec that records the classes of the buffers it is handed.</summary>
internal sealed class SpyCodec : IBytesBytesCodec
{
    public List<Type> Seen { get; } = [];

    public string Name => "spy";

    public JsonObject ToJson() => new() { ["name"] = Name };

    public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Record(bytes, prototype);

    public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => Record(bytes, prototype);

    private Buffer Record(Buffer bytes, BufferPrototype prototype)
    {
        Seen.Add(bytes.GetType());
        return prototype.Buffer.FromBuffer(bytes);
    }
}
