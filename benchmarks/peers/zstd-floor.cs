// What bounds the whole zstd-1 read (issue 14's "at least 2x faster than zarr-python 2"): the same 256 chunk files of
// DATA/v2_zstd1 decoded by ZstdSharp (the decoder this library uses where no system libzstd 1.4.4 or later loads, and
// with ZARR_ZSTD_DISABLE_SYSTEM_LIBRARY=1) with nothing else, then with each step a read
// adds, beside the whole ReadIntoAsync, interleaved round by round (medians of 21 rounds after 10 warm-up rounds):
//   decode: every chunk decoded from memory into a buffer of its thread's, on 1 and on 2 threads;
//   + read: each chunk file opened and read into a buffer of its thread's (RandomAccess.Read) before the decode;
//   + copy: the decoded chunk then copied row by row into its place in one C-ordered 8192x8192 output;
//   ReadIntoAsync: this library's whole read into one output.
// zarr-python 2 decodes on one thread with libzstd; its per-chunk decode alone (a new output per call, dropped at once):
//   /usr/bin/python3 -c "import glob,timeit,numcodecs; z=numcodecs.Zstd(); fs=[open(f,'rb').read() for f in sorted(glob.glob('DATA/v2_zstd1/[0-9]*'))]; print(round(min(timeit.repeat(lambda: [z.decode(b) and None for b in fs], number=1, repeat=15))*1e3/len(fs),3),'ms a chunk, best of 15')"
// Run: dotnet run -c Release benchmarks/peers/zstd-floor.cs -- DATA
#:project ../../src/Zarr.Buffers/Zarr.Buffers.csproj
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Zarr.Arrays;
using Zarr.Buffers;
using Zarr.Storage;
using ZstdSharp;

const int Side = 8192, ChunkSide = 512, ChunkBytes = ChunkSide * ChunkSide * sizeof(float);
string folder = Path.Combine(args[0], "v2_zstd1");
string[] files = [.. Directory.GetFiles(folder).Where(file => !Path.GetFileName(file).StartsWith('.')).Order(StringComparer.Ordinal)];
byte[][] frames = [.. files.Select(File.ReadAllBytes)];
float[] output = new float[Side * Side];
output.AsSpan().Fill(1);
using var scratch = new ThreadLocal<(Decompressor Decoder, byte[] Frame, byte[] Chunk)>(
    () => (new Decompressor(), new byte[2 * ChunkBytes], new byte[ChunkBytes]));
var array = await ZarrArray.OpenAsync(new LocalStore(folder, readOnly: true), "");
var destination = CpuNDBuffer.Empty(array.Metadata.Shape, array.DataType);

(string Name, Func<Task> Run)[] variants =
[
    ("decode, 1 thread", () => Each(1, DecodeFromMemory)),
    ("decode, 2 threads", () => Each(2, DecodeFromMemory)),
    ("read + decode, 2 threads", () => Each(2, i => ReadAndDecode(i))),
    ("read + decode + copy into C order, 2 threads", () => Each(2, ReadDecodeAndCopy)),
    ("ReadIntoAsync whole", () => array.ReadIntoAsync(null, destination)),
];
var times = variants.Select(_ => new List<double>()).ToArray();
for (int round = -10; round < 21; round++)
{
    for (int v = 0; v < variants.Length; v++)
    {
        long start = Stopwatch.GetTimestamp();
        await variants[v].Run();
        if (round >= 0)
        {
            times[v].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}

for (int v = 0; v < variants.Length; v++)
{
    times[v].Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{variants[v].Name,-46} median {times[v][times[v].Count / 2],7:F1} ms, min {times[v][0],7:F1} ms ({files.Length} chunks)"));
}

Task Each(int threads, Action<int> body)
{
    Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    return Task.CompletedTask;
}

void DecodeFromMemory(int index)
{
    var (decoder, _, chunk) = scratch.Value;
    decoder.Unwrap(frames[index], chunk);
}

byte[] ReadAndDecode(int index)
{
    var (decoder, frame, chunk) = scratch.Value;
    using var handle = File.OpenHandle(files[index]);
    int length = RandomAccess.Read(handle, frame, fileOffset: 0);
    decoder.Unwrap(frame.AsSpan(0, length), chunk);
    return chunk;
}

void ReadDecodeAndCopy(int index)
{
    ReadOnlySpan<float> chunk = MemoryMarshal.Cast<byte, float>(ReadAndDecode(index));
    string[] coords = Path.GetFileName(files[index]).Split('.');
    int row0 = int.Parse(coords[0], CultureInfo.InvariantCulture) * ChunkSide;
    int column0 = int.Parse(coords[1], CultureInfo.InvariantCulture) * ChunkSide;
    for (int row = 0; row < ChunkSide; row++)
    {
        chunk.Slice(row * ChunkSide, ChunkSide).CopyTo(output.AsSpan((row0 + row) * Side + column0, ChunkSide));
    }
}
