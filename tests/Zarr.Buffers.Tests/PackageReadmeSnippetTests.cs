#pragma warning disable xUnit1051 // The README's example is a program's code, which has no test token to pass.
using System.Buffers;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;

namespace Zarr.Buffers.Tests;

/// <summary>The example of src/Zarr.Buffers/README.md (the package's page on nuget.org), verbatim; PackageReadmeTests checks that it stays so.</summary>
public class PackageReadmeSnippetTests
{
    [Fact]
    public async Task The_example_writes_a_region_and_reads_it_back_with_the_fill_value_around_it()
    {
        var store = new MemoryStore();                          // or new LocalStore("data.zarr")
        var metadata = new ArrayMetadata(
            shape: [6, 8],
            dataType: DataType.UInt16,
            chunkShape: [4, 4],
            fillValue: 0,
            codecs: JsonNode.Parse("""[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "gzip", "configuration": {"level": 5}}]""")!.AsArray());
        ZarrArray array = await ZarrArray.CreateAsync(store, "temperatures", metadata);

        // Write ones into rows 1..3, columns 3..5; chunks never written read as the fill value.
        await array.WriteAsync([new NRange(1, 4), new NRange(3, 6)], CpuNDBuffer.Create([3, 3], DataType.UInt16, fillValue: 1));
        NDBuffer corner = await array.ReadAsync([new NRange(0, 2), new NRange(2, 4)]);   // [[0, 0], [0, 1]]

        // The store underneath: keys and bytes, read whole or by byte range.
        Buffer? tail = await store.GetAsync("temperatures/c/0/0", BufferPrototype.Default, new SuffixByteRequest(4));

        var values = new ushort[4];
        corner.AsTensor<ushort>().FlattenTo(values);
        values.Should().Equal(0, 0, 0, 1);
        tail!.Length.Should().Be(4);
    }
}
