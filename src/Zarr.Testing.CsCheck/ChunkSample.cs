using System.Globalization;
using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.CsCheck;

/// <summary>A generated chunk spec and chunk, printed as a failure report shows them.</summary>
internal sealed record ChunkSample(ChunkSpec Spec, NDBuffer Chunk)
{
    private const int ShownElements = 8;

    /// <summary>The chunk's elements as little-endian bytes, C order: the bits a round trip must keep.</summary>
    public static byte[] Bits(NDBuffer chunk) => new BytesCodec(Endian.Little).Encode(chunk, BufferPrototype.Default).ToBytes();

    /// <summary>The spec, then the first elements' bits in hex.</summary>
    public override string ToString()
    {
        byte[] bits = Bits(Chunk);
        int itemSize = Spec.DType.ItemSize;
        var shown = Enumerable.Range(0, (int)Math.Min(Chunk.Size, ShownElements))
            .Select(i => Convert.ToHexString(bits, i * itemSize, itemSize));
        string more = Chunk.Size > ShownElements ? string.Create(CultureInfo.InvariantCulture, $", ... ({Chunk.Size} elements)") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Spec.DType.Name}[{string.Join(", ", Spec.Shape.ToArray())}] fill {Spec.FillValue}, elements (little-endian hex) [{string.Join(", ", shown)}{more}]");
    }
}
