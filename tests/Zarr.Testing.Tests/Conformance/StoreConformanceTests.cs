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

        failure.Which.Message.Should().StartWith("SetIfNotExistsIsAtomic: 16 concurrent SetIfNotExistsAsync('c/0') calls returned true ")
            .And.Contain("exactly one must store its value");
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

        failure.Which.Message.Should().Be("ExistsSeesOnlyValues: the store threw NotImplementedException: no exists here");
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
    /// <see cref="Store"/>'s default set-if-not-exists (check, then set), where the first two callers to find the key
    /// missing wait for each other before setting, so that the race is certain rather than likely.
    /// </summary>
    private sealed class CheckThenSet(bool readOnly) : MemoryStore(readOnly: readOnly)
    {
        private readonly TaskCompletionSource _twoChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _checked;

        public override async ValueTask<bool> SetIfNotExistsAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            if (await ExistsAsync(key, cancellationToken))
            {
                return false;
            }

            if (Interlocked.Increment(ref _checked) == 2)
            {
                _twoChecked.SetResult();
            }

            await _twoChecked.Task.WaitAsync(cancellationToken);
            await SetAsync(key, value, cancellationToken);
            return true;
        }
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
