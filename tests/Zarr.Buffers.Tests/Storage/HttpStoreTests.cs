using System.Net;
using Zarr.Buffers.Tests.Arrays;
using Zarr.Buffers.Tests.Servers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Storage;

/// <summary>
/// <see cref="HttpStore"/> against a <see cref="LoopbackHttpServer"/> over a temp folder: byte ranges, missing keys,
/// servers that ignore ranges or answer wrongly, retries and cancellation.
/// </summary>
public sealed class HttpStoreTests : IAsyncDisposable
{
    private static readonly byte[] D4 = [1, 2, 3, 4];
    private static readonly BufferPrototype OtherPrototype = BufferPrototype.Of<OtherBuffer, CpuNDBuffer>();

    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "zarr-http-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly LoopbackHttpServer _server;
    private readonly HttpClient _client = new();
    private readonly RecordingTimeProvider _clock = new();

    public HttpStoreTests()
    {
        _server = LoopbackHttpServer.Start(_folder);
        Write("c/0", D4);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<ByteRequest?, byte[]> ByteRangeVectors => StoreTestsBase.ByteRangeVectors;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(ByteRangeVectors))]
    public async Task Get_resolves_byte_ranges_like_every_store(ByteRequest? byteRange, byte[] expected)
    {
        var value = await NewStore().GetAsync("c/0", BufferPrototype.Default, byteRange, Ct);
        value!.ToBytes().Should().Equal(expected);
    }

    [Theory]
    [MemberData(nameof(ByteRangeVectors))]
    public async Task Get_slices_the_whole_body_of_a_server_that_ignores_ranges(ByteRequest? byteRange, byte[] expected)
    {
        _server.IgnoreRange = true;
        var value = await NewStore().GetAsync("c/0", BufferPrototype.Default, byteRange, Ct);
        value!.ToBytes().Should().Equal(expected);
    }

    [Theory]
    [InlineData(1, 3, "bytes=1-2")]
    [InlineData(-1, 2, "bytes=2-")]
    [InlineData(-2, 3, "bytes=-3")]
    public async Task Get_sends_the_range_as_a_range_header(long start, long end, string header)
    {
        ByteRequest request = start switch
        {
            -1 => new OffsetByteRequest(end),
            -2 => new SuffixByteRequest(end),
            _ => new RangeByteRequest(start, end),
        };
        await NewStore().GetAsync("c/0", BufferPrototype.Default, request, Ct);
        _server.Requests.Should().ContainSingle().Which.Should().Be(("GET", "/c/0", header));
    }

    [Fact]
    public async Task Get_of_a_range_of_a_server_that_ignores_ranges_reads_no_more_than_it_needs()
    {
        _server.IgnoreRange = true;
        Write("big", new byte[1 << 20]);
        var value = await NewStore(new HttpStoreOptions { MaxValueBytes = 16 }).GetAsync("big", BufferPrototype.Default, new RangeByteRequest(2, 10), Ct);
        value!.Length.Should().Be(8);
    }

    [Fact]
    public async Task Get_of_a_missing_key_is_null_and_of_a_forbidden_one_an_error()
    {
        var store = NewStore();
        (await store.GetAsync("c/1", BufferPrototype.Default, null, Ct)).Should().BeNull();
        (await store.GetAsync("c/1", BufferPrototype.Default, new RangeByteRequest(0, 0), Ct)).Should().BeNull();

        _server.Faults.Enqueue(ServerFault.Forbidden);
        var get = async () => await store.GetAsync("c/0", BufferPrototype.Default, null, Ct);
        (await get.Should().ThrowAsync<HttpRequestException>().WithMessage("*'c/0'*403 Forbidden*")).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_makes_the_result_through_the_prototype()
    {
        (await NewStore().GetAsync("c/0", OtherPrototype, new RangeByteRequest(1, 3), Ct)).Should().BeOfType<OtherBuffer>()
            .Which.ToBytes().Should().Equal(2, 3);
        (await NewStore().GetRangesAsync("c/0", [new RangeByteRequest(0, 1), new SuffixByteRequest(1)], OtherPrototype, cancellationToken: Ct))
            .Should().AllBeOfType<OtherBuffer>();
    }

    [Theory]
    [InlineData(ServerFault.WrongContentRange, "*Content-Range 'bytes 2-3/5'*")]
    [InlineData(ServerFault.TooLongBody, "*longer than the 2 bytes*")]
    [InlineData(ServerFault.TooLongContentLength, "*Content-Length 12*")]
    [InlineData(ServerFault.RangeNotSatisfiable, "*bytes=1-2*416*'bytes */4'*")]
    public async Task Get_rejects_an_answer_that_does_not_match_the_range(ServerFault fault, string message)
    {
        _server.Faults.Enqueue(fault);
        var get = async () => await NewStore().GetAsync("c/0", BufferPrototype.Default, new RangeByteRequest(1, 3), Ct);
        await get.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public async Task Get_of_a_whole_value_longer_than_the_limit_fails()
    {
        _server.IgnoreRange = true;
        var get = async () => await NewStore(new HttpStoreOptions { MaxValueBytes = 3 }).GetAsync("c/0", BufferPrototype.Default, new OffsetByteRequest(1), Ct);
        await get.Should().ThrowAsync<InvalidDataException>().WithMessage("*Content-Length 4*3 bytes*");
    }

    [Theory]
    [InlineData(ServerFault.ServiceUnavailable)]
    [InlineData(ServerFault.DropConnection)]
    public async Task Transient_failures_are_retried_with_growing_jittered_waits(ServerFault fault)
    {
        _server.Faults.Enqueue(fault);
        _server.Faults.Enqueue(fault);
        var options = new HttpStoreOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), TimeProvider = _clock };

        var value = await NewStore(options).GetAsync("c/0", BufferPrototype.Default, null, Ct);

        value!.ToBytes().Should().Equal(D4);
        _server.Requests.Should().HaveCount(3);
        var waits = _clock.Waits.ToArray();
        waits.Should().HaveCount(2);
        waits[0].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
        waits[1].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says_up_to_the_limit()
    {
        _server.Faults.Enqueue(ServerFault.TooManyRequests);
        await NewStore(new HttpStoreOptions { TimeProvider = _clock }).GetAsync("c/0", BufferPrototype.Default, null, Ct);
        _server.Faults.Enqueue(ServerFault.TooManyRequests);
        await NewStore(new HttpStoreOptions { TimeProvider = _clock, MaxRetryDelay = TimeSpan.FromSeconds(2) }).GetAsync("c/0", BufferPrototype.Default, null, Ct);
        _clock.Waits.Should().Equal(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Retries_stop_after_the_last_attempt()
    {
        for (int i = 0; i < 3; i++)
        {
            _server.Faults.Enqueue(ServerFault.ServiceUnavailable);
        }

        var get = async () => await NewStore(new HttpStoreOptions { MaxAttempts = 2, TimeProvider = _clock }).GetAsync("c/0", BufferPrototype.Default, null, Ct);

        (await get.Should().ThrowAsync<HttpRequestException>().WithMessage("*503*all 2 attempts*")).Which.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        _server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Cancellation_ends_a_retry_wait()
    {
        _server.Faults.Enqueue(ServerFault.TooManyRequests);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new HttpStoreOptions { TimeProvider = new RecordingTimeProvider(cancelOnWait: cancel) };

        var get = async () => await NewStore(options).GetAsync("c/0", BufferPrototype.Default, null, cancel.Token);

        await get.Should().ThrowAsync<OperationCanceledException>();
        _server.Requests.Should().ContainSingle("the Retry-After wait was cancelled before the second attempt");
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        var get = async () => await NewStore().GetAsync("c/0", BufferPrototype.Default, null, new CancellationToken(canceled: true));
        await get.Should().ThrowAsync<OperationCanceledException>();
        var exists = async () => await NewStore().ExistsAsync("c/0", new CancellationToken(canceled: true));
        await exists.Should().ThrowAsync<OperationCanceledException>();
        _server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false, "HEAD")]
    [InlineData(true, "GET")]
    public async Task Exists_and_get_size_ask_with_head_or_else_a_one_byte_get(bool refuseHead, string lastMethod)
    {
        _server.RefuseHead = refuseHead;
        Write("empty", []);
        var store = NewStore();

        (await store.ExistsAsync("c/0", Ct)).Should().BeTrue();
        (await store.ExistsAsync("c/9", Ct)).Should().BeFalse();
        (await store.GetSizeAsync("c/0", Ct)).Should().Be(4);
        (await store.GetSizeAsync("empty", Ct)).Should().Be(0);
        var size = async () => await store.GetSizeAsync("c/9", Ct);
        await size.Should().ThrowAsync<KeyNotFoundException>().WithMessage("*'c/9'*");
        _server.Requests.Last().Method.Should().Be(lastMethod);
    }

    [Fact]
    public async Task Keys_are_escaped_segment_by_segment()
    {
        const string key = "a b/c%d#e?f/ü";
        Write(key, D4);
        var store = NewStore();

        (await store.GetAsync(key, BufferPrototype.Default, null, Ct))!.ToBytes().Should().Equal(D4);
        store.UriOf(key).AbsoluteUri.Should().Be(_server.BaseUri.AbsoluteUri + "a%20b/c%25d%23e%3Ff/%C3%BC");
    }

    [Theory]
    [InlineData("a/../c/0")]
    [InlineData("./c/0")]
    [InlineData("/c/0")]
    [InlineData("")]
    public async Task Keys_that_a_url_would_change_are_rejected(string key)
    {
        var get = async () => await NewStore().GetAsync(key, BufferPrototype.Default, null, Ct);
        await get.Should().ThrowAsync<ArgumentException>().WithMessage($"*'{key}'*");
    }

    [Theory]
    [InlineData("data/array.zarr")]
    [InlineData("ftp://example.org/data/")]
    [InlineData("http://example.org/data/?sig=1")]
    public void The_root_must_be_an_absolute_http_url_without_query(string uri)
    {
        var make = () => new HttpStore(_client, new Uri(uri, UriKind.RelativeOrAbsolute));
        make.Should().Throw<ArgumentException>().WithMessage($"*'{uri}'*");
    }

    [Fact]
    public void The_root_gets_a_final_slash_so_keys_resolve_under_it()
    {
        var store = new HttpStore(_client, new Uri(_server.BaseUri, "data/array.zarr"));
        store.ToString().Should().Be(_server.BaseUri.AbsoluteUri + "data/array.zarr/");
        store.UriOf("zarr.json").AbsolutePath.Should().Be("/data/array.zarr/zarr.json");
    }

    [Fact]
    public void Stores_over_the_same_root_are_equal()
    {
        var store = NewStore();
        store.Should().Be(new HttpStore(_client, new Uri(_server.BaseUri.AbsoluteUri.TrimEnd('/'))));
        store.GetHashCode().Should().Be(NewStore().GetHashCode());
        store.Should().NotBe(new HttpStore(_client, new Uri(_server.BaseUri, "c/")));
    }

    [Fact]
    public async Task Writes_are_refused_and_listing_is_unsupported()
    {
        var store = NewStore();
        store.ReadOnly.Should().BeTrue();
        var set = async () => await store.SetAsync("c/0", CpuBuffer.FromBytes(D4), Ct);
        await set.Should().ThrowAsync<ReadOnlyStoreException>();
        var delete = async () => await store.DeleteAsync("c/0", Ct);
        await delete.Should().ThrowAsync<ReadOnlyStoreException>();
        var list = async () => await store.ListPrefixAsync("c/", Ct).ToListAsync(Ct);
        await list.Should().ThrowAsync<NotSupportedException>().WithMessage($"*{_server.BaseUri}*listing*");
        var isEmpty = () => store.IsEmptyAsync("", Ct);
        await isEmpty.Should().ThrowAsync<NotSupportedException>();
        store.Invoking(s => s.WithReadOnly(false)).Should().Throw<NotSupportedException>();
        store.WithReadOnly(true).Should().BeOfType<HttpStore>().Which.BaseUri.Should().Be(store.BaseUri);
    }

    [Fact]
    public async Task Get_ranges_sends_concurrent_ranged_requests()
    {
        Write("big", [.. Enumerable.Range(0, 100).Select(i => (byte)i)]);
        ByteRequest?[] ranges = [new RangeByteRequest(0, 2), new RangeByteRequest(50, 52), new SuffixByteRequest(1), null];

        var values = await NewStore().GetRangesAsync("big", ranges, BufferPrototype.Default, maxGapBytes: 0, cancellationToken: Ct);

        values.Select(v => v.ToBytes()).Should().BeEquivalentTo(new byte[][] { [0, 1], [50, 51], [99], [.. Enumerable.Range(0, 100).Select(i => (byte)i)] },
            o => o.WithStrictOrdering());
        _server.Requests.Select(r => r.Range).Should().BeEquivalentTo(["bytes=0-1", "bytes=50-51", "bytes=-1", null]);
    }

    [Fact]
    public async Task Get_partial_values_keeps_the_input_order()
    {
        (string, ByteRequest?)[] pairs = [("c/0", new SuffixByteRequest(1)), ("c/9", null), ("c/0", new RangeByteRequest(0, 2)), ("c/0", null)];

        var values = await NewStore().GetPartialValuesAsync(OtherPrototype, pairs, Ct);

        values.Select(v => v?.ToBytes()).Should().BeEquivalentTo(new byte[]?[] { [4], null, [1, 2], D4 }, o => o.WithStrictOrdering());
        values.OfType<Buffer>().Should().AllBeOfType<OtherBuffer>();
        _server.Requests.Should().HaveCount(4);
    }

    public static IEnumerable<TheoryDataRow<string>> InteropArrays() => InteropCheck.Arrays();

    [Theory]
    [MemberData(nameof(InteropArrays))]
    public async Task Reads_every_interop_array_as_the_local_store_does(string path)
    {
        await using var interop = LoopbackHttpServer.Start(RepoPaths.Interop);
        var root = new HttpStore(_client, interop.BaseUri).UriOf(path);

        await InteropCheck.CheckReadsThroughAsync(new HttpStore(_client, root), path);
    }

    private HttpStore NewStore(HttpStoreOptions? options = null) => new(_client, _server.BaseUri, options);

    private void Write(string key, byte[] value)
    {
        string path = Path.Combine(_folder, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, value);
    }
}
