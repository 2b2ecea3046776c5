#!/usr/bin/env bash
# Checks cruxmap's grounded, preferred and stable answers against an independent solver:
# scalop 2.1.0 (ICCMA 2023 winner; GPL, so it is installed and run as a separate program,
# never linked). Installs it with `cargo install` into a cache folder if it is not on PATH.
#
# Checked (scripts/check-semantics.py):
#   - random attack graphs: grounded extension equal; every argument's credulous and
#     sceptical acceptance (DC/DS) under preferred and stable equal to what cruxmap's full
#     enumeration implies; each cruxmap extension accepted by `scalop check-extension`;
#   - generated Argdown maps exported with `cruxmap export --to iccma` (support folded in):
#     cruxmap's labels computed on the map itself equal scalop's on the export;
#   - the ICCMA instances in ../shared/corpora/iccma: grounded equal, one preferred and one
#     stable extension validated; times of both solvers printed.
#
# Usage: scripts/check-semantics.sh [N_RANDOM=150]
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${CRUXMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cruxmap}
scalop=$(command -v scalop || true)
if [ -z "$scalop" ]; then
  scalop="$cache/scalop-2.1.0/bin/scalop"
  if [ ! -x "$scalop" ]; then
    echo "semantics: installing scalop 2.1.0 into $cache/scalop-2.1.0" >&2
    cargo install --quiet scalop --version 2.1.0 --root "$cache/scalop-2.1.0" >&2
  fi
fi
cargo build --release --quiet
exec python3 scripts/check-semantics.py "$scalop" target/release/cruxmap "${1:-150}"
