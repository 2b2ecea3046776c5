#!/usr/bin/env python3
"""Checks that cruxmap reports a problem near where Argdown reports a syntax error.

For every file that Argdown 1.7.5 rejects, `cruxmap check --format json` must give at least
one diagnostic (or refuse the file with exit code 2, as for a missing include) whose line is
within NEAR lines of the line Argdown names. Exits 1 if any file gets none.

Usage: check-invalid.py ARGDOWN_LOG CRUXMAP_DIR FILE...
  ARGDOWN_LOG: the output of `argdown json` on the files (the "At line:col" after each
  "Argdown syntax errors in FILE" header); CRUXMAP_DIR: NAME.json (check output) and NAME.rc.
"""
import json
import os
import re
import sys

NEAR = 3


def argdown_lines(log):
    """File path -> first line Argdown names."""
    lines = {}
    current = None
    for raw in log.splitlines():
        text = re.sub(r"\x1b\[[0-9;]*m", "", raw)
        m = re.match(r"Argdown syntax errors in (.*): \d+", text)
        if m:
            current = os.path.basename(m.group(1))
            continue
        m = re.match(r"At (\d+):(\d+)", text)
        if m and current and current not in lines:
            lines[current] = int(m.group(1))
    return lines


def main():
    log_path, cruxmap_dir, *files = sys.argv[1:]
    expected = argdown_lines(open(log_path, encoding="utf-8").read())
    silent = far = 0
    for path in files:
        base = os.path.basename(path)
        name = base[: -len(".argdown")]
        rc = int(open(os.path.join(cruxmap_dir, name + ".rc")).read().strip() or 0)
        try:
            diags = json.load(open(os.path.join(cruxmap_dir, name + ".json")))
        except (OSError, ValueError):
            diags = []
        if rc == 2 and not diags:
            continue  # refused outright (an include that cannot be read)
        if not diags:
            silent += 1
            print(f"SILENT {name}: cruxmap reports nothing; Argdown: line {expected.get(base)}")
            continue
        line = expected.get(base)
        if line is None:
            continue
        nearest = min(abs(d["line"] - line) for d in diags)
        if nearest > NEAR:
            far += 1
            print(f"FAR {name}: Argdown line {line}, cruxmap lines {sorted({d['line'] for d in diags})}")
    print(f"invalid: {len(files) - silent - far} passed, {silent + far} failed "
          f"({silent} with no diagnostic, {far} with none within {NEAR} lines)")
    sys.exit(1 if silent or far else 0)


if __name__ == "__main__":
    main()
