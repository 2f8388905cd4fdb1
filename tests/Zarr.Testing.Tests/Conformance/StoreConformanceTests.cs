using System.Runtime.CompilerServices;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Testing.Tests.Conformance;

public class StoreConformanceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_check_passes_on_a_MemoryStore_when_run_without_a_framework()
    {
        await using var harness = new MemoryStoreHarness<MemoryStore>(readOnly => new MemoryStore(readOnly: readOnly));
        var conformance = new StoreConformance<MemoryStore>(harness);

        foreach (var check in conformance.Checks)
        {
            conformance.Applies(check).Should().BeTrue();
            await check.RunAsync(Token);
        }
    }

    [Fact]
    public void Checks_have_distinct_names_and_display_them()
    {
        var conformance = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(_ => new MemoryStore()));

        conformance.Checks.Select(c => c.Name).Should().OnlyHaveUniqueItems().And.HaveCountGreaterThan(25)
            .And.Contain("GetReturnsTheRequestedBytes").And.Contain("RandomOperationsMatchAModel").And.NotContain(n => n.EndsWith("Async"));
        conformance.Checks[0].ToString().Should().Be(conformance.Checks[0].Name);
    }

    [Fact]
    public void Checks_needing_an_undeclared_capability_do_not_apply()
    {
        var readOnlyHarness = new MemoryStoreHarness<MemoryStore>(_ => new MemoryStore(), StoreCapabilities.Listing);
        var conformance = new StoreConformance<MemoryStore>(readOnlyHarness);

        var applicable = conformance.Checks.Where(conformance.Applies).Select(c => c.Name).ToList();

        applicable.Should().Contain(["GetReturnsTheRequestedBytes", "ListDirReturnsImmediateChildren"])
            .And.NotContain(["SetStoresTheBytes", "DeleteRemovesTheKey", "RandomOperationsMatchAModel", "WithReadOnlySharesTheData"]);
    }

    [Fact]
    public async Task A_list_dir_that_returns_full_keys_fails_with_the_check_and_the_prefix()
    {
        var conformance = Conformance(readOnly => new ListDirReturnsFullKeys(readOnly));

        var failure = await conformance.Invoking(c => c.ListDirReturnsImmediateChildrenAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Check.Should().Be("ListDirReturnsImmediateChildren");
        failure.Which.Message.Should().StartWith("ListDirReturnsImmediateChildren: ListDirAsync('foo')")
            .And.Contain("expected ['c', 'zarr.json'], got ['foo/c', 'foo/c', 'foo/zarr.json']");
    }

    [Fact]
    public async Task A_get_that_ignores_the_byte_range_fails_with_the_key_the_range_and_both_values()
    {
        var conformance = Conformance(readOnly => new GetIgnoresTheByteRange(readOnly));

        var failure = await conformance.Invoking(c => c.GetReturnsTheRequestedBytesAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be(
            "GetReturnsTheRequestedBytes: GetAsync('c/0', RangeByteRequest { Start = 1, End = 4 }) of a stored 4 bytes [01 02 03 04]: "
            + "expected 3 bytes [02 03 04], got 4 bytes [01 02 03 04].");
    }

    [Fact]
    public async Task A_get_into_that_ignores_the_byte_range_fails_with_the_call_and_both_counts()
    {
        var conformance = Conformance(readOnly => new GetIntoIgnoresTheByteRange(readOnly));

        var failure = await conformance.Invoking(c => c.GetIntoFillsTheDestinationAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be(
            "GetIntoFillsTheDestination: GetIntoAsync('c/0', 7 bytes, RangeByteRequest { Start = 1, End = 4 }) of a stored 4 bytes [01 02 03 04]: "
            + "expected 3 bytes read, got 4.");
    }

    [Fact]
    public async Task A_get_into_that_writes_what_fits_of_a_longer_value_fails_expecting_an_ArgumentException()
    {
        var conformance = Conformance(readOnly => new GetIntoWritesWhatFits(readOnly));

        var failure = await conformance.Invoking(c => c.GetIntoRefusesASmallDestinationAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith(
            "GetIntoRefusesASmallDestination: GetIntoAsync('c/0', 3 bytes, the whole value) of a stored 4 bytes [01 02 03 04]: expected ArgumentException");
    }

    [Fact]
    public async Task A_get_that_ignores_the_prototype_fails_naming_both_buffer_classes()
    {
        var conformance = Conformance(readOnly => new GetIgnoresThePrototype(readOnly));

        var failure = await conformance.Invoking(c => c.ReadsHonourThePrototypeAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be(
            "ReadsHonourThePrototype: GetAsync('c/0') through a prototype of TestBuffer returned a CpuBuffer; expected a TestBuffer made with prototype.Buffer.");
    }

    [Fact]
    public async Task A_set_that_keeps_the_callers_buffer_fails()
    {
        var conformance = Conformance(readOnly => new SetKeepsTheCallersBuffer(readOnly));

        var failure = await conformance.Invoking(c => c.SetKeepsItsOwnCopyAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Contain("key 'c/0'").And.Contain("expected the storage to hold 4 bytes [01 02 03 04]")
            .And.Contain("found 4 bytes [0f 0f 0f 0f]");
    }

    [Fact]
    public async Task A_clear_that_does_nothing_is_caught_by_the_model_with_its_seed_and_step()
    {
        var conformance = Conformance(readOnly => new ClearDoesNothing(readOnly));

        var failure = await conformance.Invoking(c => c.RandomOperationsMatchAModelAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith("RandomOperationsMatchAModel: after step ")
            .And.Contain($"of seed {StoreConformance<MemoryStore>.DefaultModelSeed}, ClearAsync(), ListAsync() against the model's keys: expected [], got [");
    }

    [Fact]
    public async Task A_check_then_set_SetIfNotExists_is_caught_as_not_atomic()
    {
        var conformance = Conformance(readOnly => new CheckThenSet(readOnly));

        var failure = await conformance.Invoking(c => c.SetIfNotExistsIsAtomicAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith("SetIfNotExistsIsAtomic: 8 concurrent SetIfNotExistsAsync('c/")
            .And.Contain("exactly one must store its value");
    }

    [Fact]
    public async Task The_atomicity_check_stops_within_its_time_budget_on_a_slow_store()
    {
        var conformance = Conformance(readOnly => new SlowSetIfNotExists(readOnly));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await conformance.SetIfNotExistsIsAtomicAsync(Token);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "one round of a 5 ms store would take 1.3 s per thread, 16 rounds 20 s");
    }

    [Fact]
    public async Task A_delete_that_also_deletes_the_keys_below_fails()
    {
        var conformance = Conformance(readOnly => new DeleteAlsoDeletesBelow(readOnly));

        var failure = await conformance.Invoking(c => c.DeleteRemovesTheKeyAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be("DeleteRemovesTheKey: after DeleteAsync('foo'), a directory and not a key: "
            + "expected the storage to hold 4 bytes [01 02 03 04] for key 'foo/zarr.json', found no value.");
    }

    [Fact]
    public async Task A_range_coalescer_that_mishandles_contained_ranges_fails_naming_the_request()
    {
        var conformance = Conformance(readOnly => new CoalescerDropsContainedEnds(readOnly));

        var failure = await conformance.Invoking(c => c.GetRangesKeepsInputOrderAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith("GetRangesKeepsInputOrder: GetRangesAsync('c/0', maxGapBytes: ")
            .And.Contain("(RangeByteRequest { Start = 0, End = 100 }): expected 100 bytes [00 01 02");
    }

    [Fact]
    public async Task A_range_reader_that_serves_a_duplicated_request_once_fails_naming_the_duplicate()
    {
        var conformance = Conformance(readOnly => new DuplicateRangesServedOnce(readOnly));

        var failure = await conformance.Invoking(c => c.GetRangesKeepsInputOrderAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Contain("request 9 (RangeByteRequest { Start = 100, End = 110 }): expected 10 bytes [").And.EndWith("got 0 bytes [].");
    }

    [Fact]
    public async Task A_store_accepting_empty_and_absolute_keys_fails()
    {
        var conformance = Conformance(readOnly => new AcceptsAnyKey(readOnly));

        var failure = await conformance.Invoking(c => c.InvalidKeysAreRejectedAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be("InvalidKeysAreRejected: GetAsync(''): expected ArgumentException, but the call succeeded.");
    }

    [Fact]
    public async Task A_store_that_throws_is_reported_with_the_call_and_the_request_before_its_own_message()
    {
        var conformance = Conformance(readOnly => new RangeReadsThrow(readOnly));

        var get = await conformance.Invoking(c => c.GetReturnsTheRequestedBytesAsync(Token)).Should().ThrowAsync<StoreConformanceException>();
        var model = await conformance.Invoking(c => c.RandomOperationsMatchAModelAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        get.Which.Message.Should().Be("GetReturnsTheRequestedBytes: GetAsync('c/0', RangeByteRequest { Start = 1, End = 4 }) threw IOException: disk on fire");
        get.Which.InnerException.Should().BeOfType<IOException>();
        model.Which.Message.Should().MatchRegex(@"^RandomOperationsMatchAModel: step \d+ of seed \d+, Get\w*Async\(.*RangeByteRequest.*\) threw IOException: disk on fire$");
    }

    [Fact]
    public async Task A_size_of_a_directory_fails()
    {
        var conformance = Conformance(readOnly => new SizeOfADirectoryIsItsContent(readOnly));

        var failure = await conformance.Invoking(c => c.GetSizeIsTheValueLengthAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be(
            "GetSizeIsTheValueLength: GetSizeAsync('dir') of a directory holding 'dir/a': expected KeyNotFoundException, but the call succeeded.");
    }

    [Fact]
    public async Task A_directory_ListPrefix_fails_the_string_prefix_check_unless_it_leaves_the_capability_out()
    {
        var conformance = Conformance(readOnly => new ListPrefixByDirectory(readOnly));
        var directoryListing = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(
            readOnly => new ListPrefixByDirectory(readOnly), StoreCapabilities.All & ~StoreCapabilities.StringPrefixListing));

        var failure = await conformance.Invoking(c => c.ListPrefixIsAStringPrefixAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be("ListPrefixIsAStringPrefix: ListPrefixAsync('a/b') with a/b/x, a/bc and a/c stored (a plain string prefix): "
            + "expected ['a/b/x', 'a/bc'], got ['a/b/x'].");
        directoryListing.Checks.Where(c => !directoryListing.Applies(c)).Select(c => c.Name).Should().Equal("ListPrefixIsAStringPrefix");
        await directoryListing.ListPrefixReturnsFullKeysAsync(Token);
    }

    [Fact]
    public async Task A_read_only_store_that_ignores_cancellation_fails_the_read_check()
    {
        var conformance = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(
            readOnly => new SizeIgnoresCancellation(readOnly), StoreCapabilities.None));

        conformance.Applies(conformance.Checks.Single(c => c.Name == "CancelledReadsThrow")).Should().BeTrue();
        var failure = await conformance.Invoking(c => c.CancelledReadsThrowAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be(
            "CancelledReadsThrow: GetSizeAsync('c/0') with a cancelled token: expected OperationCanceledException, but the call succeeded.");
    }

    [Fact]
    public async Task A_listing_that_ignores_cancellation_fails_the_read_check()
    {
        var conformance = Conformance(readOnly => new ListDirIgnoresCancellation(readOnly));

        var failure = await conformance.Invoking(c => c.CancelledReadsThrowAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith("CancelledReadsThrow: ListDirAsync('c') with a cancelled token: expected OperationCanceledException");
    }

    [Fact]
    public async Task Every_applicable_check_passes_on_an_always_read_only_store_without_listing()
    {
        await using var harness = new MemoryStoreHarness<HttpLikeStore>(_ => new HttpLikeStore(), StoreCapabilities.None);
        var conformance = new StoreConformance<HttpLikeStore>(harness);

        var applicable = conformance.Checks.Where(conformance.Applies).ToList();
        foreach (var check in applicable)
        {
            await check.RunAsync(Token);
        }

        applicable.Select(c => c.Name).Should().Contain(["CapabilityFlagsMatch", "OpensReadOnlyOrWritable", "GetRangesKeepsInputOrder", "CancelledReadsThrow", "InvalidKeysAreRejected"])
            .And.NotContain(["SetStoresTheBytes", "ListReturnsEveryKey", "CancelledCallsChangeNothing"]);
    }

    [Fact]
    public async Task The_atomicity_check_applies_only_to_stores_that_declare_it()
    {
        var nonAtomic = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(
            readOnly => new CheckThenSet(readOnly), StoreCapabilities.All & ~StoreCapabilities.AtomicSetIfNotExists));
        var atomic = Conformance(readOnly => new MemoryStore(readOnly: readOnly));

        nonAtomic.Applies(nonAtomic.Checks.Single(c => c.Name == "SetIfNotExistsIsAtomic")).Should().BeFalse();
        nonAtomic.Checks.Where(c => c.Name != "SetIfNotExistsIsAtomic").Should().OnlyContain(c => nonAtomic.Applies(c));
        await atomic.SetIfNotExistsIsAtomicAsync(Token);
    }

    [Fact]
    public async Task A_write_once_store_passes_the_set_check_when_it_leaves_overwrites_out_and_fails_it_otherwise()
    {
        var writeOnce = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(
            readOnly => new WriteOnce(readOnly), StoreCapabilities.All & ~StoreCapabilities.Overwrites));
        var claimsOverwrites = Conformance(readOnly => new WriteOnce(readOnly));

        await writeOnce.SetStoresTheBytesAsync(Token);
        var failure = await claimsOverwrites.Invoking(c => c.SetStoresTheBytesAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().StartWith("SetStoresTheBytes: SetAsync('zarr.json', value) threw NotSupportedException");
    }

    [Fact]
    public async Task Every_applicable_check_passes_on_a_write_once_store_with_deletes_that_leaves_overwrites_out()
    {
        // The double keeps no type through WithReadOnly, so read-only copies are left out too.
        await using var harness = new MemoryStoreHarness<MemoryStore>(
            readOnly => new WriteOnce(readOnly), StoreCapabilities.All & ~(StoreCapabilities.Overwrites | StoreCapabilities.ReadOnlyCopies));
        var conformance = new StoreConformance<MemoryStore>(harness);

        var applicable = conformance.Checks.Where(conformance.Applies).ToList();
        foreach (var check in applicable)
        {
            await check.RunAsync(Token);
        }

        applicable.Select(c => c.Name).Should().Contain(["SetStoresTheBytes", "DeleteRemovesTheKey", "RandomOperationsMatchAModel"]);
    }

    [Fact]
    public async Task A_store_that_replaces_values_fails_the_set_check_when_it_declares_itself_write_once()
    {
        var conformance = new StoreConformance<MemoryStore>(new MemoryStoreHarness<MemoryStore>(
            readOnly => new MemoryStore(readOnly: readOnly), StoreCapabilities.All & ~StoreCapabilities.Overwrites));

        var failure = await conformance.Invoking(c => c.SetStoresTheBytesAsync(Token)).Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be("SetStoresTheBytes: SetAsync('zarr.json') of an existing key on a store without "
            + "StoreCapabilities.Overwrites: expected NotSupportedException, but the call succeeded.");
    }

    [Fact]
    public async Task Checks_never_resume_on_the_callers_synchronization_context()
    {
        // A caller blocking on a check from a UI or legacy ASP.NET thread deadlocks if the check resumes there.
        var conformance = Conformance(readOnly => new MemoryStore(readOnly: readOnly));
        var context = new CountingContext();

        foreach (var check in conformance.Checks)
        {
            Task run;
            SynchronizationContext? previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                run = check.RunAsync(Token);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            await run;
            context.Posts.Should().Be(0, $"{check.Name} must not resume on the caller's context");
        }
    }

    [Fact]
    public async Task An_unexpected_exception_is_reported_with_the_check_name()
    {
        var conformance = Conformance(readOnly => new ExistsThrows(readOnly));

        var failure = await conformance.Invoking(c => c.ExistsSeesOnlyValuesAsync(Token))
            .Should().ThrowAsync<StoreConformanceException>();

        failure.Which.Message.Should().Be("ExistsSeesOnlyValues: ExistsAsync('foo') threw NotImplementedException: no exists here");
        failure.Which.InnerException.Should().BeOfType<NotImplementedException>();
    }

    [Fact]
    public async Task The_model_rejects_a_negative_step_count_and_runs_other_seeds()
    {
        var conformance = Conformance(readOnly => new MemoryStore(readOnly: readOnly));

        await conformance.Invoking(c => c.RandomOperationsMatchAModelWithSeedAsync(1, -1, Token))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("steps");
        await conformance.RandomOperationsMatchAModelWithSeedAsync(7, 50, Token);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_failure()
    {
        var conformance = Conformance(readOnly => new MemoryStore(readOnly: readOnly));

        await conformance.Invoking(c => c.RandomOperationsMatchAModelAsync(new CancellationToken(canceled: true)))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    private static StoreConformance<MemoryStore> Conformance(Func<bool, MemoryStore> create) => new(new MemoryStoreHarness<MemoryStore>(create));

    private sealed class ListDirReturnsFullKeys(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async IAsyncEnumerable<string> ListDirAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            string directory = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
            await foreach (string key in ListPrefixAsync(directory, cancellationToken))
            {
                yield return string.Join('/', key.Split('/').Take(directory.Count(ch => ch == '/') + 1));
            }
        }
    }

    private sealed class GetIgnoresTheByteRange(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null, CancellationToken cancellationToken = default) =>
            base.GetAsync(key, prototype, null, cancellationToken);
    }

    private sealed class GetIntoIgnoresTheByteRange(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null, CancellationToken cancellationToken = default) =>
            base.GetIntoAsync(key, destination, null, cancellationToken);
    }

    private sealed class GetIntoWritesWhatFits(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            if (await GetAsync(key, BufferPrototype.Default, byteRange, cancellationToken) is not { } value)
            {
                return null;
            }

            int length = Math.Min(value.Length, destination.Length);
            value.AsSpan()[..length].CopyTo(destination.Span);
            return length;
        }
    }

    private sealed class GetIgnoresThePrototype(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null, CancellationToken cancellationToken = default) =>
            base.GetAsync(key, BufferPrototype.Default, byteRange, cancellationToken);
    }

    private sealed class SetKeepsTheCallersBuffer(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            StoreDict[key] = value;
            return default;
        }
    }

    /// <summary>Counts the continuations posted to it and runs them on the thread pool.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Post(d, state);
        }
    }

    /// <summary>
    /// <see cref="Store"/>'s default set-if-not-exists (check, then set) in a store whose writes are a round trip, as
    /// a file or network store's are; nothing makes the race certain.
    /// </summary>
    private sealed class CheckThenSet(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            if (await ExistsAsync(key, cancellationToken))
            {
                return false;
            }

            // A timer wait, not Task.Yield: the other contenders get their turn to check even when a loaded machine
            // runs them one after another, so the race this store has is seen in every run.
            await Task.Delay(1, cancellationToken);
            await SetAsync(key, value, cancellationToken);
            return true;
        }
    }

    private sealed class WriteOnce(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            if (!await SetIfNotExistsAsync(key, value, cancellationToken))
            {
                throw new NotSupportedException($"'{key}' exists and this store writes a key once.");
            }
        }
    }

    private sealed class SlowSetIfNotExists(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            await Task.Delay(5, cancellationToken);
            return await base.SetIfNotExistsAsync(key, value, cancellationToken);
        }
    }

    private sealed class DeleteAlsoDeletesBelow(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            await base.DeleteAsync(key, cancellationToken);
            foreach (string below in StoreDict.Keys.Where(k => k.StartsWith(key + "/", StringComparison.Ordinal)).ToList())
            {
                StoreDict.Remove(below);
            }
        }
    }

    /// <summary>A coalescer that ends a merged read at the end of the range merged last, even when that range lies inside the first.</summary>
    private sealed class CoalescerDropsContainedEnds(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype,
            long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes, CancellationToken cancellationToken = default)
        {
            var results = (await base.GetRangesAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken)).ToArray();
            var sorted = ranges.Select((r, i) => (Range: r as RangeByteRequest, Index: i)).Where(p => p.Range is not null).OrderBy(p => p.Range!.Start).ToList();
            for (int i = 1; i < sorted.Count; i++)
            {
                var (first, next) = (sorted[i - 1].Range!, sorted[i].Range!);
                if (next.End < first.End)
                {
                    results[sorted[i - 1].Index] = results[sorted[i - 1].Index][..(int)(next.End - first.Start)];
                }
            }

            return results;
        }
    }

    /// <summary>A reader that deduplicates requests and hands later copies of a request an empty buffer.</summary>
    private sealed class DuplicateRangesServedOnce(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async Task<IReadOnlyList<Buffer>> GetRangesAsync(string key, IReadOnlyList<ByteRequest?> ranges, BufferPrototype prototype,
            long maxGapBytes = DefaultMaxGapBytes, long maxCoalescedBytes = DefaultMaxCoalescedBytes, CancellationToken cancellationToken = default)
        {
            var results = (await base.GetRangesAsync(key, ranges, prototype, maxGapBytes, maxCoalescedBytes, cancellationToken)).ToArray();
            for (int i = 0; i < ranges.Count; i++)
            {
                if (ranges.Take(i).Contains(ranges[i]))
                {
                    results[i] = results[i][0..0];
                }
            }

            return results;
        }
    }

    private sealed class AcceptsAnyKey(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        protected override void ValidateKey(string key) => ArgumentNullException.ThrowIfNull(key);
    }

    private sealed class SizeOfADirectoryIsItsContent(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override async ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default)
        {
            long below = await GetSizePrefixAsync(key, cancellationToken);
            return below > 0 && !await ExistsAsync(key, cancellationToken) ? below : await base.GetSizeAsync(key, cancellationToken);
        }
    }

    private sealed class ListPrefixByDirectory(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override IAsyncEnumerable<string> ListPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
            base.ListPrefixAsync(prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/", cancellationToken);
    }

    private sealed class RangeReadsThrow(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
            CancellationToken cancellationToken = default) =>
            byteRange is RangeByteRequest ? ValueTask.FromException<Buffer?>(new IOException("disk on fire")) : base.GetAsync(key, prototype, byteRange, cancellationToken);
    }

    private sealed class SizeIgnoresCancellation(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<long> GetSizeAsync(string key, CancellationToken cancellationToken = default) => base.GetSizeAsync(key, CancellationToken.None);
    }

    private sealed class ListDirIgnoresCancellation(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override IAsyncEnumerable<string> ListDirAsync(string prefix, CancellationToken cancellationToken = default) => base.ListDirAsync(prefix, CancellationToken.None);
    }

    /// <summary>An HTTP-like store: always read-only, no deletes, no listing; data reaches it only through the raw hook.</summary>
    private sealed class HttpLikeStore() : MemoryStore(readOnly: true)
    {
        public override bool SupportsWrites => false;

        public override bool SupportsDeletes => false;

        public override bool SupportsListing => false;
    }

    private sealed class ClearDoesNothing(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override Task ClearAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class ExistsThrows(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        public override ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
            throw new NotImplementedException("no exists here");
    }
}
