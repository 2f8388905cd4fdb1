using System.Buffers;
using Zarr.Buffers;
using Zarr.Buffers.Internal;

namespace Zarr.Codecs;

/// <summary>The argument checks and the fill result that every partial decoder shares.</summary>
internal static class PartialRegion
{
    /// <summary>Checks the arguments of <see cref="IPartialDecoder.DecodeAsync"/> and resolves the region to one plain range per axis.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="region"/> or <paramref name="prototype"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="region"/> has more ranges than the chunk has axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="region"/> does not lie inside the chunk.</exception>
    public static NRange[] Resolve(ChunkSpec spec, NRange[] region, BufferPrototype prototype)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(prototype);
        return ShapeMath.ResolveRanges(spec.Shape, region, nameof(region));
    }

    /// <summary>A new buffer of the region's shape holding the fill value: what a missing chunk reads as.</summary>
    public static NDBuffer Fill(ChunkSpec spec, NRange[] resolved, BufferPrototype prototype) =>
        prototype.NDBuffer.Create(ShapeMath.RegionShape(resolved), spec.DType, MemoryOrder.C, spec.FillValue);

    /// <summary>Whether the region is the whole chunk.</summary>
    public static bool IsWhole(ChunkSpec spec, NRange[] resolved)
    {
        var shape = spec.Shape;
        for (int axis = 0; axis < resolved.Length; axis++)
        {
            if (resolved[axis].Start.Value != 0 || resolved[axis].End.Value != shape[axis])
            {
                return false;
            }
        }

        return true;
    }
}
