using System.Text;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Storage;

namespace Zarr.Buffers.Tests.Arrays;

public sealed partial class ZarrArrayTests
{
    [Theory]
    [InlineData("typed")]
    [InlineData("minimal document")]
    public async Task Every_zarray_written_has_every_field_the_v2_spec_requires(string source)
    {
        var store = new MemoryStore();
        var metadata = source == "typed"
            ? ArrayMetadata.CreateV2([3, 4], DataType.Int32, [2, 2])
            : ArrayMetadata.ParseV2("""{"zarr_format": 2, "shape": [3, 4], "chunks": [2, 2], "dtype": "<i4", "order": "C"}"""u8);

        var array = await ZarrArray.CreateAsync(store, "v2", metadata, Token);
        await array.WriteAsync(null, CpuNDBuffer.FromArray<int>([.. Enumerable.Range(1, 12)], [3, 4]), Prototype, Token);

        var zarray = JsonNode.Parse((await store.GetAsync("v2/.zarray", Prototype, null, Token))!.ToBytes())!.AsObject();
        zarray.Select(field => field.Key).Should().Contain(ArrayMetadataTests.V2Fields);
        (await store.ExistsAsync("v2/1.1", Token)).Should().BeTrue("the chunk keys use the stated '.' separator");
        (await ValuesAsync<int>(await ZarrArray.OpenAsync(store, "v2", Token), null)).Should().Equal(Enumerable.Range(1, 12));
    }

    [Fact]
    public async Task Metadata_is_written_as_zarr_python_writes_it_without_escaping_markup_characters_or_non_ascii()
    {
        var store = new MemoryStore();
        var metadata = ArrayMetadata.CreateV2([4], DataType.Float32, [2], Endian.Big, attributes: new JsonObject { ["name"] = "é <&'+>" });
        var v3 = ArrayMetadata.Parse(Encoding.UTF8.GetBytes("""
            {"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "float32",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
             "chunk_key_encoding": {"name": "default"}, "fill_value": 0, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
             "attributes": {"name": "é <&'+>"}}
            """));

        await ZarrArray.CreateAsync(store, "v2", metadata, Token);
        await ZarrArray.CreateAsync(store, "v3", v3, Token);

        foreach ((string key, string expected) in new[] { ("v2/.zarray", "\">f4\""), ("v2/.zattrs", "\"é <&'+>\""), ("v3/zarr.json", "\"é <&'+>\"") })
        {
            byte[] written = (await store.GetAsync(key, Prototype, null, Token))!.ToBytes();
            Encoding.UTF8.GetString(written).Should().Contain(expected, $"{key} is written with readable characters");
        }
    }
}
