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
    /// model's, every listed key exists, and the store is empty exactly when the model is. On a store without
    /// <see cref="StoreCapabilities.Overwrites"/>, a set of a key that exists must be refused with
    /// <see cref="NotSupportedException"/> and keep the value.
    /// </summary>
    /// <param name="seed">The random seed; the failure message names it and the step.</param>
    /// <param name="steps">How many operations to run.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public Task RandomOperationsMatchAModelWithSeedAsync(int seed, int steps, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        bool overwrites = _harness.Capabilities.HasFlag(StoreCapabilities.Overwrites);
        return RunAsync((c, store) => new ModelRun(c, store, seed, overwrites).RunAsync(steps), cancellationToken, nameof(RandomOperationsMatchAModelAsync));
    }

    private static async Task CheckInvariantsAsync(Verifier c, TStore store, Dictionary<string, byte[]> model, string at)
    {
        var listed = await CollectAsync(store.ListAsync(c.Token), c.Token).ConfigureAwait(false);
        c.SameKeys(listed, model.Keys, $"after {at}, ListAsync() against the model's keys");
        foreach (string key in listed)
        {
            c.That(await c.Call($"ExistsAsync('{key}')", () => store.ExistsAsync(key, c.Token)).ConfigureAwait(false), $"after {at}, ListAsync() lists '{key}' but ExistsAsync('{key}') is false.");
            c.Read(await c.Call($"GetAsync('{key}')", () => store.GetAsync(key, c.Prototype, null, c.Token)).ConfigureAwait(false), model[key], $"after {at}, GetAsync('{key}') against the model");
        }

        bool empty = await c.Call("IsEmptyAsync('')", () => store.IsEmptyAsync("", c.Token)).ConfigureAwait(false);
        c.That(empty == (model.Count == 0), $"after {at}, IsEmptyAsync('') is {empty} with {model.Count} keys in the model.");
    }

#pragma warning disable CA5394 // A seeded, repeatable sequence is the point; this is not security.
    /// <summary>One seeded run of the model check: the random generators and one method per operation.</summary>
    private sealed class ModelRun(Verifier c, TStore store, int seed, bool overwrites)
    {
        private readonly Random _random = new(seed);
        private readonly Dictionary<string, byte[]> _model = new(StringComparer.Ordinal);

        public async Task RunAsync(int steps)
        {
            for (int step = 0; step < steps; step++)
            {
                int roll = _random.Next(100);
                string at = $"step {step} of seed {seed}";
                Task<string> operation = roll switch
                {
                    < 30 => SetAsync(at),
                    < 34 => SetIfNotExistsAsync(at),
                    < 48 => DeleteAsync(at),
                    < 50 => ClearAsync(at),
                    < 62 => GetAsync(at),
                    < 72 => GetPartialValuesAsync(at),
                    < 82 => ExistsAsync(at),
                    < 91 => IsEmptyAsync(at),
                    _ => GetSizePrefixAsync(at),
                };
                await CheckInvariantsAsync(c, store, _model, await operation.ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        private async Task<string> SetAsync(string at)
        {
            (string key, byte[] value) = (SomeKey(), AnyValue());
            at += $", SetAsync('{key}', {Describe(value)})";
            if (!overwrites && _model.ContainsKey(key))
            {
                await c.ThrowsAsync<NotSupportedException>(async () => await store.SetAsync(key, c.Value(value), c.Token).ConfigureAwait(false),
                    $"{at} of an existing key on a store without StoreCapabilities.Overwrites").ConfigureAwait(false);
                return at;
            }

            await c.Call(at, () => store.SetAsync(key, c.Value(value), c.Token)).ConfigureAwait(false);
            _model[key] = value;
            return at;
        }

        private async Task<string> SetIfNotExistsAsync(string at)
        {
            (string key, byte[] value) = (SomeKey(), AnyValue());
            at += $", SetIfNotExistsAsync('{key}', {Describe(value)})";
            bool stored = await c.Call(at, () => store.SetIfNotExistsAsync(key, c.Value(value), c.Token)).ConfigureAwait(false);
            c.That(stored == _model.TryAdd(key, value), $"{at}: returned {stored} but the key {(stored ? "existed" : "did not exist")}.");
            return at;
        }

        private async Task<string> DeleteAsync(string at)
        {
            string key = SomeKey();
            at += $", DeleteAsync('{key}')";
            await c.Call(at, () => store.DeleteAsync(key, c.Token)).ConfigureAwait(false);
            _model.Remove(key);
            return at;
        }

        private async Task<string> ClearAsync(string at)
        {
            at += ", ClearAsync()";
            await c.Call(at, () => store.ClearAsync(c.Token)).ConfigureAwait(false);
            _model.Clear();
            return at;
        }

        private async Task<string> GetAsync(string at)
        {
            (string key, ByteRequest? range) = (SomeKey(), AnyRange());
            at += $", GetAsync('{key}', {Describe(range)})";
            var actual = await c.Call(at, () => store.GetAsync(key, c.Prototype, range, c.Token)).ConfigureAwait(false);
            ExpectRead(actual, key, range, at);
            return at;
        }

        private async Task<string> GetPartialValuesAsync(string at)
        {
            var pairs = Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => (Key: SomeKey(), Range: AnyRange())).ToArray();
            at += $", GetPartialValuesAsync([{string.Join(", ", pairs.Select(p => $"('{p.Key}', {Describe(p.Range)})"))}])";
            var results = await c.Call(at, () => store.GetPartialValuesAsync(c.Prototype, pairs.Select(p => (p.Key, p.Range)), c.Token)).ConfigureAwait(false);
            c.That(results.Count == pairs.Length, $"{at}: returned {results.Count} results for {pairs.Length} pairs.");
            for (int i = 0; i < pairs.Length; i++)
            {
                ExpectRead(results[i], pairs[i].Key, pairs[i].Range, $"{at}, result {i}");
            }

            return at;
        }

        private async Task<string> ExistsAsync(string at)
        {
            string key = SomeKey();
            at += $", ExistsAsync('{key}')";
            bool exists = await c.Call(at, () => store.ExistsAsync(key, c.Token)).ConfigureAwait(false);
            c.That(exists == _model.ContainsKey(key), $"{at}: expected {_model.ContainsKey(key)}, got {exists}.");
            return at;
        }

        private async Task<string> IsEmptyAsync(string at)
        {
            string directory = AnyDirectory();
            at += $", IsEmptyAsync('{directory}')";
            bool empty = await c.Call(at, () => store.IsEmptyAsync(directory, c.Token)).ConfigureAwait(false);
            bool expected = !Under(directory).Any();
            c.That(empty == expected, $"{at}: expected {expected}, got {empty}; the model holds {Describe(Under("").Order(StringComparer.Ordinal))}.");
            return at;
        }

        private async Task<string> GetSizePrefixAsync(string at)
        {
            string directory = AnyDirectory();
            at += $", GetSizePrefixAsync('{directory}')";
            long size = await c.Call(at, () => store.GetSizePrefixAsync(directory, c.Token)).ConfigureAwait(false);
            long expected = Under(directory).Sum(k => (long)_model[k].Length);
            c.That(size == expected, $"{at}: expected {expected}, got {size}.");
            return at;
        }

        /// <summary>Checks a read of <paramref name="key"/> against the model: its bytes in range, or null when missing.</summary>
        private void ExpectRead(Buffer? actual, string key, ByteRequest? range, string at)
        {
            if (_model.TryGetValue(key, out byte[]? value))
            {
                c.Read(actual, Slice(value, range), at);
            }
            else
            {
                c.That(actual is null, $"{at}: expected null for a missing key, got {actual}.");
            }
        }

        private string AnyKey()
        {
            var parts = new List<string>();
            for (int depth = _random.Next(3); depth > 0; depth--)
            {
                parts.Add(s_modelDirectories[_random.Next(s_modelDirectories.Length)]);
            }

            parts.Add(s_modelLeaves[_random.Next(s_modelLeaves.Length)]);
            return string.Join('/', parts);
        }

        private string SomeKey() =>
            _model.Count > 0 && _random.Next(10) < 7 ? _model.Keys.ElementAt(_random.Next(_model.Count)) : AnyKey();

        private string AnyDirectory() => _random.Next(4) switch
        {
            0 => "",
            1 => s_modelDirectories[_random.Next(s_modelDirectories.Length)],
            2 => s_modelDirectories[_random.Next(s_modelDirectories.Length)] + "/",
            _ => s_modelDirectories[_random.Next(s_modelDirectories.Length)] + "/" + s_modelDirectories[_random.Next(s_modelDirectories.Length)],
        };

        private byte[] AnyValue()
        {
            var value = new byte[_random.Next(12)];
            _random.NextBytes(value);
            return value;
        }

        private ByteRequest? AnyRange()
        {
            int start = _random.Next(16);
            return _random.Next(4) switch
            {
                0 => null,
                1 => new RangeByteRequest(start, start + _random.Next(16)),
                2 => new OffsetByteRequest(start),
                _ => new SuffixByteRequest(start),
            };
        }

        private IEnumerable<string> Under(string directory)
        {
            string prefix = directory.Length == 0 || directory.EndsWith('/') ? directory : directory + "/";
            return _model.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
        }
    }
#pragma warning restore CA5394
}
