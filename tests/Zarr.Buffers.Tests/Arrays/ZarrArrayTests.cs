using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

public sealed partial class ZarrArrayTests : IDisposable
{
    private static readonly BufferPrototype Prototype = BufferPrototype.Default;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zarr-array-tests-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    public static TheoryData<string> Stores => ["memory", "local"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Missing_chunks_read_as_the_fill_value(string kind)
    {
        var array = await CreateAsync(Store(kind), new ArrayMetadata([5, 7], DataType.Int32, [2, 3], fillValue: -1));

        var values = await array.ReadAsync(null, Prototype, Token);

        values.Shape.ToArray().Should().Equal(5, 7);
        values.AllEqual(-1).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Region_writes_read_back_with_partial_and_edge_chunks(string kind)
    {
        var store = Store(kind);
        var array = await CreateAsync(store, new ArrayMetadata([5, 7], DataType.Int32, [2, 3], fillValue: -1));
        var expected = Enumerable.Repeat(-1, 35).ToArray();
        await WriteAndTrackAsync(array, expected, 1, 5, 2, 7, start: 100);
        await WriteAndTrackAsync(array, expected, 0, 2, 0, 4, start: 500);

        (await ValuesAsync<int>(array, null)).Should().Equal(expected);
        (await ValuesAsync<int>(array, [new NRange(3, 5), new NRange(5, 7)])).Should().Equal(expected[26], expected[27], expected[33], expected[34]);
        (await KeysAsync(store)).Should().BeEquivalentTo("zarr.json", "c/0/0", "c/0/1", "c/0/2", "c/1/0", "c/1/1", "c/1/2", "c/2/0", "c/2/1", "c/2/2");
    }

    [Fact]
    public async Task Edge_chunks_are_stored_full_size_with_fill_padding()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([3], DataType.Int16, [2], fillValue: 9));

        await array.WriteAsync(null, CpuNDBuffer.FromArray(new short[] { 1, 2, 3 }, [3]), Prototype, Token);

        var edge = await store.GetAsync("c/1", Prototype, null, Token);
        edge!.ToBytes().Should().Equal(3, 0, 9, 0);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Chunks_left_holding_only_the_fill_value_are_deleted(string kind)
    {
        var store = Store(kind);
        var array = await CreateAsync(store, new ArrayMetadata([4], DataType.Float32, [2], fillValue: float.NaN));
        await array.WriteAsync(null, CpuNDBuffer.FromArray(new[] { 1f, 2, 3, 4 }, [4]), Prototype, Token);

        await array.WriteAsync([new NRange(0, 3)], CpuNDBuffer.FromArray(new[] { float.NaN, float.NaN, float.NaN }, [3]), Prototype, Token);
        await array.WriteAsync([new NRange(0, 1)], CpuNDBuffer.Create([], DataType.Float32, fillValue: float.NaN), Prototype, Token);

        (await KeysAsync(store)).Should().BeEquivalentTo("zarr.json", "c/1");
        (await ValuesAsync<float>(array, null)).Should().Equal(float.NaN, float.NaN, float.NaN, 4f);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task With_WriteEmptyChunks_chunks_of_only_the_fill_value_are_stored(string kind)
    {
        var store = Store(kind);
        var array = await CreateAsync(store, new ArrayMetadata([4], DataType.Float32, [2], fillValue: float.NaN));
        array.WriteEmptyChunks.Should().BeFalse("zarr-python's default");
        array.WriteEmptyChunks = true;

        await array.WriteAsync(null, CpuNDBuffer.FromArray(new[] { float.NaN, float.NaN, float.NaN, 4f }, [4]), Prototype, Token);

        (await KeysAsync(store)).Should().BeEquivalentTo("zarr.json", "c/0", "c/1");
        (await store.GetAsync("c/0", Prototype, null, Token))!.Length.Should().Be(2 * sizeof(float), "the chunk of two NaNs is stored");
        (await ValuesAsync<float>(array, null)).Should().Equal(float.NaN, float.NaN, float.NaN, 4f);
    }

    [Fact]
    public async Task A_scalar_value_fills_the_region()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([2, 3], DataType.UInt8, [2, 2]));

        await array.WriteAsync([new NRange(1, 2)], CpuNDBuffer.Create([], DataType.UInt8, fillValue: 7), Prototype, Token);

        (await ValuesAsync<byte>(array, null)).Should().Equal(0, 0, 0, 7, 7, 7);
    }

    [Fact]
    public async Task Values_are_cast_to_the_array_type()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([3], DataType.Float64, [2]));

        await array.WriteAsync(null, CpuNDBuffer.FromArray(new[] { 1, 2, 3 }, [3]), Prototype, Token);

        (await ValuesAsync<double>(array, null)).Should().Equal(1d, 2d, 3d);
    }

    [Fact]
    public async Task Rank_0_arrays_have_one_chunk()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([], DataType.Complex64, [], fillValue: new Complex64(1, 1)));
        (await array.ReadAsync(null, Prototype, Token)).AsScalar().Should().Be(new Complex64(1, 1));

        await array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Complex64, fillValue: new Complex64(2, -3)), Prototype, Token);

        (await KeysAsync(store)).Should().Contain("c");
        (await array.ReadAsync(null, Prototype, Token)).AsScalar().Should().Be(new Complex64(2, -3));
    }

    [Fact]
    public async Task Out_of_bounds_regions_fail_before_any_io()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Int32, [2, 2]));
        var value = CpuNDBuffer.Create([4, 5], DataType.Int32, fillValue: 1);

        var write = () => array.WriteAsync([new NRange(0, 4), new NRange(0, 5)], value, Prototype, Token);
        var read = () => array.ReadAsync([new NRange(2, 5)], Prototype, Token);

        await write.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*0..4, 0..5*[4, 4]*axis 1*");
        await read.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*2..5*[4, 4]*");
        (await KeysAsync(store)).Should().Equal("zarr.json");
    }

    [Fact]
    public async Task Shape_mismatch_fails_before_any_write()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4, 4], DataType.Int32, [2, 2]));

        var write = () => array.WriteAsync([new NRange(0, 2)], CpuNDBuffer.Create([2, 3], DataType.Int32, fillValue: 1), Prototype, Token);

        await write.Should().ThrowAsync<ArgumentException>().WithParameterName("value").WithMessage("*[2, 3]*0..2*[2, 4]*");
        (await KeysAsync(store)).Should().Equal("zarr.json");
    }

    [Fact]
    public async Task Read_only_stores_are_refused_before_any_write()
    {
        var store = new MemoryStore();
        await CreateAsync(store, new ArrayMetadata([4], DataType.Int32, [2]));
        var array = await ZarrArray.OpenAsync(store.WithReadOnly(true), "", Token);

        var write = () => array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int32, fillValue: 1), Prototype, Token);

        await write.Should().ThrowAsync<InvalidOperationException>().WithMessage("*read-only*");
        (await KeysAsync(store)).Should().Equal("zarr.json");
    }

    [Theory]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"big\"}}]", new byte[] { 1, 2, 3 }, "*'grp/arr/c/1'*")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"gzip\"}]", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2 }, "*'grp/arr/c/1'*")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"zstd\"}]", new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 9, 9 }, "*'grp/arr/c/1'*")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"crc32c\"}]", new byte[] { 1, 0, 2, 0, 0, 0, 0, 0 }, "*'grp/arr/c/1'*")]
    public async Task Corrupt_chunks_name_their_key(string codecs, byte[] stored, string message)
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([4], DataType.Int16, [2], codecs: JsonNode.Parse(codecs)!.AsArray()), "grp/arr");
        await store.SetAsync("grp/arr/c/1", CpuBuffer.FromBytes(stored), Token);

        var read = () => array.ReadAsync(null, Prototype, Token);
        var write = () => array.WriteAsync([new NRange(3, 4)], CpuNDBuffer.Create([], DataType.Int16, fillValue: 5), Prototype, Token);

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
        await write.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public async Task Unsupported_codecs_fail_to_open_and_create_without_writing()
    {
        var store = new MemoryStore();
        await store.SetAsync("a/zarr.json", CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(
            new ArrayMetadata([4], DataType.Int16, [2]).ToJson().ToJsonString().Replace("\"bytes\"", "\"bytes\"},{\"name\":\"lz4\"", StringComparison.Ordinal))), Token);

        var open = () => ZarrArray.OpenAsync(store, "a", Token);
        var create = () => ZarrArray.CreateAsync(store, "b", new ArrayMetadata([4], DataType.Int16, [2], codecs: [new JsonObject { ["name"] = "numcodecs.fletcher32" }]), Token);

        await open.Should().ThrowAsync<NotSupportedException>().WithMessage("*'lz4'*");
        await create.Should().ThrowAsync<NotSupportedException>().WithMessage("*'numcodecs.fletcher32'*");
        (await KeysAsync(store)).Should().Equal("a/zarr.json");
    }

    [Theory]
    [InlineData("[{\"name\": \"bytes\"}]", "*'a/zarr.json'*'codecs'*endian*int16*")]
    [InlineData("[{\"name\": \"transpose\", \"configuration\": {\"order\": [0, 1]}}, {\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]", "*'a/zarr.json'*'codecs'*")]
    [InlineData("[{\"name\": \"gzip\"}]", "*'a/zarr.json'*'codecs'*")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"gzip\", \"configuration\": {\"level\": 12}}]", "*'a/zarr.json'*'codecs'*")]
    [InlineData("[{\"name\": \"sharding_indexed\", \"configuration\": {\"chunk_shape\": [3]}}]", "*'a/zarr.json'*'codecs'*[3]*")]
    public async Task Misconfigured_codecs_are_bad_metadata_and_nothing_is_written(string codecs, string message)
    {
        var store = new MemoryStore();

        var create = () => ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4], DataType.Int16, [2], codecs: JsonNode.Parse(codecs)!.AsArray()), Token);

        await create.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
        (await KeysAsync(store)).Should().BeEmpty();
    }

    [Fact]
    public async Task Opening_what_is_not_an_array_explains_why()
    {
        var store = new MemoryStore();
        await store.SetAsync("g/zarr.json", CpuBuffer.FromBytes("""{"zarr_format": 3, "node_type": "group"}"""u8), Token);

        var missing = () => ZarrArray.OpenAsync(store, "nothing", Token);
        var group = () => ZarrArray.OpenAsync(store, "/g/", Token);

        await missing.Should().ThrowAsync<KeyNotFoundException>().WithMessage("*'nothing/zarr.json'*'nothing/.zarray'*");
        await group.Should().ThrowAsync<InvalidDataException>().WithMessage("*'g/zarr.json'*node_type*group*");
    }

    public static TheoryData<string, string, Type, string> HugeValues => new()
    {
        { "zarr.json", """{"data_type": "HUGE"}""", typeof(NotSupportedException), "Data type 'xxx*' in zarr.json*" },
        { "zarr.json", """{"data_type": {"name": "HUGE"}}""", typeof(NotSupportedException), "Extension data type {*" },
        { "zarr.json", """{"node_type": "HUGE"}""", typeof(InvalidDataException), "*node_type*expected 'array'*" },
        { "zarr.json", """{"chunk_grid": {"name": "HUGE"}}""", typeof(NotSupportedException), "Chunk grid 'xxx*" },
        { "zarr.json", """{"chunk_key_encoding": {"name": "HUGE"}}""", typeof(NotSupportedException), "Chunk key encoding 'xxx*" },
        { "zarr.json", """{"chunk_key_encoding": {"name": "default", "configuration": {"separator": "HUGE"}}}""", typeof(InvalidDataException), "*separator*expected '/' or '.'*" },
        { "zarr.json", """{"fill_value": "HUGE"}""", typeof(InvalidDataException), "*fill_value*not a valid float32 value*" },
        { "zarr.json", """{"dimension_names": [["HUGE"]]}""", typeof(InvalidDataException), "*dimension_names*expected a string*" },
        { "zarr.json", """{"storage_transformers": [{"name": "HUGE"}]}""", typeof(NotSupportedException), "Storage transformers*" },
        { "zarr.json", """{"HUGE": {}}""", typeof(NotSupportedException), "*extension field 'xxx*" },
        { "zarr.json", """{"codecs": [{"name": "HUGE"}]}""", typeof(NotSupportedException), "Codec 'xxx*' is not supported*" },
        { "zarr.json", """{"codecs": [{"name": "bytes", "configuration": {"endian": "HUGE"}}]}""", typeof(InvalidDataException), "*codecs*endian*" },
        { "zarr.json", """{"codecs": [{"name": "bytes", "configuration": {"HUGE": 1}}]}""", typeof(InvalidDataException), "*codecs*no configuration key 'xxx*" },
        { "zarr.json", """{"codecs": [{"name": "bytes", "configuration": "HUGE"}]}""", typeof(InvalidDataException), "*codecs*must be a JSON object*" },
        { "zarr.json", """{"codecs": [{"HUGE": 1}]}""", typeof(InvalidDataException), "*codecs*codec entry must be an object*" },
        { ".zarray", """{"dtype": "HUGE"}""", typeof(NotSupportedException), "dtype 'xxx*' in .zarray*" },
        { ".zarray", """{"dtype": [["HUGE", "<i4"]]}""", typeof(NotSupportedException), "Structured dtype*" },
        { ".zarray", """{"order": "HUGE"}""", typeof(InvalidDataException), "*order*expected 'C' or 'F'*" },
        { ".zarray", """{"compressor": {"id": "HUGE"}}""", typeof(NotSupportedException), "Zarr v2 compressor 'xxx*" },
        { ".zarray", """{"filters": [{"id": "HUGE"}]}""", typeof(NotSupportedException), "Zarr v2 filters*" },
        { ".zarray", """{"dimension_separator": "HUGE"}""", typeof(InvalidDataException), "*dimension_separator*" },
        { ".zarray", """{"shape": "HUGE"}""", typeof(InvalidDataException), "*shape*expected an array of integers*" },
        { ".zarray", """ "HUGE" """, typeof(InvalidDataException), "*expected a JSON object*" },
    };

    [Theory]
    [MemberData(nameof(HugeValues))]
    public async Task Messages_quote_at_most_the_start_of_a_huge_value(string document, string fields, Type exception, string message)
    {
        var store = new MemoryStore();
        string huge = new('x', 10 << 20);
        string json = fields.TrimStart().StartsWith('{') ? MergeInto(document, fields) : fields;
        await store.SetAsync(document, CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(json.Replace("HUGE", huge, StringComparison.Ordinal))), Token);

        var open = () => ZarrArray.OpenAsync(store, "", Token);

        var thrown = (await open.Should().ThrowAsync<Exception>()).Which;
        thrown.Should().BeOfType(exception);
        thrown.Message.Length.Should().BeLessThan(1000);
        thrown.Message.Should().Match(message).And.Contain("characters)");
    }

    [Theory]
    [InlineData("zarr.json", """{"shape": [4], "shape": [4]}""", "*zarr.json*key 'shape'*more than once in $.*")]
    [InlineData("zarr.json", """{"codecs": [{"name": "gzip", "configuration": {"level": 1, "level": 9}}]}""", "*zarr.json*key 'level'*more than once in $.codecs[0].configuration.*")]
    [InlineData("zarr.json", """{"attributes": {"a": [{"b": 1, "b": 2}]}}""", "*zarr.json*key 'b'*more than once in $.attributes.a[0].*")]
    [InlineData(".zarray", """{"compressor": {"id": "zlib", "id": "gzip"}}""", "*.zarray*key 'id'*more than once in $.compressor.*")]
    public async Task Duplicate_keys_are_bad_metadata_naming_key_and_document(string document, string fields, string message)
    {
        var store = new MemoryStore();
        await store.SetAsync(document, CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(MergeInto(document, fields))), Token);

        var open = () => ZarrArray.OpenAsync(store, "", Token);

        await open.Should().ThrowAsync<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public async Task Duplicate_keys_in_zattrs_are_bad_metadata()
    {
        var store = new MemoryStore();
        await store.SetAsync(".zarray", CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(MergeInto(".zarray", "{}"))), Token);
        await store.SetAsync(".zattrs", CpuBuffer.FromBytes("""{"a": 1, "a": 2}"""u8), Token);

        var open = () => ZarrArray.OpenAsync(store, "", Token);

        await open.Should().ThrowAsync<InvalidDataException>().WithMessage("*.zattrs*key 'a'*more than once in $.");
    }

    public static TheoryData<string, Type, string> HugePathProblems => new()
    {
        { "missing", typeof(KeyNotFoundException), "There is no Zarr array at 'ppp*characters)*" },
        { "corrupt metadata", typeof(InvalidDataException), "'ppp*characters)*node_type*" },
        { "corrupt chunk", typeof(InvalidDataException), "Chunk 'ppp*characters)*cannot be decoded*" },
        { "existing", typeof(InvalidOperationException), "Cannot create an array at 'ppp*characters)*already exists*" },
    };

    [Theory]
    [MemberData(nameof(HugePathProblems))]
    public async Task Messages_quote_at_most_the_start_of_a_huge_path(string problem, Type exception, string message)
    {
        var store = new MemoryStore();
        string path = new('p', 1_000_000);
        var metadata = new ArrayMetadata([4], DataType.Int16, [2]);
        Func<Task> act = problem switch
        {
            "missing" => () => ZarrArray.OpenAsync(store, path, Token),
            "corrupt metadata" => async () =>
            {
                await store.SetAsync(path + "/zarr.json", CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(MergeInto("zarr.json", """{"node_type": "group"}"""))), Token);
                await ZarrArray.OpenAsync(store, path, Token);
            },
            "corrupt chunk" => async () =>
            {
                var array = await CreateAsync(store, metadata, path);
                await store.SetAsync(path + "/c/1", CpuBuffer.FromBytes([1, 2, 3]), Token);
                await array.ReadAsync(null, Prototype, Token);
            },
            _ => async () =>
            {
                await CreateAsync(store, metadata, path);
                await CreateAsync(store, metadata, path);
            },
        };

        var thrown = (await act.Should().ThrowAsync<Exception>()).Which;

        thrown.Should().BeOfType(exception);
        thrown.Message.Length.Should().BeLessThan(1000);
        thrown.Message.Should().Match(message);
    }

    // Found by MetadataFuzzTests: such an array threw the undocumented ArgumentOutOfRangeException of the chunk
    // buffer's allocation, at open, at create or at its first read, depending on its codecs.
    [Theory]
    [InlineData("[9223372036854775807, 9223372036854775807]")]
    [InlineData("[3000000000, 1]")]
    public async Task An_array_whose_chunk_cannot_fit_in_one_buffer_is_not_supported_and_is_not_created(string chunkShape)
    {
        var store = new MemoryStore();
        string document = $$$"""
            {"zarr_format": 3, "node_type": "array", "shape": [8, 24], "data_type": "int16",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": {{{chunkShape}}}}},
             "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}]}
            """;
        await store.SetAsync("a/zarr.json", CpuBuffer.FromBytes(Encoding.UTF8.GetBytes(document)), Token);

        var open = () => ZarrArray.OpenAsync(store, "a", Token);
        var create = () => ZarrArray.CreateAsync(store, "b", ArrayMetadata.Parse(Encoding.UTF8.GetBytes(document)), Token);

        await open.Should().ThrowAsync<NotSupportedException>().WithMessage($"*'a/zarr.json'*chunk*{Array.MaxLength}*");
        await create.Should().ThrowAsync<NotSupportedException>().WithMessage($"*'b/zarr.json'*chunk*{Array.MaxLength}*");
        (await KeysAsync(store)).Should().Equal("a/zarr.json");
    }

    [Fact]
    public async Task Create_refuses_to_overwrite_an_array()
    {
        var store = new MemoryStore();
        await CreateAsync(store, new ArrayMetadata([4], DataType.Int16, [2]), "x");

        var again = () => ZarrArray.CreateAsync(store, "x", new ArrayMetadata([8], DataType.Int16, [2]), Token);

        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*'x/zarr.json' already exists*");
    }

    [Fact]
    public async Task V2_arrays_round_trip_in_their_own_format()
    {
        var store = new MemoryStore();
        var metadata = ArrayMetadata.ParseV2("""
            {"zarr_format": 2, "shape": [3, 4], "chunks": [2, 2], "dtype": ">i4", "order": "F",
             "compressor": {"id": "zlib", "level": 1}, "fill_value": null, "filters": null}
            """u8, """{"note": "v2"}"""u8);
        var array = await ZarrArray.CreateAsync(store, "v2", metadata, Token);
        int[] values = [.. Enumerable.Range(0, 12)];

        await array.WriteAsync(null, CpuNDBuffer.FromArray(values, [3, 4]), Prototype, Token);
        var reopened = await ZarrArray.OpenAsync(store, "v2", Token);

        (await ValuesAsync<int>(reopened, null)).Should().Equal(values);
        reopened.Metadata.Attributes["note"]!.GetValue<string>().Should().Be("v2");
        (await KeysAsync(store)).Should().BeEquivalentTo("v2/.zarray", "v2/.zattrs", "v2/0.0", "v2/0.1", "v2/1.0", "v2/1.1");
    }

    [Fact]
    public async Task Parallelism_is_configurable_and_validated()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([64], DataType.Int64, [1]));
        array.MaxDegreeOfParallelism = 1;
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(1, 64).Select(i => (long)i).ToArray(), [64]), Prototype, Token);
        array.MaxDegreeOfParallelism = 64;
        (await ValuesAsync<long>(array, null)).Should().HaveCount(64).And.BeInAscendingOrder();

        var invalid = () => array.MaxDegreeOfParallelism = 0;
        invalid.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Chunks_are_processed_concurrently_up_to_the_limit(int limit)
    {
        var store = new SlowStore();
        var array = await CreateAsync(store, new ArrayMetadata([16], DataType.Int8, [1]));
        array.MaxDegreeOfParallelism = limit;

        await array.WriteAsync([new NRange(0, 15)], CpuNDBuffer.Create([], DataType.Int8, fillValue: 1), Prototype, Token);
        await array.ReadAsync(null, Prototype, Token);

        store.PeakConcurrency.Should().BeInRange(1, limit);
        if (limit > 1)
        {
            store.PeakConcurrency.Should().BeGreaterThan(1, "16 slow chunk reads overlap");
        }
    }

    [Fact]
    public async Task Cancelled_calls_write_nothing()
    {
        var store = new MemoryStore();
        var array = await CreateAsync(store, new ArrayMetadata([8], DataType.Int32, [2]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var write = () => array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int32, fillValue: 1), Prototype, cancelled.Token);
        var read = () => array.ReadAsync(null, Prototype, cancelled.Token);

        await write.Should().ThrowAsync<OperationCanceledException>();
        await read.Should().ThrowAsync<OperationCanceledException>();
        (await KeysAsync(store)).Should().Equal("zarr.json");
    }

    [Theory]
    [InlineData("write")]
    [InlineData("read")]
    public async Task Huge_grids_are_walked_lazily_and_stop_when_cancelled(string call)
    {
        // A whole-array write of the fill value to 2^30 chunks, or a read of 2^24 one-element chunks into a 16 MiB output.
        const int CancelAfter = 64;
        bool write = call == "write";
        await using var store = new CancellingStore(CancelAfter);
        var array = await CreateAsync(store, new ArrayMetadata([1L << 40], DataType.Int8, [write ? 1024 : 1]));
        long before = GC.GetTotalAllocatedBytes(precise: true);

        Func<Task> act = write
            ? () => array.WriteAsync(null, CpuNDBuffer.Create([], DataType.Int8, fillValue: 0), Prototype, store.Token)
            : () => array.ReadAsync([new NRange(0, 1 << 24)], Prototype, store.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{call}: {store.ChunkCalls} chunks visited, {allocated} bytes allocated");
        allocated.Should().BeLessThan(HugeGridAllocationBound, "the chunk positions are not built up front");
        store.ChunkCalls.Should().BeInRange(CancelAfter, CancelAfter + array.MaxDegreeOfParallelism, "no chunk is started after the cancellation");
    }

    [Theory]
    [InlineData(new long[] { 1L << 40 }, "*[1099511627776] holds 1099511627776 elements*")]
    [InlineData(new long[] { 1L << 40, 1L << 40 }, "*[1099511627776, 1099511627776] holds 1208925819614629174706176 elements*")]
    public async Task Reads_too_large_for_one_buffer_are_refused_naming_the_shape(long[] shape, string message)
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata(shape, DataType.Int8, [.. shape.Select(_ => 1024L)]));

        var read = () => array.ReadAsync(null, Prototype, Token);

        await read.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage(message);
    }

    [Fact]
    public async Task Empty_regions_read_as_empty_buffers()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([4, 4], DataType.Int16, [2, 2]));

        var values = await array.ReadAsync([new NRange(1, 1)], Prototype, Token);

        values.Shape.ToArray().Should().Equal(0, 4);
    }

    [Fact]
    public async Task Every_buffer_is_made_through_the_prototype()
    {
        var store = new RecordingStore();
        var codecs = JsonNode.Parse("""
            [{"name": "transpose", "configuration": {"order": [1, 0]}}, {"name": "bytes", "configuration": {"endian": "big"}},
             {"name": "gzip"}, {"name": "crc32c"}]
            """)!.AsArray();
        var array = await CreateAsync(store, new ArrayMetadata([5, 5], DataType.Float64, [2, 2], codecs: codecs));
        var marked = BufferPrototype.Of<MarkedBuffer, MarkedNDBuffer>();

        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, 25).Select(i => (double)i).ToArray(), [5, 5]), marked, Token);
        await array.WriteAsync([new NRange(1, 4), new NRange(1, 4)], CpuNDBuffer.Create([], DataType.Float64, fillValue: -1.0), marked, Token);
        var values = await array.ReadAsync([new NRange(1, 5)], marked, Token);

        store.ChunkValueTypes.Should().HaveCount(9 + 4).And.OnlyContain(t => t == typeof(MarkedBuffer));
        values.Should().BeOfType<MarkedNDBuffer>();
        values.AsTensor<double>()[1, 1].Should().Be(-1);
    }

    [Fact]
    public async Task Concurrent_writes_to_one_chunk_keep_every_update()
    {
        var array = await CreateAsync(new SlowStore(), new ArrayMetadata([8], DataType.Int32, [8]));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            array.WriteAsync([new NRange(i, i + 1)], CpuNDBuffer.Create([], DataType.Int32, fillValue: i + 1), cancellationToken: Token)));

        (await ValuesAsync<int>(array, null)).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Of_concurrent_creators_exactly_one_succeeds_and_keeps_its_attributes(int zarrFormat)
    {
        const int Creators = 8;
        var store = new GatedExistsStore(Creators);

        var created = await Task.WhenAll(Enumerable.Range(0, Creators).Select(async creator =>
        {
            try
            {
                await ZarrArray.CreateAsync(store, "a", Metadata(zarrFormat, creator), Token);
                return creator;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("already exists", StringComparison.Ordinal))
            {
                return -1;
            }
        }));

        var winners = created.Where(creator => creator >= 0).ToArray();
        winners.Should().ContainSingle();
        var opened = await ZarrArray.OpenAsync(store, "a", Token);
        opened.Metadata.Attributes["creator"]!.GetValue<int>().Should().Be(winners[0]);

        static ArrayMetadata Metadata(int zarrFormat, int creator) => zarrFormat == 2
            ? ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<i4", "order": "C", "compressor": null, "fill_value": 0, "filters": null}"""u8,
                Encoding.UTF8.GetBytes($$"""{"creator": {{creator}}}"""))
            : new ArrayMetadata([4], DataType.Int32, [2], attributes: new JsonObject { ["creator"] = creator });
    }

    [Fact]
    public async Task A_codec_may_keep_its_configuration_and_read_it_later()
    {
        var registry = new CodecRegistry();
        registry.Register(KeepsConfigurationCodec.CodecName, configuration => new KeepsConfigurationCodec(configuration));
        var store = new MemoryStore();
        var codecs = new JsonArray(
            new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = "little" } },
            new JsonObject { ["name"] = KeepsConfigurationCodec.CodecName, ["configuration"] = new JsonObject { ["marker"] = 42 } });
        var array = await ZarrArray.CreateAsync(store, "", new ArrayMetadata([2], DataType.Int16, [2], codecs: codecs), registry, Token);

        await array.WriteAsync(null, CpuNDBuffer.FromArray(new short[] { 1, 2 }, [2]), cancellationToken: Token);

        (await store.GetAsync("c/0", Prototype, null, Token))!.ToBytes().Should().Equal(1, 0, 2, 0, 42);
        (await ValuesAsync<short>(await ZarrArray.OpenAsync(store, "", registry, Token), null)).Should().Equal(1, 2);
        var openWithDefault = () => ZarrArray.OpenAsync(store, "", Token);
        await openWithDefault.Should().ThrowAsync<NotSupportedException>($"the codec is registered in {nameof(registry)} only, not in the process-wide default");
    }

    [Fact]
    public async Task Reads_and_writes_default_to_the_default_prototype()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([3], DataType.Int16, [2]));

        await array.WriteAsync([new NRange(1, 3)], CpuNDBuffer.FromArray(new short[] { 5, 6 }, [2]), cancellationToken: Token);
        var values = await array.ReadAsync(null, cancellationToken: Token);

        values.Should().BeOfType<CpuNDBuffer>();
        short[] read = [values.AsTensor<short>()[0], values.AsTensor<short>()[1], values.AsTensor<short>()[2]];
        read.Should().Equal(0, 5, 6);
    }

    /// <summary>
    /// A valid array document with <paramref name="fields"/> (a JSON object's members, written as text) put in place of
    /// its own, in the order written, so that a field may appear twice.
    /// </summary>
    private static string MergeInto(string document, string fields)
    {
        const string V3 = """
            "zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "float32",
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
            "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes"}]
            """;
        const string V2 = """
            "zarr_format": 2, "shape": [4], "chunks": [2], "dtype": "<f4", "order": "C", "compressor": null, "fill_value": 0
            """;
        using var given = JsonDocument.Parse(fields);
        using var own = JsonDocument.Parse("{" + (document == "zarr.json" ? V3 : V2) + "}");
        var replaced = given.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        var kept = own.RootElement.EnumerateObject().Where(p => !replaced.Contains(p.Name)).Select(p => $"\"{p.Name}\": {p.Value.GetRawText()}");
        string added = fields.Trim()[1..^1].Trim();
        return "{" + string.Join(", ", kept.Append(added).Where(part => part.Length > 0)) + "}";
    }

    private IStore Store(string kind) => kind == "memory" ? new MemoryStore() : new LocalStore(_folder);

    private static Task<ZarrArray> CreateAsync(IStore store, ArrayMetadata metadata, string path = "") =>
        ZarrArray.CreateAsync(store, path, metadata, Token);

    private static async Task WriteAndTrackAsync(ZarrArray array, int[] expected, int r0, int r1, int c0, int c1, int start)
    {
        int columns = (int)array.Shape[1];
        var values = new int[(r1 - r0) * (c1 - c0)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = start + i;
            expected[((r0 + (i / (c1 - c0))) * columns) + c0 + (i % (c1 - c0))] = start + i;
        }

        await array.WriteAsync([new NRange(r0, r1), new NRange(c0, c1)], CpuNDBuffer.FromArray(values, [r1 - r0, c1 - c0]), Prototype, Token);
    }

    private static async Task<T[]> ValuesAsync<T>(ZarrArray array, NRange[]? region)
    {
        var tensor = (await array.ReadAsync(region, Prototype, Token)).AsTensor<T>();
        var values = new T[tensor.FlattenedLength];
        tensor.FlattenTo(values);
        return values;
    }

    // Far above what visiting a few dozen chunks allocates, far below the tens of GiB of every position of a huge grid;
    // the count is process-wide, so it leaves room for tests running alongside.
    private const long HugeGridAllocationBound = 256L << 20;

    /// <summary>Counts chunk gets, sets and deletes, and cancels its token at the given count.</summary>
    private sealed class CancellingStore(int cancelAfter) : MemoryStore
    {
        private readonly CancellationTokenSource _cancellation = new();
        private int _chunkCalls;

        public CancellationToken Token => _cancellation.Token;

        public int ChunkCalls => Volatile.Read(ref _chunkCalls);

        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            Count(key);
            return base.GetAsync(key, prototype, byteRange, cancellationToken);
        }

        public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null, CancellationToken cancellationToken = default)
        {
            Count(key);
            return base.GetIntoAsync(key, destination, byteRange, cancellationToken);
        }

        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            Count(key);
            return base.SetAsync(key, value, cancellationToken);
        }

        public override ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            Count(key);
            return base.DeleteAsync(key, cancellationToken);
        }

        protected override ValueTask DisposeAsyncCore()
        {
            _cancellation.Dispose();
            return base.DisposeAsyncCore();
        }

        private void Count(string key)
        {
            if (key.StartsWith("c/", StringComparison.Ordinal) && Interlocked.Increment(ref _chunkCalls) == cancelAfter)
            {
                _cancellation.Cancel();
            }
        }
    }

    /// <summary>Records the class of every chunk value written, as zarr-python's StoreExpectingTestBuffer checks it.</summary>
    private sealed class RecordingStore : MemoryStore
    {
        public System.Collections.Concurrent.ConcurrentQueue<Type> ChunkValueTypes { get; } = new();

        public override ValueTask SetAsync(string key, Buffer value, CancellationToken cancellationToken = default)
        {
            if (!key.Contains("json", StringComparison.Ordinal))
            {
                ChunkValueTypes.Enqueue(value.GetType());
            }

            return base.SetAsync(key, value, cancellationToken);
        }
    }

    /// <summary>
    /// Answers no existence check of a key until all the callers have made it, so that check-then-set creators would all
    /// pass the check before any of them writes.
    /// </summary>
    private sealed class GatedExistsStore(int callers) : MemoryStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Gate> _gates = new();

        public override async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
        {
            bool exists = await base.ExistsAsync(key, cancellationToken);
            await _gates.GetOrAdd(key, _ => new Gate(callers)).ArriveAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return exists;
        }

        private sealed class Gate(int callers)
        {
            private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _arrived;

            public Task ArriveAsync()
            {
                if (Interlocked.Increment(ref _arrived) == callers)
                {
                    _open.SetResult();
                }

                return _open.Task;
            }
        }
    }

    /// <summary>Appends the byte its configuration names, read from the configuration element at every call.</summary>
    private sealed class KeepsConfigurationCodec(JsonElement configuration) : IBytesBytesCodec
    {
        public const string CodecName = "test.keeps_configuration";

        public string Name => CodecName;

        private byte Marker => configuration.GetProperty("marker").GetByte();

        public JsonObject ToJson() => new() { ["name"] = Name, ["configuration"] = new JsonObject { ["marker"] = Marker } };

        public Buffer Encode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
            prototype.Buffer.FromBytes([.. bytes.AsSpan(), Marker]);

        public Buffer Decode(Buffer bytes, ChunkSpec spec, BufferPrototype prototype) =>
            bytes.AsSpan()[^1] == Marker ? bytes[..^1] : throw new InvalidDataException("The marker byte is missing.");
    }

    /// <summary>Delays every get and records how many were in flight at once.</summary>
    private sealed class SlowStore : MemoryStore
    {
        private int _inFlight;
        private int _peak;

        public int PeakConcurrency => _peak;

        public override ValueTask<Buffer?> GetAsync(string key, BufferPrototype prototype, ByteRequest? byteRange = null, CancellationToken cancellationToken = default) =>
            SlowlyAsync(() => base.GetAsync(key, prototype, byteRange, cancellationToken), cancellationToken);

        public override ValueTask<int?> GetIntoAsync(string key, Memory<byte> destination, ByteRequest? byteRange = null, CancellationToken cancellationToken = default) =>
            SlowlyAsync(() => base.GetIntoAsync(key, destination, byteRange, cancellationToken), cancellationToken);

        private async ValueTask<T> SlowlyAsync<T>(Func<ValueTask<T>> read, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _peak, now);
            try
            {
                await Task.Delay(20, cancellationToken);
                return await read();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private sealed class MarkedBuffer(Memory<byte> data) : CpuBuffer(data), IBuffer<MarkedBuffer>
    {
        public override IBufferFactory Factory => BufferFactory<MarkedBuffer>.Instance;

        public static new MarkedBuffer FromArrayLike(Memory<byte> arrayLike) => new(arrayLike);

        public static new MarkedBuffer FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

        public static new MarkedBuffer FromBuffer(Buffer buffer) => new(buffer.AsArrayLike());

        public static new MarkedBuffer CreateZeroLength() => new(Memory<byte>.Empty);
    }

    private sealed class MarkedNDBuffer(INDArrayLike array) : CpuNDBuffer(array), INDBuffer<MarkedNDBuffer>
    {
        public override INDBufferFactory Factory => NDBufferFactory<MarkedNDBuffer>.Instance;

        public static new MarkedNDBuffer Create(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C, object? fillValue = null) =>
            new(CpuNDBuffer.Create(shape, dtype, order, fillValue).AsNDArrayLike());

        public static new MarkedNDBuffer Empty(ReadOnlySpan<long> shape, DataType dtype, MemoryOrder order = MemoryOrder.C) =>
            new(CpuNDBuffer.Empty(shape, dtype, order).AsNDArrayLike());

        public static new MarkedNDBuffer FromNDArrayLike(INDArrayLike array) => new(array);

        public static new MarkedNDBuffer FromTensor<T>(System.Numerics.Tensors.Tensor<T> tensor) => new(NDArray.Wrap(tensor));

        public static new MarkedNDBuffer FromArray<T>(T[] values, ReadOnlySpan<long> shape) => new(CpuNDBuffer.FromArray(values, shape).AsNDArrayLike());

        protected internal override NDBuffer WrapView<T>(System.Numerics.Tensors.Tensor<T> view, ReadOnlySpan<long> shape) => new MarkedNDBuffer(NDArray.Wrap(view, shape));
    }

    private static async Task<List<string>> KeysAsync(IStore store)
    {
        var keys = new List<string>();
        await foreach (string key in store.ListAsync(Token))
        {
            keys.Add(key);
        }

        return keys;
    }
}
