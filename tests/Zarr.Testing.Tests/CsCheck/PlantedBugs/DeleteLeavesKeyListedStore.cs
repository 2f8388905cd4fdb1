using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Zarr.Storage;

namespace Zarr.Testing.Tests.CsCheck.PlantedBugs;

/// <summary>Planted bug: a memory store whose delete removes the value but leaves the key in the full listing.</summary>
internal sealed class DeleteLeavesKeyListedStore() : WrapperStore(new MemoryStore())
{
    private readonly ConcurrentDictionary<string, byte> _deleted = new();

    public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await Inner.DeleteAsync(key, cancellationToken);
        _deleted[key] = 0;
    }

    public override async IAsyncEnumerable<string> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (string key in Inner.ListAsync(cancellationToken))
        {
            yield return key;
        }

        foreach (string key in _deleted.Keys)
        {
            if (!await Inner.ExistsAsync(key, cancellationToken))
            {
                yield return key;
            }
        }
    }
}
