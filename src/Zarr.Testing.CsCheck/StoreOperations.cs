using CsCheck;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing.CsCheck;

/// <summary>The operations of a <see cref="StoreModelCheck"/> run, each on the store and on the model, and the comparison of their end states.</summary>
internal sealed class StoreOperations(CancellationToken cancellationToken)
{
    private const int MaxValueLength = 12;

    private static readonly string[] Keys = ["zarr.json", "a/zarr.json", "a/c/0", "a/c/1", "b/c/0/0", "x"];

    private static readonly string[] Prefixes = ["", "a", "a/", "a/c", "b", "x", "q/"];

    private static readonly Gen<string> AnyKey = OneOf(Keys);

    private static readonly Gen<string> AnyPrefix = OneOf(Prefixes);

    private static readonly Gen<byte[]> Values = Gen.Byte.Array[0, MaxValueLength];

    /// <summary>The writes that may run concurrently: set, conditional set, delete.</summary>
    public GenOperation<StoreUnderCheck, StoreDictionaryModel>[] Writes =>
    [
        Gen.Select(AnyKey, Values).Operation<StoreUnderCheck, StoreDictionaryModel>(
            t => $"Set({t.Item1}, {Convert.ToHexString(t.Item2)})",
            (actual, t) => Wait(actual.Store.SetAsync(t.Item1, CpuBuffer.FromBytes(t.Item2), cancellationToken)),
            (model, t) => model.Values[t.Item1] = t.Item2),
        Gen.Select(AnyKey, Values).Operation<StoreUnderCheck, StoreDictionaryModel>(
            t => $"SetIfNotExists({t.Item1}, {Convert.ToHexString(t.Item2)})",
            (actual, t) => actual.Won(t.Item1, Wait(actual.Store.SetIfNotExistsAsync(t.Item1, CpuBuffer.FromBytes(t.Item2), cancellationToken))),
            (model, t) => model.Won(t.Item1, model.Values.TryAdd(t.Item1, t.Item2))),
        AnyKey.Operation<StoreUnderCheck, StoreDictionaryModel>(
            key => $"Delete({key})",
            (actual, key) => Wait(actual.Store.DeleteAsync(key, cancellationToken)),
            (model, key) => model.Values.Remove(key)),
    ];

    /// <summary>Every operation, prefix deletes and reads included, for sequences.</summary>
    public GenOperation<StoreUnderCheck, StoreDictionaryModel>[] Sequential => [.. Writes, DeleteDir, .. Reads];

    private GenOperation<StoreUnderCheck, StoreDictionaryModel> DeleteDir =>
        AnyPrefix.Operation<StoreUnderCheck, StoreDictionaryModel>(
            prefix => $"DeleteDir({prefix})",
            (actual, prefix) => Wait(actual.Store.DeleteDirAsync(prefix, cancellationToken)),
            (model, prefix) => model.RemoveWhere(key => prefix.Length == 0 || key.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)));

    private GenOperation<StoreUnderCheck, StoreDictionaryModel>[] Reads =>
    [
        Gen.Select(AnyKey, ZarrGen.ByteRequest(MaxValueLength)).Operation<StoreUnderCheck, StoreDictionaryModel>(
            t => $"Get({t.Item1}, {t.Item2})",
            (actual, t) => actual.Log.Add(Hex(Wait(actual.Store.GetAsync(t.Item1, BufferPrototype.Default, t.Item2, cancellationToken))?.ToBytes())),
            (model, t) => model.Log.Add(Hex(model.Values.TryGetValue(t.Item1, out byte[]? value) ? Resolved(value, t.Item2) : null))),
        AnyKey.Operation<StoreUnderCheck, StoreDictionaryModel>(
            key => $"Exists({key})",
            (actual, key) => actual.Log.Add(Wait(actual.Store.ExistsAsync(key, cancellationToken)).ToString()),
            (model, key) => model.Log.Add(model.Values.ContainsKey(key).ToString())),
        AnyPrefix.Operation<StoreUnderCheck, StoreDictionaryModel>(
            prefix => $"ListPrefix({prefix})",
            (actual, prefix) => actual.Log.Add(string.Join(",", Wait(actual.Store.ListPrefixAsync(prefix, cancellationToken)).Order(StringComparer.Ordinal))),
            (model, prefix) => model.Log.Add(string.Join(",", model.Values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)))),
    ];

    /// <summary>Keys and values (as listed and read back) and conditional-set wins all match the model's.</summary>
    public bool SameContent(StoreUnderCheck actual, StoreDictionaryModel model)
    {
        var stored = Snapshot(actual.Store);
        return stored.Count == model.Values.Count
            && stored.All(p => model.Values.TryGetValue(p.Key, out byte[]? value) && value.AsSpan().SequenceEqual(p.Value))
            && actual.Wins.Count == model.Wins.Count
            && actual.Wins.All(p => model.Wins.TryGetValue(p.Key, out int wins) && wins == p.Value);
    }

    /// <summary>The store's keys and values, as listed and read back.</summary>
    public string Print(StoreUnderCheck actual) => Print(Snapshot(actual.Store).Select(p => (p.Key, p.Value)));

    /// <summary>The model's keys and values.</summary>
    public static string Print(StoreDictionaryModel model) => Print(model.Values.Select(p => (p.Key, (byte[]?)p.Value)));

    /// <summary>Keys and values, in key order, values in hex; a listed key that reads as missing shows as <c>missing</c>.</summary>
    private static string Print(IEnumerable<(string Key, byte[]? Value)> values) =>
        "{" + string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Hex(p.Value)}")) + "}";

    /// <summary>The model's read: the bytes <see cref="ByteRequest.Resolve"/> selects.</summary>
    private static byte[] Resolved(byte[] value, ByteRequest? request)
    {
        var (start, length) = request?.Resolve(value.Length) ?? (0, value.Length);
        return value.AsSpan((int)start, (int)length).ToArray();
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "missing" : Convert.ToHexString(bytes);

    private static Gen<string> OneOf(string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static List<string> Wait(IAsyncEnumerable<string> keys) => keys.ToListAsync().AsTask().GetAwaiter().GetResult();

    private Dictionary<string, byte[]?> Snapshot(IStore store) =>
        Wait(store.ListAsync(cancellationToken)).ToDictionary(key => key, key => Wait(store.GetAsync(key, BufferPrototype.Default, null, cancellationToken))?.ToBytes());
}
