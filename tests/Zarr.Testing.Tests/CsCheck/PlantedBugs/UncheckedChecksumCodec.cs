using System.Buffers.Binary;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: Encode appends a checksum (here the length) that Decode strips without checking, so changed bytes decode silently.</summary>
internal sealed class UncheckedChecksumCodec : IdentityBytesCodec
{
    public override Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype)
    {
        byte[] checksum = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, (uint)bytes.Length);
        return prototype.Buffer.FromBytes([.. bytes.AsSpan(), .. checksum]);
    }

    public override Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        bytes.Length >= 4 ? prototype.Buffer.FromBytes(bytes.AsSpan()[..^4]) : throw new InvalidDataException("Shorter than its checksum.");
}
