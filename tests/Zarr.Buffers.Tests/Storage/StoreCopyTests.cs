using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public sealed class StoreCopyTests
{
    private static readonly string[] s_keys = ["a/zarr.json", "a/c/0", "a/c/1", "ab/zarr.json", "b/c/0", "zarr.json"];

    private static readonly BufferPrototype s_otherPrototype = BufferPrototype.Of<OtherBuffer, CpuNDBuffer>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", new[] { "a/zarr.json", "a/c/0", "a/c/1", "ab/zarr.json", "b/c/0", "zarr.json" })]
    [InlineData("a/", new[] { "a/zarr.json", "a/c/0", "a/c/1" })]
    [InlineData("a", new[] { "a/zarr.json", "a/c/0", "a/c/1", "ab/zarr.json" })]
    [InlineData("a/c/", new[] { "a/c/0", "a/c/1" })]
    [InlineData("missing/", new string[0])]
    public async Task Copies_the_keys_that_start_with_the_prefix_as_list_prefix_does(string prefix, string[] expected)
    {
        var source = await SourceAsync();
        var destination = new MemoryStore();
        await destination.SetAsync("other", CpuBuffer.FromBytes([9]), Ct);

        int copied = await StoreCopy.CopyAsync(source, destination, prefix, BufferPrototype.Default, cancellationToken: Ct);

        copied.Should().Be(expected.Length);
        destination.StoreDict.Keys.Should().BeEquivalentTo([.. expected, "other"]);
        foreach (string key in expected)
        {
            destination.StoreDict[key].ToBytes().Should().Equal(source.StoreDict[key].ToBytes(), key);
        }
    }

    [Fact]
    public async Task The_destination_receives_buffers_made_by_the_prototype_and_existing_values_are_replaced()
    {
        var source = await SourceAsync();
        var destination = new MemoryStore();
        await destination.SetAsync("a/c/0", CpuBuffer.FromBytes([9, 9, 9]), Ct);

        await StoreCopy.CopyAsync(source, destination, "a/", s_otherPrototype, cancellationToken: Ct);

        destination.StoreDict.Values.Should().AllBeOfType<OtherBuffer>();
        destination.StoreDict["a/c/0"].ToBytes().Should().Equal(source.StoreDict["a/c/0"].ToBytes());
    }

    [Fact]
    public async Task At_most_max_concurrency_keys_are_in_flight()
    {
        var source = new ConcurrencyCountingStore();
        foreach (int i in Enumerable.Range(0, 40))
        {
            await source.SetAsync($"c/{i}", CpuBuffer.FromBytes([(byte)i]), Ct);
        }

        var destination = new MemoryStore();
        int copied = await StoreCopy.CopyAsync(source, destination, "", BufferPrototype.Default, maxConcurrency: 3, Ct);

        copied.Should().Be(40);
        destination.StoreDict.Should().HaveCount(40);
        source.MaxInFlight.Should().BeInRange(1, 3);
    }

    [Fact]
    public async Task A_read_only_destination_fails_before_anything_is_read()
    {
        var source = new ConcurrencyCountingStore();
        await source.SetAsync("c/0", CpuBuffer.FromBytes([1]), Ct);
        var destination = new MemoryStore(readOnly: true);

        Func<Task> copy = () => StoreCopy.CopyAsync(source, destination, "", BufferPrototype.Default, cancellationToken: Ct);

        await copy.Should().ThrowAsync<ReadOnlyStoreException>();
        source.Reads.Should().Be(0);
        destination.StoreDict.Should().BeEmpty();
    }

    [Fact]
    public async Task A_cancelled_token_copies_nothing()
    {
        var source = await SourceAsync();
        var destination = new MemoryStore();

        Func<Task> copy = () => StoreCopy.CopyAsync(source, destination, "", BufferPrototype.Default, cancellationToken: new CancellationToken(canceled: true));

        await copy.Should().ThrowAsync<OperationCanceledException>();
        destination.StoreDict.Should().BeEmpty();
    }

    [Fact]
    public async Task Cancelling_midway_stops_the_copy()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new ConcurrencyCountingStore { AfterRead = cts.Cancel };
        foreach (int i in Enumerable.Range(0, 40))
        {
            await source.SetAsync($"c/{i}", CpuBuffer.FromBytes([(byte)i]), Ct);
        }

        var destination = new MemoryStore();
        Func<Task> copy = () => StoreCopy.CopyAsync(source, destination, "", BufferPrototype.Default, maxConcurrency: 1, cts.Token);

        await copy.Should().ThrowAsync<OperationCanceledException>();
        destination.StoreDict.Count.Should().BeLessThan(40);
    }

    [Fact]
    public async Task A_source_that_cannot_list_is_not_supported()
    {
        Func<Task> copy = () => StoreCopy.CopyAsync(new UnlistableStore(), new MemoryStore(), "a/", BufferPrototype.Default, cancellationToken: Ct);

        await copy.Should().ThrowAsync<NotSupportedException>().WithMessage("*does not support listing*'a/'*");
    }

    [Fact]
    public void Invalid_arguments_throw_at_the_call()
    {
        var store = new MemoryStore();
        var prototype = BufferPrototype.Default;

        Call(() => StoreCopy.CopyAsync(null!, store, "", prototype)).Should().Throw<ArgumentNullException>().WithParameterName("source");
        Call(() => StoreCopy.CopyAsync(store, null!, "", prototype)).Should().Throw<ArgumentNullException>().WithParameterName("destination");
        Call(() => StoreCopy.CopyAsync(store, store, null!, prototype)).Should().Throw<ArgumentNullException>().WithParameterName("prefix");
        Call(() => StoreCopy.CopyAsync(store, store, "", null!)).Should().Throw<ArgumentNullException>().WithParameterName("prototype");
        Call(() => StoreCopy.CopyAsync(store, store, "", prototype, maxConcurrency: 0))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxConcurrency");
    }

    private static Action Call(Func<Task> call) => () => call();

    private static async Task<MemoryStore> SourceAsync()
    {
        var source = new MemoryStore();
        foreach ((string key, int i) in s_keys.Select((k, i) => (k, i)))
        {
            await source.SetAsync(key, CpuBuffer.FromBytes([(byte)i, (byte)(i + 1)]), Ct);
        }

        return source;
    }

    /// <summary>Counts reads and the most reads in flight at once; each read yields so that reads can overlap.</summary>
    private sealed class ConcurrencyCountingStore : MemoryStore
    {
        private int _inFlight;
        private int _maxInFlight;
        private int _reads;

        public Action? AfterRead { get; init; }

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public int Reads => Volatile.Read(ref _reads);

        public override async ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            int inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, inFlight);
            await Task.Delay(2, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            AfterRead?.Invoke();
            return await base.GetAsync(key, prototype, byteRange, cancellationToken);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
            {
                current = seen;
            }
        }
    }

    private sealed class UnlistableStore : MemoryStore
    {
        public override bool SupportsListing => false;
    }
}
