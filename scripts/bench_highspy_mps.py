#!/usr/bin/env python3
"""Side-by-side: `accord solve FILE.mps --backend highs` against highspy
reading and solving the same file. Not part of the build or the tests;
highspy comes from pip, outside the project (`pip install highspy`).

Usage:
    python3 scripts/bench_highspy_mps.py ACCORD_BIN MANIFEST.csv [--repeat 5] [--prefix netlib/] [--out runs.csv]

For every MANIFEST row whose path starts with the prefix (kind lp; both the
feasible Netlib set and netlib/infeasible), runs, interleaved, `repeat` times:
  - accord: the whole process `ACCORD_BIN solve FILE --backend highs --format json`
    timed from the parent (process start, MPS read, model pass, solve, check,
    report), and the parts accord reports in its JSON (solver seconds);
  - highspy: inside this Python process, `Highs(); readModel(FILE); run()`
    timed around those calls only (no interpreter start, no import), and
    as a whole process (`python -c` importing highspy, reading, solving).
Both use one thread and HiGHS's default options otherwise. Prints per instance
the medians and the ratio accord / highspy, and the median ratio over the set.
"""
import csv
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import highspy


def highspy_solve(path):
    t0 = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.readModel(str(path))
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    obj = h.getInfo().objective_function_value
    return t2 - t0, t2 - t1, status, obj


def accord_solve(binary, path):
    t0 = time.perf_counter()
    p = subprocess.run(
        [binary, "solve", str(path), "--backend", "highs", "--format", "json"],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    try:
        js = json.loads(p.stdout)
    except json.JSONDecodeError:
        return wall, None, None, f"exit {p.returncode}", None
    objs = js.get("objectives") or {}
    return (
        wall,
        js.get("wall_seconds"),
        js.get("solve_seconds"),
        js.get("status"),
        next(iter(objs.values()), None),
    )


HIGHSPY_PROCESS = """
import sys, highspy
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("threads", 1)
h.readModel(sys.argv[1])
h.run()
print(h.modelStatusToString(h.getModelStatus()))
"""


def highspy_process(path):
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", HIGHSPY_PROCESS, str(path)], capture_output=True)
    return time.perf_counter() - t0


def main():
    args = sys.argv[1:]
    binary, manifest = args[0], Path(args[1])
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 5
    prefix = args[args.index("--prefix") + 1] if "--prefix" in args else "netlib/"
    out = args[args.index("--out") + 1] if "--out" in args else None
    root = manifest.parent
    rows = [r for r in csv.DictReader(open(manifest)) if r["path"].startswith(prefix) and r["kind"] == "lp"]
    results = []
    for r in rows:
        path = root / r["path"]
        acc, acc_inside, hs, acc_solver, hs_solve, hs_proc = [], [], [], [], [], []
        for _ in range(repeat):
            w, inside, s, ast, aobj = accord_solve(binary, path)
            acc.append(w)
            acc_inside.append(inside if inside is not None else float("nan"))
            acc_solver.append(s if s is not None else float("nan"))
            w, s, hst, hobj = highspy_solve(path)
            hs.append(w)
            hs_solve.append(s)
            hs_proc.append(highspy_process(path))
        a, h = statistics.median(acc), statistics.median(hs)
        results.append(
            dict(
                instance=r["path"],
                rows=r["rows"],
                cols=r["cols"],
                accord_status=ast,
                highspy_status=hst,
                accord_objective=aobj,
                highspy_objective=hobj,
                accord_wall=a,
                accord_inside=statistics.median(acc_inside),
                accord_solver=statistics.median(acc_solver),
                highspy_read_and_run=h,
                highspy_run=statistics.median(hs_solve),
                highspy_process=statistics.median(hs_proc),
                ratio=a / h,
            )
        )
        print(f"{r['path']:40s} accord {a:9.4f} s  highspy {h:9.4f} s  ratio {a / h:6.3f}  [{ast} / {hst}]", flush=True)
    ratios = [x["ratio"] for x in results]
    for label, num, den in [
        ("accord process / highspy read+run (in Python)", "accord_wall", "highspy_read_and_run"),
        ("accord in-process wall / highspy read+run", "accord_inside", "highspy_read_and_run"),
        ("accord solver call / highspy run", "accord_solver", "highspy_run"),
        ("accord process / python -c highspy process", "accord_wall", "highspy_process"),
    ]:
        rs = [x[num] / x[den] for x in results]
        print(f"median ratio {label}: {statistics.median(rs):.3f} (min {min(rs):.3f}, max {max(rs):.3f})")
    big = [x["ratio"] for x in results if x["highspy_read_and_run"] >= 0.05]
    print(f"\ninstances {len(ratios)}  median ratio {statistics.median(ratios):.3f}  "
          f"(instances where highspy takes >= 50 ms: {len(big)}, median {statistics.median(big) if big else float('nan'):.3f})")
    if out:
        with open(out, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(results[0].keys()))
            w.writeheader()
            w.writerows(results)


if __name__ == "__main__":
    main()
