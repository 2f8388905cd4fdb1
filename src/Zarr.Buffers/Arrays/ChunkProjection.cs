using System.Buffers;
namespace Zarr.Arrays;

/// <summary>
/// The part of one chunk that a region of an array touches: where it is in the chunk and where it goes in
/// (or comes from) the buffer that holds the region.
/// </summary>
/// <param name="ChunkCoords">The chunk's coordinates in the chunk grid.</param>
/// <param name="ChunkSelection">The selection inside the chunk, one range per axis.</param>
/// <param name="OutputSelection">The matching selection inside the region's buffer, one range per axis.</param>
/// <param name="IsComplete">
/// Whether the selection covers every element of the chunk that lies inside the array, so a write need
/// not read the chunk first. The padding of an edge chunk (past the end of the array) does not count.
/// </param>
public readonly record struct ChunkProjection(long[] ChunkCoords, NRange[] ChunkSelection, NRange[] OutputSelection, bool IsComplete);
