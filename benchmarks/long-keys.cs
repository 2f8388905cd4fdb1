#:project ../src/Zarr.Buffers/Zarr.Buffers.csproj
// What LocalStore spends refusing keys longer than the platform allows (docs/reliability.md, "Long keys").
// Run: dotnet run -c Release benchmarks/long-keys.cs
using System.Diagnostics;
using Zarr.Buffers;
using Zarr.Storage;

string root = Path.Combine(Path.GetTempPath(), "zarr-long-keys-" + Guid.NewGuid().ToString("N"));
var store = new LocalStore(root);
await store.SetAsync("warm/up", CpuBuffer.FromBytes([1]));
await store.GetAsync("warm/up", BufferPrototype.Default);
Console.WriteLine("   chars  shape               op   outcome                      KiB         ms");
foreach (int length in new[] { 10_000, 100_000, 300_000 })
{
    foreach ((string shape, string key) in new[]
    {
        ("one segment", new string('k', length)),
        ("segments of 9", string.Join('/', Enumerable.Repeat("abcdefghi", length / 10))),
        ("segments of 99", string.Join('/', Enumerable.Repeat(new string('s', 99), length / 100))),
    })
    {
        await Measure(shape, "set", key, () => store.SetAsync(key, CpuBuffer.FromBytes([1])).AsTask());
        await Measure(shape, "get", key, () => store.GetAsync(key, BufferPrototype.Default).AsTask());
    }
}

Directory.Delete(root, recursive: true);

static async Task Measure(string shape, string op, string key, Func<Task> action)
{
    long before = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    string outcome = "done";
    try
    {
        await action();
    }
    catch (Exception e)
    {
        outcome = e.GetType().Name;
    }

    watch.Stop();
    double kibibytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1024.0;
    Console.WriteLine($"{key.Length,8}  {shape,-18}  {op}  {outcome,-26} {kibibytes,9:F1} {watch.Elapsed.TotalMilliseconds,10:F1}");
}
