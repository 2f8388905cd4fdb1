using System.Collections.Concurrent;
using CsCheck;
using Zarr.Storage;
using Zarr.Testing.CsCheck;

namespace Zarr.Buffers.Tests.Properties;

/// <summary>
/// A store against a <c>Dictionary&lt;string, byte[]&gt;</c> model: random sequences of operations
/// (CsCheck's <c>SampleModelBased</c>, shrunk to the shortest failing sequence), and concurrent single-key writers
/// whose end state must match some sequential order of their operations (<c>SampleParallel</c>, linearizability).
/// </summary>
/// <remarks>
/// No key is a folder of another (no <c>a</c> beside <c>a/b</c>): a file store cannot hold both, which is a
/// limit of the medium, not a defect.
/// </remarks>
public abstract class StorePropertiesBase
{
    private static readonly string[] Keys = ["zarr.json", "a/zarr.json", "a/c/0", "a/c/1", "b/c/0/0", "x"];

    private static readonly string[] Prefixes = ["", "a", "a/", "a/c", "b", "x", "q/"];

    private static readonly Gen<string> AnyKey = PropertyGen.OneOf(Keys);

    private static readonly Gen<string> AnyPrefix = PropertyGen.OneOf(Prefixes);

    private static readonly Gen<byte[]> Values = PropertyGen.Bytes(12);

    /// <summary>The operation sequences to run; a subclass over a slow medium may run fewer.</summary>
    protected virtual long SequenceIterations => PropertyGen.Iterations(200);

    /// <summary>The concurrent runs; each is replayed in sequential orders until one matches, so they cost more.</summary>
    protected virtual long ParallelIterations => PropertyGen.Iterations(40);

    [Fact]
    public void Random_operation_sequences_behave_as_the_dictionary_model() =>
        Gen.Const(() => (new Actual(CreateStore()), new Model()))
        .SampleModelBased(
            [.. Writes, DeleteDir, .. Reads],
            equal: (actual, model) => actual.Log.SequenceEqual(model.Log) && SameContent(actual, model),
            iter: SequenceIterations,
            printActual: actual => Print(Snapshot(actual.Store)) + " log: " + string.Join("; ", actual.Log),
            printModel: model => Print(model.Values) + " log: " + string.Join("; ", model.Log));

    [Fact]
    public void Concurrent_writes_end_in_a_state_of_some_sequential_order() =>
        Gen.Const(() => (new Actual(CreateStore()), new Model()))
        .SampleParallel(
            Writes,
            equal: SameContent,
            iter: ParallelIterations,
            printActual: actual => Print(Snapshot(actual.Store)),
            printModel: model => Print(model.Values));

    /// <summary>A new, empty, writable store.</summary>
    protected abstract IStore CreateStore();

    private static GenOperation<Actual, Model>[] Writes =>
    [
        Gen.Select(AnyKey, Values).Operation<Actual, Model>(
            t => $"Set({t.Item1}, {Convert.ToHexString(t.Item2)})",
            (actual, t) => Wait(actual.Store.SetAsync(t.Item1, CpuBuffer.FromBytes(t.Item2))),
            (model, t) => model.Values[t.Item1] = t.Item2),
        Gen.Select(AnyKey, Values).Operation<Actual, Model>(
            t => $"SetIfNotExists({t.Item1}, {Convert.ToHexString(t.Item2)})",
            (actual, t) => actual.Won(t.Item1, Wait(actual.Store.SetIfNotExistsAsync(t.Item1, CpuBuffer.FromBytes(t.Item2)))),
            (model, t) => model.Won(t.Item1, model.Values.TryAdd(t.Item1, t.Item2))),
        AnyKey.Operation<Actual, Model>(
            key => $"Delete({key})",
            (actual, key) => Wait(actual.Store.DeleteAsync(key)),
            (model, key) => model.Values.Remove(key)),
    ];

    /// <summary>
    /// DeleteDir deletes key by key, not atomically (as zarr-python's), so it is checked in sequences only: beside a
    /// concurrent writer it may delete a key written after it began, which no sequential order of whole calls explains.
    /// </summary>
    private static GenOperation<Actual, Model> DeleteDir =>
        AnyPrefix.Operation<Actual, Model>(
            prefix => $"DeleteDir({prefix})",
            (actual, prefix) => Wait(actual.Store.DeleteDirAsync(prefix)),
            (model, prefix) => model.RemoveWhere(key => prefix.Length == 0 || key.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)));

    private static GenOperation<Actual, Model>[] Reads =>
    [
        Gen.Select(AnyKey, ZarrGen.ByteRequest(12)).Operation<Actual, Model>(
            t => $"Get({t.Item1}, {t.Item2})",
            (actual, t) => actual.Log.Add(Hex(Wait(actual.Store.GetAsync(t.Item1, BufferPrototype.Default, t.Item2))?.ToBytes())),
            (model, t) => model.Log.Add(Hex(model.Values.TryGetValue(t.Item1, out byte[]? value) ? Resolved(value, t.Item2) : null))),
        AnyKey.Operation<Actual, Model>(
            key => $"Exists({key})",
            (actual, key) => actual.Log.Add(Wait(actual.Store.ExistsAsync(key)).ToString()),
            (model, key) => model.Log.Add(model.Values.ContainsKey(key).ToString())),
        AnyPrefix.Operation<Actual, Model>(
            prefix => $"ListPrefix({prefix})",
            (actual, prefix) => actual.Log.Add(string.Join(",", Wait(actual.Store.ListPrefixAsync(prefix)).Order(StringComparer.Ordinal))),
            (model, prefix) => model.Log.Add(string.Join(",", model.Values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)))),
    ];

    /// <summary>The model's read: the bytes <see cref="ByteRequest.Resolve"/> selects (checked against a byte model in <see cref="ByteRequestProperties"/>).</summary>
    private static byte[] Resolved(byte[] value, ByteRequest? request)
    {
        var (start, length) = request?.Resolve(value.Length) ?? (0, value.Length);
        return value.AsSpan((int)start, (int)length).ToArray();
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "missing" : Convert.ToHexString(bytes);

    private static bool SameContent(Actual actual, Model model)
    {
        var stored = Snapshot(actual.Store);
        return stored.Count == model.Values.Count
            && stored.All(p => model.Values.TryGetValue(p.Key, out byte[]? value) && value.AsSpan().SequenceEqual(p.Value))
            && actual.Wins.Count == model.Wins.Count
            && actual.Wins.All(p => model.Wins.TryGetValue(p.Key, out int wins) && wins == p.Value);
    }

    private static Dictionary<string, byte[]> Snapshot(IStore store) =>
        Wait(store.ListAsync()).ToDictionary(key => key, key => Wait(store.GetAsync(key, BufferPrototype.Default))!.ToBytes());

    private static string Print(IReadOnlyDictionary<string, byte[]> values) =>
        "{" + string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Convert.ToHexString(p.Value)}")) + "}";

    private static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static List<string> Wait(IAsyncEnumerable<string> keys) => keys.ToListAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The store, the results of its reads, and how often each key was won by <c>SetIfNotExists</c> (by any thread).</summary>
    private sealed class Actual(IStore store)
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

    /// <summary>What the store should hold, what its reads should have returned, and the expected wins.</summary>
    private sealed class Model
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
}
