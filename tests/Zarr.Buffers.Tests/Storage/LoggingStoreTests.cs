using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class LoggingStoreTests : MemoryBackedStoreTestsBase
{
    protected override IStore CreateStore(bool readOnly = false) => new LoggingStore(new MemoryStore(readOnly: readOnly));

    protected override MemoryStore Backing(IStore store) => Inner(store);

    [Fact]
    public void A_set_copies_when_the_inner_stores_set_does()
    {
        new LoggingStore(new MemoryStore()).CopiesOnSet.Should().BeTrue();
        new LoggingStore(new WrapperStore(new MemoryStore())).CopiesOnSet.Should().BeFalse();
    }

    [Fact]
    public async Task A_subclass_whose_set_keeps_the_value_does_not_claim_to_copy_it()
    {
        var store = new KeepingLoggingStore(new MemoryStore());
        var value = Bytes(1, 2, 3);

        await store.SetAsync("c/0", value, Ct);

        store.Kept.Should().ContainSingle().Which.Should().BeSameAs(value);
        store.CopiesOnSet.Should().BeFalse("a subclass's set may keep the caller's buffer, as this one does");
    }

    [Fact]
    public async Task Each_call_is_logged_with_its_key_and_duration()
    {
        var logger = new ListLogger();
        var store = new LoggingStore(new MemoryStore(), logger);

        await store.SetAsync("foo/bar/c/0", Bytes(1, 2, 3, 4), Ct);

        logger.Lines.Should().HaveCount(2);
        logger.Lines.First().Should().Be("Calling MemoryStore.Set(foo/bar/c/0)");
        logger.Lines.Last().Should().MatchRegex(@"^Finished MemoryStore\.Set\(foo/bar/c/0\) \[[0-9]+\.[0-9]{3} s\]$");
    }

    [Fact]
    public async Task A_huge_key_is_logged_by_its_start_and_length_only()
    {
        var logger = new ListLogger();
        var store = new LoggingStore(new MemoryStore(), logger);

        await store.SetAsync(new string('k', 1_000_000), Bytes(1), Ct);

        logger.Lines.Should().HaveCount(2).And.OnlyContain(line => line.Length < 1000 && line.Contains("MemoryStore.Set(kkk") && line.Contains("… (1000000 characters)"));
    }

    [Fact]
    public async Task Bytes_read_and_written_are_counted_per_member()
    {
        var store = new LoggingStore(new MemoryStore());

        await store.SetAsync("a", Bytes(1, 2, 3, 4, 5), Ct);
        (await store.SetIfNotExistsAsync("a", Bytes(9, 9), Ct)).Should().BeFalse();
        (await store.SetIfNotExistsAsync("b", Bytes(6, 7), Ct)).Should().BeTrue();
        await store.GetAsync("a", Prototype, new RangeByteRequest(1, 3), Ct);
        await store.GetAsync("missing", Prototype, null, Ct);
        await store.GetPartialValuesAsync(Prototype, [("a", null), ("b", new SuffixByteRequest(1)), ("missing", null)], Ct);
        await store.GetRangesAsync("a", [new RangeByteRequest(0, 1), new OffsetByteRequest(4)], Prototype, cancellationToken: Ct);

        store.BytesWritten.Should().BeEquivalentTo(new Dictionary<string, long> { ["Set"] = 5, ["SetIfNotExists"] = 2 });
        store.BytesRead.Should().BeEquivalentTo(new Dictionary<string, long> { ["Get"] = 2, ["GetPartialValues"] = 6, ["GetRanges"] = 2 });
        store.TotalBytesRead.Should().Be(10);
        store.TotalBytesWritten.Should().Be(7);
    }

    [Fact]
    public async Task GetInto_is_counted_by_the_bytes_it_wrote_and_forwarded_to_the_inner_store()
    {
        var store = new LoggingStore(new MemoryStore());
        await store.SetAsync("a", Bytes(1, 2, 3, 4, 5), Ct);
        byte[] destination = new byte[8];

        int? read = await store.GetIntoAsync("a", destination, new RangeByteRequest(1, 4), Ct);
        int? missing = await store.GetIntoAsync("missing", destination, null, Ct);

        read.Should().Be(3);
        missing.Should().BeNull();
        destination.Should().Equal(2, 3, 4, 0, 0, 0, 0, 0);
        store.Counter["GetInto"].Should().Be(2);
        store.BytesRead.Should().BeEquivalentTo(new Dictionary<string, long> { ["GetInto"] = 3 });
    }

    [Fact]
    public async Task A_failed_call_counts_no_bytes()
    {
        var store = new LoggingStore(new MemoryStore(readOnly: true));

        var set = async () => await store.SetAsync("a", Bytes(1, 2), Ct);
        var ranges = () => store.GetRangesAsync("missing", [null], Prototype, cancellationToken: Ct);

        await set.Should().ThrowAsync<InvalidOperationException>();
        await ranges.Should().ThrowAsync<KeyNotFoundException>();
        store.BytesWritten.Should().BeEmpty();
        store.BytesRead.Should().BeEmpty();
    }

    [Fact]
    public async Task Calls_are_counted_per_member()
    {
        var store = new LoggingStore(new MemoryStore());

        await store.SetAsync("a", Bytes(1), Ct);
        await store.SetAsync("b", Bytes(2), Ct);
        await store.GetAsync("a", Prototype, null, Ct);
        await store.GetPartialValuesAsync(Prototype, [("a", null), ("b", null)], Ct);
        await store.ExistsAsync("a", Ct);
        await SortedAsync(store.ListPrefixAsync("", Ct));
        await store.DeleteDirAsync("", Ct);

        store.Counter.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["Set"] = 2, ["Get"] = 1, ["GetPartialValues"] = 1, ["Exists"] = 1, ["ListPrefix"] = 1, ["DeleteDir"] = 1,
        });
    }

    [Fact]
    public async Task The_counter_is_exact_under_concurrent_calls()
    {
        var store = new LoggingStore(new MemoryStore());

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { CancellationToken = Ct },
            async (i, token) => await store.SetAsync($"k{i}", Bytes(1), token));

        store.Counter["Set"].Should().Be(500);
    }

    [Fact]
    public async Task Partial_values_log_every_key_and_read_a_one_shot_input_once()
    {
        var logger = new ListLogger();
        var store = new LoggingStore(new MemoryStore(), logger);
        await store.SetAsync("a", Bytes(1, 2), Ct);
        logger.Lines.Clear();

        IReadOnlyList<Buffer?> values = await store.GetPartialValuesAsync(Prototype,
            OneShot(("a", new SuffixByteRequest(1)), ("missing", null)), Ct);

        values.Select(v => v?.ToBytes()).Should().BeEquivalentTo(new[] { [2], null as byte[] }, o => o.WithStrictOrdering());
        logger.Lines.First().Should().Be("Calling MemoryStore.GetPartialValues(a,missing)");
    }

    [Fact]
    public void With_read_only_keeps_the_logger_and_the_type()
    {
        var logger = new ListLogger();
        var store = new LoggingStore(new MemoryStore(), logger);

        LoggingStore reader = store.WithReadOnly(true);

        reader.ReadOnly.Should().BeTrue();
        reader.Logger.Should().BeSameAs(logger);
        reader.ToString().Should().StartWith("logging-memory://");
    }

    private static MemoryStore Inner(IStore store) => (MemoryStore)((LoggingStore)store).Inner;

    /// <summary>A subclass that keeps every value it is given, as a write-behind cache would, before passing it on.</summary>
    private sealed class KeepingLoggingStore(IStore inner) : LoggingStore(inner)
    {
        public ConcurrentQueue<Buffer> Kept { get; } = new();

        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            Kept.Enqueue(value);
            return base.SetAsync(key, value, cancellationToken);
        }
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Lines.Enqueue(formatter(state, exception));
    }
}
