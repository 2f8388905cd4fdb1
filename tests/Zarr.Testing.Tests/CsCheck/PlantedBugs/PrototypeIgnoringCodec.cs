using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: Decode makes a CpuBuffer whatever prototype it is handed.</summary>
internal sealed class PrototypeIgnoringCodec : IdentityBytesCodec
{
    public override Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => CpuBuffer.FromBytes(bytes.AsSpan());
}
