namespace Zarr.Testing.CsCheck;

/// <summary>What the store of a <see cref="StoreModelCheck"/> run should hold, what its reads should have returned, and the expected wins.</summary>
internal sealed class StoreDictionaryModel
{
    public Dictionary<string, byte[]> Values { get; } = [];

    public List<string> Log { get; } = [];

    public Dictionary<string, int> Wins { get; } = [];

    public void Won(string key, bool won)
    {
        if (won)
        {
            Wins[key] = Wins.GetValueOrDefault(key) + 1;
        }
    }

    public void RemoveWhere(Func<string, bool> predicate)
    {
        foreach (string key in Values.Keys.Where(predicate).ToList())
        {
            Values.Remove(key);
        }
    }
}
