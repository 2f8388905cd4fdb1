using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Codecs;
using Zarr.Storage;

namespace PartialDecodingCodec;

/// <summary>What <c>dotnet run --project samples/PartialDecodingCodec</c> does: writes an array with <see cref="RowsCodec"/> and reads one element.</summary>
public static class RowsDemo
{
    /// <summary>Writes a 256x256 float64 array in one chunk, reads element [100, 200], and reports the bytes each step read.</summary>
    /// <param name="output">Where the report goes.</param>
    /// <returns>The element read and the bytes that read fetched from the store.</returns>
    public static async Task<(double Value, long BytesRead)> RunAsync(TextWriter output)
    {
        var registry = new CodecRegistry();
        registry.Register(RowsCodec.CodecName, RowsCodec.FromJson);
        var store = new LoggingStore(new MemoryStore());
        var metadata = new ArrayMetadata([256, 256], DataType.Float64, [256, 256], codecs: [new JsonObject { ["name"] = RowsCodec.CodecName }]);

        var array = await ZarrArray.CreateAsync(store, "rows", metadata, registry, CancellationToken.None);
        var values = CpuNDBuffer.FromArray(Enumerable.Range(0, 256 * 256).Select(i => (double)i).ToArray(), [256, 256]);
        await array.WriteAsync(null, values);
        long stored = await store.GetSizePrefixAsync("rows/c");
        output.WriteLine($"Wrote a 256x256 float64 array in one '{RowsCodec.CodecName}' chunk: {stored} bytes stored.");

        long before = store.TotalBytesRead;
        var element = await array.ReadAsync([new NRange(100, 101), new NRange(200, 201)]);
        long read = store.TotalBytesRead - before;
        double value = element.ToArray<double>()[0];
        output.WriteLine($"Read element [100, 200] = {value}: {read} bytes fetched (the offset table and one row), not {stored}.");
        return (value, read);
    }
}
