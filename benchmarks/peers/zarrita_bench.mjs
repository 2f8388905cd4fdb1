// zarrita.js 0.7.5 whole-array benchmark (Node). Run from benchmarks/peers after `npm ci` (package-lock.json pins it):
//   node zarrita_bench.mjs DATA_DIR [v2|phys|all]
// v2:   reads DATA_DIR/v2_{raw,zstd1,gzip1} (written by zarr2_bench.py): full read, 512x512 aligned, 1000x1000 unaligned.
// phys: plain fs reads of the 256 raw chunk files (readFileSync allocating; readSync into one preallocated buffer;
//       fs.promises.readFile with all 256 in flight, as zarrita's FileSystemStore does).
// Prints one JSON line per measurement.
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import * as fs from "node:fs";
import * as path from "node:path";

const NBYTES = 8192 * 8192 * 4;
const ALIGNED = [zarr.slice(512, 1024), zarr.slice(512, 1024)];
const UNALIGNED = [zarr.slice(100, 1100), zarr.slice(300, 1300)];
const [dataDir, what = "all"] = process.argv.slice(2);

function median(xs) { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }
function report(name, ms, nbytes, extra = {}) {
  const med = median(ms);
  const rec = { name, median_ms: +med.toFixed(3), all_ms: ms.map((x) => +x.toFixed(3)) };
  if (nbytes) rec.MB_s = +(nbytes / 1e6 / (med / 1e3)).toFixed(1);
  console.log(JSON.stringify({ ...rec, ...extra }));
}
async function timeit(fn, reps, warmups, before) {
  // The warm-up rule of every reader here (dotnet-bench.cs WarmUp): `warmups` calls, then on until 30 calls or 3 s.
  const start = performance.now();
  for (let i = 0; i < warmups || (i < 30 && performance.now() - start < 3000); i++) { if (before) await before(); await fn(); }
  const ts = [];
  for (let i = 0; i < reps; i++) {
    if (before) await before();
    const t0 = performance.now(); await fn(); ts.push(performance.now() - t0);
  }
  return ts;
}
function bytesEqual(a, b) { return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)); }

async function benchReads(label, arr, reference) {
  const full = await zarr.get(arr, null);
  if (!(full.data instanceof Float32Array) || full.data.length !== 8192 * 8192) throw new Error("bad full read " + label);
  if (reference && !bytesEqual(full.data, reference)) throw new Error("data mismatch " + label);
  report(`zarrita ${label} read full`, await timeit(() => zarr.get(arr, null), 5, 1), NBYTES);
  const r = await zarr.get(arr, UNALIGNED);
  if (reference && r.data[0] !== reference[100 * 8192 + 300]) throw new Error("region mismatch " + label);
  report(`zarrita ${label} read 512x512 aligned`, await timeit(() => zarr.get(arr, ALIGNED), 21, 3), 512 * 512 * 4);
  report(`zarrita ${label} read 1000x1000 unaligned`, await timeit(() => zarr.get(arr, UNALIGNED), 21, 3), 1000 * 1000 * 4);
  return full.data;
}

async function v2() {
  let reference = null;
  for (const c of ["raw", "zstd1", "gzip1"]) {
    const arr = await zarr.open.v2(new FileSystemStore(path.join(dataDir, `v2_${c}`)), { kind: "array" });
    const data = await benchReads(`v2 ${c}`, arr, reference);
    if (c === "raw") reference = data;
  }
  return reference;
}

async function phys() {
  const dir = path.join(dataDir, "v2_raw");
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith(".")).sort().map((f) => path.join(dir, f));
  if (files.length !== 256) throw new Error("expected 256 chunk files");
  const buf = Buffer.alloc(NBYTES, 1); // preallocated and touched
  report("phys node readSync into preallocated", await timeit(() => {
    let off = 0;
    for (const f of files) { const fd = fs.openSync(f, "r"); off += fs.readSync(fd, buf, off, 1 << 20, 0); fs.closeSync(fd); }
    if (off !== NBYTES) throw new Error("short read");
  }, 5, 2), NBYTES);
  report("phys node readFileSync per file (allocating)", await timeit(() => {
    let n = 0; for (const f of files) n += fs.readFileSync(f).length;
    if (n !== NBYTES) throw new Error("short read");
  }, 5, 2), NBYTES);
  report("phys node fs.promises.readFile all 256 in flight", await timeit(async () => {
    const bufs = await Promise.all(files.map((f) => fs.promises.readFile(f)));
    if (bufs.reduce((a, b) => a + b.length, 0) !== NBYTES) throw new Error("short read");
  }, 5, 2), NBYTES);
}

const pkg = (n) => JSON.parse(fs.readFileSync(path.join("node_modules", n, "package.json"), "utf8")).version;
console.log(JSON.stringify({ name: "versions", node: process.version, zarrita: pkg("zarrita"), "@zarrita/storage": pkg("@zarrita/storage"), "numcodecs.js": pkg("numcodecs"), fflate: pkg("fflate") }));
if (what === "v2" || what === "all") await v2();
if (what === "phys" || what === "all") await phys();
