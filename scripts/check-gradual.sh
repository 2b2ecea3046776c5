#!/usr/bin/env bash
# Checks cruxmap's gradual semantics (quadratic energy, DF-QuAD, Euler-based) against a
# reference: the `formal-argumentation` package 0.3.0 from PyPI (quadratic energy and
# DF-QuAD), and Amgoud and Ben-Naim's formula written out in Python (Euler-based). Installs
# the package into a virtual environment in the cache folder if python3 lacks it.
#
# Checked (scripts/check-gradual.py): four small hand-checkable examples and N random
# bipolar graphs of up to 9 claims, half acyclic, half with cycles, random base scores.
#
# Usage: scripts/check-gradual.sh [N_RANDOM=150]
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${CRUXMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cruxmap}
python=python3
if ! python3 -c 'import argumentation.gradual.dfquad' 2>/dev/null; then
  venv="$cache/gradual-venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import argumentation.gradual.dfquad' 2>/dev/null; then
    echo "gradual: installing formal-argumentation 0.3.0 into $venv" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet formal-argumentation==0.3.0 >&2
  fi
  python="$venv/bin/python"
fi
cargo build --release --quiet
exec "$python" scripts/check-gradual.py target/release/cruxmap --graphs "${1:-150}"
