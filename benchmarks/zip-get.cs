#:project ../src/Zarr.Buffers/Zarr.Buffers.csproj
// What ZipStore's CRC-32 check costs a get of a 1 MiB stored entry (docs/benchmarks.md, "ZipStore gets and CRC-32").
// Run: dotnet run -c Release benchmarks/zip-get.cs
using System.Diagnostics;
using System.IO.Hashing;
using Zarr.Buffers;
using Zarr.Storage;

const int Size = 1 << 20;
string zip = Path.Combine(Path.GetTempPath(), "zarr-zip-get-" + Guid.NewGuid().ToString("N") + ".zip");
byte[] value = new byte[Size];
new Random(42).NextBytes(value);
await using (var writer = new ZipStore(zip, ZipStoreMode.Write))
{
    await writer.SetAsync("c/0", CpuBuffer.FromBytes(value));
}

await using var store = new ZipStore(zip);
byte[] destination = new byte[Size];
Console.WriteLine("operation                                   median µs   min µs");
Measure("Crc32.HashToUInt32, 1 MiB", () =>
{
    Crc32.HashToUInt32(value);
    return ValueTask.CompletedTask;
});
Measure("GetIntoAsync, whole entry (CRC checked)", async () => await store.GetIntoAsync("c/0", destination));
Measure("GetIntoAsync, 1 MiB - 1 byte (unchecked)", async () => await store.GetIntoAsync("c/0", destination, new RangeByteRequest(0, Size - 1)));
Measure("GetAsync, whole entry (CRC checked)", async () => await store.GetAsync("c/0", BufferPrototype.Default));
Measure("GetAsync, 1 MiB - 1 byte (unchecked)", async () => await store.GetAsync("c/0", BufferPrototype.Default, new RangeByteRequest(0, Size - 1)));
File.Delete(zip);

static void Measure(string operation, Func<ValueTask> run)
{
    for (int i = 0; i < 200; i++)
    {
        run().AsTask().GetAwaiter().GetResult();
    }

    var times = new List<double>();
    for (int i = 0; i < 2001; i++)
    {
        long start = Stopwatch.GetTimestamp();
        run().AsTask().GetAwaiter().GetResult();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }

    times.Sort();
    Console.WriteLine($"{operation,-43} {times[times.Count / 2],9:0.0} {times[0],8:0.0}");
}
