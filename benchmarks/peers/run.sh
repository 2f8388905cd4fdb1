#!/bin/bash
# Issue 14's table: this library, zarr-python 2.13, zarrita.js 0.7.5 and the plain-file-read floors, side by side.
# Usage: benchmarks/peers/run.sh [ROUNDS=3] [RESULTS=$TMPDIR/zarr-peers-<time>.jsonl]
# zarr-python 2 writes the arrays once (~750 MB in a temp folder, removed on exit); then each round runs every reader
# once, one after the other (this library, zarr-python 2, zarrita.js, then the key/value and floor measurements), and
# appends JSON lines to RESULTS; summarize.py prints the table from the medians. One round takes a few minutes.
set -euo pipefail
ROUNDS=${1:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=${TMPDIR:-/tmp}
OUT=${2:-$TMP/zarr-peers-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
PY=/usr/bin/python3   # Debian's python3-zarr 2.13, not a pyenv python
DATA=$(mktemp -d "$TMP/zarr-peers-data.XXXXXX")
trap 'rm -rf "$DATA"' EXIT

[ -d "$HERE/node_modules/zarrita" ] || (cd "$HERE" && npm ci --no-audit --no-fund)
dotnet build -c Release "$HERE/dotnet-bench.cs" > /dev/null
dotnet_bench() { dotnet run -c Release --no-build "$HERE/dotnet-bench.cs" -- "$DATA" "$1"; }
zarrita_bench() { (cd "$HERE" && node zarrita_bench.mjs "$DATA" "$1"); }

echo "writing the arrays under $DATA; results go to $OUT" >&2
$PY "$HERE/zarr2_bench.py" "$DATA" write > /dev/null
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r of $ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  {
    echo "{\"name\": \"loadavg\", \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
    dotnet_bench arrays
    $PY "$HERE/zarr2_bench.py" "$DATA" read
    zarrita_bench v2
    dotnet_bench kv
    $PY "$HERE/zarr2_bench.py" "$DATA" kv
    dotnet_bench floor
    dotnet_bench pairs
    $PY "$HERE/zarr2_bench.py" "$DATA" phys
    zarrita_bench phys
    # cat of the 256 raw chunk files to /dev/null: 2 warm-ups + 5 timed
    ts=()
    for i in 1 2 3 4 5 6 7; do
      t0=$(date +%s%N); cat "$DATA"/v2_raw/[0-9]* > /dev/null; t1=$(date +%s%N)
      [ "$i" -gt 2 ] && ts+=("$(( (t1 - t0) / 1000 ))")
    done
    $PY -c "import json,statistics,sys; ms=[int(x)/1e3 for x in sys.argv[1:]]; m=statistics.median(ms); print(json.dumps({'name': 'phys cat chunk files > /dev/null', 'median_ms': round(m,3), 'all_ms': ms, 'MB_s': round(268435456/1e6/(m/1e3),1)}))" "${ts[@]}"
  } | sed "s/^{/{\"round\": $r, /" >> "$OUT"
done
$PY "$HERE/summarize.py" "$OUT"
echo "raw results: $OUT (python3 $HERE/summarize.py $OUT --all lists every measurement)" >&2
