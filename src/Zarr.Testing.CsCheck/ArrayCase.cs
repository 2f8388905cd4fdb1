using Zarr.Arrays;

namespace Zarr.Testing.CsCheck;

/// <summary>One sample of an <see cref="ArrayModelCheck"/>: an array's metadata and path, its <see cref="ZarrArray.WriteEmptyChunks"/>, and the operations run on it.</summary>
internal sealed record ArrayCase(ArrayMetadata Metadata, string Path, bool WriteEmptyChunks, ArrayOperation[] Operations)
{
    /// <summary>The case as a failure report shows it: the metadata document, then one operation a line.</summary>
    public override string ToString() =>
        $"array '{Path}' (WriteEmptyChunks {WriteEmptyChunks}) {Metadata.ToJson().ToJsonString()}\nOperations:\n  {string.Join("\n  ", Operations.Select(operation => operation.ToString()))}";
}
