using System.Text;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>
/// The behaviour every store shares (zarr-python's <c>StoreTests</c> plus the edge-case vectors of the research
/// notes), written against <see cref="IStore"/> and two backdoor hooks so that it can move into the public
/// conformance suite unchanged.
/// </summary>
public abstract class StoreTestsBase
{
    private static readonly byte[] D4 = [1, 2, 3, 4];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static BufferPrototype Prototype => BufferPrototype.Default;

    /// <summary>A prototype of another buffer class, to see that stores make their results through the prototype.</summary>
    protected static BufferPrototype OtherPrototype { get; } = BufferPrototype.Of<OtherBuffer, CpuNDBuffer>();

    /// <summary>A new, empty store that is not yet open; each test calls it once for its store.</summary>
    protected abstract IStore CreateStore(bool readOnly = false);

    /// <summary>Writes a value without going through the store's API.</summary>
    protected abstract Task RawSetAsync(IStore store, string key, byte[] value);

    /// <summary>Reads a value without going through the store's API; null when missing.</summary>
    protected abstract Task<byte[]?> RawGetAsync(IStore store, string key);

    protected static Buffer Bytes(params byte[] bytes) => CpuBuffer.FromBytes(bytes);

    protected static Buffer Text(string text) => CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(text));

    protected static async Task<List<string>> SortedAsync(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (string key in keys)
        {
            list.Add(key);
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    public static TheoryData<ByteRequest?, byte[]> ByteRangeVectors => new()
    {
        { null, [1, 2, 3, 4] },
        { new RangeByteRequest(1, 4), [2, 3, 4] },
        { new RangeByteRequest(1, 100), [2, 3, 4] },
        { new RangeByteRequest(0, 4), [1, 2, 3, 4] },
        { new RangeByteRequest(3, 4), [4] },
        { new RangeByteRequest(4, 5), [] },
        { new RangeByteRequest(10, 20), [] },
        { new RangeByteRequest(0, 0), [] },
        { new RangeByteRequest(2, 2), [] },
        { new RangeByteRequest(4, 4), [] },
        { new OffsetByteRequest(0), [1, 2, 3, 4] },
        { new OffsetByteRequest(1), [2, 3, 4] },
        { new OffsetByteRequest(3), [4] },
        { new OffsetByteRequest(4), [] },
        { new OffsetByteRequest(10), [] },
        { new SuffixByteRequest(0), [] },
        { new SuffixByteRequest(1), [4] },
        { new SuffixByteRequest(3), [2, 3, 4] },
        { new SuffixByteRequest(4), [1, 2, 3, 4] },
        { new SuffixByteRequest(7), [1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(ByteRangeVectors))]
    public async Task Get_resolves_byte_ranges_like_zarr_python(ByteRequest? byteRange, byte[] expected)
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "c/0", D4);

        Buffer? value = await store.GetAsync("c/0", Prototype, byteRange, Ct);

        value.Should().NotBeNull();
        value!.ToBytes().Should().Equal(expected);
    }

    [Fact]
    public async Task Get_of_an_empty_value_is_an_empty_buffer_for_every_range()
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "empty", []);

        foreach (ByteRequest? range in new ByteRequest?[] { null, new RangeByteRequest(0, 3), new OffsetByteRequest(0), new SuffixByteRequest(2) })
        {
            Buffer? value = await store.GetAsync("empty", Prototype, range, Ct);
            value.Should().NotBeNull();
            value!.Length.Should().Be(0);
        }
    }

    [Theory]
    [MemberData(nameof(ByteRangeVectors))]
    public async Task Get_of_a_missing_key_is_null_whatever_the_range(ByteRequest? byteRange, byte[] unused)
    {
        _ = unused;
        IStore store = CreateStore();

        (await store.GetAsync("missing", Prototype, byteRange, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Get_makes_the_result_through_the_prototype()
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "c/0", D4);

        Buffer? whole = await store.GetAsync("c/0", OtherPrototype, null, Ct);
        Buffer? part = await store.GetAsync("c/0", OtherPrototype, new RangeByteRequest(1, 3), Ct);

        whole.Should().BeOfType<OtherBuffer>();
        part.Should().BeOfType<OtherBuffer>().Which.ToBytes().Should().Equal(2, 3);
    }

    [Fact]
    public async Task Get_works_on_a_store_that_is_not_open_and_opens_it()
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "c/0", D4);
        store.IsOpen.Should().BeFalse();

        (await store.GetAsync("c/0", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
        store.IsOpen.Should().BeTrue();
    }

    [Theory]
    [InlineData("zarr.json")]
    [InlineData("c/0")]
    [InlineData("foo/c/0.0")]
    [InlineData("foo/0/0")]
    public async Task Set_stores_the_bytes(string key)
    {
        IStore store = CreateStore();

        await store.SetAsync(key, Bytes(D4), Ct);
        await store.SetAsync(key + "-empty", Bytes(), Ct);

        (await RawGetAsync(store, key)).Should().Equal(D4);
        (await RawGetAsync(store, key + "-empty")).Should().BeEmpty();
        store.IsOpen.Should().BeTrue();
    }

    [Fact]
    public async Task Set_replaces_an_existing_value()
    {
        IStore store = CreateStore();
        await store.SetAsync("k", Bytes(1, 2, 3, 4, 5, 6), Ct);

        await store.SetAsync("k", Bytes(9), Ct);

        (await RawGetAsync(store, "k")).Should().Equal(9);
    }

    [Fact]
    public async Task Set_does_not_keep_the_callers_memory()
    {
        IStore store = CreateStore();
        byte[] source = [1, 2, 3, 4];
        var value = CpuBuffer.FromArrayLike(source);

        await store.SetAsync("a", value, Ct);
        await store.SetIfNotExistsAsync("b", value, Ct);
        source.AsSpan().Fill(15);

        (await store.GetAsync("a", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
        (await store.GetAsync("b", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
    }

    [Fact]
    public async Task Set_if_not_exists_keeps_an_existing_value_and_creates_a_new_one()
    {
        IStore store = CreateStore();
        await store.SetAsync("k", Bytes(0, 0, 0, 0), Ct);

        (await store.SetIfNotExistsAsync("k", Bytes(1, 1, 1, 1), Ct)).Should().BeFalse();
        (await store.SetIfNotExistsAsync("k2", Bytes(1, 1, 1, 1), Ct)).Should().BeTrue();

        (await store.GetAsync("k", Prototype, null, Ct))!.ToBytes().Should().Equal(0, 0, 0, 0);
        (await store.GetAsync("k2", Prototype, null, Ct))!.ToBytes().Should().Equal(1, 1, 1, 1);
    }

    [Fact]
    public async Task Set_if_not_exists_has_exactly_one_winner_among_concurrent_writers()
    {
        const int Writers = 32;
        for (int round = 0; round < 5; round++)
        {
            IStore store = CreateStore();
            string key = $"race/{round}";
            using var start = new ManualResetEventSlim();
            Task<bool>[] writers = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
            {
                start.Wait(Ct);
                return await store.SetIfNotExistsAsync(key, Bytes((byte)i, (byte)i, (byte)i), Ct);
            }, Ct)).ToArray();
            start.Set();
            bool[] won = await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), Ct);

            won.Count(w => w).Should().Be(1);
            byte winner = (byte)Array.IndexOf(won, true);
            (await store.GetAsync(key, Prototype, null, Ct))!.ToBytes().Should().Equal(winner, winner, winner);
        }
    }

    [Fact]
    public async Task Exists_reports_keys_but_not_directories()
    {
        IStore store = CreateStore();
        (await store.ExistsAsync("foo", Ct)).Should().BeFalse();

        await store.SetAsync("foo/zarr.json", Text("{}"), Ct);

        (await store.ExistsAsync("foo/zarr.json", Ct)).Should().BeTrue();
        (await store.ExistsAsync("foo", Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task Delete_removes_the_key_and_a_missing_key_is_no_error()
    {
        IStore store = CreateStore();
        await store.SetAsync("foo/zarr.json", Text("{}"), Ct);

        await store.DeleteAsync("foo/zarr.json", Ct);
        await store.DeleteAsync("nonexistent_key", Ct);

        (await store.ExistsAsync("foo/zarr.json", Ct)).Should().BeFalse();
        (await store.GetAsync("foo/zarr.json", Prototype, null, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Delete_of_a_directory_name_deletes_nothing()
    {
        IStore store = CreateStore();
        await store.SetAsync("foo/bar", Bytes(1), Ct);

        await store.DeleteAsync("foo", Ct);

        (await store.ExistsAsync("foo/bar", Ct)).Should().BeTrue();
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("foo/")]
    public async Task Delete_dir_removes_only_keys_under_the_directory(string prefix)
    {
        IStore store = CreateStore();
        foreach (string key in new[] { "zarr.json", "foo-bar/zarr.json", "foo/zarr.json", "foo/c/0" })
        {
            await store.SetAsync(key, Text(key), Ct);
        }

        await store.DeleteDirAsync(prefix, Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("foo-bar/zarr.json", "zarr.json");
    }

    [Fact]
    public async Task Delete_dir_of_the_empty_prefix_deletes_everything()
    {
        IStore store = CreateStore();
        await store.SetAsync("a/b", Bytes(1), Ct);
        await store.SetAsync("c", Bytes(2), Ct);

        await store.DeleteDirAsync("", Ct);

        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();
        (await store.SetIfNotExistsAsync("a/b", Bytes(3), Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task Clear_empties_the_store()
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "key", D4);
        await RawSetAsync(store, "a/b/c", D4);

        await store.ClearAsync(Ct);

        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();
        await store.SetAsync("again", Bytes(1), Ct);
        (await store.ExistsAsync("again", Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task Is_empty_uses_directory_semantics()
    {
        IStore store = CreateStore();
        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();

        await RawSetAsync(store, "foo/bar", D4);

        (await store.IsEmptyAsync("", Ct)).Should().BeFalse();
        (await store.IsEmptyAsync("fo", Ct)).Should().BeTrue();
        (await store.IsEmptyAsync("foo/", Ct)).Should().BeFalse();
        (await store.IsEmptyAsync("foo", Ct)).Should().BeFalse();
        (await store.IsEmptyAsync("spam/", Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task List_returns_every_key()
    {
        IStore store = CreateStore();
        (await SortedAsync(store.ListAsync(Ct))).Should().BeEmpty();
        string[] keys = ["foo/zarr.json", .. Enumerable.Range(0, 10).Select(i => $"foo/c/{i}")];
        foreach (string key in keys)
        {
            await store.SetAsync(key, Bytes(), Ct);
        }

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal(keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/")]
    [InlineData("a/b/")]
    [InlineData("a/b/c/")]
    [InlineData("nope/")]
    public async Task List_prefix_returns_the_full_keys_under_the_prefix(string prefix)
    {
        IStore store = CreateStore();
        string[] keys = ["zarr.json", "a/zarr.json", "a/b/zarr.json", "a/b/c/zarr.json"];
        foreach (string key in keys)
        {
            await store.SetAsync(key, Text(key), Ct);
        }

        (await SortedAsync(store.ListPrefixAsync(prefix, Ct)))
            .Should().Equal(keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_prefix_is_a_plain_string_prefix()
    {
        IStore store = CreateStore();
        await store.SetAsync("0/zarr.json", Bytes(1), Ct);
        await store.SetAsync("0_c/zarr.json", Bytes(2), Ct);
        await store.SetAsync("1/zarr.json", Bytes(3), Ct);

        (await SortedAsync(store.ListPrefixAsync("0", Ct))).Should().Equal("0/zarr.json", "0_c/zarr.json");
        (await SortedAsync(store.ListPrefixAsync("0_", Ct))).Should().Equal("0_c/zarr.json");
        (await store.IsEmptyAsync("0", Ct)).Should().BeFalse();
        (await store.GetSizePrefixAsync("0", Ct)).Should().Be(1);
    }

    [Theory]
    [InlineData("..", new[] { "..x" })]
    [InlineData(".", new[] { "..x", ".zgroup" })]
    [InlineData("arr/.", new[] { "arr/.zarray", "arr/.zattrs" })]
    [InlineData("arr/.za", new[] { "arr/.zarray", "arr/.zattrs" })]
    [InlineData("a.b/.", new[] { "a.b/.zarray" })]
    [InlineData("a.", new[] { "a.b/.zarray" })]
    [InlineData("arr/0.", new[] { "arr/0.0" })]
    public async Task List_prefix_may_end_in_the_start_of_a_name(string prefix, string[] expected)
    {
        IStore store = CreateStore();
        foreach (string key in (string[])["..x", ".zgroup", "arr/.zarray", "arr/.zattrs", "arr/0.0", "a.b/.zarray"])
        {
            await store.SetAsync(key, Text(key), Ct);
        }

        (await SortedAsync(store.ListPrefixAsync(prefix, Ct))).Should().Equal(expected);
    }

    [Fact]
    public async Task List_dir_returns_immediate_children_relative_to_the_prefix()
    {
        IStore store = CreateStore();
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().BeEmpty();
        (await SortedAsync(store.ListDirAsync("foo", Ct))).Should().BeEmpty();

        await store.SetAsync("foo/zarr.json", Bytes(1), Ct);
        await store.SetAsync("foo/c/1", Bytes(2), Ct);
        await store.SetAsync("foo/c/2", Bytes(3), Ct);
        await store.SetAsync("foo/bar/foobar_first_child", Bytes(4), Ct);
        await store.SetAsync("foo/bar/foobar_second_child/zarr.json", Bytes(5), Ct);

        (await SortedAsync(store.ListDirAsync("foo", Ct))).Should().Equal("bar", "c", "zarr.json");
        (await SortedAsync(store.ListDirAsync("foo/", Ct))).Should().Equal("bar", "c", "zarr.json");
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().Equal("foo");
        (await SortedAsync(store.ListDirAsync("foo/bar", Ct))).Should().Equal("foobar_first_child", "foobar_second_child");
        (await SortedAsync(store.ListDirAsync("foo/c", Ct))).Should().Equal("1", "2");
        (await SortedAsync(store.ListDirAsync("nope", Ct))).Should().BeEmpty();
        (await SortedAsync(store.ListDirAsync("foo/zarr.json", Ct))).Should().BeEmpty();
    }

    [Fact]
    public async Task Get_size_is_the_value_length_and_a_missing_key_throws()
    {
        IStore store = CreateStore();
        await RawSetAsync(store, "c/0", D4);
        await RawSetAsync(store, "c/empty", []);

        (await store.GetSizeAsync("c/0", Ct)).Should().Be(4);
        (await store.GetSizeAsync("c/empty", Ct)).Should().Be(0);
        Func<Task> missing = () => store.GetSizeAsync("c/1000", Ct).AsTask();
        (await missing.Should().ThrowAsync<KeyNotFoundException>()).WithMessage("*'c/1000'*");
    }

    [Fact]
    public async Task Get_size_prefix_sums_the_directory_only()
    {
        IStore store = CreateStore();
        foreach (string key in new[] { "c/0/0", "c/0/1", "c/1/0", "c/1/1", "cc/0" })
        {
            await store.SetAsync(key, Bytes(D4), Ct);
        }

        (await store.GetSizePrefixAsync("c", Ct)).Should().Be(16);
        (await store.GetSizePrefixAsync("c/", Ct)).Should().Be(16);
        (await store.GetSizePrefixAsync("", Ct)).Should().Be(20);
        (await store.GetSizePrefixAsync("nope", Ct)).Should().Be(0);
    }

    [Fact]
    public async Task Get_partial_values_returns_results_in_input_order_and_null_for_missing_keys()
    {
        IStore store = CreateStore();
        foreach (string key in new[] { "zarr.json", "c/0", "c/1/0", "c/1/1", "c/1/2" })
        {
            await store.SetAsync(key, Text(key), Ct);
        }

        (await store.GetPartialValuesAsync(Prototype, OneShot(), Ct)).Should().BeEmpty();
        IReadOnlyList<Buffer?> results = await store.GetPartialValuesAsync(Prototype, OneShot(
            ("c/0", new RangeByteRequest(0, 2)),
            ("zarr.json", null),
            ("missing", null),
            ("c/1/1", new SuffixByteRequest(2)),
            ("c/1/2", new OffsetByteRequest(2)),
            ("c/0", new RangeByteRequest(1, 3))), Ct);

        results.Select(r => r is null ? null : Encoding.UTF8.GetString(r.AsSpan()))
            .Should().Equal("c/", "zarr.json", null, "/1", "1/2", "/0");
    }

    [Fact]
    public async Task Get_ranges_returns_each_range_in_input_order()
    {
        IStore store = CreateStore();
        byte[] blob = Enumerable.Range(0, 512).Select(i => (byte)i).ToArray();
        await RawSetAsync(store, "blob", blob);

        IReadOnlyList<Buffer> results = await store.GetRangesAsync("blob",
            [new RangeByteRequest(100, 110), null, new RangeByteRequest(0, 10), new SuffixByteRequest(3),
             new OffsetByteRequest(510), new RangeByteRequest(505, 600), new RangeByteRequest(600, 700)],
            OtherPrototype, cancellationToken: Ct);

        results.Should().AllBeOfType<OtherBuffer>();
        results.Select(r => r.ToBytes()).Should().BeEquivalentTo(
            new[] { blob[100..110], blob, blob[0..10], blob[509..], blob[510..], blob[505..], [] },
            options => options.WithStrictOrdering());
    }

    [Fact]
    public async Task Get_ranges_of_a_missing_key_throws_key_not_found_unless_nothing_is_requested()
    {
        IStore store = CreateStore();

        Func<Task> act = () => store.GetRangesAsync("does-not-exist", [new RangeByteRequest(0, 10)], Prototype, cancellationToken: Ct);

        Func<Task> several = () => store.GetRangesAsync("does-not-exist",
            [new RangeByteRequest(0, 10), new RangeByteRequest(5 << 20, 6 << 20), new SuffixByteRequest(3), null], Prototype,
            cancellationToken: Ct);

        (await act.Should().ThrowAsync<KeyNotFoundException>()).WithMessage("*'does-not-exist'*");
        (await several.Should().ThrowAsync<KeyNotFoundException>()).WithMessage("*'does-not-exist'*");
        (await store.GetRangesAsync("does-not-exist", [], Prototype, cancellationToken: Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_read_only_store_refuses_every_write_and_changes_nothing()
    {
        IStore writer = CreateStore();
        await writer.SetAsync("foo", Bytes(D4), Ct);
        await writer.SetAsync("dir/a", Bytes(D4), Ct);
        IStore store = writer.WithReadOnly(true);

        store.ReadOnly.Should().BeTrue();
        await ShouldRefuse(() => store.SetAsync("foo", Text("bar"), Ct).AsTask(), "foo");
        await ShouldRefuse(() => store.SetAsync("new", Text("bar"), Ct).AsTask(), "new");
        await ShouldRefuse(() => store.SetIfNotExistsAsync("new", Text("bar"), Ct).AsTask(), "new");
        await ShouldRefuse(() => store.DeleteAsync("foo", Ct).AsTask(), "foo");
        await ShouldRefuse(() => store.DeleteAsync("missing", Ct).AsTask(), "missing");
        await ShouldRefuse(() => store.DeleteDirAsync("dir", Ct), "dir");
        await ShouldRefuse(() => store.ClearAsync(Ct), "");

        (await SortedAsync(writer.ListAsync(Ct))).Should().Equal("dir/a", "foo");
        (await store.GetAsync("foo", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
        (await store.ExistsAsync("new", Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task State_errors_and_cancellation_come_back_in_the_task_not_from_the_call()
    {
        IStore writer = CreateStore();
        await writer.SetAsync("foo", Bytes(D4), Ct);
        await writer.SetAsync("dir/a", Bytes(D4), Ct);
        IStore store = writer.WithReadOnly(true);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await ShouldRefuse(() => Returned(() => store.SetAsync("foo", Text("bar"), Ct).AsTask()), "foo");
        await ShouldRefuse(() => Returned(() => store.SetIfNotExistsAsync("new", Text("bar"), Ct).AsTask()), "new");
        await ShouldRefuse(() => Returned(() => store.DeleteAsync("foo", Ct).AsTask()), "foo");
        await ShouldRefuse(() => Returned(() => store.DeleteDirAsync("dir", Ct)), "dir");
        await ShouldRefuse(() => Returned(() => store.ClearAsync(Ct)), "");

        await ShouldCancel(() => Returned(() => writer.GetAsync("foo", Prototype, null, cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.ExistsAsync("foo", cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.SetAsync("foo", Bytes(9), cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.SetIfNotExistsAsync("new", Bytes(9), cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.DeleteAsync("foo", cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.DeleteDirAsync("dir", cts.Token)));
        await ShouldCancel(() => Returned(() => writer.ClearAsync(cts.Token)));
        await ShouldCancel(() => Returned(() => writer.GetSizeAsync("foo", cts.Token).AsTask()));
        await ShouldCancel(() => Returned(() => writer.GetSizePrefixAsync("", cts.Token)));
        await ShouldCancel(() => Returned(() => writer.IsEmptyAsync("", cts.Token)));
        await ShouldCancel(() => Returned(() => writer.GetRangesAsync("foo", [null], Prototype, cancellationToken: cts.Token)));

        (await SortedAsync(writer.ListAsync(Ct))).Should().Equal("dir/a", "foo");
    }

    [Theory]
    [InlineData(-1, 0, "maxGapBytes")]
    [InlineData(0, -1, "maxCoalescedBytes")]
    [InlineData(long.MinValue, Store.DefaultMaxCoalescedBytes, "maxGapBytes")]
    public async Task Negative_coalescing_limits_are_rejected_naming_the_value(long maxGap, long maxSpan, string name)
    {
        IStore store = CreateStore();
        await store.SetAsync("blob", Bytes(D4), Ct);

        Func<Task> read = () => store.GetRangesAsync("blob", [new RangeByteRequest(0, 1), new RangeByteRequest(2, 3)],
            Prototype, maxGap, maxSpan, Ct);

        var thrown = await read.Should().ThrowAsync<ArgumentOutOfRangeException>();
        thrown.Which.ParamName.Should().Be(name);
        thrown.Which.ActualValue.Should().Be(name == "maxGapBytes" ? maxGap : maxSpan);
    }

    [Fact]
    public async Task Zero_coalescing_limits_are_valid_and_read_each_range_alone()
    {
        IStore store = CreateStore();
        await store.SetAsync("blob", Bytes(D4), Ct);

        IReadOnlyList<Buffer> results = await store.GetRangesAsync("blob",
            [new RangeByteRequest(0, 1), new RangeByteRequest(1, 3)], Prototype, 0, 0, Ct);

        results.Select(r => r.ToBytes()).Should().BeEquivalentTo(new[] { new byte[] { 1 }, [2, 3] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task With_read_only_makes_new_unopened_stores_over_the_same_data()
    {
        IStore store = CreateStore();
        await store.OpenAsync(Ct);

        IStore reader = store.WithReadOnly(true);
        IStore writer = reader.WithReadOnly(false);

        reader.Should().NotBeSameAs(store).And.BeOfType(store.GetType());
        reader.IsOpen.Should().BeFalse();
        writer.IsOpen.Should().BeFalse();
        writer.ReadOnly.Should().BeFalse();
        store.IsOpen.Should().BeTrue();
        store.ReadOnly.Should().BeFalse();

        await writer.SetAsync("foo", Bytes(D4), Ct);
        (await reader.GetAsync("foo", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
        (await store.ExistsAsync("foo", Ct)).Should().BeTrue();
        await writer.DeleteAsync("foo", Ct);
        (await reader.ExistsAsync("foo", Ct)).Should().BeFalse();
        await ShouldRefuse(() => reader.SetAsync("foo", Bytes(1), Ct).AsTask(), "foo");
    }

    [Fact]
    public async Task Open_twice_throws_and_close_allows_lazy_reopening()
    {
        IStore store = CreateStore();
        store.IsOpen.Should().BeFalse();

        await store.OpenAsync(Ct);
        store.IsOpen.Should().BeTrue();
        Func<Task> again = () => store.OpenAsync(Ct);
        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("store is already open");

        store.Close();
        store.IsOpen.Should().BeFalse();
        await store.SetAsync("k", Bytes(1), Ct);
        store.IsOpen.Should().BeTrue();

        await store.DisposeAsync();
        store.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void Capabilities_are_reported()
    {
        IStore store = CreateStore();

        store.SupportsWrites.Should().BeTrue();
        store.SupportsDeletes.Should().BeTrue();
        store.SupportsListing.Should().BeTrue();
        store.SupportsPartialWrites.Should().BeFalse();
        store.SupportsConsolidatedMetadata.Should().BeTrue();
        store.ReadOnly.Should().BeFalse();
        CreateStore(readOnly: true).ReadOnly.Should().BeTrue();
    }

    [Fact]
    public async Task A_cancelled_token_throws_before_anything_changes()
    {
        IStore store = CreateStore();
        await store.SetAsync("k", Bytes(D4), Ct);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        CancellationToken cancelled = cts.Token;

        await ShouldCancel(() => store.GetAsync("k", Prototype, null, cancelled).AsTask());
        await ShouldCancel(() => store.ExistsAsync("k", cancelled).AsTask());
        await ShouldCancel(() => store.SetAsync("k", Bytes(9), cancelled).AsTask());
        await ShouldCancel(() => store.SetIfNotExistsAsync("new", Bytes(9), cancelled).AsTask());
        await ShouldCancel(() => store.DeleteAsync("k", cancelled).AsTask());
        await ShouldCancel(() => store.DeleteDirAsync("", cancelled));
        await ShouldCancel(() => store.ClearAsync(cancelled));
        await ShouldCancel(() => store.GetSizeAsync("k", cancelled).AsTask());
        await ShouldCancel(() => store.GetSizePrefixAsync("", cancelled));
        await ShouldCancel(() => store.IsEmptyAsync("", cancelled));
        await ShouldCancel(() => store.GetPartialValuesAsync(Prototype, [("k", null)], cancelled));
        await ShouldCancel(() => store.GetRangesAsync("k", [null], Prototype, cancellationToken: cancelled));
        await ShouldCancel(() => SortedAsync(store.ListAsync(cancelled)));
        await ShouldCancel(() => SortedAsync(store.ListPrefixAsync("", cancelled)));
        await ShouldCancel(() => SortedAsync(store.ListDirAsync("", cancelled)));

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("k");
        (await store.GetAsync("k", Prototype, null, Ct))!.ToBytes().Should().Equal(D4);
    }

    [Fact]
    public async Task A_cancelled_token_stops_listings_of_an_empty_store_too()
    {
        IStore store = CreateStore();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await ShouldCancel(() => SortedAsync(store.ListAsync(cts.Token)));
        await ShouldCancel(() => SortedAsync(store.ListPrefixAsync("a/", cts.Token)));
        await ShouldCancel(() => SortedAsync(store.ListDirAsync("", cts.Token)));
        await ShouldCancel(() => store.GetPartialValuesAsync(Prototype, [], cts.Token));
    }

    [Fact]
    public async Task Invalid_keys_are_rejected()
    {
        IStore store = CreateStore();

        Func<Task> nullKey = () => store.GetAsync(null!, Prototype, null, Ct).AsTask();
        Func<Task> emptyKey = () => store.SetAsync("", Bytes(1), Ct).AsTask();
        Func<Task> rooted = () => store.ExistsAsync("/abs", Ct).AsTask();
        Func<Task> rootedPrefix = () => SortedAsync(store.ListPrefixAsync("/abs", Ct));

        await nullKey.Should().ThrowAsync<ArgumentNullException>();
        (await emptyKey.Should().ThrowAsync<ArgumentException>()).WithMessage("*''*");
        (await rooted.Should().ThrowAsync<ArgumentException>()).WithMessage("*'/abs'*");
        (await rootedPrefix.Should().ThrowAsync<ArgumentException>()).WithMessage("*'/abs'*");
        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();
    }

    protected static async Task ShouldRefuse(Func<Task> write, string key)
    {
        (await write.Should().ThrowAsync<ReadOnlyStoreException>())
            .WithMessage($"store was opened in read-only mode and does not support writing*'{key}'*");
    }

    private static async Task ShouldCancel(Func<Task> action) =>
        await action.Should().ThrowAsync<OperationCanceledException>();

    /// <summary>The task <paramref name="call"/> returns, failing the test when the call throws instead.</summary>
    private static Task Returned(Func<Task> call)
    {
        Task? task = null;
        Action invoke = () => task = call();
        invoke.Should().NotThrow("state errors and cancellation belong in the returned task");
        return task!;
    }

    /// <summary>The pairs as a sequence that can be enumerated only once, like a Python generator.</summary>
    protected static IEnumerable<(string Key, ByteRequest? ByteRange)> OneShot(params (string Key, ByteRequest? ByteRange)[] pairs) =>
        new OnceEnumerable<(string Key, ByteRequest? ByteRange)>(pairs);

    private sealed class OnceEnumerable<T>(IEnumerable<T> items) : IEnumerable<T>
    {
        private int _enumerated;

        public IEnumerator<T> GetEnumerator() =>
            Interlocked.Exchange(ref _enumerated, 1) == 0
                ? items.GetEnumerator()
                : throw new InvalidOperationException("This sequence can be enumerated only once.");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
