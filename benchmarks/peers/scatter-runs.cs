#:project ../../src/Zarr.Buffers/Zarr.Buffers.csproj
#:property AllowUnsafeBlocks=true
// Why a raw chunk covered whole but strided in a read's output goes from a LocalStore's file straight into its rows
// (preadv) when they are 2 KiB or longer, and through scratch when shorter (DirectChunkReader.MinScatteredRun).
// Reads the 256 files of DATA_DIR/v2_raw (8192x8192 float32, 512x512 chunks, as run.sh or floor-split.cs write them)
// into their places in one C-ordered output on 2 threads, interleaved, 20 warm-up rounds and ROUNDS timed:
//   floor           each file into 1 MiB of its own (no rows to place: dotnet-bench.cs's 2-thread floor);
//   scratch + copy  each file into a reused 1 MiB scratch, then its 512 rows copied into their places;
//   preadv N        each file straight into its places, in runs of N bytes (a 2 KiB row split into 2048/N runs:
//                   the same bytes as rows of N bytes would be, one iovec per run).
// Linux only (libc preadv, /proc/loadavg). Usage: dotnet run -c Release benchmarks/peers/scatter-runs.cs -- DATA_DIR [ROUNDS=21]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

string dir = Path.Combine(args[0], "v2_raw");
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
string[] files = [.. Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)];
if (files.Length != 256) throw new InvalidDataException($"{dir} has {files.Length} chunk files, expected 256");
(int Row, int Column)[] chunks = [.. files.Select(f => Path.GetFileName(f).Split('.') is [var r, var c] ? (int.Parse(r, CultureInfo.InvariantCulture), int.Parse(c, CultureInfo.InvariantCulture)) : throw new InvalidDataException(f))];
const int ChunkBytes = 512 * 512 * 4;
float[] output = GC.AllocateArray<float>(8192 * 8192, pinned: true);
output.AsSpan().Fill(1);
byte[] flat = GC.AllocateUninitializedArray<byte>(256 * ChunkBytes);
flat.AsSpan().Fill(1);
var scratch = new ThreadLocal<byte[]>(() => new byte[ChunkBytes]);
var twoThreads = new ParallelOptions { MaxDegreeOfParallelism = 2 };
int[] runLengths = [2048, 1024, 512, 256, 64];
var variants = new List<(string Name, Action<int> ReadChunk)>
{
    ("floor", i => { using var h = File.OpenHandle(files[i]); RandomAccess.Read(h, flat.AsSpan(i * ChunkBytes, ChunkBytes), 0); }),
    ("scratch + copy", ScratchThenCopy),
};
variants.AddRange(runLengths.Select(length => ($"preadv {length}", (Action<int>)(i => Scattered(i, length)))));

foreach (var (_, read) in variants) Parallel.For(0, 256, twoThreads, read);
float[] expected = output.ToArray();
foreach (var (name, read) in variants[1..])
{
    output.AsSpan().Clear();
    Parallel.For(0, 256, twoThreads, read);
    if (!output.AsSpan().SequenceEqual(expected)) throw new InvalidDataException($"{name} placed the chunks differently from the floor's");
}

var times = variants.Select(_ => new List<double>()).ToArray();
for (int round = -20; round < rounds; round++)
{
    for (int k = 0; k < variants.Count; k++)
    {
        long start = Stopwatch.GetTimestamp();
        Parallel.For(0, 256, twoThreads, variants[k].ReadChunk);
        if (round >= 0) times[k].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}

double floor = Median(times[0]);
Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
for (int k = 0; k < variants.Count; k++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variants[k].Name,-15} median {Median(times[k]),6:F1} ms  {Median(times[k]) / floor:F2}x the floor"));
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

void ScratchThenCopy(int i)
{
    byte[] bytes = scratch.Value!;
    using (var h = File.OpenHandle(files[i])) RandomAccess.Read(h, bytes, 0);
    var source = MemoryMarshal.Cast<byte, float>(bytes);
    var (row0, column0) = chunks[i];
    for (int row = 0; row < 512; row++)
        source.Slice(row * 512, 512).CopyTo(output.AsSpan(((row0 * 512) + row) * 8192 + (column0 * 512), 512));
}

unsafe void Scattered(int i, int runLength)
{
    const int MaxVectors = 1024;
    var (row0, column0) = chunks[i];
    int runsPerRow = 2048 / runLength;
    var vectors = stackalloc IOVector[MaxVectors];
    byte* start = (byte*)Unsafe.AsPointer(ref output[0]);
    using var h = File.OpenHandle(files[i]);
    long offset = 0;
    int count = 0;
    for (int row = 0; row < 512; row++)
    {
        for (int run = 0; run < runsPerRow; run++)
        {
            vectors[count++] = new IOVector((nint)(start + ((((row0 * 512) + row) * 8192L) + (column0 * 512)) * 4 + (run * runLength)), (nuint)runLength);
            if (count == MaxVectors || (row == 511 && run == runsPerRow - 1))
            {
                long expectedBytes = (long)count * runLength;
                if (PReadV((int)h.DangerousGetHandle(), vectors, count, offset) != expectedBytes) throw new IOException($"short read of {files[i]}");
                offset += expectedBytes;
                count = 0;
            }
        }
    }
}

[DllImport("libc", EntryPoint = "preadv", SetLastError = true)]
static extern unsafe nint PReadV(int fd, IOVector* vectors, int count, long offset);

readonly record struct IOVector(nint Start, nuint Length);
