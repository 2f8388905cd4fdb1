using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: every encoding ends with a counter, so the same chunk encodes differently each time (it still round-trips).</summary>
internal sealed class NondeterministicCodec : IdentityBytesCodec
{
    private int _calls;

    public override Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        prototype.Buffer.FromBytes([.. bytes.AsSpan(), (byte)Interlocked.Increment(ref _calls)]);

    public override Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
        bytes.Length > 0 ? prototype.Buffer.FromBytes(bytes.AsSpan()[..^1]) : throw new InvalidDataException("No counter byte.");
}
