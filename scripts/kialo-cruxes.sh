#!/usr/bin/env bash
# How well `cruxmap cruxes` agrees with Kialo users' impact votes: runs the shared measure
# (../shared/tools/kialo_crux_score.py) on ../shared/corpora/kialo-votes/ once per variant
# of the crux score, and prints one line per variant. See docs/cruxes.md.
#
# Usage: scripts/kialo-cruxes.sh [VARIANT ...]
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
