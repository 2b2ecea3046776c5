"""Compares cruxmap's acceptance semantics with scalop's. See check-semantics.sh."""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

SCALOP, CRUXMAP, N_RANDOM = sys.argv[1], sys.argv[2], int(sys.argv[3])
ICCMA_DIR = os.path.join("..", "shared", "corpora", "iccma")
failures = []


def run(args, stdin=None):
    out = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if out.returncode not in (0,):
        raise RuntimeError(f"{args} exited {out.returncode}: {out.stderr}")
    return out.stdout


def scalop(problem, path, arg=None):
    args = [SCALOP, "solve", "-p", problem, "-f", path, "--logging-level", "off"]
    if arg is not None:
        args += ["-a", str(arg)]
    return run(args).strip()


def ext(line):
    """The set of arguments of a `w ...` line."""
    return frozenset(line.split()[1:])


def cruxmap_extensions(path, semantics, limit=100000):
    out = run([CRUXMAP, "evaluate", path, "-s", semantics, "-f", "iccma",
               "--max-extensions", str(limit)])
    return [ext(l) for l in out.splitlines() if l.startswith("w")]


def check_extension(path, semantics, extension):
    line = "w " + " ".join(sorted(extension, key=int)) + "\n"
    answer = run([SCALOP, "check-extension", "-s", semantics, "-f", path,
                  "--logging-level", "off"], stdin=line).strip()
    return answer == "YES"


def random_af(rng, n):
    density = rng.choice([0.05, 0.1, 0.2, 0.35])
    attacks = {(a, b) for a in range(1, n + 1) for b in range(1, n + 1) if rng.random() < density}
    return f"p af {n}\n" + "".join(f"{a} {b}\n" for a, b in sorted(attacks))


def check_random(work):
    rng = random.Random(2023)
    for i in range(N_RANDOM):
        n = rng.randint(2, 16)
        path = os.path.join(work, f"random-{i}.af")
        with open(path, "w") as f:
            f.write(random_af(rng, n))
        where = f"random framework {i} (n={n})"
        ours = cruxmap_extensions(path, "grounded")[0]
        if ours != ext(scalop("SE-GR", path)):
            failures.append(f"{where}: grounded differs")
        for sem in ("PR", "ST"):
            exts = cruxmap_extensions(path, "preferred" if sem == "PR" else "stable")
            for e in exts:
                if not check_extension(path, sem, e):
                    failures.append(f"{where}: {sem} extension {sorted(e)} rejected by scalop")
            if sem == "ST" and not exts:
                if scalop("SE-ST", path) != "NO":
                    failures.append(f"{where}: scalop finds a stable extension, cruxmap none")
                continue
            union = frozenset().union(*exts)
            inter = frozenset.intersection(*exts)
            for a in range(1, n + 1):
                dc = scalop(f"DC-{sem}", path, a).startswith("YES")
                ds = scalop(f"DS-{sem}", path, a).startswith("YES")
                if dc != (str(a) in union) or ds != (str(a) in inter):
                    failures.append(f"{where}: {sem} acceptance of {a} differs "
                                    f"(scalop DC={dc} DS={ds})")
    print(f"semantics: {N_RANDOM} random frameworks checked")


def check_maps(work):
    for seed in range(1, 21):
        source = os.path.join(work, f"map-{seed}.argdown")
        run([CRUXMAP, "generate", "--seed", str(seed), "--statements", str(20 + 15 * seed),
             "-o", source])
        exported = run([CRUXMAP, "export", source, "--to", "iccma"])
        af = os.path.join(work, f"map-{seed}.af")
        with open(af, "w") as f:
            f.write(exported)
        number = {}
        for line in exported.splitlines():
            if line.startswith("# "):
                k, name = line[2:].split(" ", 1)
                number[name] = k
        for sem, problem in (("grounded", "SE-GR"), ("preferred", None), ("stable", None)):
            doc = json.loads(run([CRUXMAP, "evaluate", source, "-s", sem, "-f", "json"]))
            if sem == "grounded":
                ours = frozenset(number[c["id"]] for c in doc["claims"] if c["label"] == "in")
                if ours != ext(scalop(problem, af)):
                    failures.append(f"generated map {seed}: grounded differs from the export's")
                continue
            code = "PR" if sem == "preferred" else "ST"
            for e in doc.get("extensions", []):
                if not check_extension(af, code, frozenset(number[c] for c in e)):
                    failures.append(f"generated map {seed}: a {sem} extension is rejected")
    print("semantics: 20 generated maps checked through their ICCMA export")


def timed(args):
    start = time.perf_counter()
    out = run(args)
    return out, time.perf_counter() - start


def check_iccma():
    if not os.path.isdir(ICCMA_DIR):
        print(f"semantics: {ICCMA_DIR} not found; ICCMA instances skipped")
        return
    print(f"{'instance':<40} {'task':<6} {'scalop s':>9} {'cruxmap s':>10}")
    for name in sorted(os.listdir(ICCMA_DIR)):
        if not name.endswith(".af"):
            continue
        path = os.path.join(ICCMA_DIR, name)
        for task, sem, code in (("SE-GR", "grounded", None), ("SE-PR", "preferred", "PR"),
                                ("SE-ST", "stable", "ST")):
            theirs, t_scalop = timed([SCALOP, "solve", "-p", task, "-f", path,
                                      "--logging-level", "off"])
            ours, t_ours = timed([CRUXMAP, "evaluate", path, "-s", sem, "-f", "iccma",
                                  "--max-extensions", "1"])
            print(f"{name:<40} {task:<6} {t_scalop:>9.3f} {t_ours:>10.3f}")
            if code is None:
                if ext(ours.strip()) != ext(theirs.strip()):
                    failures.append(f"{name}: grounded differs")
            elif ours.strip() == "NO":
                if theirs.strip() != "NO":
                    failures.append(f"{name}: cruxmap finds no {sem} extension, scalop does")
            elif not check_extension(path, code, ext(ours.strip())):
                failures.append(f"{name}: cruxmap's {sem} extension rejected by scalop")


with tempfile.TemporaryDirectory() as work:
    check_random(work)
    check_maps(work)
    check_iccma()
if failures:
    print(f"semantics: {len(failures)} failures", file=sys.stderr)
    for f in failures[:50]:
        print("  " + f, file=sys.stderr)
    sys.exit(1)
print("semantics: all answers agree with scalop")
