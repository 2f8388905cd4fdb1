using System.Security.Cryptography;
using System.Text.Json;
using Zarr.Codecs;

namespace Zarr.Buffers.Tests.Codecs;

/// <summary>The third-party Zarr stores in <c>tests/data/interop</c> and their <c>expected.json</c>.</summary>
internal static class InteropData
{
    private static readonly Lazy<JsonElement[]> s_stores = new(() =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json"))).RootElement.GetProperty("stores").EnumerateArray()]);

    public static string Root => RepoPaths.Interop;

    /// <summary>The Zarr v3 arrays, by path relative to <see cref="Root"/>.</summary>
    public static IEnumerable<string> V3Paths =>
        s_stores.Value.Where(s => s.GetProperty("zarr_format").GetInt32() == 3).Select(s => s.GetProperty("path").GetString()!);

    public static JsonElement Store(string path) => s_stores.Value.Single(s => s.GetProperty("path").GetString() == path);

    /// <summary>The array's own <c>zarr.json</c>.</summary>
    public static JsonElement Metadata(string path) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, path, "zarr.json"))).RootElement;

    public static byte[] Chunk(string path, string key) => File.ReadAllBytes(Path.Combine([Root, path, .. key.Split('/')]));

    /// <summary>
    /// Decodes every stored chunk of a v3 array with the pipeline its <c>zarr.json</c> describes and checks it against the
    /// sha256 in expected.json (of the little-endian C-order bytes).
    /// </summary>
    /// <returns>The number of chunks checked.</returns>
    public static int CheckEveryChunkDecodes(string path)
    {
        var store = Store(path);
        var pipeline = CodecPipeline.FromJson(Metadata(path).GetProperty("codecs"));
        var spec = new ChunkSpec(
            [.. store.GetProperty("chunk_shape").EnumerateArray().Select(e => e.GetInt64())], DataType.Parse(store.GetProperty("dtype").GetString()!));
        var littleEndian = new BytesCodec(Endian.Little);
        int decodedChunks = 0;

        foreach (var chunk in store.GetProperty("chunks").EnumerateArray().Where(c => c.GetProperty("present").GetBoolean()))
        {
            string key = chunk.GetProperty("key").GetString()!;
            var decoded = pipeline.Decode(CpuBuffer.FromBytes(Chunk(path, key)), spec, BufferPrototype.Default);

            string sha256 = Convert.ToHexStringLower(SHA256.HashData(littleEndian.Encode(decoded, BufferPrototype.Default).AsSpan()));
            sha256.Should().Be(chunk.GetProperty("sha256").GetString(), $"chunk {key} of {path}");
            decodedChunks++;
        }

        return decodedChunks;
    }
}
