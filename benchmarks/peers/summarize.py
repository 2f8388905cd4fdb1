#!/usr/bin/python3
"""Prints issue 14's table from run.sh's JSON lines: per measurement the median of the per-round medians, this
library beside zarr-python 2, zarrita.js and the floor, the ratios, and which of the issue's goals hold.
A goal is judged on a ratio taken where both sides ran close together, since the machine's speed drifts during a
run: the pairs dotnet-bench.cs times alternately in one process where there are some (the floor, the bare lookup),
otherwise the median over the rounds of each round's ratio.
Usage: python3 summarize.py RESULTS.jsonl [--all]   (--all also lists every measurement with its rounds and spread)"""
import json, re, statistics, sys
from collections import OrderedDict

NBYTES = 8192 * 8192 * 4
FLOOR_1T = "floor dotnet chunk files into one buffer, 1 thread"
FLOOR_2T = "floor dotnet chunk files into one buffer, 2 threads"
FLOOR_CHUNK = "floor dotnet one chunk file into a buffer"
# (row, the measurement's name after the reader's prefix, floors as (label, name))
READ_ROWS = [
    ("whole array, raw", "raw read full", [("1 thread", FLOOR_1T), ("2 threads", FLOOR_2T)]),
    ("one aligned chunk, raw", "raw read 512x512 aligned", [("one chunk file", FLOOR_CHUNK)]),
    ("1000x1000 unaligned (9 chunks), raw", "raw read 1000x1000 unaligned", []),
    ("one aligned chunk, zstd-1", "zstd1 read 512x512 aligned", []),
    ("whole array, zstd-1", "zstd1 read full", []),
    ("whole array, gzip-1", "gzip1 read full", []),
]
KV_LIB = "kv dotnet MemoryStore.GetAsync get"
KV_ZARR2 = "kv zarr.storage.MemoryStore get"
KV_BARE = "kv dotnet ConcurrentDictionary.TryGetValue get"
PAIR_FLOOR = "pair dotnet ReadIntoAsync raw read full / floor 2 threads"
PAIR_KV = "pair kv dotnet MemoryStore.GetAsync get / ConcurrentDictionary.TryGetValue get"
OTHER_FLOORS = ["phys cat chunk files > /dev/null", "phys python readinto preallocated 256 MiB",
                "phys node readSync into preallocated"]


def load(path):
    """name -> [(round, value, record)], plus the versions and load averages as recorded."""
    rows, versions, loads = OrderedDict(), {}, []
    for line in open(path):
        d = json.loads(line)
        if d["name"] == "versions":
            versions.update({k: v for k, v in d.items() if k not in ("name", "round")})
        elif d["name"] == "loadavg":
            loads.append((d["round"], d["loadavg"]))
        else:
            val = d.get("median_ms", d.get("median_ns_per_op", d.get("median_ratio", d.get("bytes"))))
            rows.setdefault(d["name"], []).append((d["round"], val, d))
    return rows, versions, loads


def median(rows, name):
    return statistics.median(v for _, v, _ in rows[name]) if name in rows else None


def per_round_ratio(rows, a, b):
    """The median over the rounds of a's value over b's in the same round."""
    b_by_round = {r: v for r, v, _ in rows.get(b, [])}
    ratios = [v / b_by_round[r] for r, v, _ in rows.get(a, []) if b_by_round.get(r)]
    return statistics.median(ratios) if ratios else None


def paired_or_per_round(rows, pair, a, b):
    """(ratio, how it was taken): the in-process pairs when the run has them, else the per-round ratios."""
    if pair in rows:
        return median(rows, pair), "alternating pairs in one process"
    return per_round_ratio(rows, a, b), "per round"


def ms(v):
    if v is None:
        return ""
    return f"{v:,.0f} ms" if v >= 100 else f"{v:.1f} ms" if v >= 10 else f"{v:.2f} ms" if v >= 0.1 else f"{v:.3f} ms"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else ""


def readers(rows):
    return [m.group(1) for name in rows if (m := re.fullmatch(r"dotnet (\S+) raw read full", name))]


def print_table(rows):
    print("| read | this library | zarr-python 2.13 | zarrita.js 0.7.5 | floor "
          "| this / zarr-python 2 | this / zarrita.js | this / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row, suffix, floors in READ_ROWS:
        zarr2, zarrita = median(rows, f"zarr2 {suffix}"), median(rows, f"zarrita v2 {suffix}")
        floor_values = [(label, median(rows, name)) for label, name in floors]
        floor_cell = ", ".join(f"{ms(v)} ({label})" for label, v in floor_values)
        for reader in readers(rows):
            lib = median(rows, f"dotnet {reader} {suffix}")
            floor_ratio = " / ".join(ratio(lib, v) for _, v in floor_values)
            print(f"| {row}, `{reader}` | {ms(lib)} | {ms(zarr2)} | {ms(zarrita)} | {floor_cell} "
                  f"| {ratio(lib, zarr2)} | {ratio(lib, zarrita)} | {floor_ratio} |")
    lib, zarr2, bare = median(rows, KV_LIB), median(rows, KV_ZARR2), median(rows, KV_BARE)
    print(f"| MemoryStore get, 100 B | {lib:.0f} ns | {zarr2:.0f} ns | | {bare:.0f} ns (bare `ConcurrentDictionary`) "
          f"| {ratio(lib, zarr2)} | | {ratio(lib, bare)} |")
    for reader in readers(rows):
        allocated = median(rows, f"dotnet {reader} raw read full allocated")
        print(f"| allocated per whole raw read, `{reader}` | {allocated / 2**20:,.1f} MiB | | | {NBYTES / 2**20:.0f} MiB (the output) "
              f"| | | {ratio(allocated, NBYTES)} |")


def goals(rows, reader):
    """(goal, holds, the figure it was judged on) for one of this library's read APIs."""
    name = lambda suffix: f"dotnet {reader} {suffix}"
    lib = lambda suffix: median(rows, name(suffix))
    floor, floor_how = (paired_or_per_round(rows, PAIR_FLOOR, name("raw read full"), FLOOR_2T) if reader == "ReadIntoAsync"
                        else (per_round_ratio(rows, name("raw read full"), FLOOR_2T), "per round"))
    zstd = per_round_ratio(rows, "zarr2 zstd1 read full", name("zstd1 read full"))
    chunk = lib("raw read 512x512 aligned")
    slower = [f"{row} ({ratio(lib(suffix), peer_value)} of {peer})"
              for row, suffix, _ in READ_ROWS
              for peer, peer_value in (("zarr-python 2", median(rows, f"zarr2 {suffix}")),
                                       ("zarrita.js", median(rows, f"zarrita v2 {suffix}")))
              if lib(suffix) > peer_value]
    allocated = lib("raw read full allocated")
    bare, bare_how = paired_or_per_round(rows, PAIR_KV, KV_LIB, KV_BARE)
    get_zarr2 = per_round_ratio(rows, KV_ZARR2, KV_LIB)
    return [
        ("whole raw read within 1.5x of the 2-thread floor", floor <= 1.5, f"{floor:.2f}x, {floor_how}"),
        ("whole zstd read >= 2x faster than zarr-python 2", zstd >= 2, f"{zstd:.2f}x faster, per round"),
        ("one aligned raw chunk < 0.1 ms", chunk < 0.1, ms(chunk)),
        ("every region read at least as fast as zarr-python 2 and zarrita.js", not slower,
         "slower: " + "; ".join(slower) if slower else "none slower"),
        ("allocated bytes per whole read < output + 1%", allocated < 1.01 * NBYTES, ratio(allocated, NBYTES) + " of the output"),
        ("MemoryStore get within 2x of the bare lookup", bare <= 2, f"{bare:.2f}x, {bare_how}"),
        ("MemoryStore get >= 3x faster than zarr-python 2's", get_zarr2 >= 3, f"{get_zarr2:.2f}x faster, per round"),
    ]


def print_goals(rows):
    for reader in readers(rows):
        judged = goals(rows, reader)
        held = sum(holds for _, holds, _ in judged)
        print(f"\nGoals of issue 14 with `{reader}`: {held} of {len(judged)} hold.")
        for goal, holds, figure in judged:
            print(f"- {'holds' if holds else 'fails'}: {goal} ({figure})")


def print_context(rows, versions, loads):
    print("\nOther floors (the 256 raw chunk files, 1 thread): " + "; ".join(
        f"{name.removeprefix('phys ')} {ms(median(rows, name))}" for name in OTHER_FLOORS if name in rows))
    print("Load average (1, 5, 15 min) at the start of each round: " + "; ".join(f"round {r}: {l}" for r, l in loads))
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))


def print_all(rows):
    print("\nmeasurement | median of the round medians | per round | spread")
    for name, vals in rows.items():
        meds = [v for _, v, _ in sorted(vals, key=lambda t: t[0])]
        m = statistics.median(meds)
        unit = ("x" if name.startswith("pair ") else "ns/op" if name.startswith("kv ") else "B" if "bytes" in vals[0][2]
                else "ms")
        spread = (max(meds) - min(meds)) / m * 100 if m else 0
        print(f"{name} | {m:g} {unit} | {' / '.join(f'{v:g}' for v in meds)} | {spread:.0f}%")


if __name__ == "__main__":
    rows, versions, loads = load(sys.argv[1])
    print_table(rows)
    print_goals(rows)
    print_context(rows, versions, loads)
    if "--all" in sys.argv[2:]:
        print_all(rows)
