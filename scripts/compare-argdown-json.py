#!/usr/bin/env python3
"""Compares Argdown's JSON export with cruxmap's argdown-json export, file by file.

Compared, at three levels:
1. statement titles (in order), argument titles (in order), relations as a multiset
   of (from, fromType, to, toType, relationType);
2. each statement's and argument's tags, as a set;
3. each statement's and argument's member texts (white space collapsed, in order), and each
   argument's premise-conclusion structure (role and title of every step, in order). Exits 1 on any difference, including a file only one side could read.
"""
import json
import os
import sys
from collections import Counter


def summary(doc):
    def tags(items):
        return {title: sorted(set(v.get("tags", []))) for title, v in items.items()}

    relations = Counter(
        (r["from"], r["fromType"], r["to"], r["toType"], r["relationType"])
        for r in doc.get("relations", [])
    )
    def ws(text):
        return " ".join(text.split())

    def texts(items):
        return {
            title: [ws(m["text"]) for m in v.get("members", []) if m.get("text") is not None]
            for title, v in items.items()
        }

    def pcs(items):
        return {title: [(m.get("role"), m.get("title")) for m in v.get("pcs", [])] for title, v in items.items()}

    return {
        "statements": list(doc.get("statements", {}).keys()),
        "arguments": list(doc.get("arguments", {}).keys()),
        "relations": relations,
        "statement tags": tags(doc.get("statements", {})),
        "argument tags": tags(doc.get("arguments", {})),
        "statement texts": texts(doc.get("statements", {})),
        "argument texts": texts(doc.get("arguments", {})),
        "pcs": pcs(doc.get("arguments", {})),
    }


def main():
    inputs, argdown_dir, cruxmap_dir, argdown_log = sys.argv[1:5]
    names = sorted(f[: -len(".argdown")] for f in os.listdir(inputs) if f.endswith(".argdown"))
    failures = 0
    statements = relations = 0
    for name in names:
        a_path = os.path.join(argdown_dir, name + ".json")
        c_path = os.path.join(cruxmap_dir, name + ".json")
        if not os.path.exists(a_path) or not os.path.exists(c_path):
            failures += 1
            who = "argdown" if not os.path.exists(a_path) else "cruxmap"
            print(f"FAIL {name}: {who} produced no JSON")
            err = os.path.join(cruxmap_dir, name + ".err")
            if who == "cruxmap" and os.path.exists(err):
                print("  " + open(err).read()[:2000].replace("\n", "\n  "))
            if who == "argdown":
                log = open(argdown_log).read()
                at = log.find(name)
                print("  " + log[max(0, at - 100): at + 900].replace("\n", "\n  "))
            continue
        a = summary(json.load(open(a_path)))
        c = summary(json.load(open(c_path)))
        statements += len(a["statements"])
        relations += sum(a["relations"].values())
        diffs = []
        for key in a:
            if a[key] != c[key]:
                if isinstance(a[key], Counter):
                    only_a = a[key] - c[key]
                    only_c = c[key] - a[key]
                    diffs.append(f"{key}: only argdown {sorted(only_a.items())[:8]}; only cruxmap {sorted(only_c.items())[:8]}")
                elif isinstance(a[key], dict):
                    bad = [k for k in set(a[key]) | set(c[key]) if a[key].get(k) != c[key].get(k)]
                    diffs.append(f"{key}: " + "; ".join(f"{k}: argdown {a[key].get(k)} cruxmap {c[key].get(k)}" for k in sorted(bad)[:5]))
                else:
                    sa, sc = a[key], c[key]
                    first = next((i for i, (x, y) in enumerate(zip(sa, sc)) if x != y), min(len(sa), len(sc)))
                    diffs.append(f"{key}: {len(sa)} vs {len(sc)}, first difference at #{first}: argdown {sa[first:first+3]} cruxmap {sc[first:first+3]}")
        if diffs:
            failures += 1
            print(f"FAIL {name}")
            for d in diffs:
                print("  " + d[:1500])
    print(f"conformance: {len(names) - failures} passed, {failures} failed "
          f"({len(names)} files, {statements} statements, {relations} relations)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
