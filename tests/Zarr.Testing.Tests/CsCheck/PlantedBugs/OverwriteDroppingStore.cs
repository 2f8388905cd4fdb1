using Zarr.Storage;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: a memory store that keeps the first value of a key and silently drops later sets of it.</summary>
internal sealed class OverwriteDroppingStore() : WrapperStore(new MemoryStore())
{
    public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
    {
        if (!await Inner.ExistsAsync(key, cancellationToken))
        {
            await Inner.SetAsync(key, value, cancellationToken);
        }
    }
}
