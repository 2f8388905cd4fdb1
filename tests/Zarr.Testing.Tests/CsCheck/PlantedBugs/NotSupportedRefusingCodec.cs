using Zarr.Buffers;
using Zarr.Codecs;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: Validate refuses complex chunks with NotSupportedException, not an ArgumentException.</summary>
internal sealed class NotSupportedRefusingCodec : IdentityBytesCodec, ICodec
{
    void ICodec.Validate(ChunkSpec spec)
    {
        if (spec.DType.Kind == DataTypeKind.Complex)
        {
            throw new NotSupportedException($"{spec.DType.Name} is not supported.");
        }
    }
}
