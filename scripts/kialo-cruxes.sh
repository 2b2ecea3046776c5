#!/usr/bin/env bash
# How well `cruxmap cruxes` agrees with Kialo users' impact votes: runs the shared measure
# (../shared/tools/kialo_crux_score.py) on ../shared/corpora/kialo-votes/ once per variant
# of the crux score, and prints one line per variant. See docs/cruxes.md.
#
# Usage: scripts/kialo-cruxes.sh [VARIANT ...]
#        scripts/kialo-cruxes.sh --time-largest   (times `cruxes` on the largest debate)
#   A variant is a quoted string of extra `cruxes` options, e.g. "-s quadratic-energy
#   --measure flip". Default: every semantics × every measure.
# Needs python3 and a release build (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
tool=$shared/tools/kialo_crux_score.py
debates=$shared/corpora/kialo-votes/debates
if [[ ! -f $tool || ! -d $debates ]]; then
    echo "skipped: $tool or $debates not found" >&2
    exit 0
fi
cargo build --release --quiet
bin=$PWD/target/release/cruxmap
if [[ ${1:-} == --time-largest ]]; then
    # The largest debate, written as the measure writes it, and its thesis.
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    thesis=$(python3 - "$tool" "$debates" "$out/largest.argdown" <<'PY'
import glob, json, os, sys
tool, debates, target = sys.argv[1:]
ns = {}
exec(open(tool).read().split("def main():")[0], ns)
best = max(glob.glob(os.path.join(debates, "*.json")), key=lambda p: len(json.load(open(p))["nodes"]))
nodes, edges, children = ns["load"](best)
open(target, "w").write(ns["to_argdown"](nodes, edges))
print(ns["title"](ns["thesis_of"](edges, children)), len(nodes), os.path.basename(best), file=sys.stdout)
PY
)
    read -r title claims name <<<"$thesis"
    echo "largest debate: $name, $claims claims, thesis [$title]"
    "$bin" bench cruxes --sizes 3546 "$out/largest.argdown" 2>/dev/null
    for i in 1 2 3; do
        /usr/bin/time -f "cruxmap cruxes (whole command, run $i): %e s" \
            "$bin" cruxes "$out/largest.argdown" --for "[$title]" --top 100000 -f json >/dev/null
    done
    exit 0
fi
if [[ $# -eq 0 ]]; then
    set --
    for s in euler quadratic-energy df-quad; do
        for m in removal flip own-strength; do
            set -- "$@" "-s $s --measure $m"
        done
    done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for variant in "$@"; do
    # The measure runs `cruxmap cruxes FILE --for ... --format json`; a wrapper adds the
    # variant's options.
    printf '#!/bin/sh\nexec "%s" "$@" %s\n' "$bin" "$variant" >"$work/cruxmap"
    chmod +x "$work/cruxmap"
    line=$(python3 "$tool" "$work/cruxmap" "$debates" | grep '^cruxmap ')
    printf '%-40s %s\n' "$variant" "${line#cruxmap }"
done
