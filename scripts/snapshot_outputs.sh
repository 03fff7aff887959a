#!/bin/sh
# Analyze the seed speeches and the bundled sample into DIR (one JSON file
# each), so two snapshots taken before and after a change can be compared
# with `diff -r BEFORE AFTER`.  Run from the project root:
#   scripts/snapshot_outputs.sh /some/dir [SEEDS_DIR]
set -e
out="$1"
seeds="${2:-../shared/seeds}"
[ -n "$out" ] || { echo "usage: $0 OUT_DIR [SEEDS_DIR]" >&2; exit 2; }
mkdir -p "$out"
for f in "$seeds"/*.txt analyzer/samples/*.txt; do
    [ -f "$f" ] || continue
    analyzer analyze --no-tokens --pretty "$f" > "$out/$(basename "$f" .txt).json"
done
