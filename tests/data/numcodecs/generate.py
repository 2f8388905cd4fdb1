"""Writes the Zarr v2 arrays in this folder with zarr-python 2 and numcodecs' LZ4 and BZ2 compressors.

Run from this folder with Debian's python3-zarr (2.13) and python3-numcodecs (0.11):
    /usr/bin/python3 generate.py
Each array gets its values from numpy, then loses one chunk key, which must read as the fill value.
expected.json records every array's metadata inputs and its values in C order as numpy reads them back
(null for NaN).
It also writes bomb-1GiB-zeros.bz2: 1 GiB of zeros as one bzip2 stream (level 9, 785 bytes), a decompression bomb.
"""
import bz2
import json
import math
import os
import shutil

import numcodecs
import numpy as np
import zarr

ARRAYS = [
    # name, dtype, shape, chunks, order, compressor, fill value, separator, removed chunk key
    ("lz4_int16_c", "<i2", (7, 5), (3, 4), "C", numcodecs.LZ4(acceleration=1), -1, ".", "1.1"),
    ("lz4_float64_f", ">f8", (6, 4), (4, 3), "F", numcodecs.LZ4(acceleration=5), math.nan, "/", "0/1"),
    ("bz2_uint32_1d", "<u4", (9,), (4,), "C", numcodecs.BZ2(level=9), 7, ".", "1"),
    ("bz2_float32_c", "<f4", (5, 6), (2, 4), "C", numcodecs.BZ2(level=1), 0, ".", "2.0"),
]


def values(dtype, shape):
    count = int(np.prod(shape))
    flat = np.arange(count, dtype="f8") * 3 - 20
    if np.dtype(dtype).kind == "f":
        flat = flat / 4
    if np.dtype(dtype).kind == "u":
        flat = flat * flat + 1
    return flat.astype(dtype).reshape(shape)


def write_bomb():
    compressor = bz2.BZ2Compressor(9)
    zeros = bytes(1 << 20)
    with open("bomb-1GiB-zeros.bz2", "wb") as f:
        for _ in range(1024):
            f.write(compressor.compress(zeros))
        f.write(compressor.flush())


def main():
    expected = []
    for name, dtype, shape, chunks, order, compressor, fill, separator, removed in ARRAYS:
        shutil.rmtree(name, ignore_errors=True)
        store = zarr.DirectoryStore(name, dimension_separator=separator)
        array = zarr.create(shape=shape, chunks=chunks, dtype=dtype, order=order, compressor=compressor,
                            fill_value=fill, store=store, dimension_separator=separator)
        array[...] = values(dtype, shape)
        os.remove(os.path.join(name, *removed.split("/")))
        read = zarr.open_array(zarr.DirectoryStore(name, dimension_separator=separator), mode="r")[...]
        expected.append({
            "path": name,
            "compressor": compressor.get_config(),
            "removed_chunk": removed,
            "values_c_order": [None if isinstance(v, float) and math.isnan(v) else v for v in read.ravel().tolist()],
        })
    with open("expected.json", "w") as f:
        json.dump({"generator": f"zarr {zarr.__version__}, numcodecs {numcodecs.__version__}", "arrays": expected}, f, indent=1)
        f.write("\n")
    write_bomb()


if __name__ == "__main__":
    main()
