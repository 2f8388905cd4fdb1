using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Zarr.Buffers;
using Zarr.Buffers.Tests.Arrays;

namespace Zarr.Storage.Azure.Tests;

/// <summary>
/// What the conformance suite does not check of <see cref="AzureBlobStore"/>: the requests it sends (counted by a pipeline
/// policy), its prefix and key rules, read-only mode, cancellation, concurrency, errors, and every interop array read
/// through it.
/// </summary>
public sealed class AzureBlobStoreTests(Azurite azurite) : IAsyncLifetime
{
    private static readonly byte[] Ten = [.. Enumerable.Range(0, 10).Select(i => (byte)i)];
    private readonly RecordingPolicy _policy = new();
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private BlobContainerClient _container = null!;

    private CancellationToken Token => _cancel.Token;

    /// <summary>A new container whose requests <see cref="_policy"/> records; where Node.js is missing, the test is skipped here.</summary>
    public async ValueTask InitializeAsync()
    {
        var options = new BlobClientOptions();
        options.AddPolicy(_policy, HttpPipelinePosition.PerRetry);
        _container = await azurite.NewContainerAsync(options, Token);
        _policy.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _cancel.Dispose();
    }

    public static TheoryData<string, string> Prefixes() => new()
    {
        { "", "" },
        { "/", "" },
        { "data", "data/" },
        { "/data/a.zarr/", "data/a.zarr/" },
        { "data/a.zarr//", "data/a.zarr/" },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void The_prefix_is_kept_as_a_directory(string prefix, string kept) =>
        new AzureBlobStore(_container, prefix).Prefix.Should().Be(kept);

    [Theory]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/../b")]
    [InlineData("a/.")]
    [InlineData("v1./a")]
    [InlineData(@"a\b")]
    public void A_prefix_with_a_backslash_an_empty_segment_or_one_ending_with_a_dot_is_refused(string prefix)
    {
        var make = () => new AzureBlobStore(_container, prefix);

        make.Should().Throw<ArgumentException>().WithParameterName(nameof(prefix)).WithMessage($"*'{prefix}'*");
    }

    [Fact]
    public void A_prefix_that_leaves_no_room_for_keys_is_refused()
    {
        var make = () => new AzureBlobStore(_container, new string('p', 1023));

        make.Should().Throw<ArgumentException>().WithMessage("*1024*");
    }

    [Theory]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("group./zarr.json")]
    [InlineData("c/0.")]
    [InlineData(@"back\slash")]
    public async Task A_key_with_a_backslash_an_empty_segment_or_one_ending_with_a_dot_is_refused_without_a_request(string key)
    {
        var store = new AzureBlobStore(_container, "p");

        await store.Invoking(s => s.SetAsync(key, Bytes(Ten), Token).AsTask())
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*'{key}'*");
        await store.Invoking(s => s.GetAsync(key, BufferPrototype.Default, null, Token).AsTask())
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*'{key}'*");
        _policy.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("a b/c d")]
    [InlineData("ü/é€")]
    [InlineData("100%/x?y#z")]
    [InlineData("a+b/c&d=e")]
    [InlineData(".hidden/x")]
    public async Task A_key_with_characters_a_url_escapes_is_stored_and_listed_as_it_is(string key)
    {
        var store = new AzureBlobStore(_container, "p q");

        await store.SetAsync(key, Bytes(Ten), Token);

        (await store.GetAsync(key, BufferPrototype.Default, null, Token))!.ToBytes().Should().Equal(Ten);
        (await Collect(store.ListAsync(Token))).Should().Equal(key);
        (await Collect(new AzureBlobStore(_container).ListAsync(Token))).Should().Equal("p q/" + key);
    }

    [Fact]
    public async Task A_key_too_long_for_a_blob_name_under_the_prefix_is_refused()
    {
        var store = new AzureBlobStore(_container, "prefix");

        await store.Invoking(s => s.ExistsAsync(new string('k', 1018), Token).AsTask()).Should().ThrowAsync<ArgumentException>().WithMessage("*1025 characters*1024*");
        (await store.ExistsAsync(new string('k', 1017), Token)).Should().BeFalse();
    }

    public static TheoryData<ByteRequest?, string> SingleRequestReads() => new()
    {
        { null, "GET devstoreaccount1/{container}/p/k" },
        { new RangeByteRequest(2, 5), "GET devstoreaccount1/{container}/p/k x-ms-range: bytes=2-4" },
        { new OffsetByteRequest(3), "GET devstoreaccount1/{container}/p/k x-ms-range: bytes=3-" },
        { new RangeByteRequest(20, 30), "GET devstoreaccount1/{container}/p/k x-ms-range: bytes=20-29" },
        { new RangeByteRequest(4, 4), "HEAD devstoreaccount1/{container}/p/k" },
        { new SuffixByteRequest(0), "HEAD devstoreaccount1/{container}/p/k" },
    };

    [Theory]
    [MemberData(nameof(SingleRequestReads))]
    public async Task A_range_or_offset_is_one_request(ByteRequest? range, string request)
    {
        var store = await StoreWithTenBytesAsync();

        var value = await store.GetAsync("k", BufferPrototype.Default, range, Token);

        (long start, long length) = range?.Resolve(Ten.Length) ?? (0, Ten.Length);
        value!.ToBytes().Should().Equal(Ten.AsSpan((int)start, (int)length).ToArray());
        _policy.Requests.Should().Equal(request.Replace("{container}", _container.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suffix_reads_the_length_then_the_range_on_condition_that_the_blob_is_unchanged()
    {
        var store = await StoreWithTenBytesAsync();

        var value = await store.GetAsync("k", BufferPrototype.Default, new SuffixByteRequest(3), Token);

        value!.ToBytes().Should().Equal(7, 8, 9);
        _policy.Requests.Should().HaveCount(2);
        _policy.Requests.First().Should().StartWith("HEAD ");
        _policy.Requests.Last().Should().MatchRegex("^GET .* x-ms-range: bytes=7-9 If-Match: \"?0x[0-9A-F]+\"?$");
    }

    [Fact]
    public async Task A_suffix_of_a_blob_that_changes_between_its_two_requests_is_read_from_the_new_blob()
    {
        var store = await StoreWithTenBytesAsync();
        byte[] replacement = [.. Enumerable.Range(100, 20).Select(i => (byte)i)];
        var unrecorded = (await azurite.ClientAsync(options: null)).GetParentBlobServiceClient().GetBlobContainerClient(_container.Name);
        _policy.AfterFirstHead = () => unrecorded.GetBlobClient("p/k").UploadAsync(new BinaryData(replacement), overwrite: true, Token);

        var value = await store.GetAsync("k", BufferPrototype.Default, new SuffixByteRequest(3), Token);

        value!.ToBytes().Should().Equal(117, 118, 119);
        _policy.Requests.Select(r => r.Split(' ')[0]).Should().Equal("HEAD", "GET", "HEAD", "GET");
    }

    [Fact]
    public async Task Get_into_reads_the_range_into_the_destination()
    {
        var store = await StoreWithTenBytesAsync();
        byte[] destination = new byte[4];

        int? count = await store.GetIntoAsync("k", destination, new RangeByteRequest(6, 20), Token);

        count.Should().Be(4);
        destination.Should().Equal(6, 7, 8, 9);
        _policy.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Set_if_not_exists_is_one_conditional_upload()
    {
        var store = new AzureBlobStore(_container, "p");

        bool first = await store.SetIfNotExistsAsync("k", Bytes(Ten), Token);
        bool second = await store.SetIfNotExistsAsync("k", Bytes([1]), Token);

        (first, second).Should().Be((true, false));
        _policy.Requests.Should().HaveCount(2).And.AllSatisfy(r => r.Should().StartWith("PUT ").And.EndWith("If-None-Match: *"));
        (await store.GetAsync("k", BufferPrototype.Default, null, Token))!.ToBytes().Should().Equal(Ten);
    }

    [Fact]
    public async Task Is_empty_asks_for_one_name()
    {
        var store = await StoreWithTenBytesAsync();

        bool empty = await store.IsEmptyAsync("", Token);

        empty.Should().BeFalse();
        _policy.Requests.Should().ContainSingle().Which.Should().Contain("comp=list").And.Contain("maxresults=1");
    }

    [Fact]
    public async Task Stores_under_different_prefixes_see_only_their_own_blobs()
    {
        var store = new AzureBlobStore(_container, "a/b");
        foreach (string name in new[] { "a/b/x", "a/b/d/y", "a/bc/z", "a/x", "b/x", "a/b" })
        {
            await _container.GetBlobClient(name).UploadAsync(new BinaryData(Ten), Token);
        }

        (await Collect(store.ListAsync(Token))).Should().BeEquivalentTo("x", "d/y");
        (await Collect(store.ListDirAsync("", Token))).Should().BeEquivalentTo("x", "d");
        (await store.ExistsAsync("z", Token)).Should().BeFalse();
        await store.ClearAsync(Token);

        (await store.IsEmptyAsync("", Token)).Should().BeTrue();
        (await Collect(new AzureBlobStore(_container).ListAsync(Token))).Should().BeEquivalentTo("a/bc/z", "a/x", "b/x", "a/b");
    }

    [Fact]
    public async Task Folder_marker_blobs_of_other_tools_are_no_keys_and_delete_dir_leaves_the_key_named_like_the_directory()
    {
        // Other tools write "dir/" blobs as folder markers; the SDK's clients (TrimBlobNameSlashes by default) address
        // "dir/" as "dir", so only a client that keeps slashes can write them, and the store must never address one.
        await UploadAsync(["p/", "p/g", "p/g/", "p/g/k", "p/e/"], UntrimmedContainer());

        var store = new AzureBlobStore(_container, "p");

        (await Collect(store.ListAsync(Token))).Should().BeEquivalentTo("g", "g/k");
        (await Collect(store.ListPrefixAsync("g/", Token))).Should().Equal("g/k");
        (await store.IsEmptyAsync("e", Token)).Should().BeTrue();
        (await store.GetSizePrefixAsync("", Token)).Should().Be(2 * Ten.Length);
        await store.DeleteDirAsync("g", Token);
        (await store.GetAsync("g", BufferPrototype.Default, null, Token))!.ToBytes().Should().Equal(Ten);
        (await store.ExistsAsync("g/k", Token)).Should().BeFalse();
    }

    [Fact]
    public async Task A_read_only_store_refuses_every_write_without_a_request()
    {
        var writable = await StoreWithTenBytesAsync();
        var store = writable.WithReadOnly(readOnly: true);
        _policy.Clear();

        await store.Invoking(s => s.SetAsync("k", Bytes([1]), Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>().WithMessage("*'k'*");
        await store.Invoking(s => s.SetIfNotExistsAsync("n", Bytes([1]), Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.DeleteAsync("k", Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.DeleteDirAsync("", Token)).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.ClearAsync(Token)).Should().ThrowAsync<ReadOnlyStoreException>();

        _policy.Requests.Should().BeEmpty();
        (await store.GetAsync("k", BufferPrototype.Default, null, Token))!.ToBytes().Should().Equal(Ten);
    }

    public static TheoryData<string> Operations() => ["get", "get range", "suffix", "exists", "set", "set if not exists", "delete", "list", "list dir", "delete dir"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Cancelling_a_call_cancels_its_request(string operation)
    {
        var store = await StoreWithTenBytesAsync();
        _policy.HoldUntilCancelled = true;
        using var cancel = new CancellationTokenSource();

        Task call = Run(store, operation, cancel.Token);
        await _policy.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await cancel.CancelAsync();

        // A request sent without the caller's token would be held for ever, and the wait below would time out.
        await call.Invoking(c => c.WaitAsync(TimeSpan.FromSeconds(30), Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Get_ranges_sends_its_reads_concurrently_ten_at_a_time()
    {
        var store = new AzureBlobStore(_container, "p");
        await store.SetAsync("k", Bytes([.. Enumerable.Range(0, 100).Select(i => (byte)i)]), Token);
        ByteRequest?[] ranges = [.. Enumerable.Range(0, 25).Select(i => new RangeByteRequest(4 * i, (4 * i) + 2))];
        _policy.Clear();
        _policy.OpenWhenInFlight(RequestMethod.Get, 10);

        // Without concurrency the first read would wait at the gate for ever.
        var values = await store.GetRangesAsync("k", ranges, BufferPrototype.Default, maxGapBytes: 0, cancellationToken: Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        values.Select(v => v.ToBytes()).Should().Equal(Enumerable.Range(0, 25).Select(i => new[] { (byte)(4 * i), (byte)((4 * i) + 1) }),
            (a, b) => a.SequenceEqual(b));
        _policy.Requests.Should().HaveCount(25);
        _policy.MaxInFlight.Should().Be(10);
    }

    [Fact]
    public async Task Delete_dir_sends_one_batch_request_per_256_keys_and_no_single_deletes()
    {
        var store = new AzureBlobStore(_container, "p");
        string[] keys = [.. Enumerable.Range(0, 255).Select(i => $"dir/{i % 7}/{i}"), "dir/a b/ü€", "dir/100%/x?y#z"];
        await UploadAsync(keys.Select(key => "p/" + key));
        await _container.GetBlobClient("p/dir-kept").UploadAsync(new BinaryData(Ten), Token);
        await UploadAsync(["p/dir/", "p/dir/0/"], UntrimmedContainer());
        await UploadDataLakeDirectoryAsync("p/dir/lake");
        _policy.Clear();

        await store.DeleteDirAsync("dir", Token);

        // One listing and ceil(257 / 256) batches, no delete of a single blob.
        _policy.Requests.Should().HaveCount(3).And.ContainSingle(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("comp=list", StringComparison.Ordinal));
        _policy.Requests.Where(r => r.StartsWith("POST ", StringComparison.Ordinal)).Should().HaveCount(2)
            .And.AllSatisfy(r => r.Should().EndWith($"devstoreaccount1/{_container.Name}?restype=container&comp=batch"));
        (await Collect(store.ListAsync(Token))).Should().Equal("dir-kept");
        (await RawNamesAsync("p/dir/")).Should().BeEquivalentTo("p/dir/", "p/dir/0/", "p/dir/lake");
    }

    [Fact]
    public async Task Delete_dir_has_at_most_four_batch_requests_in_flight()
    {
        var store = new AzureBlobStore(_container, "p");
        await UploadAsync(Enumerable.Range(0, (4 * 256) + 1).Select(i => $"p/dir/{i}"));
        _policy.Clear();
        _policy.OpenWhenInFlight(RequestMethod.Post, 4);

        // Without concurrency the first batch would wait at the gate for ever.
        await store.DeleteDirAsync("dir", Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

        (await store.IsEmptyAsync("", Token)).Should().BeTrue();
        _policy.Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal)).Should().Be(5);
        _policy.MaxInFlight.Should().Be(4);
    }

    [Fact]
    public async Task A_blob_deleted_while_delete_dir_runs_is_no_error()
    {
        var store = new AzureBlobStore(_container, "p");
        await UploadAsync(["p/dir/a", "p/dir/b", "p/dir/c"]);
        var unrecorded = (await azurite.ClientAsync(options: null)).GetParentBlobServiceClient().GetBlobContainerClient(_container.Name);
        bool deletedMeanwhile = false;
        _policy.BeforeFirstPost = async () =>
        {
            await unrecorded.GetBlobClient("p/dir/b").DeleteAsync(cancellationToken: Token);
            deletedMeanwhile = true;
        };

        await store.DeleteDirAsync("dir", Token);

        deletedMeanwhile.Should().BeTrue();
        (await store.IsEmptyAsync("", Token)).Should().BeTrue();
    }

    [Fact]
    public async Task A_delete_the_service_refuses_in_a_batch_names_the_key_and_the_store_and_the_other_deletes_run()
    {
        var store = new AzureBlobStore(_container, "p");
        await UploadAsync(["p/dir/a", "p/dir/b", "p/dir/c"]);
        await _container.GetBlobClient("p/dir/b").GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60), cancellationToken: Token);

        var refusal = await store.Invoking(s => s.DeleteDirAsync("dir", Token)).Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Status.Should().Be(412);
        refusal.Which.ErrorCode.Should().Be("LeaseIdMissing");
        refusal.Which.Message.Should().Contain("delete 'dir/b'").And.Contain(store.ToString()).And.Contain("LeaseIdMissing");
        (await Collect(store.ListAsync(Token))).Should().Equal("dir/b");
        _policy.Requests.Should().NotContain(r => r.StartsWith("DELETE ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_dir_through_a_client_with_a_sas_token_signs_each_delete_with_it()
    {
        await UploadAsync(["p/dir/a", "p/dir/b", "p/kept"]);
        var sas = _container.GenerateSasUri(BlobContainerSasPermissions.List | BlobContainerSasPermissions.Delete, DateTimeOffset.UtcNow.AddHours(1));
        var options = new BlobClientOptions();
        options.AddPolicy(_policy, HttpPipelinePosition.PerRetry);
        var store = new AzureBlobStore(new BlobContainerClient(sas, options), "p");
        _policy.Clear();

        await store.DeleteDirAsync("dir", Token);

        (await Collect(new AzureBlobStore(_container, "p").ListAsync(Token))).Should().Equal("kept");
        _policy.Requests.Should().ContainSingle(r => r.StartsWith("POST ", StringComparison.Ordinal))
            .Which.Should().Contain("restype=container&comp=batch").And.Contain("sig=");
    }

    [Fact]
    public async Task A_container_deleted_before_the_batch_is_an_error_naming_the_store()
    {
        var store = new AzureBlobStore(_container, "p");
        await UploadAsync(["p/dir/a", "p/dir/b"]);
        var unrecorded = (await azurite.ClientAsync(options: null)).GetParentBlobServiceClient().GetBlobContainerClient(_container.Name);
        _policy.BeforeFirstPost = () => unrecorded.DeleteAsync(cancellationToken: Token);

        var refusal = await store.Invoking(s => s.DeleteDirAsync("dir", Token)).Should().ThrowAsync<RequestFailedException>();

        refusal.Which.Status.Should().Be(404);
        refusal.Which.ErrorCode.Should().Be("ContainerNotFound");
        refusal.Which.Message.Should().Contain("delete").And.Contain(store.ToString()).And.Contain("ContainerNotFound");
    }

    [Fact]
    public async Task Cancelling_delete_dir_cancels_its_batch_request()
    {
        var store = await StoreWithTenBytesAsync();
        _policy.HoldOnly = RequestMethod.Post;
        _policy.HoldUntilCancelled = true;
        using var cancel = new CancellationTokenSource();

        Task call = store.DeleteDirAsync("", cancel.Token);
        await _policy.Held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await cancel.CancelAsync();

        await call.Invoking(c => c.WaitAsync(TimeSpan.FromSeconds(30), Token)).Should().ThrowAsync<OperationCanceledException>();
        (await store.ExistsAsync("k", Token)).Should().BeTrue();
    }

    [Fact]
    public async Task Data_lake_directory_blobs_are_no_keys_and_delete_dir_leaves_them()
    {
        foreach (string directory in new[] { "p/g", "p/e", "q/e" })
        {
            await UploadDataLakeDirectoryAsync(directory);
        }

        await _container.GetBlobClient("p/g/k").UploadAsync(new BinaryData(Ten), Token);
        var store = new AzureBlobStore(_container, "p");
        _policy.Clear();

        (await Collect(store.ListAsync(Token))).Should().Equal("g/k");
        _policy.Requests.Should().ContainSingle().Which.Should().Contain("include=Metadata");
        (await Collect(store.ListPrefixAsync("g", Token))).Should().Equal("g/k");
        (await Collect(store.ListDirAsync("", Token))).Should().BeEquivalentTo("e", "g");
        (await store.GetSizePrefixAsync("", Token)).Should().Be(Ten.Length);
        (await new AzureBlobStore(_container, "q").IsEmptyAsync("", Token)).Should().BeTrue();
        await store.DeleteDirAsync("", Token);
        (await RawNamesAsync("")).Should().BeEquivalentTo("p/e", "p/g", "q/e");
    }

    [Fact]
    public async Task A_blob_whose_name_starts_with_a_slash_is_no_key_so_delete_dir_leaves_no_key_behind()
    {
        // The SDK's clients address "/x" as "x": delete-dir would send its delete to another blob and leave it listed.
        await UploadAsync(["/x"], UntrimmedContainer());
        var store = new AzureBlobStore(_container);

        (await Collect(store.ListAsync(Token))).Should().BeEmpty();
        await store.DeleteDirAsync("", Token);
        (await store.IsEmptyAsync("", Token)).Should().BeTrue();
        (await RawNamesAsync("")).Should().Equal("/x");
    }

    [Fact]
    public async Task A_missing_container_is_an_error_naming_the_key_and_the_container_not_a_missing_key()
    {
        var missing = await azurite.ClientAsync(options: null);
        var store = new AzureBlobStore(missing, "p");

        var get = await store.Invoking(s => s.GetAsync("a/k", BufferPrototype.Default, null, Token).AsTask()).Should().ThrowAsync<RequestFailedException>();
        var exists = await store.Invoking(s => s.ExistsAsync("a/k", Token).AsTask()).Should().ThrowAsync<RequestFailedException>();
        var list = await store.Invoking(s => Collect(s.ListAsync(Token))).Should().ThrowAsync<RequestFailedException>();

        get.Which.Message.Should().Contain("'a/k'").And.Contain(missing.Name).And.Contain("ContainerNotFound");
        get.Which.Status.Should().Be(404);
        exists.Which.Message.Should().Contain("'a/k'").And.Contain(missing.Name);
        list.Which.Message.Should().Contain(missing.Name);
    }

    [Fact]
    public void The_description_names_the_container_and_prefix_but_no_sas_token()
    {
        var sas = _container.GenerateSasUri(BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        var store = new AzureBlobStore(new BlobContainerClient(sas), "data/a.zarr");

        store.ToString().Should().Be($"{_container.Uri.AbsoluteUri}/data/a.zarr/").And.NotContain("sig=");
    }

    [Fact]
    public void Stores_are_equal_when_container_prefix_and_read_only_state_are()
    {
        var store = new AzureBlobStore(_container, "p");

        store.Should().Be(new AzureBlobStore(_container, "/p/"));
        store.GetHashCode().Should().Be(new AzureBlobStore(_container, "p").GetHashCode());
        store.Should().NotBe(new AzureBlobStore(_container, "q"));
        store.Should().NotBe(store.WithReadOnly(readOnly: true));
    }

    public static IEnumerable<TheoryDataRow<string>> InteropArrays() => InteropCheck.Arrays();

    [Theory]
    [MemberData(nameof(InteropArrays))]
    public async Task Reads_every_interop_array_as_the_local_store_does(string path)
    {
        var interop = await azurite.InteropContainerAsync();

        await InteropCheck.CheckReadsThroughAsync(new AzureBlobStore(interop, path, readOnly: true), path);
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (string item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>A client of the test's container that keeps trailing slashes in blob names (so it can write folder markers).</summary>
    private BlobContainerClient UntrimmedContainer() =>
        new(_container.Uri, new StorageSharedKeyCredential(Azurite.Account, Azurite.DevelopmentKey), new BlobClientOptions { TrimBlobNameSlashes = false });

    /// <summary>Uploads ten bytes to each blob, sixteen at a time, through <paramref name="container"/> (the test's by default).</summary>
    private Task UploadAsync(IEnumerable<string> blobNames, BlobContainerClient? container = null) =>
        Parallel.ForEachAsync(blobNames, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Token },
            async (name, token) => await (container ?? _container).GetBlobClient(name).UploadAsync(new BinaryData(Ten), token));

    /// <summary>The empty blob with <c>hdi_isfolder=true</c> by which a Data Lake account lists a directory.</summary>
    private async Task UploadDataLakeDirectoryAsync(string name) =>
        await _container.GetBlobClient(name).UploadAsync(BinaryData.Empty,
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } }, Token);

    /// <summary>The names of every blob under <paramref name="prefix"/>, folder markers and directory blobs included.</summary>
    private async Task<List<string>> RawNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, Token))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static Buffer Bytes(byte[] bytes) => BufferPrototype.Default.Buffer.FromBytes(bytes);

    private static Task Run(AzureBlobStore store, string operation, CancellationToken token) => operation switch
    {
        "get" => store.GetAsync("k", BufferPrototype.Default, null, token).AsTask(),
        "get range" => store.GetAsync("k", BufferPrototype.Default, new RangeByteRequest(1, 3), token).AsTask(),
        "suffix" => store.GetAsync("k", BufferPrototype.Default, new SuffixByteRequest(3), token).AsTask(),
        "exists" => store.ExistsAsync("k", token).AsTask(),
        "set" => store.SetAsync("k", Bytes(Ten), token).AsTask(),
        "set if not exists" => store.SetIfNotExistsAsync("n", Bytes(Ten), token).AsTask(),
        "delete" => store.DeleteAsync("k", token).AsTask(),
        "list" => Collect(store.ListAsync(token)),
        "list dir" => Collect(store.ListDirAsync("", token)),
        "delete dir" => store.DeleteDirAsync("", token),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "no such operation"),
    };

    private async Task<AzureBlobStore> StoreWithTenBytesAsync()
    {
        await _container.GetBlobClient("p/k").UploadAsync(new BinaryData(Ten), Token);
        _policy.Clear();
        return new AzureBlobStore(_container, "p");
    }
}
