#!/usr/bin/env python3
"""Checks cruxmap's gradual semantics against a reference on small worked examples and on
random bipolar graphs (acyclic and cyclic).

References: quadratic energy and DF-QuAD from the `formal-argumentation` package (PyPI,
imported as `argumentation`; its QE integrates Potyka's ODE with RK4, its DF-QuAD is
Rago et al.'s recursive score, iterated on cycles); Euler-based written out below from
Amgoud and Ben-Naim's formula, since the package has none.

Usage: check-gradual.py CRUXMAP [--graphs N] [--seed S]
Exit 0 when every strength agrees within 1e-6 (acyclic) or 1e-4 (cyclic); 1 otherwise;
3 when the `argumentation` package is missing.
"""
import argparse, json, math, os, random, subprocess, sys, tempfile

try:
    from argumentation.gradual.gradual import WeightedBipolarGraph, quadratic_energy_strengths
    from argumentation.gradual.dfquad import dfquad_strengths
except ImportError:
    print("skipped: the `argumentation` package (formal-argumentation on PyPI) is not installed",
          file=sys.stderr)
    sys.exit(3)


def euler_reference(n, base, attacks, supports, rounds=100_000, tol=1e-12):
    """Amgoud and Ben-Naim 2018: s = 1 - (1 - w^2) / (1 + w e^E), E = sum sup - sum att;
    plain iteration from the base scores (converges on the graphs drawn here)."""
    s = list(base)
    for _ in range(rounds):
        new = []
        for j in range(n):
            e = sum(s[a] for a, b in supports if b == j) - sum(s[a] for a, b in attacks if b == j)
            w = base[j]
            new.append(1 - (1 - w * w) / (1 + w * math.exp(e)))
        delta = max(abs(p - q) for p, q in zip(s, new)) if n else 0
        s = [p + 0.5 * (q - p) for p, q in zip(s, new)]
        if delta < tol:
            break
    return s


def reference(semantics, n, base, attacks, supports):
    if semantics == "euler":
        return euler_reference(n, base, attacks, supports)
    names = [f"A{i}" for i in range(n)]
    g = WeightedBipolarGraph(
        arguments=frozenset(names),
        initial_weights={names[i]: base[i] for i in range(n)},
        attacks=frozenset((names[a], names[b]) for a, b in attacks),
        supports=frozenset((names[a], names[b]) for a, b in supports),
    )
    if semantics == "quadratic-energy":
        r = quadratic_energy_strengths(g, tolerance=1e-12, max_iterations=200_000)
    else:
        r = dfquad_strengths(g, tolerance=1e-12, max_iterations=200_000)
    return [r.strengths[x] for x in names]


def argdown(n, base, attacks, supports):
    out = [f"[A{i}]: claim {i}. {{base: {base[i]!r}}}\n" for i in range(n)]
    for a, b in attacks:
        out.append(f"[A{a}]\n  -> [A{b}]\n")
    for a, b in supports:
        out.append(f"[A{a}]\n  +> [A{b}]\n")
    return "\n".join(out)


def cruxmap(binary, semantics, text, tmp):
    path = os.path.join(tmp, "g.argdown")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([binary, "evaluate", path, "-s", semantics, "-f", "json"],
                       capture_output=True, text=True, check=True)
    doc = json.loads(p.stdout)
    return {c["id"]: c["strength"] for c in doc["claims"]}


def random_graph(rnd, acyclic):
    n = rnd.randint(1, 9)
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b and (not acyclic or a > b)]
    rnd.shuffle(pairs)
    edges = pairs[: rnd.randint(0, min(len(pairs), 2 * n))]
    attacks = [e for e in edges if rnd.random() < 0.5]
    supports = [e for e in edges if e not in attacks]
    base = [rnd.choice([0.0, 0.5, 1.0, round(rnd.random(), 3)]) for _ in range(n)]
    return n, base, attacks, supports


# Small worked examples, each small enough to check by hand from the formulas.
EXAMPLES = [
    # one attacker: QE 0.5 - 0.5*h(0.5) = 0.4
    (2, [0.5, 0.5], [(1, 0)], []),
    # two attackers and a supporter of one of them
    (4, [0.5, 0.5, 0.5, 0.8], [(1, 0), (2, 0)], [(3, 1)]),
    # support chain with an attacked middle
    (4, [0.3, 0.9, 0.6, 0.5], [(3, 1)], [(1, 0), (2, 1)]),
    # mutual attack (a cycle) and a supporter from outside
    (3, [0.6, 0.4, 0.7], [(0, 1), (1, 0)], [(2, 0)]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cruxmap")
    ap.add_argument("--graphs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    cases = [(g, None) for g in EXAMPLES]
    cases += [(random_graph(rnd, acyclic=(i % 2 == 0)), None) for i in range(a.graphs)]
    worst = {}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for (n, base, attacks, supports), _ in cases:
            text = argdown(n, base, attacks, supports)
            acyclic = all(x > y for x, y in attacks + supports) or not (attacks or supports)
            tol = 1e-6 if acyclic else 1e-4
            for semantics in ("quadratic-energy", "df-quad", "euler"):
                got = cruxmap(a.cruxmap, semantics, text, tmp)
                want = reference(semantics, n, base, attacks, supports)
                for i in range(n):
                    d = abs(got[f"[A{i}]"] - want[i])
                    worst[semantics] = max(worst.get(semantics, 0.0), d)
                    if d > tol:
                        failures += 1
                        print(f"{semantics}: [A{i}] cruxmap {got[f'[A{i}]']:.9f} reference "
                              f"{want[i]:.9f}\n{text}", file=sys.stderr)
    for semantics, d in worst.items():
        print(f"{semantics:17s} {len(cases)} graphs, largest difference {d:.1e}")
    print("all agree" if failures == 0 else f"{failures} strengths differ")
    sys.exit(1 if failures else 0)


main()
