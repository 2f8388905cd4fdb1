using Amazon.S3;
using Zarr.Buffers;

namespace Zarr.Storage.S3.Tests;

/// <summary>What the conformance suite does not cover: the prefix, read-only mode, cancellation in flight, concurrency, batch deletes, errors and arguments.</summary>
public sealed class S3StoreTests(S3ServerFixture server)
{
    private static readonly BufferPrototype Prototype = BufferPrototype.Default;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a/")]
    [InlineData("a/b", "a/b/")]
    [InlineData("a/b/", "a/b/")]
    [InlineData("data/array.zarr", "data/array.zarr/")]
    public void The_prefix_is_normalised_to_a_directory(string prefix, string expected)
    {
        var store = new S3Store(new AmazonS3Client(new Amazon.Runtime.AnonymousAWSCredentials(), Amazon.RegionEndpoint.USEast1), "bucket", prefix);

        store.Prefix.Should().Be(expected);
        store.ToString().Should().Be($"s3://bucket/{expected}");
        store.ObjectKeyOf("c/0").Should().Be(expected + "c/0");
    }

    [Theory]
    [InlineData("/a")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("../a")]
    [InlineData("//")]
    public void A_bad_prefix_is_refused_by_name(string prefix)
    {
        var make = () => new S3Store(Anonymous(), "bucket", prefix);

        make.Should().Throw<ArgumentException>().WithParameterName(nameof(prefix)).WithMessage($"*'{prefix}'*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Bucket")]
    [InlineData("my_bucket")]
    [InlineData("-bucket")]
    [InlineData("bucket/a")]
    public void A_bad_bucket_is_refused_by_name(string bucket)
    {
        var make = () => new S3Store(Anonymous(), bucket);

        make.Should().Throw<ArgumentException>().WithParameterName(nameof(bucket)).WithMessage($"*'{bucket}'*");
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("a/.")]
    public async Task A_key_with_a_dot_segment_is_refused(string key)
    {
        var store = new S3Store(Anonymous(), "bucket");

        await store.Invoking(s => s.GetAsync(key, Prototype, null, Token).AsTask()).Should().ThrowAsync<ArgumentException>().WithMessage($"*'{key}'*");
    }

    [Fact]
    public async Task A_key_past_the_1024_byte_limit_is_refused()
    {
        var store = new S3Store(Anonymous(), "bucket", "p");

        await store.Invoking(s => s.ExistsAsync(new string('é', 512), Token).AsTask()).Should().ThrowAsync<ArgumentException>().WithMessage("*1026 UTF-8 bytes*1024*");
    }

    [Fact]
    public async Task A_store_under_a_prefix_never_sees_or_deletes_its_neighbours()
    {
        var client = await server.ClientAsync();
        string root = server.NewPrefix("iso");
        var store = new S3Store(client, S3ServerFixture.Bucket, root + "a");
        foreach (string neighbour in new[] { "ab/k", "b/k", "k" })
        {
            await S3ServerFixture.PutRawAsync(client, root + neighbour, new byte[] { 1 }, Token);
        }

        await store.SetAsync("k", Value(2), Token);
        await store.SetAsync("d/k", Value(3), Token);

        (await Collect(store.ListAsync(Token))).Should().BeEquivalentTo("k", "d/k");
        (await Collect(store.ListDirAsync("", Token))).Should().BeEquivalentTo("k", "d");
        (await store.GetSizePrefixAsync("", Token)).Should().Be(2);
        await store.ClearAsync(Token);

        (await Collect(store.ListAsync(Token))).Should().BeEmpty();
        foreach (string neighbour in new[] { "ab/k", "b/k", "k" })
        {
            (await S3ServerFixture.GetRawAsync(client, root + neighbour, Token)).Should().Equal([1], $"{neighbour} lies outside the store's prefix");
        }
    }

    [Fact]
    public async Task Folder_marker_objects_of_other_tools_are_no_keys()
    {
        var client = await server.ClientAsync();
        string root = server.NewPrefix("marker");
        byte[] ten = [.. Enumerable.Range(0, 10).Select(i => (byte)i)];
        foreach (string name in new[] { "", "g", "g/", "g/k", "e/" })
        {
            await S3ServerFixture.PutRawAsync(client, root + name, ten, Token);
        }

        var store = new S3Store(client, S3ServerFixture.Bucket, root);

        (await Collect(store.ListAsync(Token))).Should().BeEquivalentTo("g", "g/k");
        (await Collect(store.ListPrefixAsync("g/", Token))).Should().Equal("g/k");
        (await store.IsEmptyAsync("e", Token)).Should().BeTrue();
        (await store.GetSizePrefixAsync("", Token)).Should().Be(2 * ten.Length);
        await store.DeleteDirAsync("g", Token);
        (await store.GetAsync("g", Prototype, null, Token))!.ToBytes().Should().Equal(ten);
        (await store.ExistsAsync("g/k", Token)).Should().BeFalse();
    }

    [Fact]
    public async Task A_read_only_store_refuses_every_write_with_ReadOnlyStoreException_and_sends_nothing()
    {
        using var recorder = new RecordingHttpClientFactory();
        using var client = await server.ClientThroughAsync(recorder);
        var store = new S3Store(client, S3ServerFixture.Bucket, server.NewPrefix(), readOnly: true);

        await store.Invoking(s => s.SetAsync("k", Value(1), Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>().WithMessage("*k*");
        await store.Invoking(s => s.SetIfNotExistsAsync("k", Value(1), Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.DeleteAsync("k", Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.DeleteDirAsync("d", Token)).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.Invoking(s => s.ClearAsync(Token)).Should().ThrowAsync<ReadOnlyStoreException>();

        recorder.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_that_times_out_is_an_IOException_naming_the_key_not_a_cancellation()
    {
        using var recorder = new RecordingHttpClientFactory { HoldForever = true, ClientTimeout = TimeSpan.FromMilliseconds(200) };
        using var client = await server.ClientThroughAsync(recorder);
        var store = new S3Store(client, S3ServerFixture.Bucket, server.NewPrefix());

        var get = () => store.GetAsync("slow/key", Prototype, null, Token).AsTask();

        (await get.Should().ThrowAsync<IOException>()).WithMessage("*'slow/key'*s3://*");
    }

    [Fact]
    public async Task Cancelling_a_request_in_flight_ends_every_kind_of_call()
    {
        using var recorder = new RecordingHttpClientFactory { HoldForever = true };
        using var client = await server.ClientThroughAsync(recorder);
        var store = new S3Store(client, S3ServerFixture.Bucket, server.NewPrefix());
        var calls = new Dictionary<string, Func<CancellationToken, Task>>
        {
            ["GetAsync"] = t => store.GetAsync("k", Prototype, new RangeByteRequest(0, 2), t).AsTask(),
            ["GetIntoAsync"] = t => store.GetIntoAsync("k", new byte[4], null, t).AsTask(),
            ["ExistsAsync"] = t => store.ExistsAsync("k", t).AsTask(),
            ["SetAsync"] = t => store.SetAsync("k", Value(1), t).AsTask(),
            ["SetIfNotExistsAsync"] = t => store.SetIfNotExistsAsync("k", Value(1), t).AsTask(),
            ["DeleteAsync"] = t => store.DeleteAsync("k", t).AsTask(),
            ["DeleteDirAsync"] = t => store.DeleteDirAsync("d", t),
            ["ListAsync"] = t => Collect(store.ListAsync(t)),
            ["ListDirAsync"] = t => Collect(store.ListDirAsync("d", t)),
            ["GetRangesAsync"] = t => store.GetRangesAsync("k", [new RangeByteRequest(0, 1), new SuffixByteRequest(1)], Prototype, 0, cancellationToken: t),
        };

        foreach ((string name, var call) in calls)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
            int sent = recorder.Requests.Count;
            Task pending = call(cancel.Token);
            while (recorder.Requests.Count == sent)
            {
                await Task.Delay(10, Token);
            }

            pending.IsCompleted.Should().BeFalse($"{name} waits for its request");
            await cancel.CancelAsync();
            await pending.Invoking(p => p).Should().ThrowAsync<OperationCanceledException>($"{name} hands its token to the SDK");
        }
    }

    [Fact]
    public async Task GetRanges_sends_its_ranged_GETs_concurrently_ten_at_most()
    {
        (S3Store store, RecordingHttpClientFactory recorder, byte[] value) = await StoreOverARecordedValueAsync();
        using var disposeRecorder = recorder;

        var parts = await store.GetRangesAsync("k", SpreadRanges, Prototype, maxGapBytes: 0, cancellationToken: Token);

        parts.Select(p => p.ToBytes()).Should().BeEquivalentTo(SpreadRanges.Select(r => Slice(value, r)), o => o.WithStrictOrdering());
        recorder.Requests.Should().HaveCount(16, "no two ranges are close enough to merge");
        recorder.PeakInFlight.Should().Be(10);
    }

    [Fact]
    public async Task GetPartialValues_sends_its_GETs_concurrently_ten_at_most()
    {
        (S3Store store, RecordingHttpClientFactory recorder, byte[] value) = await StoreOverARecordedValueAsync();
        using var disposeRecorder = recorder;

        var parts = await store.GetPartialValuesAsync(Prototype, SpreadRanges.Select(r => ("k", r)), Token);

        parts.Select(p => p!.ToBytes()).Should().BeEquivalentTo(SpreadRanges.Select(r => Slice(value, r)), o => o.WithStrictOrdering());
        recorder.Requests.Should().HaveCount(16);
        recorder.PeakInFlight.Should().Be(10);
    }

    [Fact]
    public async Task DeleteDir_of_more_than_1000_keys_sends_one_DeleteObjects_per_1000_and_keeps_the_rest()
    {
        var client = await server.ClientAsync();
        string prefix = server.NewPrefix();
        using var recorder = new RecordingHttpClientFactory();
        using var recorded = await server.ClientThroughAsync(recorder);
        var store = new S3Store(recorded, S3ServerFixture.Bucket, prefix);
        await server.SeedAsync(Enumerable.Range(0, 1001).Select(i => $"{prefix}d/{i}"), [1]);
        await S3ServerFixture.PutRawAsync(client, prefix + "d", new byte[] { 2 }, Token);
        await S3ServerFixture.PutRawAsync(client, prefix + "e/0", new byte[] { 3 }, Token);

        await store.DeleteDirAsync("d", Token);

        recorder.Requests.Count(r => r.StartsWith("POST ?delete", StringComparison.Ordinal)).Should().Be(2);
        (await Collect(store.ListAsync(Token))).Should().BeEquivalentTo("d", "e/0");
    }

    [Fact]
    public async Task A_missing_bucket_is_an_IOException_naming_the_key_and_bucket_not_a_missing_key()
    {
        var store = new S3Store(await server.ClientAsync(), "no-such-bucket", "p");

        var read = () => store.GetAsync("c/0", Prototype, null, Token).AsTask();

        (await read.Should().ThrowAsync<IOException>()).WithMessage("*'c/0'*s3://no-such-bucket/p/c/0*NoSuchBucket*")
            .WithInnerException<AmazonS3Exception>();
    }

    [Fact]
    public async Task Without_suffix_ranges_a_suffix_read_pins_the_version_it_sized()
    {
        using var recorder = new RecordingHttpClientFactory();
        using var client = await server.ClientThroughAsync(recorder);
        var store = new S3Store(client, S3ServerFixture.Bucket, server.NewPrefix(), options: S3ServerFixture.S3rverOptions);
        await store.SetAsync("k", Value(1, 2, 3, 4, 5), Token);

        var tail = await store.GetAsync("k", Prototype, new SuffixByteRequest(2), Token);

        tail!.ToBytes().Should().Equal(4, 5);
        recorder.Requests.Should().HaveCount(3, "a PUT, then a HEAD for the size and a GET of bytes=3-4");
    }

    [Fact]
    public async Task S3rver_reads_a_suffix_range_from_the_start_so_the_store_is_told_it_has_none()
    {
        var store = new S3Store(await server.ClientAsync(), S3ServerFixture.Bucket, server.NewPrefix());
        await store.SetAsync("k", Value(1, 2, 3, 4, 5), Token);

        var read = () => store.GetAsync("k", Prototype, new SuffixByteRequest(2), Token).AsTask();

        await read.Should().ThrowAsync<InvalidDataException>("s3rver 3.7.1 answers bytes=-2 with bytes 0-2; the store checks Content-Range and refuses it")
            .WithMessage("*bytes=-2*bytes 0-2/5*");
    }

    [Fact]
    public async Task S3rver_ignores_If_None_Match_on_PUT_so_the_store_is_told_it_has_no_conditional_writes()
    {
        using var recorder = new RecordingHttpClientFactory();
        var store = new S3Store(await server.ClientThroughAsync(recorder), S3ServerFixture.Bucket, server.NewPrefix());
        await store.SetAsync("k", Value(1), Token);

        bool wrote = await store.SetIfNotExistsAsync("k", Value(2), Token);

        recorder.Requests.Select(r => r.EndsWith(" If-None-Match: *", StringComparison.Ordinal)).Should().Equal([false, true], "the set is plain and the set-if-not-exists conditional");
        wrote.Should().BeTrue("s3rver 3.7.1 does not answer 412 to If-None-Match: * on PUT");
        (await store.GetAsync("k", Prototype, null, Token))!.ToBytes().Should().Equal(2);
    }

    [Fact]
    public async Task Without_conditional_writes_SetIfNotExists_keeps_an_existing_value()
    {
        var store = new S3Store(await server.ClientAsync(), S3ServerFixture.Bucket, server.NewPrefix(), options: S3ServerFixture.S3rverOptions);
        await store.SetAsync("k", Value(1), Token);

        (await store.SetIfNotExistsAsync("k", Value(2), Token)).Should().BeFalse();
        (await store.SetIfNotExistsAsync("j", Value(3), Token)).Should().BeTrue();

        (await store.GetAsync("k", Prototype, null, Token))!.ToBytes().Should().Equal(1);
        (await store.GetAsync("j", Prototype, null, Token))!.ToBytes().Should().Equal(3);
    }

    [Fact]
    public async Task Stores_are_equal_over_the_same_client_bucket_and_prefix()
    {
        var client = await server.ClientAsync();
        var store = new S3Store(client, S3ServerFixture.Bucket, "a/b");

        store.Should().Be(new S3Store(client, S3ServerFixture.Bucket, "a/b/", readOnly: true));
        store.Should().Be(store.WithReadOnly(true));
        store.Should().NotBe(new S3Store(client, S3ServerFixture.Bucket, "a"));
        store.Should().NotBe(new S3Store(Anonymous(), S3ServerFixture.Bucket, "a/b"));
    }

    /// <summary>Sixteen 2-byte ranges 2 bytes apart: with no gap allowed, none merge.</summary>
    private static ByteRequest?[] SpreadRanges => [.. Enumerable.Range(0, 16).Select(i => (ByteRequest?)new RangeByteRequest(4 * i, 4 * i + 2))];

    private static byte[] Slice(byte[] value, ByteRequest? range) => value[(int)((RangeByteRequest)range!).Start..(int)((RangeByteRequest)range!).End];

    /// <summary>A store whose client holds each request until ten are in flight, over a prefix holding <c>k</c> (64 bytes), put without it.</summary>
    private async Task<(S3Store Store, RecordingHttpClientFactory Recorder, byte[] Value)> StoreOverARecordedValueAsync()
    {
        string prefix = server.NewPrefix();
        byte[] value = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];
        await S3ServerFixture.PutRawAsync(await server.ClientAsync(), prefix + "k", value, Token);
        var recorder = new RecordingHttpClientFactory { HoldUntilInFlight = 10 };
        return (new S3Store(await server.ClientThroughAsync(recorder), S3ServerFixture.Bucket, prefix), recorder, value);
    }

    private static AmazonS3Client Anonymous() => new(new Amazon.Runtime.AnonymousAWSCredentials(), Amazon.RegionEndpoint.USEast1);

    private static Buffer Value(params byte[] bytes) => Prototype.Buffer.FromBytes(bytes);

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (string key in keys)
        {
            list.Add(key);
        }

        return list;
    }
}
