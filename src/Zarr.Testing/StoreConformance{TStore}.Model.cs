using Zarr.Storage;

namespace Zarr.Testing;

/// <content>zarr-python's stateful store test: random operations checked against a dictionary model.</content>
public sealed partial class StoreConformance<TStore>
{
    /// <summary>The seed <see cref="RandomOperationsMatchAModelAsync(CancellationToken)"/> uses, so that a failure repeats.</summary>
    public const int DefaultModelSeed = 20_240_917;

    /// <summary>How many operations <see cref="RandomOperationsMatchAModelAsync(CancellationToken)"/> runs.</summary>
    public const int DefaultModelSteps = 200;

    // Directory names and leaf names are disjoint, so that no key is also a directory of another key: a file
    // system cannot hold both "a" and "a/0".
    private static readonly string[] s_modelDirectories = ["a", "b"];
    private static readonly string[] s_modelLeaves = ["0", "1", "zarr.json", "x.y"];

    /// <summary>
    /// <see cref="DefaultModelSteps"/> random operations with seed <see cref="DefaultModelSeed"/>; see
    /// <see cref="RandomOperationsMatchAModelWithSeedAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task RandomOperationsMatchAModelAsync(CancellationToken cancellationToken = default) =>
        RandomOperationsMatchAModelWithSeedAsync(DefaultModelSeed, DefaultModelSteps, cancellationToken);

    /// <summary>
    /// The check <c>RandomOperationsMatchAModel</c> with another seed or length, for example to repeat a failure
    /// found while exploring: runs a seeded random sequence of set, set-if-not-exists, get, get-partial-values, delete, clear, exists,
    /// is-empty and get-size-prefix against the store and a dictionary model, and after every step checks zarr-python's
    /// invariants (<c>ZarrStoreStateMachine</c>): the sorted listing equals the model's keys, every value equals the
    /// model's, every listed key exists, and the store is empty exactly when the model is.
    /// </summary>
    /// <param name="seed">The random seed; the failure message names it and the step.</param>
    /// <param name="steps">How many operations to run.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public Task RandomOperationsMatchAModelWithSeedAsync(int seed, int steps, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return RunAsync(async (c, store) =>
        {
#pragma warning disable CA5394 // A seeded, repeatable sequence is the point; this is not security.
            var random = new Random(seed);
            var model = new Dictionary<string, byte[]>(StringComparer.Ordinal);

            string AnyKey()
            {
                var parts = new List<string>();
                for (int depth = random.Next(3); depth > 0; depth--)
                {
                    parts.Add(s_modelDirectories[random.Next(s_modelDirectories.Length)]);
                }

                parts.Add(s_modelLeaves[random.Next(s_modelLeaves.Length)]);
                return string.Join('/', parts);
            }

            string SomeKey() => model.Count > 0 && random.Next(10) < 7 ? model.Keys.ElementAt(random.Next(model.Count)) : AnyKey();

            string AnyDirectory() => random.Next(4) switch
            {
                0 => "",
                1 => s_modelDirectories[random.Next(s_modelDirectories.Length)],
                2 => s_modelDirectories[random.Next(s_modelDirectories.Length)] + "/",
                _ => s_modelDirectories[random.Next(s_modelDirectories.Length)] + "/" + s_modelDirectories[random.Next(s_modelDirectories.Length)],
            };

            byte[] AnyValue()
            {
                var value = new byte[random.Next(12)];
                random.NextBytes(value);
                return value;
            }

            ByteRequest? AnyRange()
            {
                int start = random.Next(16);
                return random.Next(4) switch
                {
                    0 => null,
                    1 => new RangeByteRequest(start, start + random.Next(16)),
                    2 => new OffsetByteRequest(start),
                    _ => new SuffixByteRequest(start),
                };
            }

            IEnumerable<string> Under(string directory)
            {
                string prefix = directory.Length == 0 || directory.EndsWith('/') ? directory : directory + "/";
                return model.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
            }

            for (int step = 0; step < steps; step++)
            {
                int roll = random.Next(100);
                string at = $"step {step} of seed {seed}";
                if (roll < 30)
                {
                    (string key, byte[] value) = (SomeKey(), AnyValue());
                    at += $", SetAsync('{key}', {Describe(value)})";
                    await store.SetAsync(key, c.Value(value), c.Token);
                    model[key] = value;
                }
                else if (roll < 34)
                {
                    (string key, byte[] value) = (SomeKey(), AnyValue());
                    at += $", SetIfNotExistsAsync('{key}', {Describe(value)})";
                    bool stored = await store.SetIfNotExistsAsync(key, c.Value(value), c.Token);
                    c.That(stored == model.TryAdd(key, value), $"{at}: returned {stored} but the key {(stored ? "existed" : "did not exist")}.");
                }
                else if (roll < 48)
                {
                    string key = SomeKey();
                    at += $", DeleteAsync('{key}')";
                    await store.DeleteAsync(key, c.Token);
                    model.Remove(key);
                }
                else if (roll < 50)
                {
                    at += ", ClearAsync()";
                    await store.ClearAsync(c.Token);
                    model.Clear();
                }
                else if (roll < 62)
                {
                    (string key, ByteRequest? range) = (SomeKey(), AnyRange());
                    at += $", GetAsync('{key}', {Describe(range)})";
                    var actual = await store.GetAsync(key, c.Prototype, range, c.Token);
                    if (model.TryGetValue(key, out byte[]? value))
                    {
                        c.Read(actual, Slice(value, range), at);
                    }
                    else
                    {
                        c.That(actual is null, $"{at}: expected null for a missing key, got {actual}.");
                    }
                }
                else if (roll < 72)
                {
                    var pairs = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => (Key: SomeKey(), Range: AnyRange())).ToArray();
                    at += $", GetPartialValuesAsync([{string.Join(", ", pairs.Select(p => $"('{p.Key}', {Describe(p.Range)})"))}])";
                    var results = await store.GetPartialValuesAsync(c.Prototype, pairs.Select(p => (p.Key, p.Range)), c.Token);
                    c.That(results.Count == pairs.Length, $"{at}: returned {results.Count} results for {pairs.Length} pairs.");
                    for (int i = 0; i < pairs.Length; i++)
                    {
                        if (model.TryGetValue(pairs[i].Key, out byte[]? value))
                        {
                            c.Read(results[i], Slice(value, pairs[i].Range), $"{at}, result {i}");
                        }
                        else
                        {
                            c.That(results[i] is null, $"{at}, result {i}: expected null for a missing key, got {results[i]}.");
                        }
                    }
                }
                else if (roll < 82)
                {
                    string key = SomeKey();
                    at += $", ExistsAsync('{key}')";
                    bool exists = await store.ExistsAsync(key, c.Token);
                    c.That(exists == model.ContainsKey(key), $"{at}: expected {model.ContainsKey(key)}, got {exists}.");
                }
                else if (roll < 91)
                {
                    string directory = AnyDirectory();
                    at += $", IsEmptyAsync('{directory}')";
                    bool empty = await store.IsEmptyAsync(directory, c.Token);
                    bool expected = !Under(directory).Any();
                    c.That(empty == expected, $"{at}: expected {expected}, got {empty}; the model holds {Describe(Under("").Order(StringComparer.Ordinal))}.");
                }
                else
                {
                    string directory = AnyDirectory();
                    at += $", GetSizePrefixAsync('{directory}')";
                    long size = await store.GetSizePrefixAsync(directory, c.Token);
                    long expected = Under(directory).Sum(k => (long)model[k].Length);
                    c.That(size == expected, $"{at}: expected {expected}, got {size}.");
                }
#pragma warning restore CA5394

                await CheckInvariantsAsync(c, store, model, at);
            }
        }, cancellationToken, nameof(RandomOperationsMatchAModelAsync));
    }

    private static async Task CheckInvariantsAsync(Verifier c, TStore store, Dictionary<string, byte[]> model, string at)
    {
        var listed = await CollectAsync(store.ListAsync(c.Token), c.Token);
        c.SameKeys(listed, model.Keys, $"after {at}, ListAsync() against the model's keys");
        foreach (string key in listed)
        {
            c.That(await store.ExistsAsync(key, c.Token), $"after {at}, ListAsync() lists '{key}' but ExistsAsync('{key}') is false.");
            c.Read(await store.GetAsync(key, c.Prototype, null, c.Token), model[key], $"after {at}, GetAsync('{key}') against the model");
        }

        bool empty = await store.IsEmptyAsync("", c.Token);
        c.That(empty == (model.Count == 0), $"after {at}, IsEmptyAsync('') is {empty} with {model.Count} keys in the model.");
    }
}
