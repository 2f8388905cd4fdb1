#!/usr/bin/env bash
# Regenerates src/*/PublicAPI.Unshipped.txt from the code (RS0016: add new symbols, RS0017: drop removed ones).
# Run after changing a public signature, then review the diff: it is the API change.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity warn >/dev/null || true
  file="$(dirname "$project")/PublicAPI.Unshipped.txt"
  { echo "#nullable enable"; grep -v "^#nullable enable" "$file" | sed "/^$/d" | LC_ALL=C sort -u || true; } > "$file.tmp"
  mv "$file.tmp" "$file"
done
