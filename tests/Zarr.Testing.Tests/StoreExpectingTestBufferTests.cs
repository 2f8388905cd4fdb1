using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Buffers.Tests;
using Zarr.Storage;

namespace Zarr.Testing.Tests;

public class StoreExpectingTestBufferTests
{
    private static readonly BufferPrototype s_testPrototype = BufferPrototype.Of<TestBuffer, NDBufferUsingTestNDArrayLike>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_folder_of_real_data_loads_in_one_call_through_the_test_prototype_and_reads_back()
    {
        string folder = Path.Combine(RepoPaths.Interop, "zarrita.js", "fixtures", "v3", "data.zarr");
        var files = new LocalStore(folder, readOnly: true);
        var store = new StoreExpectingTestBuffer();

        int copied = await StoreCopy.CopyAsync(files, store, "", s_testPrototype, cancellationToken: Token);

        copied.Should().Be(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);
        store.StoreDict.Where(entry => entry.Key.Contains("/c/", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(entry => entry.Value is TestBuffer);
        const string array = "2d.chunked.compressed.sharded.filled.i2";
        var expected = await (await ZarrArray.OpenAsync(files, array, Token)).ReadAsync(null, BufferPrototype.Default, Token);
        var actual = await (await ZarrArray.OpenAsync(store, array, Token)).ReadAsync(null, s_testPrototype, Token);
        actual.Should().BeOfType<NDBufferUsingTestNDArrayLike>().Which.AllEqual(expected).Should().BeTrue();
    }

    [Fact]
    public async Task Rejects_a_CpuBuffer_for_a_chunk_key_naming_key_and_classes_and_stores_nothing()
    {
        var store = new StoreExpectingTestBuffer();

        var failure = await store.Invoking(s => s.SetAsync("c/0", CpuBuffer.FromBytes([1, 2]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Should().StartWith("StoreExpectingTestBuffer.SetAsync('c/0') got a CpuBuffer where a TestBuffer was expected");
        failure.Which.Key.Should().Be("c/0");
        failure.Which.ExpectedType.Should().Be<TestBuffer>();
        failure.Which.ActualType.Should().Be<CpuBuffer>();
        store.StoreDict.Should().BeEmpty();
    }

    [Fact]
    public async Task The_message_about_a_huge_chunk_key_quotes_only_its_start_and_still_names_the_operation()
    {
        var store = new StoreExpectingTestBuffer();
        string key = "c/" + new string('0', 1_000_000);

        var failure = await store.Invoking(s => s.SetAsync(key, CpuBuffer.FromBytes([1]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();

        failure.Which.Message.Length.Should().BeLessThan(1000);
        failure.Which.Message.Should().StartWith("StoreExpectingTestBuffer.SetAsync('c/000").And.Contain("(1000002 characters)");
        failure.Which.Key.Should().Be(key);
    }

    [Fact]
    public async Task SetIfNotExists_rejects_a_CpuBuffer_for_a_chunk_key_too()
    {
        var store = new StoreExpectingTestBuffer();

        await store.Invoking(s => s.SetIfNotExistsAsync("a/c/0/1", CpuBuffer.FromBytes([1]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>().WithMessage("*SetIfNotExistsAsync('a/c/0/1')*CpuBuffer*TestBuffer*");
        store.StoreDict.Should().BeEmpty();
    }

    [Theory]
    [InlineData("zarr.json")]
    [InlineData("a/zarr.json")]
    [InlineData(".zarray")]
    [InlineData("a/.zarray")]
    [InlineData("a/b/.zattrs")]
    [InlineData(".zgroup")]
    [InlineData("a/.zmetadata")]
    public async Task Metadata_keys_accept_any_buffer_and_any_prototype(string key)
    {
        var store = new StoreExpectingTestBuffer();

        await store.SetAsync(key, CpuBuffer.FromBytes([1, 2]), Token);
        (await store.SetIfNotExistsAsync("x/" + key, CpuBuffer.FromBytes([3]), Token)).Should().BeTrue();
        var read = await store.GetAsync(key, BufferPrototype.Default, cancellationToken: Token);

        read.Should().BeOfType<CpuBuffer>().Which.ToBytes().Should().Equal(1, 2);
    }

    [Theory]
    [InlineData("a/.zarray/0")]
    [InlineData("a/x.zarray")]
    [InlineData("a/.zarrays")]
    [InlineData("zattrs")]
    [InlineData("geojson/arr/c/0")]
    [InlineData("geojson/arr/0.0")]
    [InlineData("a/zarr.json/c/0")]
    [InlineData("group/.zarray.json")]
    [InlineData("a/attrs.json")]
    public async Task Only_the_exact_metadata_names_in_the_last_segment_are_metadata(string key)
    {
        var store = new StoreExpectingTestBuffer();

        await store.Invoking(s => s.SetAsync(key, CpuBuffer.FromBytes([1]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();
        await store.Invoking(s => s.SetIfNotExistsAsync(key, CpuBuffer.FromBytes([1]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();
        store.StoreDict.Should().BeEmpty();
    }

    [Fact]
    public async Task Chunks_of_an_array_whose_path_contains_json_are_checked_and_the_message_states_the_rule()
    {
        var store = new StoreExpectingTestBuffer();
        await store.SetAsync("geojson/arr/zarr.json", CpuBuffer.FromBytes([1]), Token);

        var write = await store.Invoking(s => s.SetAsync("geojson/arr/c/0", CpuBuffer.FromBytes([1]), Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();
        await store.Invoking(s => s.GetAsync("geojson/arr/c/0", BufferPrototype.Default, cancellationToken: Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>().WithMessage("*GetAsync('geojson/arr/c/0')*");

        write.Which.Message.Should().Contain("only metadata keys, whose last segment is zarr.json, .zarray, .zattrs, .zgroup or .zmetadata, may use any buffer class");
        store.StoreDict.Keys.Should().Equal("geojson/arr/zarr.json");
    }

    [Fact]
    public async Task Chunk_reads_need_the_TestBuffer_prototype_and_return_TestBuffers()
    {
        var store = new StoreExpectingTestBuffer();
        await store.SetAsync("c/0", TestBuffer.FromBytes([1, 2, 3]), Token);

        var wrongPrototype = await store.Invoking(s => s.GetAsync("c/0", BufferPrototype.Default, cancellationToken: Token).AsTask())
            .Should().ThrowAsync<UnexpectedBufferTypeException>();
        var read = await store.GetAsync("c/0", s_testPrototype, new RangeByteRequest(1, 3), Token);

        wrongPrototype.Which.Message.Should().StartWith(
            "StoreExpectingTestBuffer.GetAsync('c/0') asked for a CpuBuffer (the buffer class of the prototype it was passed) where a TestBuffer was expected")
            .And.NotContain("made");
        wrongPrototype.Which.ActualType.Should().Be<CpuBuffer>();
        read.Should().BeOfType<TestBuffer>().Which.ToBytes().Should().Equal(2, 3);
        store.StoreDict["c/0"].Should().BeOfType<TestBuffer>();
    }

    [Fact]
    public async Task Other_members_behave_as_MemoryStore_and_WithReadOnly_keeps_the_class()
    {
        var store = new StoreExpectingTestBuffer();
        await store.SetAsync("c/0", TestBuffer.FromBytes([1]), Token);

        StoreExpectingTestBuffer reader = store.WithReadOnly(true);

        reader.StoreDict.Should().BeSameAs(store.StoreDict);
        reader.ReadOnly.Should().BeTrue();
        (await reader.ExistsAsync("c/0", Token)).Should().BeTrue();
        await reader.Invoking(r => r.SetAsync("c/1", TestBuffer.FromBytes([1]), Token).AsTask()).Should().ThrowAsync<ReadOnlyStoreException>();
        await store.DeleteAsync("c/0", Token);
        (await store.IsEmptyAsync("", Token)).Should().BeTrue();
    }

    [Fact]
    public async Task Null_arguments_are_rejected_before_the_class_check()
    {
        var store = new StoreExpectingTestBuffer();

        await store.Invoking(s => s.SetAsync("c/0", null!, Token).AsTask()).Should().ThrowAsync<ArgumentNullException>();
        await store.Invoking(s => s.SetAsync(null!, TestBuffer.FromBytes([1]), Token).AsTask()).Should().ThrowAsync<ArgumentNullException>();
        await store.Invoking(s => s.GetAsync("c/0", null!, cancellationToken: Token).AsTask()).Should().ThrowAsync<ArgumentNullException>();
    }
}
