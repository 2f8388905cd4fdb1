using System.Collections.Concurrent;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public class MemoryStoreTests : MemoryBackedStoreTestsBase
{
    protected override IStore CreateStore(bool readOnly = false) => new MemoryStore(readOnly: readOnly);

    protected override MemoryStore Backing(IStore store) => (MemoryStore)store;

    [Fact]
    public async Task A_key_can_be_both_a_value_and_a_directory()
    {
        var store = new MemoryStore();
        await store.SetAsync("foo", Bytes(1), Ct);
        await store.SetAsync("foo/bar", Bytes(2), Ct);

        await store.DeleteDirAsync("foo", Ct);
        await store.DeleteAsync("foo/bar", Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("foo");
    }

    [Theory]
    [InlineData("key")]
    [InlineData("prefix")]
    public async Task Huge_keys_are_quoted_bounded(string kind)
    {
        var store = new MemoryStore();
        string huge = "/" + new string('x', 10 << 20);

        Func<Task<bool>> act = kind == "key"
            ? () => store.ExistsAsync(huge, TestContext.Current.CancellationToken).AsTask()
            : () => store.IsEmptyAsync(huge, TestContext.Current.CancellationToken);

        string message = (await act.Should().ThrowAsync<ArgumentException>()).Which.Message;
        message.Length.Should().BeLessThan(1000);
        message.Should().Match($"A store {kind} must be*got '/xxx*… (10485761 characters)'*");
    }

    [Fact]
    public async Task A_callers_dictionary_is_shared_by_reference()
    {
        var dict = new Dictionary<string, Buffer>();
        var store = new MemoryStore(dict);

        await store.SetAsync("k", Bytes(1, 2), Ct);
        dict["other"] = Bytes(3);

        dict.Should().ContainKey("k");
        (await store.ExistsAsync("other", Ct)).Should().BeTrue();
        store.StoreDict.Should().BeSameAs(dict);
        store.WithReadOnly(true).StoreDict.Should().BeSameAs(dict);
    }

    [Fact]
    public void The_default_dictionary_is_a_dictionary_with_ordinal_keys()
    {
        var store = new MemoryStore();

        store.StoreDict.Should().BeOfType<Dictionary<string, Buffer>>()
            .Which.Comparer.Should().BeSameAs(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("Dictionary")]
    [InlineData("ConcurrentDictionary")]
    public async Task Every_dictionary_is_safe_under_concurrent_writers_and_set_if_not_exists_is_atomic(string dictionary)
    {
        var store = dictionary switch
        {
            "default" => new MemoryStore(),
            "Dictionary" => new MemoryStore(new Dictionary<string, Buffer>()),
            _ => new MemoryStore(new ConcurrentDictionary<string, Buffer>()),
        };
        int wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { CancellationToken = Ct, MaxDegreeOfParallelism = 8 },
            async (i, token) =>
            {
                await store.SetAsync($"k/{i % 50}/{i}", Bytes((byte)i), token);
                if (await store.SetIfNotExistsAsync($"once/{i % 10}", Bytes((byte)i), token))
                {
                    Interlocked.Increment(ref wins);
                }

                await store.GetAsync($"k/{i % 50}/{i / 2}", BufferPrototype.Default, null, token);
                await foreach (string _ in store.ListDirAsync("k", token))
                {
                }
            });

        store.StoreDict.Should().HaveCount(2010);
        wins.Should().Be(10);
    }

    [Fact]
    public async Task Reads_share_the_stored_memory_and_return_the_prototypes_class()
    {
        var store = new MemoryStore();
        await store.SetAsync("k", Bytes(1, 2, 3, 4), Ct);
        Buffer stored = store.StoreDict["k"];

        Buffer read = (await store.GetAsync("k", OtherPrototype, new RangeByteRequest(1, 3), Ct))!;

        read.Should().BeOfType<OtherBuffer>();
        read.AsSpan().Overlaps(stored.AsSpan()).Should().BeTrue();
    }

    [Fact]
    public async Task Writes_keep_the_callers_buffer_class()
    {
        var store = new MemoryStore();

        await store.SetAsync("k", OtherBuffer.FromBytes([1]), Ct);

        store.StoreDict["k"].Should().BeOfType<OtherBuffer>();
    }

    [Fact]
    public async Task Get_and_set_allocate_only_the_result_and_the_copy()
    {
        var store = new MemoryStore();
        Buffer value = Bytes(new byte[64]);
        BufferPrototype prototype = BufferPrototype.Default;
        var range = new RangeByteRequest(8, 16);
        await store.SetAsync("c/0", value, Ct);
        await store.GetAsync("c/0", prototype, range, Ct);
        const int Calls = 1000;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            await store.GetAsync("c/0", prototype, range, Ct);
        }

        long perGet = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            await store.SetAsync("c/0", value, Ct);
        }

        long perSet = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        TestContext.Current.TestOutputHelper?.WriteLine($"MemoryStore: {perGet} bytes per ranged get, {perSet} bytes per 64-byte set");

        // One 32-byte CpuBuffer object (header and a Memory<byte>) per get; that plus the 88-byte copy of a
        // 64-byte array per set. Nothing for the ValueTask, the lookup or the range.
        perGet.Should().BeLessThanOrEqualTo(32);
        perSet.Should().BeLessThanOrEqualTo(32 + 88);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 32)]
    public async Task A_whole_value_get_allocates_nothing_when_the_stored_buffer_has_the_prototypes_class(bool otherClass, long expectedPerGet)
    {
        var store = new MemoryStore();
        await store.SetAsync("c/0", Bytes(1, 2, 3), Ct);
        BufferPrototype prototype = otherClass ? OtherPrototype : BufferPrototype.Default;
        Buffer first = (await store.GetAsync("c/0", prototype, null, Ct))!;
        const int Calls = 1000;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            await store.GetAsync("c/0", prototype, null, Ct);
        }

        long perGet = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;

        perGet.Should().BeLessThanOrEqualTo(expectedPerGet);
        first.Should().BeOfType(otherClass ? typeof(OtherBuffer) : typeof(CpuBuffer));
        first.ToBytes().Should().Equal(1, 2, 3);
        first.AsSpan().Overlaps(store.StoreDict["c/0"].AsSpan()).Should().BeTrue();
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("/c/0", false)]
    [InlineData("/c/0", true)]
    public async Task A_get_of_an_invalid_key_is_refused_even_when_the_dictionary_holds_it(string key, bool range)
    {
        var store = new MemoryStore();
        store.StoreDict[key] = Bytes(1, 2, 3);

        var get = async () => await store.GetAsync(key, BufferPrototype.Default, range ? new RangeByteRequest(0, 1) : null, Ct);

        await get.Should().ThrowAsync<ArgumentException>().WithMessage($"*non-empty path relative to the store root*'{key}'*");
    }

    [Fact]
    public async Task Read_only_clear_refuses_unlike_zarr_python_and_keeps_the_shared_data()
    {
        var writer = new MemoryStore();
        await writer.SetAsync("k", Bytes(1), Ct);

        Func<Task> clear = () => writer.WithReadOnly(true).ClearAsync(Ct);

        await clear.Should().ThrowAsync<ReadOnlyStoreException>();
        writer.StoreDict.Should().ContainKey("k");
    }

    [Fact]
    public async Task Equality_is_by_type_read_only_state_and_contents()
    {
        var a = new MemoryStore();
        var b = new MemoryStore();
        a.Should().Be(b);

        await a.SetAsync("k", Bytes(1), Ct);
        a.Should().NotBe(b);
        await b.SetAsync("k", Bytes(1), Ct);
        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());

        a.WithReadOnly(true).Should().NotBe(a);
        a.WithReadOnly(false).Should().Be(a);
        a.Should().NotBe(new CountingMemoryStore());
    }

    [Fact]
    public void The_name_is_a_memory_url_of_the_dictionary()
    {
        var store = new MemoryStore();
        var other = new MemoryStore();

        store.ToString().Should().MatchRegex("^memory://[0-9]+$");
        store.WithReadOnly(true).ToString().Should().Be(store.ToString());
        other.ToString().Should().NotBe(store.ToString());
    }

    [Fact]
    public async Task Get_ranges_makes_one_read_per_coalesced_group()
    {
        var store = new CountingMemoryStore();
        byte[] blob = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await store.SetAsync("blob", Bytes(blob), Ct);

        IReadOnlyList<Buffer> results = await store.GetRangesAsync("blob",
            [new RangeByteRequest(200, 210), new RangeByteRequest(0, 10), new RangeByteRequest(20, 30), new SuffixByteRequest(2)],
            BufferPrototype.Default, maxGapBytes: 10, maxCoalescedBytes: 100, Ct);

        store.Requests.Should().HaveCount(3).And.Contain(
            [new RangeByteRequest(0, 30), new RangeByteRequest(200, 210), new SuffixByteRequest(2)]);
        results.Select(r => r.ToBytes()).Should().BeEquivalentTo(
            new[] { blob[200..210], blob[0..10], blob[20..30], blob[^2..] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Get_ranges_two_ranges_far_apart_make_two_reads()
    {
        var store = new CountingMemoryStore();
        await store.SetAsync("blob", Bytes(new byte[3 << 20]), Ct);

        IReadOnlyList<Buffer> results = await store.GetRangesAsync("blob",
            [new RangeByteRequest(0, 10), new RangeByteRequest(2 << 20, (2 << 20) + 10)], BufferPrototype.Default, cancellationToken: Ct);

        store.Requests.Should().HaveCount(2);
        results.Should().OnlyContain(r => r.Length == 10);
    }

    [Fact]
    public void A_memory_store_says_a_set_copies_and_a_subclass_does_not_unless_it_overrides_that()
    {
        new MemoryStore().CopiesOnSet.Should().BeTrue();
        new MemoryStore(readOnly: true).CopiesOnSet.Should().BeTrue();
        new CountingMemoryStore().CopiesOnSet.Should().BeFalse("a subclass's set may keep the caller's buffer");
    }

    /// <summary>A subclass that sees every get, as testing doubles do.</summary>
    private sealed class CountingMemoryStore : MemoryStore
    {
        public ConcurrentQueue<ByteRequest?> Requests { get; } = new();

        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null,
            CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(byteRange);
            return base.GetAsync(key, prototype, byteRange, cancellationToken);
        }
    }
}
