using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

public sealed partial class ZarrArrayTests
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReadChunk_returns_a_whole_edge_chunk_with_its_stored_padding(string kind)
    {
        IStore store = Store(kind);
        var wide = await CreateAsync(store, new ArrayMetadata([8], DataType.Int32, [4]), "wide");
        await wide.WriteAsync(null, CpuNDBuffer.FromArray<int>([0, 1, 2, 3, 4, 5, 6, 7], [8]), Prototype, Token);
        var narrow = await CreateAsync(store, new ArrayMetadata([5], DataType.Int32, [4], fillValue: 42), "narrow");
        await store.SetAsync("narrow/c/1", (await store.GetAsync("wide/c/1", Prototype, null, Token))!, Token);

        var edge = await narrow.ReadChunkAsync([1], Prototype, Token);

        edge.Shape.ToArray().Should().Equal(4);
        edge.ToArray<int>().Should().Equal(4, 5, 6, 7);
        (await narrow.ReadAsync([new NRange(4, 5)], Prototype, Token)).ToArray<int>().Should().Equal(4);
    }

    [Fact]
    public async Task ReadChunk_of_a_missing_chunk_is_the_fill_value_in_the_chunk_shape()
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([5, 7], DataType.Int16, [2, 3], fillValue: -3));

        var chunk = await array.ReadChunkAsync([2, 2], cancellationToken: Token);

        chunk.Shape.ToArray().Should().Equal(2, 3);
        chunk.AllEqual(-3).Should().BeTrue();
        chunk.Should().BeOfType<CpuNDBuffer>();
    }

    [Fact]
    public async Task ReadChunk_of_a_sharded_array_is_the_whole_shard()
    {
        var codecs = JsonNode.Parse(
            """[{"name":"sharding_indexed","configuration":{"chunk_shape":[2],"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"index_codecs":[{"name":"bytes","configuration":{"endian":"little"}},{"name":"crc32c"}]}}]""")!.AsArray();
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([6], DataType.UInt8, [4], 0, codecs));
        await array.WriteAsync(null, CpuNDBuffer.FromArray<byte>([1, 2, 3, 4, 5, 6], [6]), Prototype, Token);

        (await array.ReadChunkAsync([0], Prototype, Token)).ToArray<byte>().Should().Equal(1, 2, 3, 4);
        (await array.ReadChunkAsync([1], Prototype, Token)).ToArray<byte>().Should().Equal(5, 6, 0, 0);
    }

    [Theory]
    [InlineData(new long[] { 3, 0 }, "*[3, 0]*chunk grid [3, 3]*coordinate 3 on axis 0 must be from 0 to 2*")]
    [InlineData(new long[] { 0, -1 }, "*[0, -1]*chunk grid [3, 3]*coordinate -1 on axis 1 must be from 0 to 2*")]
    public async Task ReadChunk_outside_the_grid_names_the_coordinates_and_reads_nothing(long[] coords, string message)
    {
        var store = new LoggingStore(new MemoryStore());
        var array = await CreateAsync(store, new ArrayMetadata([5, 7], DataType.Int32, [2, 3]));
        int readsBefore = store.Counter.GetValueOrDefault("Get");

        Action act = () => _ = array.ReadChunkAsync(coords, Prototype, Token);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("chunkCoords").WithMessage(message);
        store.Counter.GetValueOrDefault("Get").Should().Be(readsBefore);
    }

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { 0, 0, 0 })]
    public async Task ReadChunk_needs_one_coordinate_per_axis(long[] coords)
    {
        var array = await CreateAsync(new MemoryStore(), new ArrayMetadata([5, 7], DataType.Int32, [2, 3]));

        Action act = () => _ = array.ReadChunkAsync(coords, Prototype, Token);

        act.Should().Throw<ArgumentException>().WithParameterName("chunkCoords").WithMessage("*one coordinate per axis: 2*");
    }
}
