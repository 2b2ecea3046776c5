#!/usr/bin/env python3
"""Checks cruxmap's AIF, Kialo and microtext import against arguebuf, an independent reader.

For every file of tests/fixtures/formats (AIF, OVA3 xAIF, Kialo text, microtext XML):
  1. arguebuf and cruxmap must find the same claims (texts, white space collapsed) and the
     same support, attack and rephrase pairs. A pair is (reason text, target), where the
     target is a claim text or, for an undercut, the inference it attacks (its premises and
     conclusion);
  2. arguebuf must read the AIF that cruxmap writes for the file (`cruxmap convert -o x.aif`)
     as the same graph as the original.
A 3,500-claim Kialo export is also converted in release mode and timed.

Known difference, normalised here: arguebuf keeps Kialo's backslash escapes before `*`, `_`
and a few other Markdown characters in the text; cruxmap removes every escape (Kialo shows
`\\*` as `*`).

Usage: scripts/check-formats.py [path/to/cruxmap]   (needs `pip install arguebuf`)
"""
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import arguebuf as ab

ROOT = Path(__file__).resolve().parent.parent
CRUXMAP = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/release/cruxmap")
FIXTURES = ROOT / "tests/fixtures/formats"


def norm(text, kialo=False):
    text = " ".join(text.split())
    if kialo:
        text = re.sub(r"\\(.)", r"\1", text)
    return text


def arguebuf_view(path, kialo=False):
    if path.suffix == ".json" and "AIF" in json.loads(path.read_text()):
        g = ab.load.xaif(json.loads(path.read_text()))  # OVA3's xAIF
    else:
        g = ab.load.file(str(path))
    atoms = {k: norm(a.plain_text, kialo) for k, a in g.atom_nodes.items()}

    def inference(s):
        premises = frozenset(atoms[e.source.id] for e in g.incoming_edges(s) if e.source.id in atoms)
        conclusion = [atoms[e.target.id] for e in g.outgoing_edges(s) if e.target.id in atoms]
        return ("inference", premises, conclusion[0] if conclusion else None)

    pairs = set()
    for s in g.scheme_nodes.values():
        kind = type(s.scheme).__name__.lower() if s.scheme is not None else "support"
        if kind == "preference":
            continue
        for e in g.incoming_edges(s):
            if e.source.id not in atoms:
                continue
            for out in g.outgoing_edges(s):
                t = out.target
                target = atoms[t.id] if t.id in atoms else inference(g.scheme_nodes[t.id])
                pairs.add((kind, atoms[e.source.id], target))
    return set(atoms.values()), pairs


def cruxmap_view(path):
    out = subprocess.run([CRUXMAP, "export", str(path), "--to", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"cruxmap failed on {path}: {out.stderr}")
    doc = json.loads(out.stdout)
    texts = {s["title"]: norm(s["text"]) for s in doc["statements"]}
    args = {a["title"]: a for a in doc["arguments"]}
    outgoing = {}
    for r in doc["relations"]:
        outgoing.setdefault(r["from"], []).append(r)

    def element(ref):
        kind, title = ref[0], ref[1:-1]
        if kind == "[":
            return texts[title]
        a = args[title]
        steps = [s for s in a.get("pcs", []) if "statement" in s]
        if steps:
            premises = frozenset(texts[s["statement"]] for s in steps if s["role"] == "premise")
            conclusion = [texts[s["statement"]] for s in steps if s["role"] == "main-conclusion"][0]
            return ("inference", premises, conclusion)
        # An argument without a structure: its description is the premise and its
        # relation's target the conclusion (how a microtext undercut reads).
        text = norm(next((m["text"] for m in a["members"] if m["text"]), ""))
        targets = [element(r["to"]) for r in outgoing.get(ref, [])]
        return ("inference", frozenset([text]), targets[0] if targets else None)

    claims = set(texts.values())
    pairs = set()
    for a in args.values():
        steps = [s for s in a.get("pcs", []) if "statement" in s]
        conclusion = [s["statement"] for s in steps if s["role"] == "main-conclusion"]
        for s in steps:
            if s["role"] == "premise" and conclusion:
                pairs.add(("support", texts[s["statement"]], texts[conclusion[0]]))
        if not steps:
            claims.add(norm(next((m["text"] for m in a["members"] if m["text"]), "")))
    for r in doc["relations"]:
        kind = {"support": "support", "entails": "support"}.get(r["type"], "attack")
        source = r["from"]
        source_text = texts[source[1:-1]] if source[0] == "[" else element(source)[1]
        if isinstance(source_text, frozenset):
            source_text = next(iter(source_text))
        pairs.add((kind, source_text, element(r["to"])))
    for s in doc["statements"]:
        for t in s.get("data", {}).get("rephrases", []):
            pairs.add(("rephrase", texts[s["title"]], texts[t]))
    return claims, pairs


def show(pairs):
    return "\n".join(f"    {p}" for p in sorted(pairs, key=str))


def main():
    failed = 0
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".aif", ".json", ".txt", ".xml"))
    for path in files:
        kialo = path.suffix == ".txt"
        a_claims, a_pairs = arguebuf_view(path, kialo)
        c_claims, c_pairs = cruxmap_view(path)
        problems = []
        if a_claims != c_claims:
            problems.append(f"  claims only arguebuf: {a_claims - c_claims}\n  claims only cruxmap: {c_claims - a_claims}")
        if a_pairs != c_pairs:
            problems.append(f"  pairs only arguebuf:\n{show(a_pairs - c_pairs)}\n  pairs only cruxmap:\n{show(c_pairs - a_pairs)}")
        with tempfile.TemporaryDirectory() as tmp:
            aif = Path(tmp) / (path.stem.split(".")[0] + ".json")
            subprocess.run([CRUXMAP, "convert", str(path), "-o", str(aif), "--to", "aif"], check=True)
            b_claims, b_pairs = arguebuf_view(aif)
            if (b_claims, b_pairs) != (a_claims, a_pairs):
                problems.append(f"  cruxmap's AIF reads differently in arguebuf:\n{show(b_pairs ^ a_pairs)}\n  {b_claims ^ a_claims}")
        status = "ok" if not problems else "FAILED"
        print(f"formats: {path.name}: {len(a_claims)} claims, {len(a_pairs)} pairs: {status}")
        for p in problems:
            print(p)
        failed += bool(problems)

    # GraphML: networkx reads it with every node's title, kind and every relation.
    try:
        import networkx
    except ImportError:
        networkx = None
        print("formats: notice: networkx not installed; GraphML not checked")
    if networkx is not None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "map.graphml"
            subprocess.run([CRUXMAP, "convert", str(FIXTURES / "tram.aif"), "-o", str(out)], check=True)
            g = networkx.read_graphml(str(out))
            _, pairs = cruxmap_view(FIXTURES / "tram.aif")
            kinds = sorted(d["relation"] for _, _, d in g.edges(data=True))
            ok = (
                g.number_of_nodes() == 10
                and all("title" in d and "kind" in d for _, d in g.nodes(data=True))
                and kinds.count("attack") == 2 and kinds.count("support") == 1
                and kinds.count("undercut") == 1 and kinds.count("premise") == 2
            )
            print(f"formats: GraphML in networkx: {g.number_of_nodes()} nodes, {kinds}: {'ok' if ok else 'FAILED'}")
            failed += not ok

    # Speed: a 3,500-claim Kialo export.
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        lines = ["Discussion Title: A generated discussion", "", "1. The thesis of a generated discussion."]
        numbers = ["1."]
        k = 0
        while len(numbers) < 3500:
            parent = numbers[k // 5]
            child = f"{parent}{k % 5 + 1}."
            numbers.append(child)
            side = "Pro" if k % 3 else "Con"
            lines.append(f"{child} {side}: Claim number {k} says something \\*about\\* claim {parent}")
            lines.append("  and carries on over a second line.")
            k += 1
        big.write_text("\n".join(lines) + "\n")
        best = None
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([CRUXMAP, "convert", str(big), "-o", str(Path(tmp) / "big.argdown")], check=True)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"formats: 3,500-claim Kialo export to Argdown: {best * 1000:.1f} ms (best of 5, whole process)")
        if best > 0.05:
            print("formats: FAILED: slower than 50 ms")
            failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
