// Reads each Zarr array folder given on the command line with zarrita.js and prints one JSON line per
// array: {"path", "shape", "dtype", "values"} with values flattened in C order. Numbers that JSON cannot
// hold are written as strings: "NaN", "Infinity", "-Infinity", and 64-bit integers in decimal. Complex
// values are [real, imaginary] pairs. Any failure prints {"path", "error"} and sets the exit code to 1.
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";

function encode(value) {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

async function read(path) {
  const array = await zarr.open(new FileSystemStore(path), { kind: "array" });
  const chunk = await zarr.get(array);
  // For a 0-d array zarr.get returns the one element itself rather than a chunk.
  if (array.shape.length === 0) return { path, shape: [], dtype: array.dtype, values: [encode(chunk)] };
  const { data, shape, stride } = chunk;
  const complex = array.dtype.startsWith("complex");
  // BoolArray (zarrita's bool data) is not indexable; it reads through get().
  const at = typeof data.get === "function" ? (i) => data.get(i) : (i) => data[i];
  const values = [];
  // zarr.get may hand back F-ordered data; walk the indices in C order through the strides.
  const index = new Array(shape.length).fill(0);
  const count = shape.reduce((a, b) => a * b, 1);
  for (let n = 0; n < count; n++) {
    const offset = index.reduce((sum, i, axis) => sum + i * stride[axis], 0);
    values.push(complex ? [encode(at(2 * offset)), encode(at(2 * offset + 1))] : encode(at(offset)));
    for (let axis = shape.length - 1; axis >= 0 && ++index[axis] === shape[axis]; axis--) index[axis] = 0;
  }
  return { path, shape, dtype: array.dtype, values };
}

let failed = false;
for (const path of process.argv.slice(2)) {
  try {
    console.log(JSON.stringify(await read(path)));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ path, error: String(error?.stack ?? error) }));
  }
}
process.exitCode = failed ? 1 : 0;
