#:project ../../src/Zarr.Buffers/Zarr.Buffers.csproj
// This library beside its peers (see README.md):
//   arrays: reads the zarr-python-2 folders DATA_DIR/v2_{raw,zstd1,gzip1} through LocalStore (whole array, one aligned
//           512x512 chunk, one unaligned 1000x1000 region), and the bytes a whole raw read allocates;
//   kv:     MemoryStore gets of 100-byte values beside a bare ConcurrentDictionary lookup;
//   floor:  this runtime's floor, plain reads of the raw chunk files into one preallocated buffer (1 and 2 threads),
//           and of the aligned region's one chunk file;
//   pairs:  the two ratios that have a floor in this runtime, timed in pairs that alternate (A B, then B A) so that
//           the machine's drift under load moves both sides of each ratio alike: a whole raw ReadIntoAsync over the
//           2-thread floor, and MemoryStore gets over the bare ConcurrentDictionary lookups.
// Run: dotnet run -c Release benchmarks/peers/dotnet-bench.cs -- DATA_DIR [arrays|kv|floor|pairs|all]
// Prints one JSON line per measurement, in the format of zarr2_bench.py, for summarize.py.
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;

const long WholeBytes = 8192L * 8192 * 4;
const int ChunkBytes = 512 * 512 * 4;
NRange[] aligned = [new(512, 1024), new(512, 1024)];
NRange[] unaligned = [new(100, 1100), new(300, 1300)];
string dataDir = args[0];
string what = args.Length > 1 ? args[1] : "all";

// One entry per public read API: its label, and a factory that does the set-up a caller does once (allocating a
// destination) and returns the timed read of one region, which returns the values it read.
(string Label, Func<ZarrArray, NRange[]?, Func<Task<NDBuffer>>> Prepare)[] readers =
[
    ("ReadAsync", (array, region) => () => array.ReadAsync(region)),
    ("ReadIntoAsync", (array, region) =>
    {
        var destination = CpuNDBuffer.Empty(array.Metadata.ChunkGrid.RegionShape(region), array.DataType);
        return async () =>
        {
            await array.ReadIntoAsync(region, destination);
            return destination;
        };
    }),
];

Report(new() { ["name"] = "versions", ["dotnet"] = Environment.Version.ToString() });
if (what is "arrays" or "all")
{
    await BenchArrays();
}

if (what is "kv" or "all")
{
    await BenchKeyValue();
}

if (what is "floor" or "all")
{
    await BenchFloor();
}

if (what is "pairs" or "all")
{
    await BenchPairs();
}

async Task BenchArrays()
{
    NDBuffer? reference = null;
    foreach (string codec in new[] { "raw", "zstd1", "gzip1" })
    {
        var array = await ZarrArray.OpenAsync(new LocalStore(Path.Combine(dataDir, $"v2_{codec}"), readOnly: true), "");
        reference ??= await array.ReadAsync(null);
        foreach (var (label, prepare) in readers)
        {
            string name = $"dotnet {label} {codec} read";
            var readWhole = prepare(array, null);
            var readUnaligned = prepare(array, unaligned);
            Check((await readWhole()).AllEqual(reference), $"{name}: the whole array differs from the raw one");
            Check((await readUnaligned()).AllEqual(reference[unaligned]), $"{name}: the unaligned region differs");
            ReportTimes($"{name} full", await Time(readWhole, reps: 5, warmups: 1), WholeBytes);
            ReportTimes($"{name} 512x512 aligned", await Time(prepare(array, aligned), reps: 21, warmups: 3), 512 * 512 * 4);
            ReportTimes($"{name} 1000x1000 unaligned", await Time(readUnaligned, reps: 21, warmups: 3), 1000 * 1000 * 4);
            if (codec == "raw")
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                await readWhole();
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                Report(new() { ["name"] = $"{name} full allocated", ["bytes"] = allocated, ["output_bytes"] = WholeBytes });
            }
        }
    }
}

// 1,000,000 keys as zarr2_bench.py's kv: set once, then every key got per repetition (1 warm-up + 5).
async Task BenchKeyValue()
{
    var (store, bare, keys) = await KeyValueData();
    ReportPerOp("kv dotnet MemoryStore.GetAsync get", keys.Length, await Time(() => GetEvery(store, keys), reps: 5, warmups: 1));
    ReportPerOp("kv dotnet ConcurrentDictionary.TryGetValue get", keys.Length, await Time(() => LookUpEvery(bare, keys), reps: 5, warmups: 1));
}

static async Task<(MemoryStore Store, ConcurrentDictionary<string, Buffer> Bare, string[] Keys)> KeyValueData()
{
    const int Count = 1_000_000;
    string[] keys = [.. Enumerable.Range(0, Count).Select(i => $"array/c/{i / 1000}/{i % 1000}")];
    var store = new MemoryStore();
    var bare = new ConcurrentDictionary<string, Buffer>();
    foreach (string key in keys)
    {
        var value = CpuBuffer.FromBytes(RandomNumberGenerator.GetBytes(100));
        await store.SetAsync(key, value);
        bare[key] = value;
    }

    return (store, bare, keys);
}

static async Task GetEvery(MemoryStore store, string[] keys)
{
    var prototype = BufferPrototype.Default;
    foreach (string key in keys)
    {
        _ = await store.GetAsync(key, prototype) ?? throw new InvalidOperationException($"'{key}' is missing");
    }
}

static Task LookUpEvery(ConcurrentDictionary<string, Buffer> bare, string[] keys)
{
    foreach (string key in keys)
    {
        Check(bare.TryGetValue(key, out _), $"'{key}' is missing");
    }

    return Task.CompletedTask;
}

// The buffer is allocated and touched before timing, as zarr2_bench.py's phys does, so no page fault is timed.
async Task BenchFloor()
{
    string raw = Path.Combine(dataDir, "v2_raw");
    byte[] buffer = TouchedBuffer();
    ReportTimes("floor dotnet one chunk file into a buffer", await Time(() =>
    {
        ReadFile(Path.Combine(raw, "1.1"), buffer.AsSpan(0, ChunkBytes));
        return Task.CompletedTask;
    }, reps: 21, warmups: 3), ChunkBytes);
    foreach (int threads in new[] { 1, 2 })
    {
        var readFloor = FloorReader(buffer, threads);
        ReportTimes($"floor dotnet chunk files into one buffer, {threads} thread{(threads == 1 ? "" : "s")}", await Time(() =>
        {
            readFloor();
            return Task.CompletedTask;
        }, reps: 5, warmups: 2), WholeBytes);
    }
}

// The plain reads of the 256 raw chunk files into one buffer, with at most `threads` threads.
Action FloorReader(byte[] buffer, int threads)
{
    string raw = Path.Combine(dataDir, "v2_raw");
    string[] files = [.. Directory.GetFiles(raw).Where(file => !Path.GetFileName(file).StartsWith('.')).Order(StringComparer.Ordinal)];
    Check(files.Length == 256, $"expected 256 chunk files in {raw}, found {files.Length}");
    var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    return () => Parallel.For(0, files.Length, options, index => ReadFile(files[index], buffer.AsSpan(index * ChunkBytes, ChunkBytes)));
}

async Task BenchPairs()
{
    var array = await ZarrArray.OpenAsync(new LocalStore(Path.Combine(dataDir, "v2_raw"), readOnly: true), "");
    var destination = CpuNDBuffer.Empty(array.Metadata.Shape, array.DataType);
    destination.Fill(1f);
    var readFloor = FloorReader(TouchedBuffer(), threads: 2);
    ReportPairs("pair dotnet ReadIntoAsync raw read full / floor 2 threads", await TimePairs(
        () => array.ReadIntoAsync(null, destination),
        () =>
        {
            readFloor();
            return Task.CompletedTask;
        }, pairs: 21, warmups: 10));

    var (store, bare, keys) = await KeyValueData();
    ReportPairs("pair kv dotnet MemoryStore.GetAsync get / ConcurrentDictionary.TryGetValue get", await TimePairs(
        () => GetEvery(store, keys), () => LookUpEvery(bare, keys), pairs: 5, warmups: 1));
}

static void ReadFile(string path, Span<byte> destination)
{
    using var handle = File.OpenHandle(path);
    int read = RandomAccess.Read(handle, destination, fileOffset: 0);
    Check(read == destination.Length, $"{path}: read {read} bytes, expected {destination.Length}");
}

static byte[] TouchedBuffer()
{
    byte[] buffer = GC.AllocateUninitializedArray<byte>((int)WholeBytes);
    buffer.AsSpan().Fill(1);
    return buffer;
}

// Per pair, A's time over B's; the pairs alternate which side runs first.
static async Task<double[]> TimePairs(Func<Task> a, Func<Task> b, int pairs, int warmups)
{
    await WarmUp(warmups, a, b);

    var ratios = new double[pairs];
    for (int i = 0; i < pairs; i++)
    {
        double aTime, bTime;
        if (i % 2 == 0)
        {
            aTime = await Elapsed(a);
            bTime = await Elapsed(b);
        }
        else
        {
            bTime = await Elapsed(b);
            aTime = await Elapsed(a);
        }

        ratios[i] = aTime / bTime;
    }

    return ratios;
}

// Runs the actions `warmups` times, and then on until 30 calls or 3 s of warming up, whichever comes first: tiered
// compilation rejits a method for speed (with the profile it gathered) only after 30 calls, so the code a read runs
// once per call reaches its steady form only then; a read timed before that times the runtime's start-up, not the
// library (the whole raw ReadIntoAsync: 1.9-2.0x the floor in the pairs after 10 warm-ups, 1.28x after 60).
static async Task WarmUp(int warmups, params Func<Task>[] actions)
{
    const int SteadyCalls = 30;
    var budget = TimeSpan.FromSeconds(3);
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < warmups || (i < SteadyCalls && Stopwatch.GetElapsedTime(start) < budget); i++)
    {
        foreach (var action in actions)
        {
            await action();
        }
    }
}

static async Task<double> Elapsed(Func<Task> action)
{
    long start = Stopwatch.GetTimestamp();
    await action();
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static void ReportPairs(string name, double[] ratios) =>
    Report(new() { ["name"] = name, ["median_ratio"] = Math.Round(Median(ratios), 3), ["all_ratios"] = Rounded(ratios, 3) });

static async Task<double[]> Time(Func<Task> action, int reps, int warmups)
{
    await WarmUp(warmups, action);

    var milliseconds = new double[reps];
    for (int i = 0; i < reps; i++)
    {
        milliseconds[i] = await Elapsed(action);
    }

    return milliseconds;
}

static void ReportTimes(string name, double[] milliseconds, long bytes)
{
    double median = Median(milliseconds);
    Report(new()
    {
        ["name"] = name,
        ["median_ms"] = Math.Round(median, 3),
        ["all_ms"] = Rounded(milliseconds, 3),
        ["MB_s"] = Math.Round(bytes / 1e6 / (median / 1e3), 1),
    });
}

static void ReportPerOp(string name, int count, double[] milliseconds)
{
    double[] nanoseconds = [.. milliseconds.Select(ms => ms * 1e6 / count)];
    Report(new() { ["name"] = name, ["median_ns_per_op"] = Math.Round(Median(nanoseconds), 1), ["all_ns"] = Rounded(nanoseconds, 1) });
}

static double Median(double[] values)
{
    double[] sorted = [.. values.Order()];
    int middle = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

static JsonArray Rounded(double[] values, int digits) => [.. values.Select(value => (JsonNode)Math.Round(value, digits))];

static void Report(JsonObject record) => Console.WriteLine(record.ToJsonString());

static void Check(bool condition, string failure)
{
    if (!condition)
    {
        throw new InvalidDataException(failure);
    }
}
