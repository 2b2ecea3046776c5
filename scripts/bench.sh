#!/usr/bin/env bash
# Prints a table: parse + export JSON for generated maps, cruxmap vs `argdown json`.
#
# Usage: scripts/bench.sh [SIZES...]   (default: 2000 10000 100000)
# Uses the Argdown CLI installed by scripts/argdown-conformance.sh (or installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-2000 10000 100000}")
[ $# -eq 0 ] && sizes=(2000 10000 100000)
cache=${CRUXMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cruxmap}
argdown="$cache/argdown-cli-1.7.5/node_modules/.bin/argdown"
if [ ! -x "$argdown" ]; then
  mkdir -p "$cache/argdown-cli-1.7.5"
  (cd "$cache/argdown-cli-1.7.5" && npm install --no-audit --no-fund --loglevel=error @argdown/cli@1.7.5 >/dev/null)
fi
cargo build --release --quiet
cruxmap=$PWD/target/release/cruxmap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Median wall-clock seconds of a command: hyperfine when installed (Debian `hyperfine`),
# else the median of 5 runs timed with `date`.
best() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N -w 2 -r "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1
    python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/h.json"
  else
    local ts=()
    for _ in 1 2 3 4 5; do
      local t0 t1
      t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
      ts+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
  fi
}

printf '%-12s %-10s %-12s %-14s %-14s %-8s\n' statements bytes relations "cruxmap s" "argdown s" speedup
for n in "${sizes[@]}"; do
  f="$work/map-$n.argdown"
  "$cruxmap" generate --simple --seed 7 --statements "$n" -o "$f"
  bytes=$(wc -c <"$f")
  rels=$("$cruxmap" check "$f" 2>&1 | grep -o '[0-9]* relations' | head -1 | cut -d' ' -f1)
  runs=20
  c=$(best "$cruxmap" export "$f" --to json -o "$work/out.json")
  runs=5
  if [ "$n" -le 20000 ]; then
    a=$(best "$argdown" json "$f" "$work/adout")
    s=$(echo "$a / $c" | bc -l)
    printf '%-12s %-10s %-12s %-14s %-14s %-8.0f\n' "$n" "$bytes" "$rels" "$c" "$a" "$s"
  else
    printf '%-12s %-10s %-12s %-14s %-14s %-8s\n' "$n" "$bytes" "$rels" "$c" "-" "-"
  fi
done

# Drawing: the built-in SVG engine vs `argdown map -f svg` vs Graphviz `dot -Tsvg` on the
# DOT cruxmap exports, same generated maps (full syntax, seed 3).
echo
printf '%-12s %-16s %-16s %-16s\n' statements "cruxmap render" "argdown map svg" "dot -Tsvg"
for n in 2000 20000; do
  f="$work/draw-$n.argdown"
  "$cruxmap" generate --seed 3 --statements "$n" -o "$f" 2>/dev/null
  runs=10
  c=$(best "$cruxmap" render "$f" -o "$work/draw.svg")
  runs=3
  if [ "$n" -le 2000 ]; then
    a=$(best "$argdown" map "$f" "$work/admap" -f svg)
    "$cruxmap" export "$f" --to dot -o "$work/draw.dot" 2>/dev/null
    if command -v dot >/dev/null 2>&1; then d=$(best dot -Tsvg "$work/draw.dot" -o "$work/dot.svg"); else d="(no dot)"; fi
  else
    a="skipped"; d="skipped (~18 min)"
  fi
  printf '%-12s %-16s %-16s %-16s\n' "$n" "$c" "$a" "$d"
done
