#:project ../../src/Zarr.Buffers/Zarr.Buffers.csproj
// Where a whole raw ReadIntoAsync spends its time beside the 2-thread floor of dotnet-bench.cs (issue 14, third pass).
// Writes DATA_DIR/v2_raw (8192x8192 float32, 256 raw 512x512 chunks) with this library on first use, then, in one
// process, runs the variants below interleaved, ROUNDS times after 2 warm-ups, and prints medians of wall and process
// CPU time, each beside the floor, and the median of per-round ratios (robust to load that drifts between rounds).
// Usage: dotnet run -c Release benchmarks/peers/floor-split.cs -- DATA_DIR [ROUNDS=15]
//   ONLY=0,6 ...   only those variants (indexes in the list below; 0 is the floor)
//   CHUNK=300      one 1 MiB chunk instead: the file read, LocalStore.GetIntoAsync and a one-chunk ReadIntoAsync, per read
//   COPY=25        the copy of 256 chunks into their places in a C-ordered 8192x8192 output (NDBuffer slice set)
//   WRITE=zstd     allocated bytes per whole write of the array through LocalStore: zstd-1, gzip-1, bz2-1,
//                  blosc-lz4 (lz4 level 5, byte shuffle of 4 bytes) or zstd-crc32c (zstd-1, then crc32c)
using System.Diagnostics;
using System.Globalization;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;

string dataDir = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
string raw = Path.Combine(dataDir, "v2_raw");
if (!File.Exists(Path.Combine(raw, ".zarray")))
{
    var created = await ZarrArray.CreateAsync(new LocalStore(raw), "", ArrayMetadata.CreateV2([8192, 8192], DataType.Float32, [512, 512]));
    var data = new float[8192 * 8192];
    for (int i = 0; i < data.Length; i++) data[i] = i;
    var values = CpuNDBuffer.FromArray(data, [8192, 8192]);
    await created.WriteAsync(null, values);
}

const int ChunkBytes = 512 * 512 * 4;
string[] files = [.. Directory.GetFiles(raw).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)];
if (files.Length != 256) throw new InvalidDataException($"{files.Length} files");
byte[] buffer = GC.AllocateUninitializedArray<byte>(256 * ChunkBytes);
buffer.AsSpan().Fill(1);
var array = await ZarrArray.OpenAsync(new LocalStore(raw, readOnly: true), "");
var destination = CpuNDBuffer.Empty([8192, 8192], DataType.Float32);
destination.Fill(1f);
var store = new LocalStore(raw, readOnly: true);
string[] keys = [.. files.Select(Path.GetFileName)!];

void ReadFile(string path, Span<byte> dest)
{
    using var handle = File.OpenHandle(path);
    if (RandomAccess.Read(handle, dest, 0) != dest.Length) throw new InvalidDataException(path);
}

float[] outFloats = new float[8192 * 8192];
outFloats.AsSpan().Fill(1f);
var outTensor = System.Numerics.Tensors.Tensor.Create(outFloats, [8192, 8192]);
var scratchLocal = new ThreadLocal<float[]>(() => new float[512 * 512]);
void ScratchThen(int i, bool tensorCopy)
{
    var scratch = scratchLocal.Value!;
    ReadFile(files[i], System.Runtime.InteropServices.MemoryMarshal.AsBytes(scratch.AsSpan()));
    int cy = i / 16, cx = i % 16;
    if (tensorCopy)
    {
        var src = System.Numerics.Tensors.Tensor.Create(scratch, [512, 512]);
        var dst = outTensor.Slice(new System.Buffers.NRange(cy * 512, cy * 512 + 512), new System.Buffers.NRange(cx * 512, cx * 512 + 512));
        src.CopyTo(dst);
        return;
    }
    for (int row = 0; row < 512; row++)
        scratch.AsSpan(row * 512, 512).CopyTo(outFloats.AsSpan((cy * 512 + row) * 8192 + cx * 512, 512));
}
void Scatter(int i)
{
    int cy = i / 16, cx = i % 16;
    var rows = new Memory<byte>[512];
    for (int row = 0; row < 512; row++)
    {
        var m = outFloats.AsMemory((cy * 512 + row) * 8192 + cx * 512, 512);
        rows[row] = CommunityToolkit.HighPerformance.MemoryExtensions.Cast<float, byte>(m);
    }
    using var handle = File.OpenHandle(files[i]);
    if (RandomAccess.Read(handle, rows, 0) != ChunkBytes) throw new InvalidDataException("short");
}
var par2 = new ParallelOptions { MaxDegreeOfParallelism = 2 };
var variants = new List<(string Name, Func<Task> Run)>
{
    ("floor Parallel.For 2 sync", () => { Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => ReadFile(files[i], buffer.AsSpan(i * ChunkBytes, ChunkBytes))); return Task.CompletedTask; }),
    ("floor + row Span copies", () => { Parallel.For(0, 256, par2, i => ScratchThen(i, false)); return Task.CompletedTask; }),
    ("floor + Tensor.CopyTo", () => { Parallel.For(0, 256, par2, i => ScratchThen(i, true)); return Task.CompletedTask; }),
    ("floor scatter preadv", () => { Parallel.For(0, 256, par2, Scatter); return Task.CompletedTask; }),
    ("async handles ForEachAsync 2", () => Parallel.ForEachAsync(Enumerable.Range(0, 256), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
        {
            using var h = File.OpenHandle(files[i], FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            await RandomAccess.ReadAsync(h, buffer.AsMemory(i * ChunkBytes, ChunkBytes), 0, ct);
        })),
    ("store.GetIntoAsync ForEachAsync 2", () => Parallel.ForEachAsync(Enumerable.Range(0, 256), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
        { await store.GetIntoAsync(keys[i], buffer.AsMemory(i * ChunkBytes, ChunkBytes), null, ct); })),
    ("ReadIntoAsync MDOP 10", () => { array.MaxDegreeOfParallelism = 10; return array.ReadIntoAsync(null, destination); }),
    ("ReadIntoAsync MDOP 2", () => { array.MaxDegreeOfParallelism = 2; return array.ReadIntoAsync(null, destination); }),
};
if (Environment.GetEnvironmentVariable("ONLY") is { } only) variants = [.. variants.Where((v, i) => only.Split(',').Contains(i.ToString(CultureInfo.InvariantCulture)))];

var proc = Process.GetCurrentProcess();
if (Environment.GetEnvironmentVariable("WRITE") is { } writeCodec)
{
    // Whole writes of the 8192x8192 float32 values (chunks 512x512) into a fresh LocalStore folder.
    var data2 = new float[8192 * 8192];
    for (int i = 0; i < data2.Length; i++) data2[i] = i;
    var values2 = CpuNDBuffer.FromArray(data2, [8192, 8192]);
    string folder = Path.Combine(dataDir, $"write_{writeCodec}");
    if (Directory.Exists(folder)) Directory.Delete(folder, true);
    var meta = new ArrayMetadata([8192, 8192], DataType.Float32, [512, 512], codecs: System.Text.Json.Nodes.JsonNode.Parse($$$"""[{"name": "bytes", "configuration": {"endian": "little"}}, {{{BytesBytesCodecs(writeCodec)}}}]""")!.AsArray());
    var target = await ZarrArray.CreateAsync(new LocalStore(folder), "", meta);
    var allocs = new List<double>(); var ws = new List<double>();
    for (int round = 0; round < 6; round++)
    {
        long a0 = GC.GetTotalAllocatedBytes(true);
        long t0 = Stopwatch.GetTimestamp();
        await target.WriteAsync(null, values2);
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        long a = GC.GetTotalAllocatedBytes(true) - a0;
        if (round > 0) { allocs.Add(a / 1048576.0); ws.Add(ms); }
    }
    long stored = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("zarr.json", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"whole {writeCodec} write: allocated per write MiB median {Median(allocs):F2} (all {string.Join(", ", allocs.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}), stored {stored / 1048576.0:F1} MiB, wall median {Median(ws):F0} ms; load {File.ReadAllText("/proc/loadavg").Trim()}");
    Directory.Delete(folder, true);
    return;
}
if (Environment.GetEnvironmentVariable("COPY") is { } copyRounds)
{
    var chunkBuf = CpuNDBuffer.FromArray(new float[512 * 512], [512, 512]);
    var ws = new List<double>();
    for (int round = 0; round < int.Parse(copyRounds, CultureInfo.InvariantCulture); round++)
    {
        long t0 = Stopwatch.GetTimestamp();
        proc.Refresh();
        var c0 = proc.TotalProcessorTime;
        for (int i = 0; i < 256; i++)
        {
            int cy = i / 16, cx = i % 16;
            destination[[new(cy * 512, cy * 512 + 512), new(cx * 512, cx * 512 + 512)]] = chunkBuf;
        }
        proc.Refresh();
        if (round >= 3) ws.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
    }
    Console.WriteLine($"256 chunk copies into the C-ordered output: cpu median {Median(ws):F1} ms, min {ws.Min():F1}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    return;
}
if (Environment.GetEnvironmentVariable("CHUNK") is { } chunkReps)
{
    int reps = int.Parse(chunkReps, CultureInfo.InvariantCulture);
    var chunkDest = CpuNDBuffer.Empty([512, 512], DataType.Float32);
    System.Buffers.NRange[] alignedRegion = [new(512, 1024), new(512, 1024)];
    // (name, body, on a pool thread?)
    var one = new List<(string Name, Func<Task> Run, bool Pool)>
    {
        ("floor: one chunk file, sync", () => { ReadFile(files[17], buffer.AsSpan(0, ChunkBytes)); return Task.CompletedTask; }, true),
        ("GetIntoAsync from a pool thread", async () => { await store.GetIntoAsync("1.1", buffer.AsMemory(0, ChunkBytes)); }, true),
        ("ReadIntoAsync 1 chunk, pool thread", () => array.ReadIntoAsync(alignedRegion, chunkDest), true),
    };
    var wall = one.Select(_ => new List<double>()).ToArray();
    var cpus = one.Select(_ => new List<double>()).ToArray();
    async Task Loop(int k, int n)
    {
        proc.Refresh();
        var c0 = proc.TotalProcessorTime;
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++) await one[k].Run();
        wall[k].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds / n);
        proc.Refresh();
        cpus[k].Add((proc.TotalProcessorTime - c0).TotalMicroseconds / n);
    }
    for (int round = 0; round < 12; round++)
    {
        for (int k = 0; k < one.Count; k++)
        {
            int n = round < 2 ? 50 : reps;
            await Task.Run(() => Loop(k, n));
            if (round < 2) { wall[k].Clear(); cpus[k].Clear(); }
        }
    }
    Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}; 10 rounds of {reps}, medians per read");
    for (int k = 0; k < one.Count; k++)
        Console.WriteLine($"{one[k].Name,-36} wall {Median(wall[k]),7:F1} us  cpu {Median(cpus[k]),7:F1} us");
    return;
}
var times = variants.Select(_ => new List<double>()).ToArray();
var cpu = variants.Select(_ => new List<double>()).ToArray();

for (int w = 0; w < 2; w++) foreach (var v in variants) await v.Run();
var load = File.ReadAllText("/proc/loadavg").Trim();
long allocBefore = GC.GetTotalAllocatedBytes(true);
array.MaxDegreeOfParallelism = 10;
await array.ReadIntoAsync(null, destination);
long alloc = GC.GetTotalAllocatedBytes(true) - allocBefore;
for (int r = 0; r < rounds; r++)
{
    for (int v = 0; v < variants.Count; v++)
    {
        proc.Refresh();
        var cpu0 = proc.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        await variants[v].Run();
        times[v].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        proc.Refresh();
        cpu[v].Add((proc.TotalProcessorTime - cpu0).TotalMilliseconds);
    }
}
// The bytes-to-bytes codecs of a WRITE= name, as zarr.json entries after the bytes codec.
static string BytesBytesCodecs(string write) => write switch
{
    "blosc-lz4" => """{"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}""",
    "bz2" => """{"name": "numcodecs.bz2", "configuration": {"level": 1}}""",
    "zstd-crc32c" => """{"name": "zstd", "configuration": {"level": 1}}, {"name": "crc32c"}""",
    _ => $$$"""{"name": "{{{write}}}", "configuration": {"level": 1}}""",
};
static double Median(List<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
double floor = Median(times[0]);
Console.WriteLine($"load at start: {load}; at end: {File.ReadAllText("/proc/loadavg").Trim()}; rounds {rounds}; ReadIntoAsync allocated {alloc / 1024.0:F1} KiB");
for (int v = 0; v < variants.Count; v++)
{
    double m = Median(times[v]);
    Console.WriteLine($"{variants[v].Name,-38} median {m,8:F1} ms  min {times[v].Min(),8:F1}  max {times[v].Max(),8:F1}  /floor {m / floor:F2}x  cpu median {Median(cpu[v]),7:F1} ms ({Median(cpu[v]) / Median(cpu[0]):F2}x)");
}
// Per-round ratio to the floor of the same round, median: robust to load drift.
for (int v = 1; v < variants.Count; v++)
{
    var ratios = times[v].Zip(times[0], (a, b) => a / b).ToList();
    Console.WriteLine($"  per-round ratio {variants[v].Name,-38} median {Median(ratios):F2}x");
}
