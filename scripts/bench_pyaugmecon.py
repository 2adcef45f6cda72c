#!/usr/bin/env python3
"""Side-by-side front benchmark: accord vs pyaugmecon (AUGMECON-R, HiGHS, one worker).

Not part of the build or the tests. pyaugmecon is installed outside the project:
    python3 -m venv /tmp/pyaug && /tmp/pyaug/bin/pip install pyaugmecon highspy
(pyaugmecon 2.0.1 declares Python >= 3.12; on 3.11 install its dependencies with
numpy<2.3 and the wheel with --no-deps --ignore-requires-python.)

Usage:
    /tmp/pyaug/bin/python scripts/bench_pyaugmecon.py ACCORD_BIN NAME.mop [NAME.mop ...]

For each PolySCIP-style .mop file (binary columns, one OBJSENSE for all N rows),
runs `ACCORD_BIN pareto FILE --backend highs --format json` and pyaugmecon on
the same model, checks both fronts against NAME.front.txt beside the file, and
prints points, subproblems, solves per point and wall seconds of each, and the
wall-time ratio accord / pyaugmecon.
"""
import json
import subprocess
import sys
import time
from pathlib import Path


def read_mop(path):
    """Minimal reader for the converted .mop files (free MPS, binary columns)."""
    sense, section = "MIN", None
    rows, objs, cols = {}, [], {}
    rhs = {}
    for line in Path(path).read_text().splitlines():
        if not line.strip() or line.startswith("*"):
            continue
        if not line[0].isspace():
            section = line.split()[0]
            continue
        t = line.split()
        if section == "OBJSENSE":
            sense = t[0].upper()
        elif section == "ROWS":
            if t[0] == "N":
                objs.append(t[1])
            else:
                rows[t[1]] = t[0]
        elif section == "COLUMNS":
            if "'MARKER'" in t:
                continue
            c = cols.setdefault(t[0], {})
            for k in range(1, len(t) - 1, 2):
                c[t[k]] = float(t[k + 1])
        elif section == "RHS":
            for k in range(1, len(t) - 1, 2):
                rhs[t[k]] = float(t[k + 1])
    return sense, rows, objs, cols, rhs


def pyomo_model(path):
    import pyomo.environ as pyo

    sense, rows, objs, cols, rhs = read_mop(path)
    m = pyo.ConcreteModel()
    names = list(cols)
    m.x = pyo.Var(range(len(names)), domain=pyo.Binary)
    m.c = pyo.ConstraintList()
    for r, kind in rows.items():
        expr = sum(cols[n].get(r, 0.0) * m.x[i] for i, n in enumerate(names) if r in cols[n])
        b = rhs.get(r, 0.0)
        m.c.add(expr <= b if kind == "L" else expr >= b if kind == "G" else expr == b)
    m.obj_list = pyo.ObjectiveList()
    pyo_sense = pyo.maximize if sense.startswith("MAX") else pyo.minimize
    for o in objs:
        m.obj_list.add(expr=sum(cols[n].get(o, 0.0) * m.x[i] for i, n in enumerate(names) if o in cols[n]), sense=pyo_sense)
    for o in m.obj_list:
        m.obj_list[o].deactivate()
    return m


def known_front(path):
    f = Path(str(path).replace(".mop", ".front.txt"))
    pts = set()
    for line in f.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pts.add(tuple(round(float(v), 6) for v in line.split()))
    return pts


def run_accord(binary, path):
    t = time.perf_counter()
    out = subprocess.run([binary, "pareto", str(path), "--backend", "highs", "--format", "json"],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    d = json.loads(out.stdout)
    names = [o["name"] for o in d["objectives"]]
    pts = {tuple(round(p["objectives"][n], 6) for n in names) for p in d["points"]}
    return pts, d["subproblems"], wall


def run_pyaugmecon(path):
    from pyaugmecon import PyAugmecon, PyAugmeconConfig

    model = pyomo_model(path)
    cfg = PyAugmeconConfig(name=Path(path).stem, workers=1, solver_name="highs", mode="exact",
                           progress_bar=False, log_to_console=False, write_csv=False,
                           artifact_folder="/tmp/pyaug-logs")
    t = time.perf_counter()
    res = PyAugmecon(model, cfg).solve()
    wall = time.perf_counter() - t
    pts = {tuple(round(float(v), 6) for v in p) for p in res.points}
    return pts, res.models_solved, wall


def main():
    binary, files = sys.argv[1], sys.argv[2:]
    print(f"{'instance':34} {'pts':>5} | {'accord solves':>13} {'/pt':>5} {'wall s':>8} | "
          f"{'pyaug solves':>12} {'/pt':>5} {'wall s':>8} | {'ratio':>6} exact")
    for f in files:
        want = known_front(f)
        a_pts, a_solves, a_wall = run_accord(binary, f)
        p_pts, p_solves, p_wall = run_pyaugmecon(f)
        ok = "yes" if a_pts == want else f"NO ({len(a_pts)} vs {len(want)})"
        pok = "yes" if p_pts == want else f"NO ({len(p_pts)})"
        print(f"{Path(f).stem:34} {len(want):5} | {a_solves:13} {a_solves/len(want):5.2f} {a_wall:8.2f} | "
              f"{p_solves:12} {p_solves/len(want):5.2f} {p_wall:8.2f} | {a_wall/p_wall:6.3f} accord {ok}, pyaugmecon {pok}",
              flush=True)


if __name__ == "__main__":
    main()
