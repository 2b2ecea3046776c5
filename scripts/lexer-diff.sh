#!/usr/bin/env bash
# Compares cruxmap's Argdown lexer with Argdown's own, token by token, on the given files.
# Usage: scripts/lexer-diff.sh FILE...   (needs node and @argdown/cli@1.7.5, see argdown-conformance.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CRUXMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cruxmap}
core="$cache/argdown-cli-1.7.5/node_modules/@argdown/core"
(cd "$root" && cargo build --quiet --example argdown-tokens)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
for f in "$@"; do cp "$f" "$work/$(printf %04d $i)-$(basename "$f")"; i=$((i+1)); done
node "$root/scripts/argdown-tokens.js" "$core" "$work"/*
same=0; differ=0
for f in "$work"/*.tokens; do
  src=${f%.tokens}
  "$root/target/debug/examples/argdown-tokens" "$src" | sed -E 's/^(Indent|Dedent) [0-9]+ /\1 - /' > "$f.mine"
  if cmp -s "$f" "$f.mine"; then same=$((same+1)); else
    differ=$((differ+1))
    echo "DIFFERS $(basename "$src")"
    diff "$f" "$f.mine" | head -"${LEXER_DIFF_LINES:-6}" || true
  fi
done
echo "lexer: $same same, $differ differ"
