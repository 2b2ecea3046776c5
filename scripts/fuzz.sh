#!/usr/bin/env bash
# Fuzzes each reader with cargo-fuzz (libFuzzer) for a number of executions, keeps the
# corpus minimised in fuzz/corpus/<target>/ and copies every input that broke a promise to
# fuzz/regressions/<target>/, which `cargo test` replays (tests/it/fuzz_corpus.rs).
#
# Needs a nightly toolchain and cargo-fuzz: `cargo install cargo-fuzz`.
#
# Usage: scripts/fuzz.sh [RUNS=1000000] [TARGET...]
#   scripts/fuzz.sh                 # every target, a million executions each
#   scripts/fuzz.sh 20000 argdown   # a short run of one target (what CI does)
#   MAX_TIME=240 scripts/fuzz.sh    # at most 240 s per target, whichever comes first
#   MAX_LEN=4096 (default) bounds the size of generated inputs.
#   SANITIZER=none builds without AddressSanitizer (cargo fuzz -s none): the code is safe
#   Rust, so ASan finds little, and the slow targets (extract) run several times faster.
#   SEEDS="DIR..." (absolute paths) adds read-only seed folders, e.g. the real Argdown
#   files of ../shared/corpora/argdown-public. Such a run works on a scratch copy of the
#   corpus, so inputs grown from someone else's text never land in the repository; crashes
#   are still kept as regressions.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
runs=${1:-1000000}
max_time=${MAX_TIME:-0}
max_len=${MAX_LEN:-4096}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(argdown json query iccma microtext extract aif kialo)
fi
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "regressions/$target" "artifacts/$target"
    echo "== $target: $runs executions"
    # -timeout: an input running 10 s is a finding (docs/reliability.md: bounded work).
    # -rss_limit_mb: so is one needing 2 GB. -max_len keeps inputs to what the oracles read.
    status=0
    corpus="corpus/$target"
    if [ -n "${SEEDS:-}" ]; then
        corpus=$(mktemp -d "${TMPDIR:-/tmp}/cruxmap-fuzz-$target.XXXXXX")
        cp "corpus/$target"/* "$corpus"/ 2>/dev/null || true
        echo "   seeded from $SEEDS; growing corpus in $corpus (not kept in the repository)"
    fi
    # shellcheck disable=SC2086 # SEEDS is a list of folders
    cargo +nightly fuzz run -O ${SANITIZER:+-s "$SANITIZER"} "$target" "$corpus" ${SEEDS:-} -- \
        -runs="$runs" -max_total_time="$max_time" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>&1 \
        | tee "artifacts/$target/log.txt" | grep -E '^#[0-9]+ +(DONE|INITED)|^stat::|==ERROR|panicked' \
        || status=$?
    for found in artifacts/"$target"/crash-* artifacts/"$target"/timeout-* artifacts/"$target"/oom-*; do
        [ -e "$found" ] && cp "$found" "regressions/$target/" && echo "kept $found"
    done
    # Keep the corpus small: only inputs that add coverage.
    cargo +nightly fuzz cmin -O ${SANITIZER:+-s "$SANITIZER"} "$target" "$corpus" >/dev/null 2>&1 || true
    echo "   corpus: $(ls "$corpus" | wc -l) inputs in $corpus"
done
