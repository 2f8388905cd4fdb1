using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing;

/// <content>Checks of reads: get, get-partial-values, get-ranges, sizes and existence.</content>
public sealed partial class StoreConformance<TStore>
{
    private static readonly string[] s_dataKeys = ["c/0", "foo/c/0.0", "foo/0/0"];

    private static readonly (byte[] Data, ByteRequest? Range)[] s_getCases =
    [
        (s_d4, null),
        (s_d4, new RangeByteRequest(1, 4)),
        (s_d4, new OffsetByteRequest(1)),
        (s_d4, new SuffixByteRequest(1)),
        ([], null),
        (s_d4, new RangeByteRequest(1, 100)),
        (s_d4, new RangeByteRequest(4, 5)),
        (s_d4, new RangeByteRequest(10, 20)),
        (s_d4, new RangeByteRequest(2, 2)),
        (s_d4, new OffsetByteRequest(4)),
        (s_d4, new OffsetByteRequest(10)),
        (s_d4, new SuffixByteRequest(4)),
        (s_d4, new SuffixByteRequest(7)),
        (s_d4, new SuffixByteRequest(0)),
        ([], new RangeByteRequest(0, 2)),
        ([], new SuffixByteRequest(1)),
    ];

    /// <summary>
    /// <see cref="IStore.GetAsync"/> returns the stored bytes, or the part a byte request selects with zarr-python's
    /// slice semantics (clamped; past the end is an empty buffer, not null), as a buffer of the prototype's class
    /// (zarr-python's <c>test_get</c> and the byte-range table of its stores).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetReturnsTheRequestedBytesAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        foreach (string key in s_dataKeys)
        {
            foreach ((byte[] data, ByteRequest? range) in s_getCases)
            {
                await c.SetRawAsync(store, key, data).ConfigureAwait(false);
                var actual = await c.Call($"GetAsync('{key}', {Describe(range)})", () => store.GetAsync(key, c.Prototype, range, c.Token)).ConfigureAwait(false);
                c.Read(actual, Slice(data, range), $"GetAsync('{key}', {Describe(range)}) of a stored {Describe(data)}");
            }
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetAsync"/> of a missing key is null, with or without a byte request, and a "directory" is
    /// not a value.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetOfAMissingKeyIsNullAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.SetRawAsync(store, "foo/bar", s_d4).ConfigureAwait(false);
        string[] missing = ["c/missing", "foo"];
        foreach (string key in missing)
        {
            foreach (var range in new ByteRequest?[] { null, new RangeByteRequest(0, 2), new OffsetByteRequest(1), new SuffixByteRequest(1) })
            {
                var actual = await c.Call($"GetAsync('{key}', {Describe(range)})", () => store.GetAsync(key, c.Prototype, range, c.Token)).ConfigureAwait(false);
                c.That(actual is null, $"GetAsync('{key}', {Describe(range)}) of a missing key: expected null, got {actual}.");
            }
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetIntoAsync"/> writes the bytes <see cref="IStore.GetAsync"/> returns for the same request to
    /// the start of the destination and returns their count, leaves the rest of the destination as it was (a short
    /// value, a range past the end), and returns null for a missing key without writing anything.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetIntoFillsTheDestinationAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        const int spare = 3;
        foreach (string key in s_dataKeys)
        {
            foreach ((byte[] data, ByteRequest? range) in s_getCases)
            {
                await c.SetRawAsync(store, key, data).ConfigureAwait(false);
                string call = $"GetIntoAsync('{key}', {data.Length + spare} bytes, {Describe(range)})";
                byte[] expected = Slice(data, range);
                byte[] destination = Untouched(data.Length + spare);
                int? read = await c.Call(call, () => store.GetIntoAsync(key, destination, range, c.Token)).ConfigureAwait(false);
                c.That(read == expected.Length, $"{call} of a stored {Describe(data)}: expected {expected.Length} bytes read, got {(read is null ? "null (a missing key)" : read)}.");
                c.That(destination.AsSpan(0, expected.Length).SequenceEqual(expected),
                    $"{call} of a stored {Describe(data)}: expected the destination to start with {Describe(expected)}, got {Describe(destination.AsSpan(0, expected.Length))}.");
                c.That(IsUntouched(destination.AsSpan(expected.Length)), $"{call} of a stored {Describe(data)} wrote past the {expected.Length} bytes it read: {Describe(destination)}.");
            }
        }

        foreach (var range in new ByteRequest?[] { null, new RangeByteRequest(0, 2) })
        {
            string call = $"GetIntoAsync('c/missing', 8 bytes, {Describe(range)})";
            byte[] destination = Untouched(8);
            int? read = await c.Call(call, () => store.GetIntoAsync("c/missing", destination, range, c.Token)).ConfigureAwait(false);
            c.That(read is null, $"{call} of a missing key: expected null, got {read}.");
            c.That(IsUntouched(destination), $"{call} of a missing key wrote to the destination: {Describe(destination)}.");
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetIntoAsync"/> refuses a destination shorter than the bytes it would read with an
    /// <see cref="ArgumentException"/> and writes nothing; a range that fits is read.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetIntoRefusesASmallDestinationAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        foreach (var range in new ByteRequest?[] { null, new RangeByteRequest(0, 4), new SuffixByteRequest(4), new OffsetByteRequest(0) })
        {
            string call = $"GetIntoAsync('c/0', 3 bytes, {Describe(range)}) of a stored {Describe(s_d4)}";
            byte[] destination = Untouched(3);
            await c.ThrowsAsync<ArgumentException>(() => store.GetIntoAsync("c/0", destination, range, c.Token).AsTask(), call).ConfigureAwait(false);
            c.That(IsUntouched(destination), $"{call} wrote to the destination it refused: {Describe(destination)}.");
        }

        byte[] fits = Untouched(3);
        int? read = await c.Call("GetIntoAsync('c/0', 3 bytes, RangeByteRequest(1, 4))", () => store.GetIntoAsync("c/0", fits, new RangeByteRequest(1, 4), c.Token)).ConfigureAwait(false);
        c.That(read == 3 && fits.AsSpan().SequenceEqual(s_d4.AsSpan(1)),
            $"GetIntoAsync('c/0', 3 bytes, RangeByteRequest(1, 4)) of a stored {Describe(s_d4)}: expected 3 bytes {Describe(s_d4.AsSpan(1))}, got {read} and {Describe(fits)}.");
    }, cancellationToken);

    /// <summary>A store that was never opened serves reads, opening itself (zarr-python's <c>test_get_not_open</c>).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetOpensLazilyAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        c.That(!store.IsOpen, "the harness made a store that is already open; CreateStoreAsync must return a store that is not yet open.");
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        c.Read(await c.Call("GetAsync('c/0')", () => store.GetAsync("c/0", c.Prototype, null, c.Token)).ConfigureAwait(false), s_d4, "GetAsync('c/0') on a store that was never opened");
    }, cancellationToken);

    /// <summary>
    /// Reads make their results with the caller's prototype: asked through a prototype of <see cref="TestBuffer"/>,
    /// <see cref="IStore.GetAsync"/>, <see cref="IStore.GetPartialValuesAsync"/> and <see cref="IStore.GetRangesAsync"/>
    /// return <see cref="TestBuffer"/>s (the bug zarr-python's PR #1974 fixed). Skip it for a store that can only make
    /// one buffer class.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ReadsHonourThePrototypeAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        var prototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();
        await c.SetRawAsync(store, "c/0", s_d4).ConfigureAwait(false);
        void IsTestBuffer(Buffer? actual, string what) => c.That(actual is TestBuffer,
            $"{what} through a prototype of TestBuffer returned {(actual is null ? "null" : $"a {actual.GetType().Name}")}; expected a TestBuffer made with prototype.Buffer.");

        IsTestBuffer(await c.Call("GetAsync('c/0')", () => store.GetAsync("c/0", prototype, null, c.Token)).ConfigureAwait(false), "GetAsync('c/0')");
        IsTestBuffer(await c.Call("GetAsync('c/0', RangeByteRequest(1, 3))", () => store.GetAsync("c/0", prototype, new RangeByteRequest(1, 3), c.Token)).ConfigureAwait(false), "GetAsync('c/0', RangeByteRequest(1, 3))");
        foreach (var result in await c.Call("GetPartialValuesAsync([('c/0', null), ('c/0', SuffixByteRequest(2))])", () => store.GetPartialValuesAsync(prototype, [("c/0", null), ("c/0", new SuffixByteRequest(2))], c.Token)).ConfigureAwait(false))
        {
            IsTestBuffer(result, "GetPartialValuesAsync([('c/0', null), ('c/0', Suffix(2))])");
        }

        foreach (var result in await c.Call("GetRangesAsync('c/0', [RangeByteRequest(0, 1), RangeByteRequest(2, 4), null])", () => store.GetRangesAsync("c/0", [new RangeByteRequest(0, 1), new RangeByteRequest(2, 4), null], prototype, cancellationToken: c.Token)).ConfigureAwait(false))
        {
            IsTestBuffer(result, "GetRangesAsync('c/0', [Range(0, 1), Range(2, 4), null])");
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetPartialValuesAsync"/> returns one result per pair in input order, each equal to
    /// <see cref="IStore.GetAsync"/> with the same request, null for a missing key, and enumerates its input once
    /// (zarr-python's <c>test_get_partial_values</c> and <c>test_get_many</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetPartialValuesKeepsInputOrderAsync(CancellationToken cancellationToken = default) => RunAsync(async c =>
    {
        string[] digits = [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        (string Key, ByteRequest? Range)[][] cases =
        [
            [],
            [("zarr.json", new RangeByteRequest(0, 2))],
            [("c/0", new RangeByteRequest(0, 2)), ("zarr.json", null)],
            [("c/0/0", new RangeByteRequest(0, 2)), ("c/0/1", new SuffixByteRequest(2)), ("c/0/2", new OffsetByteRequest(2))],
            [.. digits.Select(k => (k, (ByteRequest?)null))],
            [("c/0", null), ("c/0", new RangeByteRequest(1, 2)), ("c/0", null)],
            [("missing", null), ("c/0", null), ("c/missing", new RangeByteRequest(0, 1))],
        ];
        foreach (var pairs in cases)
        {
            // A store per case, as zarr-python's parametrised test has: "c/0" and "c/0/0" cannot both be files.
            var store = await c.NewStoreAsync(readOnly: false).ConfigureAwait(false);
            foreach (string key in pairs.Select(p => p.Key).Where(k => !k.Contains("missing", StringComparison.Ordinal)).Distinct())
            {
                await c.SetRawAsync(store, key, Utf8(key)).ConfigureAwait(false);
            }

            string call = $"GetPartialValuesAsync([{string.Join(", ", pairs.Select(p => $"('{p.Key}', {Describe(p.Range)})"))}])";
            var results = await c.Call(call, () => store.GetPartialValuesAsync(c.Prototype, new OneShot<(string, ByteRequest?)>(pairs, c, call), c.Token)).ConfigureAwait(false);
            c.That(results.Count == pairs.Length, $"{call} returned {results.Count} results for {pairs.Length} pairs.");
            for (int i = 0; i < pairs.Length; i++)
            {
                (string key, ByteRequest? range) = pairs[i];
                if (key.Contains("missing", StringComparison.Ordinal))
                {
                    c.That(results[i] is null, $"{call}, result {i}: expected null for a missing key, got {results[i]}.");
                    continue;
                }

                c.Read(results[i], Slice(Utf8(key), range), $"{call}, result {i}");
                c.Read(await c.Call($"GetAsync('{key}', {Describe(range)})", () => store.GetAsync(key, c.Prototype, range, c.Token)).ConfigureAwait(false), results[i]!.AsSpan(), $"GetAsync('{key}', {Describe(range)}) against {call}, result {i}");
            }
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetRangesAsync"/> returns one buffer per request in input order, whatever it merges (overlapping,
    /// contained and duplicated ranges included, each equal to its own slice), and
    /// throws <see cref="KeyNotFoundException"/> for a missing key (zarr-python's <c>get_ranges</c> tests).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetRangesKeepsInputOrderAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        byte[] blob = [.. Enumerable.Range(0, 512).Select(i => (byte)(i % 251))];
        await c.SetRawAsync(store, "c/0", blob).ConfigureAwait(false);
        ByteRequest?[] ranges =
        [
            new RangeByteRequest(100, 110), new RangeByteRequest(0, 10), null, new SuffixByteRequest(5),
            new OffsetByteRequest(500), new RangeByteRequest(10, 20), new RangeByteRequest(105, 300), new RangeByteRequest(600, 700),
            new RangeByteRequest(0, 100), new RangeByteRequest(100, 110), new SuffixByteRequest(5),
        ];
        foreach ((long maxGap, long maxSpan) in new[] { (Store.DefaultMaxGapBytes, Store.DefaultMaxCoalescedBytes), (0L, 0L), (1000L, 50L) })
        {
            string call = $"GetRangesAsync('c/0', maxGapBytes: {maxGap}, maxCoalescedBytes: {maxSpan})";
            var results = await c.Call(call, () => store.GetRangesAsync("c/0", ranges, c.Prototype, maxGap, maxSpan, c.Token)).ConfigureAwait(false);
            c.That(results.Count == ranges.Length, $"{call} returned {results.Count} buffers for {ranges.Length} requests.");
            for (int i = 0; i < ranges.Length; i++)
            {
                c.Read(results[i], Slice(blob, ranges[i]), $"{call}, request {i} ({Describe(ranges[i])})");
            }
        }

        var none = await c.Call("GetRangesAsync('c/0', [])", () => store.GetRangesAsync("c/0", [], c.Prototype, cancellationToken: c.Token)).ConfigureAwait(false);
        c.That(none.Count == 0, $"GetRangesAsync('c/0', []) returned {none.Count} buffers; expected none.");
        await c.ThrowsAsync<KeyNotFoundException>(
            () => store.GetRangesAsync("c/missing", [new RangeByteRequest(0, 10)], c.Prototype, cancellationToken: c.Token),
            "GetRangesAsync('c/missing', [Range(0, 10)])").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetSizeAsync"/> is the value's length, and a missing key or a directory (a prefix of stored keys,
    /// not a value) throws <see cref="KeyNotFoundException"/> (zarr-python's <c>test_getsize</c> and <c>test_getsize_raises</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetSizeIsTheValueLengthAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        foreach (string key in s_dataKeys)
        {
            foreach (byte[] data in new[] { s_d4, [] })
            {
                await c.SetRawAsync(store, key, data).ConfigureAwait(false);
                long size = await c.Call($"GetSizeAsync('{key}')", () => store.GetSizeAsync(key, c.Token)).ConfigureAwait(false);
                c.That(size == data.Length, $"GetSizeAsync('{key}') of a stored {Describe(data)}: expected {data.Length}, got {size}.");
            }
        }

        await c.ThrowsAsync<KeyNotFoundException>(async () => await store.GetSizeAsync("c/1000", c.Token).ConfigureAwait(false), "GetSizeAsync('c/1000') of a missing key").ConfigureAwait(false);
        await c.SetRawAsync(store, "dir/a", s_d4).ConfigureAwait(false);
        await c.ThrowsAsync<KeyNotFoundException>(async () => await store.GetSizeAsync("dir", c.Token).ConfigureAwait(false), "GetSizeAsync('dir') of a directory holding 'dir/a'").ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.GetSizePrefixAsync"/> sums the values under a directory, not those of a sibling that merely
    /// shares the prefix string (zarr-python's <c>test_getsize_prefix</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task GetSizePrefixCountsTheDirectoryAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        string[] keys = ["c/0/0", "c/0/1", "c/1/0", "c/1/1", "cc/0"];
        foreach (string key in keys)
        {
            await c.SetRawAsync(store, key, s_d4).ConfigureAwait(false);
        }

        foreach ((string prefix, long expected) in new[] { ("c", 16L), ("c/", 16L), ("c/0", 8L), ("", 20L), ("nope", 0L) })
        {
            long size = await c.Call($"GetSizePrefixAsync('{prefix}')", () => store.GetSizePrefixAsync(prefix, c.Token)).ConfigureAwait(false);
            c.That(size == expected, $"GetSizePrefixAsync('{prefix}') over 4-byte values at c/0/0, c/0/1, c/1/0, c/1/1 and cc/0: expected {expected}, got {size}.");
        }
    }, cancellationToken);

    /// <summary>
    /// <see cref="IStore.ExistsAsync"/> is true for a stored key only: not for a missing key and not for a "directory"
    /// (zarr-python's <c>test_exists</c>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that faults with <see cref="StoreConformanceException"/> when the store fails the check.</returns>
    public Task ExistsSeesOnlyValuesAsync(CancellationToken cancellationToken = default) => RunAsync(async (c, store) =>
    {
        c.That(!await c.Call("ExistsAsync('foo')", () => store.ExistsAsync("foo", c.Token)).ConfigureAwait(false), "ExistsAsync('foo') on an empty store is true.");
        await c.SetRawAsync(store, "foo/zarr.json", s_d4).ConfigureAwait(false);
        c.That(await c.Call("ExistsAsync('foo/zarr.json')", () => store.ExistsAsync("foo/zarr.json", c.Token)).ConfigureAwait(false), "ExistsAsync('foo/zarr.json') of a stored key is false.");
        c.That(!await c.Call("ExistsAsync('foo')", () => store.ExistsAsync("foo", c.Token)).ConfigureAwait(false), "ExistsAsync('foo') is true when only 'foo/zarr.json' is stored; a directory is not a value.");
        c.That(!await c.Call("ExistsAsync('foo/zarr')", () => store.ExistsAsync("foo/zarr", c.Token)).ConfigureAwait(false), "ExistsAsync('foo/zarr') is true when only 'foo/zarr.json' is stored.");
    }, cancellationToken);

    /// <summary>An enumerable that fails the check when enumerated twice (zarr-python passes a one-shot generator).</summary>
    private sealed class OneShot<T>(IEnumerable<T> items, Verifier verifier, string call) : IEnumerable<T>
    {
        private int _enumerations;

        public IEnumerator<T> GetEnumerator()
        {
            verifier.That(Interlocked.Increment(ref _enumerations) == 1, $"{call} enumerated its input more than once; it must be enumerated exactly once.");
            return items.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // A byte no check stores at the end of a destination, so that a store that writes past what it read is caught.
    private const byte UntouchedByte = 0xEE;

    private static byte[] Untouched(int length)
    {
        byte[] bytes = new byte[length];
        bytes.AsSpan().Fill(UntouchedByte);
        return bytes;
    }

    private static bool IsUntouched(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept(UntouchedByte);
}
