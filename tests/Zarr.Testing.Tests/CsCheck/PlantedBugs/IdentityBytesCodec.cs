using System.Text.Json.Nodes;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>A correct bytes-to-bytes codec that changes nothing; each planted bug overrides one step of it.</summary>
internal class IdentityBytesCodec : IBytesBytesCodec
{
    public virtual string Name => "test.identity";

    public virtual JsonObject ToJson() => new() { ["name"] = Name };

    public virtual Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => prototype.Buffer.FromBytes(bytes.AsSpan());

    public virtual Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => prototype.Buffer.FromBytes(bytes.AsSpan());

    /// <summary>A registry that knows this codec, made by <paramref name="factory"/> from its JSON.</summary>
    public static CodecRegistry RegistryWith(string name, Func<System.Text.Json.JsonElement, ICodec> factory)
    {
        var registry = new CodecRegistry();
        registry.Register(name, factory);
        return registry;
    }
}
