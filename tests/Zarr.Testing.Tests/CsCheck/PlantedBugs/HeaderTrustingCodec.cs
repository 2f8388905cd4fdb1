using System.Buffers.Binary;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: Encode prefixes the length, which Decode trusts, so a truncated encoding throws ArgumentOutOfRangeException instead of InvalidDataException.</summary>
internal sealed class HeaderTrustingCodec : IdentityBytesCodec
{
    public override Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        byte[] header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, bytes.Length);
        return prototype.Buffer.FromBytes([.. header, .. bytes.AsSpan()]);
    }

    public override Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        prototype.Buffer.FromBytes(bytes.AsSpan().Slice(4, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan())));
}
