#!/usr/bin/python3
"""zarr-python 2 (Debian python3-zarr) whole-array benchmark.

Usage: /usr/bin/python3 zarr2_bench.py DATA_DIR [write|read|kv|phys|all]
  write:  writes DATA_DIR/v2_{raw,zstd1,gzip1} (raw / Zstd(level=1) / GZip(level=1)), untimed, for every reader.
  read:   for each of them: full read arr[:], one chunk-aligned 512x512 region, one unaligned 1000x1000 region
          (9 chunks), checked against the data first.
  kv:     1,000,000 sets then gets of 100-byte values through the mapping interface of
          dict, zarr.storage.KVStore(dict), zarr.storage.MemoryStore.
  phys:   plain reads of every chunk file of DATA_DIR/v2_raw (warm page cache).
Prints one JSON line per measurement: {"name":..., "median_ms":..., "all_ms":[...]}.
"""
import json, os, shutil, sys, time, statistics
import numpy as np
import zarr, numcodecs
from zarr.storage import DirectoryStore, KVStore, MemoryStore

SHAPE = (8192, 8192)
CHUNKS = (512, 512)
NBYTES = SHAPE[0] * SHAPE[1] * 4  # 256 MiB
REGION_ALIGNED = (slice(512, 1024), slice(512, 1024))
REGION_UNALIGNED = (slice(100, 1100), slice(300, 1300))

def report(name, times_s, nbytes=None, extra=None):
    ms = [t * 1e3 for t in times_s]
    med = statistics.median(ms)
    rec = {"name": name, "median_ms": round(med, 3), "all_ms": [round(x, 3) for x in ms]}
    if nbytes:
        rec["MB_s"] = round(nbytes / 1e6 / (med / 1e3), 1)
    if extra:
        rec.update(extra)
    print(json.dumps(rec), flush=True)

def timeit(fn, reps, warmups):
    # The warm-up rule of every reader here (dotnet-bench.cs WarmUp): `warmups` calls, then on until 30 calls or 3 s.
    start = time.perf_counter()
    calls = 0
    while calls < warmups or (calls < 30 and time.perf_counter() - start < 3):
        fn()
        calls += 1
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return ts

def make_data():
    return np.random.default_rng(42).standard_normal(SHAPE, dtype=np.float32)

CODECS = {
    "raw": None,
    "zstd1": numcodecs.Zstd(level=1),
    "gzip1": numcodecs.GZip(level=1),
}

def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total

def array_path(data_dir, cname):
    return os.path.join(data_dir, f"v2_{cname}")

def write_arrays(data_dir):
    data = make_data()
    for cname, comp in CODECS.items():
        path = array_path(data_dir, cname)
        shutil.rmtree(path, ignore_errors=True)
        z = zarr.open_array(DirectoryStore(path), mode="w", shape=SHAPE, chunks=CHUNKS,
                            dtype="<f4", compressor=comp, fill_value=0.0)
        z[:] = data
    os.sync()

def bench_reads(data_dir, read_reps=5, region_reps=21):
    data = make_data()
    for cname in CODECS:
        path = array_path(data_dir, cname)
        size = dir_size(path)
        z = zarr.open_array(DirectoryStore(path), mode="r")
        out = z[:]
        assert np.array_equal(out, data), cname
        assert np.array_equal(z[REGION_UNALIGNED], data[REGION_UNALIGNED])
        del out
        report(f"zarr2 {cname} read full", timeit(lambda: z[:], read_reps, 1), NBYTES,
               {"stored_bytes": size, "ratio": round(NBYTES / size, 3)})
        report(f"zarr2 {cname} read 512x512 aligned", timeit(lambda: z[REGION_ALIGNED], region_reps, 3), 512 * 512 * 4)
        report(f"zarr2 {cname} read 1000x1000 unaligned", timeit(lambda: z[REGION_UNALIGNED], region_reps, 3), 1000 * 1000 * 4)
    del data

def bench_kv(n=1_000_000, reps=5):
    keys = [f"array/c/{i // 1000}/{i % 1000}" for i in range(n)]
    vals = [os.urandom(100) for _ in range(n)]
    def run(label, factory):
        set_t, get_t = [], []
        for rep in range(reps + 1):
            s = factory()
            t0 = time.perf_counter()
            for k, v in zip(keys, vals):
                s[k] = v
            t1 = time.perf_counter()
            for k in keys:
                s[k]
            t2 = time.perf_counter()
            if rep:  # rep 0 = warm-up
                set_t.append(t1 - t0); get_t.append(t2 - t1)
        for what, ts in (("set", set_t), ("get", get_t)):
            ns = [t / n * 1e9 for t in ts]
            print(json.dumps({"name": f"kv {label} {what}", "median_ns_per_op": round(statistics.median(ns), 1),
                              "all_ns": [round(x, 1) for x in ns]}), flush=True)
    run("dict s[k]=v / s[k]", dict)
    run("zarr.storage.KVStore(dict)", lambda: KVStore(dict()))
    run("zarr.storage.MemoryStore", MemoryStore)

def bench_phys(data_dir, reps=5):
    path = os.path.join(data_dir, "v2_raw")
    files = sorted(os.path.join(path, f) for f in os.listdir(path) if not f.startswith("."))
    assert len(files) == 256, len(files)
    buf = bytearray(NBYTES)  # preallocated, pre-faulted
    mv = memoryview(buf)
    def read_into():
        off = 0
        for f in files:
            with open(f, "rb", buffering=0) as fh:
                n = fh.readinto(mv[off:off + (1 << 20)])
            off += n
        assert off == NBYTES
    def read_alloc():  # what DirectoryStore.__getitem__ does: f.read() -> new bytes per chunk
        total = 0
        for f in files:
            with open(f, "rb") as fh:
                total += len(fh.read())
        assert total == NBYTES
    report("phys python readinto preallocated 256 MiB", timeit(read_into, reps, 2), NBYTES)
    report("phys python f.read() per file (allocating)", timeit(read_alloc, reps, 2), NBYTES)

if __name__ == "__main__":
    data_dir = sys.argv[1]
    what = sys.argv[2] if len(sys.argv) > 2 else "all"
    os.makedirs(data_dir, exist_ok=True)
    print(json.dumps({"name": "versions", "python": sys.version.split()[0], "zarr": zarr.__version__,
                      "numcodecs": numcodecs.__version__, "numpy": np.__version__}), flush=True)
    if what in ("write", "all"):
        write_arrays(data_dir)
    if what in ("read", "all"):
        bench_reads(data_dir)
    if what in ("kv", "all"):
        bench_kv()
    if what in ("phys", "all"):
        bench_phys(data_dir)
