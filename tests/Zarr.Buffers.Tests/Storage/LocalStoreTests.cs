using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

public sealed class LocalStoreTests : StoreTestsBase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-localstore-" + Guid.NewGuid().ToString("N"));

    private string RootPath => Path.Combine(_folder, "root");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override IStore CreateStore(bool readOnly = false) => new LocalStore(RootPath, readOnly);

    protected override async Task RawSetAsync(IStore store, string key, byte[] value)
    {
        string path = Path.Combine(((LocalStore)store).Root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, value, Ct);
    }

    protected override async Task<byte[]?> RawGetAsync(IStore store, string key)
    {
        string path = Path.Combine(((LocalStore)store).Root, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, Ct) : null;
    }

    [Fact]
    public void A_root_that_is_a_file_is_rejected_as_not_a_directory()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "data.zarr");
        File.WriteAllBytes(file, [1]);

        Action act = () => _ = new LocalStore(file, readOnly: true);

        act.Should().Throw<ArgumentException>().WithParameterName("root")
            .WithMessage($"The LocalStore root '{file}' is not a directory: it is a file.*");
    }

    [Fact]
    public async Task The_root_is_created_on_open_not_by_the_constructor()
    {
        var store = new LocalStore(Path.Combine(RootPath, "nested", "deeper"));
        Directory.Exists(store.Root).Should().BeFalse();

        await store.SetAsync("a/b", Bytes(1), Ct);

        File.Exists(Path.Combine(store.Root, "a", "b")).Should().BeTrue();
    }

    [Fact]
    public async Task A_read_only_store_over_a_missing_root_throws_on_open_and_reports_empty_otherwise()
    {
        var store = new LocalStore(RootPath, readOnly: true);

        Func<Task> open = () => store.OpenAsync(Ct);
        Func<Task> get = () => store.GetAsync("k", Prototype, null, Ct).AsTask();

        (await open.Should().ThrowAsync<DirectoryNotFoundException>()).WithMessage($"*{store.Root}*");
        await get.Should().ThrowAsync<DirectoryNotFoundException>();
        (await store.ExistsAsync("k", Ct)).Should().BeFalse();
        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();
        (await SortedAsync(store.ListAsync(Ct))).Should().BeEmpty();
        Directory.Exists(store.Root).Should().BeFalse();
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData(".")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    [InlineData("a\0b")]
    [InlineData("a/.~zarr-0123.partial")]
    public async Task Keys_that_could_escape_or_alias_are_rejected_before_any_file_is_touched(string key)
    {
        var store = new LocalStore(RootPath);

        await ShouldReject(() => store.SetAsync(key, Bytes(1), Ct).AsTask(), key);
        await ShouldReject(() => store.SetIfNotExistsAsync(key, Bytes(1), Ct).AsTask(), key);
        await ShouldReject(() => store.GetAsync(key, Prototype, null, Ct).AsTask(), key);
        await ShouldReject(() => store.ExistsAsync(key, Ct).AsTask(), key);
        await ShouldReject(() => store.DeleteAsync(key, Ct).AsTask(), key);
        await ShouldReject(() => store.GetSizeAsync(key, Ct).AsTask(), key);

        Directory.Exists(_folder).Should().BeFalse("nothing may be created, not even the root");
    }

    [Theory]
    [InlineData("../")]
    [InlineData("a/../..")]
    [InlineData("a//")]
    [InlineData("a\\")]
    public async Task Prefixes_that_could_escape_are_rejected(string prefix)
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("keep", Bytes(1), Ct);

        await ShouldReject(() => store.DeleteDirAsync(prefix, Ct), prefix);
        await ShouldReject(() => SortedAsync(store.ListPrefixAsync(prefix, Ct)), prefix);
        await ShouldReject(() => SortedAsync(store.ListDirAsync(prefix, Ct)), prefix);
        await ShouldReject(() => store.IsEmptyAsync(prefix, Ct), prefix);
        await ShouldReject(() => store.GetSizePrefixAsync(prefix, Ct), prefix);

        (await store.ExistsAsync("keep", Ct)).Should().BeTrue();
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/..")]
    public async Task A_partial_last_segment_lists_inside_the_root_but_is_no_directory(string prefix)
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("keep", Bytes(1), Ct);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "..outside"), [1], Ct);

        (await SortedAsync(store.ListPrefixAsync(prefix, Ct))).Should().BeEmpty();
        await ShouldReject(() => store.DeleteDirAsync(prefix, Ct), prefix);
        await ShouldReject(() => SortedAsync(store.ListDirAsync(prefix, Ct)), prefix);
        await ShouldReject(() => store.GetSizePrefixAsync(prefix, Ct), prefix);
        // Directory semantics: the check names the prefix as the directory it lists.
        await ShouldReject(() => store.IsEmptyAsync(prefix, Ct), prefix + "/");

        (await store.ExistsAsync("keep", Ct)).Should().BeTrue();
        File.Exists(Path.Combine(_folder, "..outside")).Should().BeTrue();
    }

    [Theory]
    [InlineData("a/b\\c")]
    [InlineData("a/b\0")]
    [InlineData("..\\x")]
    public async Task A_partial_last_segment_still_may_not_hold_forbidden_characters(string prefix)
    {
        var store = new LocalStore(RootPath);

        await ShouldReject(() => SortedAsync(store.ListPrefixAsync(prefix, Ct)), prefix);
    }

    [Fact]
    public async Task Rooted_keys_are_rejected()
    {
        var store = new LocalStore(RootPath);
        string rooted = Path.Combine(_folder, "outside");

        await ShouldReject(() => store.SetAsync(rooted, Bytes(1), Ct).AsTask(), rooted);

        File.Exists(rooted).Should().BeFalse();
    }

    [Fact]
    public async Task Hidden_dot_files_are_keys()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync(".zarray", Text("{}"), Ct);
        await store.SetAsync("a/.zattrs", Text("{}"), Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal(".zarray", "a/.zattrs");
        (await SortedAsync(store.ListDirAsync("a", Ct))).Should().Equal(".zattrs");
    }

    [Fact]
    public async Task Empty_folders_are_not_keys()
    {
        var store = new LocalStore(RootPath);
        Directory.CreateDirectory(Path.Combine(store.Root, "foo", "bar"));

        (await store.IsEmptyAsync("", Ct)).Should().BeTrue();
        (await SortedAsync(store.ListAsync(Ct))).Should().BeEmpty();
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().BeEmpty();
        (await SortedAsync(store.ListDirAsync("foo", Ct))).Should().BeEmpty();
        (await store.ExistsAsync("foo/bar", Ct)).Should().BeFalse();
        (await store.GetAsync("foo/bar", Prototype, null, Ct)).Should().BeNull();
        Func<Task> size = () => store.GetSizeAsync("foo/bar", Ct).AsTask();
        await size.Should().ThrowAsync<KeyNotFoundException>();
    }

    [Fact]
    public async Task Deletes_remove_the_folders_they_leave_empty()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("a/b/c/0", Bytes(1), Ct);
        await store.SetAsync("a/x", Bytes(2), Ct);
        await store.SetAsync("d/e/0", Bytes(3), Ct);

        await store.DeleteAsync("a/b/c/0", Ct);
        await store.DeleteDirAsync("d/e", Ct);

        Directory.Exists(Path.Combine(store.Root, "a", "b")).Should().BeFalse();
        Directory.Exists(Path.Combine(store.Root, "a")).Should().BeTrue();
        Directory.Exists(Path.Combine(store.Root, "d")).Should().BeFalse();
        Directory.Exists(store.Root).Should().BeTrue();
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().Equal("a");
    }

    [Fact]
    public async Task Writes_and_listings_survive_deletes_that_prune_the_folders_they_work_in()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("keep", Bytes(0), Ct);

        Task Repeat(Func<int, ValueTask> action) => Task.Run(async () =>
        {
            for (int i = 0; i < 300; i++)
            {
                await action(i);
            }
        }, Ct);

        await Task.WhenAll(
            Repeat(i => store.SetAsync($"a/b/{i % 3}", Bytes((byte)i), Ct)),
            Repeat(i => store.DeleteAsync($"a/b/{i % 3}", Ct)),
            Repeat(async i => await store.DeleteDirAsync("a", Ct)),
            Repeat(async i => (await SortedAsync(store.ListPrefixAsync("a/b/", Ct))).Where(k => k.Length != 5).Should().BeEmpty()),
            Repeat(async i => (await SortedAsync(store.ListDirAsync("a/b", Ct))).Where(k => k.Length != 1).Should().BeEmpty()))
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Should().OnlyContain(name => name == "keep" || name!.Length == 1);
    }

    [Fact]
    public async Task Delete_dir_of_a_prefix_naming_a_file_leaves_the_file()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("zarr.json", Bytes(1), Ct);

        await store.DeleteDirAsync("zarr.json", Ct);

        (await store.ExistsAsync("zarr.json", Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task A_key_that_is_also_a_folder_cannot_be_stored_and_the_error_names_it()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("foo/bar", Bytes(1), Ct);
        await store.SetAsync("file", Bytes(2), Ct);

        Func<Task> overFolder = () => store.SetAsync("foo", Bytes(3), Ct).AsTask();
        Func<Task> exclusiveOverFolder = () => store.SetIfNotExistsAsync("foo", Bytes(3), Ct).AsTask();
        Func<Task> underFile = () => store.SetIfNotExistsAsync("file/x", Bytes(4), Ct).AsTask();

        (await overFolder.Should().ThrowAsync<IOException>()).WithMessage("*'foo'*");
        (await exclusiveOverFolder.Should().ThrowAsync<IOException>()).WithMessage("*'foo'*");
        (await underFile.Should().ThrowAsync<IOException>()).WithMessage("*'file/x'*");
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("file", "foo/bar");
        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_key_under_a_file_does_not_exist()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("file", Bytes(1), Ct);

        (await store.GetAsync("file/x", Prototype, null, Ct)).Should().BeNull();
        (await store.ExistsAsync("file/x", Ct)).Should().BeFalse();
        (await SortedAsync(store.ListDirAsync("file", Ct))).Should().BeEmpty();
        (await store.IsEmptyAsync("file", Ct)).Should().BeTrue();
        await store.DeleteAsync("file/x", Ct);
        Func<Task> size = () => store.GetSizeAsync("file/x", Ct).AsTask();
        await size.Should().ThrowAsync<KeyNotFoundException>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_write_that_fails_midway_leaves_the_old_value_or_none_and_no_temporary_file(bool exclusive)
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("c/old", Bytes(1, 2, 3), Ct);
        using var failing = new FailingMemory(1000);
        Buffer value = CpuBuffer.FromArrayLike(failing.Memory);

        Func<Task> overwrite = () => store.SetAsync("c/old", value, Ct).AsTask();
        Func<Task> create = exclusive
            ? () => store.SetIfNotExistsAsync("c/new", value, Ct).AsTask()
            : () => store.SetAsync("c/new", value, Ct).AsTask();

        await overwrite.Should().ThrowAsync<IOException>().WithMessage("disk full");
        await create.Should().ThrowAsync<IOException>().WithMessage("disk full");
        (await store.GetAsync("c/old", Prototype, null, Ct))!.ToBytes().Should().Equal(1, 2, 3);
        (await store.ExistsAsync("c/new", Ct)).Should().BeFalse();
        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Fact]
    public async Task Writes_leave_no_temporary_files()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("c/0", Bytes(1, 2), Ct);
        await store.SetAsync("c/0", Bytes(3), Ct);
        (await store.SetIfNotExistsAsync("c/0", Bytes(4), Ct)).Should().BeFalse();
        (await store.SetIfNotExistsAsync("c/1", Bytes(5), Ct)).Should().BeTrue();

        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(store.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).Should().Equal("c/0", "c/1");
        (await store.GetAsync("c/0", Prototype, null, Ct))!.ToBytes().Should().Equal(3);
    }

    [Fact]
    public async Task Temporary_files_of_writes_in_flight_never_show_in_listings()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("c/0", Bytes(1), Ct);
        await File.WriteAllBytesAsync(Path.Combine(store.Root, "c", ".~zarr-0123456789abcdef.partial"), [9], Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("c/0");
        (await SortedAsync(store.ListDirAsync("c", Ct))).Should().Equal("0");
        (await store.GetSizePrefixAsync("c", Ct)).Should().Be(1);
    }

    [Fact]
    public async Task Listings_use_forward_slashes_and_never_absolute_paths()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("a/b/c", Bytes(1), Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("a/b/c");
        (await SortedAsync(store.ListPrefixAsync("", Ct))).Should().Equal("a/b/c");
        (await SortedAsync(store.ListPrefixAsync("a/b", Ct))).Should().Equal("a/b/c");
    }

    [Fact]
    public async Task A_reader_never_sees_a_torn_value()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("k", CpuBuffer.FromBytes(new byte[100]), Ct);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        Task writer = Task.Run(async () =>
        {
            for (int i = 1; i <= 200 && !stop.IsCancellationRequested; i++)
            {
                byte[] value = new byte[100 + (i % 7) * 5000];
                value.AsSpan().Fill((byte)i);
                await store.SetAsync("k", CpuBuffer.FromArrayLike(value), Ct);
            }
        }, Ct);
        int reads = 0;
        while (!writer.IsCompleted)
        {
            byte[] seen = (await store.GetAsync("k", Prototype, null, Ct))!.ToBytes();
            ((seen.Length - 100) % 5000).Should().Be(0);
            seen.Should().OnlyContain(b => b == seen[0]);
            reads++;
        }

        await writer;
        reads.Should().BePositive();
    }

    [Fact]
    public async Task Ranged_reads_read_only_the_requested_bytes_of_a_large_file()
    {
        var store = new LocalStore(RootPath);
        byte[] big = new byte[3 << 20];
        Random.Shared.NextBytes(big);
        await RawSetAsync(store, "big", big);

        (await store.GetAsync("big", Prototype, new SuffixByteRequest(10), Ct))!.ToBytes().Should().Equal(big[^10..]);
        (await store.GetAsync("big", Prototype, new RangeByteRequest(1 << 20, (1 << 20) + 3), Ct))!.ToBytes()
            .Should().Equal(big[(1 << 20)..((1 << 20) + 3)]);
        (await store.GetAsync("big", Prototype, new OffsetByteRequest(big.Length - 1), Ct))!.ToBytes().Should().Equal(big[^1]);
    }

    [Fact]
    public void Equality_is_by_root_and_ignores_read_only()
    {
        var store = new LocalStore(RootPath);
        var same = new LocalStore(RootPath + Path.DirectorySeparatorChar, readOnly: true);

        store.Should().Be(same);
        store.GetHashCode().Should().Be(same.GetHashCode());
        LocalStore reader = store.WithReadOnly(true);
        reader.Should().Be(store);
        reader.Root.Should().Be(store.Root);
        store.Should().NotBe(new LocalStore(_folder));
        store.ToString().Should().Be("file://" + store.Root.Replace('\\', '/'));
    }

    [Fact]
    public void Invalid_roots_are_rejected()
    {
        Action empty = () => _ = new LocalStore("");
        Action none = () => _ = new LocalStore(null!);

        empty.Should().Throw<ArgumentException>();
        none.Should().Throw<ArgumentNullException>();
    }

    /// <summary>Memory whose bytes cannot be read, like a device that fails in the middle of a write.</summary>
    private sealed class FailingMemory(int length) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => throw new IOException("disk full");

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new IOException("disk full");

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }

        public override Memory<byte> Memory => CreateMemory(length);
    }

    private static async Task ShouldReject(Func<Task> action, string key) =>
        (await action.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain($"'{key}'");
}
