using System.Collections.Concurrent;
using Zarr.Storage;

namespace Zarr.Testing.CsCheck;

/// <summary>The store of a <see cref="StoreModelCheck"/> run, the results of its reads, and how often each key was won by <c>SetIfNotExists</c> (by any thread).</summary>
internal sealed class StoreUnderCheck(IStore store)
{
    public IStore Store { get; } = store;

    public List<string> Log { get; } = [];

    public ConcurrentDictionary<string, int> Wins { get; } = new();

    public void Won(string key, bool won)
    {
        if (won)
        {
            Wins.AddOrUpdate(key, 1, (_, count) => count + 1);
        }
    }
}
