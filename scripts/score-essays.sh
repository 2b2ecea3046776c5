#!/bin/sh
# Drafts every essay of a split with `cruxmap extract --format json` and scores the drafts
# with the shared scorer (seg / components / relations F1 at exact and half word overlap).
# Usage: scripts/score-essays.sh [SPLIT_DIR] [EXTRA EXTRACT ARGS...]
#   SPLIT_DIR defaults to ../shared/corpora/essays/dev; build first: cargo build --release
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
split=${1:-$here/../shared/corpora/essays/dev}
[ $# -gt 0 ] && shift
bin=${CRUXMAP:-$here/target/release/cruxmap}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for txt in "$split"/*.txt; do
    name=$(basename "$txt" .txt)
    "$bin" extract "$txt" --format json -o "$out/$name.json" "$@" 2>/dev/null
done
python3 "$here/../shared/tools/score_essays.py" "$split" "$out"
