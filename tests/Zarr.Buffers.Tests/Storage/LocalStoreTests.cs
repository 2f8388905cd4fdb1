using Microsoft.Win32.SafeHandles;
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

    [Theory]
    [InlineData("open", false)]
    [InlineData("open", true)]
    [InlineData("set", false)]
    [InlineData("get", false)]
    [InlineData("get", true)]
    [InlineData("set after open", false)]
    [InlineData("open a read-only copy", false)]
    public async Task A_root_that_became_a_file_is_reported_as_not_a_directory(string operation, bool readOnly)
    {
        var store = new LocalStore(RootPath, readOnly);
        if (operation == "set after open")
        {
            await store.OpenAsync(Ct);
            Directory.Delete(RootPath);
        }

        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(RootPath, [1]);
        Func<Task> act = operation switch
        {
            "open" => () => store.OpenAsync(Ct),
            "set" or "set after open" => () => store.SetAsync("a/b", CpuBuffer.FromBytes([2]), Ct).AsTask(),
            "get" => () => store.GetAsync("a/b", BufferPrototype.Default, null, Ct).AsTask(),
            "open a read-only copy" => () => store.WithReadOnly(true).OpenAsync(Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no such case"),
        };

        await act.Should().ThrowExactlyAsync<IOException>().WithMessage($"The LocalStore root '{RootPath}' is not a directory: it is a file.*");
        File.ReadAllBytes(RootPath).Should().Equal([1]);
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
    public async Task Keys_with_different_lone_surrogates_are_refused_rather_than_stored_in_one_file()
    {
        var store = (LocalStore)CreateStore();

        Func<Task> high = async () => await store.SetAsync("a\uD800", Bytes(1), Ct);
        Func<Task> low = async () => await store.GetAsync("a\uDC00", Prototype, null, Ct);

        await high.Should().ThrowAsync<ArgumentException>().WithParameterName("key");
        await low.Should().ThrowAsync<ArgumentException>().WithParameterName("key");
        Directory.Exists(store.Root).Should().BeFalse("nothing was written");
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
    public async Task A_key_that_is_a_link_to_a_folder_of_keys_cannot_be_stored_as_a_real_folder_cannot()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("real/x", Bytes(1), Ct);
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "alias"), "real");

        Func<Task> overLink = () => store.SetAsync("alias", Bytes(2), Ct).AsTask();
        Func<Task> exclusiveOverLink = () => store.SetIfNotExistsAsync("alias", Bytes(2), Ct).AsTask();

        (await overLink.Should().ThrowAsync<IOException>()).WithMessage("*'alias'*folder*");
        (await exclusiveOverLink.Should().ThrowAsync<IOException>()).WithMessage("*'alias'*folder*");
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("alias/x", "real/x");
        new FileInfo(Path.Combine(store.Root, "alias")).LinkTarget.Should().Be("real");
        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).Should().HaveCount(2, "no temporary file is left");
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
        await File.WriteAllBytesAsync(Path.Combine(store.Root, "c", AtomicFileWriter.TempName("0", 0)), [9], Ct);

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

    [Fact]
    public async Task A_folder_link_leading_outside_is_never_listed_read_written_or_followed_by_deletes()
    {
        var store = await StoreWithOutsideAsync();
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "out"), Outside);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("in/0");
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().Equal("in");
        (await SortedAsync(store.ListPrefixAsync("out/", Ct))).Should().BeEmpty();
        (await SortedAsync(store.ListDirAsync("out", Ct))).Should().BeEmpty();
        (await store.IsEmptyAsync("out", Ct)).Should().BeTrue();
        (await store.GetSizePrefixAsync("", Ct)).Should().Be(1);
        await ShouldRefuseEveryKeyOperation(store, "out/secret");
        await ShouldRefuseEveryKeyOperation(store, "out/sub/deep");
        await ShouldRefuseEveryKeyOperation(store, "out/new");

        await store.DeleteDirAsync("out", Ct);

        Path.Exists(Path.Combine(store.Root, "out")).Should().BeFalse("the link itself is deleted");
        OutsideShouldBeIntact();
    }

    [Theory]
    [InlineData("clear")]
    [InlineData("delete-dir-root")]
    [InlineData("delete-dir-parent")]
    public async Task Deletes_remove_links_and_never_what_they_point_to(string how)
    {
        var store = await StoreWithOutsideAsync();
        Directory.CreateDirectory(Path.Combine(store.Root, "in", "links"));
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "in", "links", "folder"), Outside);
        File.CreateSymbolicLink(Path.Combine(store.Root, "in", "links", "file"), Path.Combine(Outside, "secret"));
        File.CreateSymbolicLink(Path.Combine(store.Root, "in", "links", "dangling"), Path.Combine(_folder, "nowhere"));

        await (how switch
        {
            "clear" => store.ClearAsync(Ct),
            "delete-dir-root" => store.DeleteDirAsync("", Ct),
            _ => store.DeleteDirAsync("in", Ct),
        });

        Path.Exists(Path.Combine(store.Root, "in")).Should().BeFalse();
        Directory.Exists(store.Root).Should().BeTrue();
        OutsideShouldBeIntact();
    }

    [Fact]
    public async Task A_file_link_leading_outside_is_no_key_and_only_the_link_is_deleted()
    {
        var store = await StoreWithOutsideAsync();
        File.CreateSymbolicLink(Path.Combine(store.Root, "in", "secret"), Path.Combine(Outside, "secret"));

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("in/0");
        (await SortedAsync(store.ListDirAsync("in", Ct))).Should().Equal("0");
        (await store.GetSizePrefixAsync("in", Ct)).Should().Be(1);
        await ShouldRefuseEveryKeyOperation(store, "in/secret");

        await store.DeleteDirAsync("in", Ct);

        Path.Exists(Path.Combine(store.Root, "in", "secret")).Should().BeFalse();
        OutsideShouldBeIntact();
    }

    [Fact]
    public async Task Links_inside_the_root_are_followed_by_reads_and_listings_and_replaced_or_removed_by_writes_and_deletes()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("real/x", Bytes(1, 2), Ct);
        await store.SetAsync("real/y", Bytes(3), Ct);
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "alias"), Path.Combine(store.Root, "real"));
        File.CreateSymbolicLink(Path.Combine(store.Root, "fx"), Path.Combine("real", "x"));

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("alias/x", "alias/y", "fx", "real/x", "real/y");
        (await SortedAsync(store.ListDirAsync("", Ct))).Should().Equal("alias", "fx", "real");
        (await SortedAsync(store.ListDirAsync("alias", Ct))).Should().Equal("x", "y");
        (await store.GetSizePrefixAsync("alias", Ct)).Should().Be(3);
        (await store.GetAsync("alias/x", Prototype, null, Ct))!.ToBytes().Should().Equal(1, 2);
        (await store.GetAsync("fx", Prototype, null, Ct))!.ToBytes().Should().Equal(1, 2);
        (await store.GetSizeAsync("fx", Ct)).Should().Be(2);

        await store.SetAsync("fx", Bytes(9), Ct);
        await store.DeleteAsync("alias/y", Ct);

        (await store.GetAsync("real/x", Prototype, null, Ct))!.ToBytes().Should().Equal(1, 2);
        (await store.GetAsync("fx", Prototype, null, Ct))!.ToBytes().Should().Equal(9);
        (await store.ExistsAsync("real/y", Ct)).Should().BeFalse();

        await store.DeleteDirAsync("alias", Ct);

        Path.Exists(Path.Combine(store.Root, "alias")).Should().BeFalse();
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("fx", "real/x");
    }

    [Fact]
    public async Task Link_cycles_are_listed_once_and_a_link_to_itself_is_no_key()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("a/x", Bytes(1), Ct);
        await store.SetAsync("b/y", Bytes(2), Ct);
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "a", "up"), store.Root);
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "a", "to-b"), Path.Combine(store.Root, "b"));
        Directory.CreateSymbolicLink(Path.Combine(store.Root, "b", "to-a"), Path.Combine(store.Root, "a"));
        File.CreateSymbolicLink(Path.Combine(store.Root, "self"), Path.Combine(store.Root, "self"));

        List<string> keys = await SortedAsync(store.ListAsync(Ct)).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        keys.Should().Equal("a/to-b/y", "a/x", "b/to-a/x", "b/y");
        Func<Task> getSelf = () => store.GetAsync("self", Prototype, null, Ct).AsTask();
        (await getSelf.Should().ThrowAsync<ArgumentException>()).WithMessage("*'self'*loop*");
        await store.ClearAsync(Ct);
        Directory.EnumerateFileSystemEntries(store.Root).Should().BeEmpty();
    }

    [Fact]
    public async Task A_root_that_is_a_link_keeps_working_and_clear_keeps_it()
    {
        string target = Path.Combine(_folder, "real-root");
        Directory.CreateDirectory(target);
        Directory.CreateSymbolicLink(RootPath, target);
        var store = new LocalStore(RootPath);

        await store.SetAsync("a/b", Bytes(1), Ct);

        (await store.GetAsync("a/b", Prototype, null, Ct))!.ToBytes().Should().Equal(1);
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("a/b");
        File.Exists(Path.Combine(target, "a", "b")).Should().BeTrue();
        await store.ClearAsync(Ct);
        new FileInfo(RootPath).LinkTarget.Should().Be(target);
        Directory.EnumerateFileSystemEntries(target).Should().BeEmpty();
    }

    [Fact]
    public async Task A_dangling_link_inside_the_root_is_no_key_and_delete_removes_it()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("keep", Bytes(1), Ct);
        string link = Path.Combine(store.Root, "dangling");
        File.CreateSymbolicLink(link, Path.Combine(store.Root, "missing"));

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("keep");
        (await store.ExistsAsync("dangling", Ct)).Should().BeFalse();
        (await store.GetAsync("dangling", Prototype, null, Ct)).Should().BeNull();
        (await store.SetIfNotExistsAsync("dangling", Bytes(2), Ct)).Should().BeFalse();
        Path.Exists(Path.Combine(store.Root, "missing")).Should().BeFalse("a write never goes through a link");
        await store.DeleteAsync("dangling", Ct);
        new FileInfo(link).Attributes.Should().Be((FileAttributes)(-1));
    }

    [Theory]
    [InlineData(256, 1)]
    [InlineData(1, 5000)]
    public async Task Keys_longer_than_the_platform_allows_are_refused_before_any_file_is_touched(int segmentLength, int segments)
    {
        var store = new LocalStore(RootPath);
        string key = string.Join('/', Enumerable.Repeat(new string('k', segmentLength), segments));

        foreach (Func<Task> operation in KeyOperations(store, key))
        {
            (await operation.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("k").And.Contain("long");
        }

        Directory.Exists(_folder).Should().BeFalse("nothing may be created, not even the root");
    }

    [Fact]
    public async Task A_key_of_the_longest_segment_is_stored()
    {
        var store = new LocalStore(RootPath);
        string key = "a/" + new string('k', 255);

        await store.SetAsync(key, Bytes(1), Ct);

        (await SortedAsync(store.ListAsync(Ct))).Should().Equal(key);
    }

    [Fact]
    public async Task A_key_whose_path_is_as_long_as_the_platform_allows_is_stored_listed_and_deleted()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows allows 32,767 characters: too deep a tree for a test");
        var store = new LocalStore(RootPath);
        // Folders of 99 letters, then a name long enough that the temporary file beside it fits as well.
        char[] chars = new string('k', LocalPaths.MaxPathLength - store.Root.Length - 1).ToCharArray();
        for (int i = 99; i < chars.Length - 100; i += 100)
        {
            chars[i] = '/';
        }

        string key = new(chars);

        await store.SetAsync(key, Bytes(1, 2), Ct);

        (await store.GetAsync(key, Prototype, null, Ct))!.ToBytes().Should().Equal(1, 2);
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal(key);
        await store.DeleteAsync(key, Ct);
        Directory.EnumerateFileSystemEntries(store.Root).Should().BeEmpty();
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(300_000)]
    public async Task Refusing_a_huge_key_allocates_little_more_than_the_key(int length)
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("warm", Bytes(1), Ct);
        string key = string.Join('/', Enumerable.Repeat("abcdefghi", length / 10));

        // The refusal happens before the first await, on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask set = store.SetAsync(key, Bytes(1), Ct);
        ValueTask<Buffer?> get = store.GetAsync(key, Prototype, null, Ct);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(10L * length);
        Func<Task> awaitSet = () => set.AsTask();
        Func<Task> awaitGet = () => get.AsTask();
        await awaitSet.Should().ThrowAsync<ArgumentException>();
        await awaitGet.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Temporary_files_of_killed_writers_are_removed_by_delete_dir_and_clear_but_live_and_young_ones_stay()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("a/0", Bytes(1), Ct);
        await store.SetAsync("b/0", Bytes(1), Ct);
        string abandonedA = LeftoverTemp(store, "a", AtomicFileWriter.TempName("0", 0));
        string abandonedB = LeftoverTemp(store, "b", ".~zarr-0123456789abcdef0123456789abcdef.partial");
        string live = LeftoverTemp(store, "b", AtomicFileWriter.TempName("0", 1));
        string young = LeftoverTemp(store, "b", AtomicFileWriter.TempName("0", 2), age: TimeSpan.Zero);
        using (LiveWriter(live))
        {
            await store.DeleteDirAsync("a", Ct);
            File.Exists(abandonedA).Should().BeFalse();
            Directory.Exists(Path.Combine(store.Root, "a")).Should().BeFalse();

            await store.ClearAsync(Ct);

            File.Exists(abandonedB).Should().BeFalse();
            File.Exists(live).Should().BeTrue("a live writer's temporary file is never removed");
            File.Exists(young).Should().BeTrue("a file just created may not be locked by its writer yet");
            (await SortedAsync(store.ListAsync(Ct))).Should().BeEmpty();
        }
    }

    [Fact]
    public async Task The_next_write_of_a_key_removes_its_abandoned_temporary_files_but_not_a_live_writers_or_another_keys()
    {
        var store = new LocalStore(RootPath);
        await store.SetAsync("c/0", Bytes(1), Ct);
        string live = LeftoverTemp(store, "c", AtomicFileWriter.TempName("0", 0));
        string[] abandoned = [LeftoverTemp(store, "c", AtomicFileWriter.TempName("0", 1)), LeftoverTemp(store, "c", AtomicFileWriter.TempName("0", 2))];
        string otherKey = LeftoverTemp(store, "c", AtomicFileWriter.TempName("1", 0));
        using (LiveWriter(live))
        {
            await store.SetAsync("c/0", Bytes(2), Ct);

            abandoned.Should().OnlyContain(path => !File.Exists(path));
            File.Exists(live).Should().BeTrue();
            File.Exists(otherKey).Should().BeTrue("another key's temporary files are left to its own next write");
        }

        (await store.GetAsync("c/0", Prototype, null, Ct))!.ToBytes().Should().Equal(2);
        (await SortedAsync(store.ListAsync(Ct))).Should().Equal("c/0");
    }

    /// <summary>Memory whose bytes cannot be read, like a device that fails in the middle of a write.</summary>
    [Fact]
    public void A_local_store_says_a_set_copies_and_a_subclass_does_not_unless_it_overrides_that()
    {
        new LocalStore(RootPath).CopiesOnSet.Should().BeTrue();
        new DerivedLocalStore(RootPath).CopiesOnSet.Should().BeFalse("a subclass's set may keep the caller's buffer");
    }

    private sealed class DerivedLocalStore(string root) : LocalStore(root);

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

    private string Outside => Path.Combine(_folder, "outside");

    /// <summary>A store holding <c>in/0</c>, beside a folder outside its root with two files.</summary>
    private async Task<LocalStore> StoreWithOutsideAsync()
    {
        Directory.CreateDirectory(Path.Combine(Outside, "sub"));
        await File.WriteAllBytesAsync(Path.Combine(Outside, "secret"), [7, 7], Ct);
        await File.WriteAllBytesAsync(Path.Combine(Outside, "sub", "deep"), [8], Ct);
        var store = new LocalStore(RootPath);
        await store.SetAsync("in/0", Bytes(1), Ct);
        return store;
    }

    private void OutsideShouldBeIntact()
    {
        File.ReadAllBytes(Path.Combine(Outside, "secret")).Should().Equal(7, 7);
        File.ReadAllBytes(Path.Combine(Outside, "sub", "deep")).Should().Equal(8);
        Directory.GetFileSystemEntries(Outside, "*", SearchOption.AllDirectories).Should().HaveCount(3);
    }

    private async Task ShouldRefuseEveryKeyOperation(LocalStore store, string key)
    {
        foreach (Func<Task> operation in KeyOperations(store, key))
        {
            (await operation.Should().ThrowAsync<ArgumentException>()).WithMessage($"*'{key}'*outside the root*");
        }

        OutsideShouldBeIntact();
    }

    private static IEnumerable<Func<Task>> KeyOperations(LocalStore store, string key) =>
    [
        () => store.GetAsync(key, Prototype, null, Ct).AsTask(),
        () => store.ExistsAsync(key, Ct).AsTask(),
        () => store.GetSizeAsync(key, Ct).AsTask(),
        () => store.SetAsync(key, Bytes(1), Ct).AsTask(),
        () => store.SetIfNotExistsAsync(key, Bytes(1), Ct).AsTask(),
        () => store.DeleteAsync(key, Ct).AsTask(),
    ];

    /// <summary>A temporary file that a writer left <paramref name="age"/> ago (an hour unless told).</summary>
    private static string LeftoverTemp(LocalStore store, string folder, string name, TimeSpan? age = null)
    {
        string path = Path.Combine(store.Root, folder, name);
        File.WriteAllBytes(path, [9]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - (age ?? TimeSpan.FromHours(1)));
        return path;
    }

    /// <summary>Holds a temporary file open as its writer does until it publishes (a lock the writer's death drops).</summary>
    private static SafeFileHandle LiveWriter(string temp) =>
        File.OpenHandle(temp, FileMode.Open, FileAccess.Write, FileShare.Delete);

    private static async Task ShouldReject(Func<Task> action, string key) =>
        (await action.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain($"'{key}'");
}
