using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartialDecodingCodec;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace Zarr.Testing.Tests;

/// <summary>The sample partial-decoding codec of samples/PartialDecodingCodec, which codec authors copy.</summary>
public class RowsCodecTests
{
    private const int Rows = 37;
    private const int Columns = 23;
    private const int Fill = -5;

    private static readonly ChunkSpec Spec = new([16, 10], DataType.Int32, Fill);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Regions of a 37x23 array in 16x10 chunks: one element, one row, one column, across chunks, edge chunks, empty.
    public static TheoryData<int, int, int, int> Regions => new()
    {
        { 0, Rows, 0, Columns },
        { 5, 6, 7, 8 },
        { 20, 21, 0, Columns },
        { 0, Rows, 12, 13 },
        { 14, 19, 8, 12 },
        { 30, Rows, 20, Columns },
        { 3, 3, 0, Columns },
    };

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task Reads_of_any_region_match_a_model_with_the_fill_value_where_a_chunk_is_missing(int rowStart, int rowEnd, int columnStart, int columnEnd)
    {
        var (array, store) = await CreateAsync();
        int[] model = [.. Enumerable.Range(0, Rows * Columns)];
        await array.WriteAsync(null, CpuNDBuffer.FromArray(model, [Rows, Columns]), cancellationToken: Token);
        await store.DeleteAsync("a/c/1/1", Token);

        var read = await array.ReadAsync([new NRange(rowStart, rowEnd), new NRange(columnStart, columnEnd)], cancellationToken: Token);

        var expected = new List<int>();
        for (int row = rowStart; row < rowEnd; row++)
        {
            for (int column = columnStart; column < columnEnd; column++)
            {
                bool missing = row / 16 == 1 && column / 10 == 1;
                expected.Add(missing ? Fill : model[(row * Columns) + column]);
            }
        }

        read.Shape.ToArray().Should().Equal(rowEnd - rowStart, columnEnd - columnStart);
        read.ToArray<int>().Should().Equal(expected);
    }

    [Fact]
    public async Task A_one_element_read_fetches_the_offset_table_and_one_row()
    {
        var (array, store) = await CreateAsync();
        await array.WriteAsync(null, CpuNDBuffer.FromArray(Enumerable.Range(0, Rows * Columns).ToArray(), [Rows, Columns]), cancellationToken: Token);
        long chunkBytes = (await store.GetAsync("a/c/0/0", BufferPrototype.Default, cancellationToken: Token))!.Length;
        long before = store.TotalBytesRead;

        var element = await array.ReadAsync([new NRange(5, 6), new NRange(7, 8)], cancellationToken: Token);
        long read = store.TotalBytesRead - before;

        element.ToArray<int>().Should().Equal((5 * Columns) + 7);
        read.Should().BeLessThan(chunkBytes / 4).And.BeLessThanOrEqualTo(RowsCodec.TableLength(Spec) + 64, "the table (68 bytes) and one deflated row of 10 ints");
    }

    [Fact]
    public async Task The_sample_program_reads_one_element_for_a_few_bytes()
    {
        using var output = new StringWriter();

        var (value, bytesRead) = await RowsDemo.RunAsync(output);

        value.Should().Be((100 * 256) + 200);
        bytesRead.Should().BeLessThan(4096);
        output.ToString().Should().Contain("Read element [100, 200] = 25800").And.Contain($"{bytesRead} bytes fetched");
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task The_partial_decoder_and_the_codec_honour_the_prototype(int rowStart, int rowEnd, int columnStart, int columnEnd)
    {
        var pipeline = new CodecPipeline([new RowsCodec()]);
        var sample = CpuNDBuffer.FromArray(Enumerable.Range(0, 160).ToArray(), [16, 10]);
        var region = new[] { new NRange(Math.Min(rowStart, 16), Math.Min(rowEnd, 16)), new NRange(Math.Min(columnStart, 10), Math.Min(columnEnd, 10)) };

        var part = await PrototypeChecks.CheckPartialDecoderAsync(pipeline, Spec, sample, region, Token);
        PrototypeChecks.CheckCodec(new RowsCodec(), Spec, sample);

        part.ToArray<int>().Should().Equal(sample[region].ToArray<int>());
    }

    [Theory]
    [InlineData(new long[] { 4 }, "*rank 1*")]
    [InlineData(new long[] { 2, 2, 2 }, "*rank 3*")]
    [InlineData(new long[] { 40_000, 40_000 }, "*uint32*")]
    public void Validate_refuses_chunks_it_cannot_store(long[] shape, string message)
    {
        var act = () => new RowsCodec().Validate(new ChunkSpec(shape, DataType.Int32));

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Theory]
    [InlineData(3, "*offset table*")]
    [InlineData(100, "*truncated*")]
    public void A_value_cut_short_is_invalid_data(int kept, string message)
    {
        var codec = new RowsCodec();
        var stored = codec.Encode(CpuNDBuffer.FromArray(Enumerable.Range(0, 160).ToArray(), [16, 10]), Spec, BufferPrototype.Default).ToBytes();

        var act = () => codec.Decode(CpuBuffer.FromBytes(stored.AsSpan(0, kept)), Spec, BufferPrototype.Default);

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void A_configuration_is_refused_naming_it()
    {
        var act = () => RowsCodec.FromJson(JsonDocument.Parse("""{"level": 1}""").RootElement);

        act.Should().Throw<ArgumentException>().WithMessage("*example.rows*no configuration*level*");
    }

    private static async Task<(ZarrArray Array, LoggingStore Store)> CreateAsync()
    {
        var registry = new CodecRegistry();
        registry.Register(RowsCodec.CodecName, RowsCodec.FromJson);
        var store = new LoggingStore(new MemoryStore());
        var metadata = new ArrayMetadata([Rows, Columns], DataType.Int32, [16, 10], fillValue: Fill, codecs: [new JsonObject { ["name"] = RowsCodec.CodecName }]);
        return (await ZarrArray.CreateAsync(store, "a", metadata, registry, Token), store);
    }
}
