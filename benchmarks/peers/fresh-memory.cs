// Why a whole raw ReadAsync (a new 256 MiB output per call) is slower than ReadIntoAsync on this machine: the cost of
// touching memory the process has not used before, in .NET and in numpy, beside each other (issue 14).
// Each round allocates 256 MiB (a GC array, then native memory), writes one byte per 4 KiB page, and prints the time
// and the process's AnonHugePages (transparent huge pages in use). Run:
//   dotnet run -c Release benchmarks/peers/fresh-memory.cs
//   /usr/bin/python3 -c "import numpy as np,time
//   for r in range(4): t=time.perf_counter(); a=np.empty(256<<20,np.uint8); a[::4096]=1; print(round((time.perf_counter()-t)*1e3,1),'ms'); del a"
#:project ../../src/Zarr.Buffers/Zarr.Buffers.csproj
#:property AllowUnsafeBlocks=true
using System.Diagnostics;
using System.Runtime.InteropServices;

const int Bytes = 256 << 20;
const int Page = 4096;
for (int round = 1; round <= 4; round++)
{
    var clock = Stopwatch.StartNew();
    byte[] managed = GC.AllocateUninitializedArray<byte>(Bytes);
    for (int i = 0; i < Bytes; i += Page)
    {
        managed[i] = 1;
    }

    double managedMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    double nativeMs;
    unsafe
    {
        byte* native = (byte*)NativeMemory.Alloc(Bytes);
        for (int i = 0; i < Bytes; i += Page)
        {
            native[i] = 1;
        }

        nativeMs = clock.Elapsed.TotalMilliseconds;
        NativeMemory.Free(native);
    }

    GC.KeepAlive(managed);
    string huge = File.ReadLines("/proc/self/smaps_rollup").FirstOrDefault(l => l.StartsWith("AnonHugePages", StringComparison.Ordinal)) ?? "";
    Console.WriteLine($"round {round}: GC array {managedMs:F1} ms, native {nativeMs:F1} ms to allocate and touch 256 MiB; {huge.Trim()}");
}
