using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: the codec's level changes its encoding, but ToJson leaves the level out, so a codec read back from the JSON encodes differently.</summary>
internal sealed class ForgetfulJsonCodec(byte level) : IdentityBytesCodec
{
    public override string Name => "test.forgetful";

    public override Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) => prototype.Buffer.FromBytes([level, .. bytes.AsSpan()]);

    public override Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        bytes.Length > 0 ? prototype.Buffer.FromBytes(bytes.AsSpan()[1..]) : throw new InvalidDataException("No level byte.");
}
