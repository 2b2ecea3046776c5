#!/usr/bin/env python3
"""Writes mutated copies of Argdown files, for differential testing against Argdown.

Each mutant splices a window of another file in, inserts Argdown's syntax pieces (relation
symbols, brackets, emphasis marks, comments, data, shortcodes, odd white space) at random
places, deletes a few characters or shuffles lines. Run Argdown and cruxmap on them with
scripts/lexer-diff.sh (tokens) and scripts/compare-argdown-json.py (JSON); see
docs/argdown-conformance.md.

Usage: argdown-mutants.py OUT_DIR COUNT SEED FILE...
"""
import os
import random
import sys

PIECES = ["\n", "\n\n", "  ", "    ", "\t", "+ ", "- ", "<+ ", "<- ", "_ ", "<_ ", "+> ", "-> ",
          "_> ", ">< ", "[", "]", "<", ">", "(1) ", "(2)", "----", "--", "-- r --", "#", "# ",
          "## ", "*", "**", "_", "__", "{", "}", "{a: 1}", "//", "/*", "*/", "<!--", "-->",
          "@[", "@<", "\\", ":", ".", "...", ":+1:", ".->.", "[T]: ", "<A>: ", "[T]", "<A>",
          "1. ", "* ", "===", "===\n", "#tag ", "#(a b) ", "[x](y) ", ",", "\r\n", "\u00a0",
          "\u00e9", "\U0001F600"]


def main():
    out, count, seed, *files = sys.argv[1:]
    rng = random.Random(int(seed))
    texts = [open(f, encoding="utf-8").read() for f in files]
    os.makedirs(out, exist_ok=True)
    for i in range(int(count)):
        t = rng.choice(texts)
        if rng.random() < 0.3:
            u = rng.choice(texts)
            a = rng.randrange(len(u) + 1)
            b = min(len(u), a + rng.randrange(200))
            p = rng.randrange(len(t) + 1)
            t = t[:p] + u[a:b] + t[p:]
        for _ in range(rng.randrange(1, 6)):
            p = rng.randrange(len(t) + 1)
            r = rng.random()
            if r < 0.6:
                t = t[:p] + rng.choice(PIECES) + t[p:]
            elif r < 0.8 and t:
                t = t[:p] + t[p + rng.randrange(1, 5):]
            else:
                lines = t.split("\n")
                rng.shuffle(lines)
                t = "\n".join(lines)
        with open(os.path.join(out, f"m{i:05d}.argdown"), "w", encoding="utf-8") as f:
            f.write(t)


if __name__ == "__main__":
    main()
