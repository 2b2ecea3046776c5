#!/usr/bin/env bash
# Checks that cruxmap reads Argdown exactly as Argdown 1.7.5 does.
#
# Installs @argdown/cli@1.7.5 with npm into a cache folder, then runs `argdown json` and
# `cruxmap export --to argdown-json` on every file of the conformance corpus:
#   - tests/conformance/*.argdown (hand-written, one syntax area each),
#   - graphs/*.argdown (the bundled maps),
#   - N generated maps (`cruxmap generate`, seeds 1..N, up to 2,000 statements),
#   - drafts that `cruxmap extract` writes from the seed texts in ../shared/seeds and from
#     a few texts of the microtext corpus.
#   - the Argdown writer's output for each of those maps and for the AIF and Kialo
#     fixtures of tests/fixtures/formats,
#   - the public corpus ../shared/corpora/argdown-public: every file Argdown accepts
#     (valid/), and its @include example,
# and compares, at three levels, statement and argument titles and relation triples; tags;
# member texts and premise-conclusion structures. Any difference fails the run. For every
# file Argdown rejects (invalid/), cruxmap must report a diagnostic within three lines of
# the line Argdown names (scripts/check-invalid.py).
#
# The public corpus is skipped with a notice when ../shared is absent, unless
# CRUXMAP_REQUIRE_SHARED=1 (as in CI), which makes its absence an error.
#
# Usage: scripts/argdown-conformance.sh [N_GENERATED=200]
set -euo pipefail
cd "$(dirname "$0")/.."
n_generated=${1:-200}
cache=${CRUXMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cruxmap}
argdown_dir="$cache/argdown-cli-1.7.5"
argdown="$argdown_dir/node_modules/.bin/argdown"
if [ ! -x "$argdown" ]; then
  echo "conformance: installing @argdown/cli@1.7.5 into $argdown_dir" >&2
  mkdir -p "$argdown_dir"
  (cd "$argdown_dir" && npm install --no-audit --no-fund --loglevel=error @argdown/cli@1.7.5 >/dev/null)
fi
cargo build --release --quiet
cruxmap=target/release/cruxmap

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/argdown" "$work/cruxmap"
cp tests/conformance/*.argdown "$work/in/"
for f in graphs/*.argdown; do cp "$f" "$work/in/graph-$(basename "$f")"; done
for seed in $(seq 1 "$n_generated"); do
  # Sizes cycle through small, medium and large maps, up to 2,000 statements.
  size=$(( (seed * 37) % 2000 + 5 ))
  "$cruxmap" generate --seed "$seed" --statements "$size" -o "$work/in/gen-$(printf %03d "$seed").argdown"
done

# Extraction writes Argdown too: it must be Argdown that Argdown reads the same way.
shared=../shared
if [ -d "$shared/seeds" ]; then
  for f in "$shared"/seeds/*.txt; do
    "$cruxmap" extract "$f" -o "$work/in/extract-$(basename "$f" .txt).argdown" 2>/dev/null
  done
fi
if [ -d "$shared/corpora/microtexts-dev" ]; then
  for f in "$shared"/corpora/microtexts-dev/micro_b00*.txt; do
    "$cruxmap" extract "$f" -o "$work/in/extract-$(basename "$f" .txt).argdown" 2>/dev/null
  done
fi

# The Argdown writer: every conformance map written back out, and the format fixtures
# (AIF, Kialo) converted, must read in Argdown as they read in cruxmap.
for f in tests/conformance/*.argdown graphs/*.argdown; do
  "$cruxmap" convert "$f" -o "$work/in/written-$(basename "$f")"
done
for f in tests/fixtures/formats/*; do
  case "$f" in *.aif|*.json|*.txt|*.xml)
    "$cruxmap" convert "$f" -o "$work/in/written-$(basename "$f").argdown" ;;
  esac
done

public=$shared/corpora/argdown-public
if [ -d "$public/valid" ]; then
  for f in "$public"/valid/*.argdown; do cp "$f" "$work/in/pub-$(basename "$f")"; done
elif [ "${CRUXMAP_REQUIRE_SHARED:-}" = 1 ]; then
  echo "conformance: $public is missing and CRUXMAP_REQUIRE_SHARED=1" >&2
  exit 1
else
  echo "conformance: notice: $public not found; the public corpus is skipped" >&2
fi

echo "conformance: running argdown json on $(ls "$work/in" | wc -l) files" >&2
(cd "$work/in" && "$argdown" json './*.argdown' "$work/argdown" >"$work/argdown.log" 2>&1) || true
for f in "$work"/in/*.argdown; do
  name=$(basename "$f" .argdown)
  "$cruxmap" export "$f" --to argdown-json -o "$work/cruxmap/$name.json" 2>"$work/cruxmap/$name.err" || true
done
status=0
python3 scripts/compare-argdown-json.py "$work/in" "$work/argdown" "$work/cruxmap" "$work/argdown.log" || status=1

if [ -d "$public/include" ]; then
  # @include resolves relative to the including file: run both tools in a copy of the folder.
  mkdir -p "$work/include/in" "$work/include/argdown" "$work/include/cruxmap"
  cp "$public"/include/*.argdown "$work/include/in/"
  main=include-test
  (cd "$work/include/in" && "$argdown" json "$main.argdown" "$work/include/argdown" >"$work/include/argdown.log" 2>&1) || true
  "$cruxmap" export "$work/include/in/$main.argdown" --to argdown-json -o "$work/include/cruxmap/$main.json" 2>/dev/null || true
  mkdir -p "$work/include/one"
  cp "$work/include/in/$main.argdown" "$work/include/one/"
  python3 scripts/compare-argdown-json.py "$work/include/one" "$work/include/argdown" "$work/include/cruxmap" "$work/include/argdown.log" || status=1
fi

if [ -d "$public/invalid" ]; then
  mkdir -p "$work/invalid/in" "$work/invalid/cruxmap"
  cp "$public"/invalid/*.argdown "$work/invalid/in/"
  (cd "$work/invalid/in" && "$argdown" json './*.argdown' "$work/invalid/out" >"$work/invalid/argdown.log" 2>&1) || true
  for f in "$work"/invalid/in/*.argdown; do
    name=$(basename "$f" .argdown)
    rc=0
    "$cruxmap" check "$f" --format json >"$work/invalid/cruxmap/$name.json" 2>/dev/null || rc=$?
    echo "$rc" >"$work/invalid/cruxmap/$name.rc"
  done
  python3 scripts/check-invalid.py "$work/invalid/argdown.log" "$work/invalid/cruxmap" "$work"/invalid/in/*.argdown || status=1
fi
exit $status
