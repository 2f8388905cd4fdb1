#:project ../src/Zarr.Buffers/Zarr.Buffers.csproj
// What LocalStore spends listing 3,000 keys (docs/benchmarks.md, "LocalStore listing").
// Run: dotnet run -c Release benchmarks/local-listing.cs
using System.Diagnostics;
using Zarr.Buffers;
using Zarr.Storage;

string root = Path.Combine(Path.GetTempPath(), "zarr-listing-" + Guid.NewGuid().ToString("N"));
var store = new LocalStore(root);
foreach ((string layout, Func<int, string> keyOf) in new (string, Func<int, string>)[]
{
    ("flat", i => $"flat/{i}"),
    ("nested", i => $"nested/{i / 100}/{i % 100}"),
})
{
    for (int i = 0; i < 3_000; i++)
    {
        await store.SetAsync(keyOf(i), CpuBuffer.FromBytes([1]));
    }
}

Console.WriteLine("layout   operation        keys   median ms   min ms");
foreach (string layout in new[] { "flat", "nested" })
{
    await Measure(layout, "ListPrefixAsync", () => CountAsync(store.ListPrefixAsync(layout + "/")));
    await Measure(layout, "ListDirAsync", () => CountAsync(store.ListDirAsync(layout)));
}

Directory.Delete(root, recursive: true);

static async Task<int> CountAsync(IAsyncEnumerable<string> keys)
{
    int count = 0;
    await foreach (string _ in keys)
    {
        count++;
    }

    return count;
}

static async Task Measure(string layout, string operation, Func<Task<int>> list)
{
    int count = await list();
    var times = new List<double>();
    for (int run = 0; run < 21; run++)
    {
        var watch = Stopwatch.StartNew();
        await list();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"{layout,-8} {operation,-16} {count,5} {times[times.Count / 2],11:0.00} {times[0],8:0.00}");
}
