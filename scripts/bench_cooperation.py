#!/usr/bin/env python3
"""The bloc table of `accord cooperation` against the same coalitions solved
one by one as separate `accord solve` processes on edited copies of the data.

A benchmark and cross-check tool, not part of the build and not run in CI.
For every non-empty set S of blocs it writes a copy of the data folder in
which every interests.csv row of an actor outside S is dropped (its vetoes
kept, as docs/cooperation.md defines the game), solves it with
`accord solve COPY --objective stability`, and compares the value with
`accord cooperation MODEL --blocs-only` (the same 2^K - 1 coalitions on one
warm session per worker). Prints both wall times, their ratio, and the
largest disagreement.

    scripts/bench_cooperation.py ACCORD_BINARY DATA_DIR [--backend highs] [--jobs 1]
"""

import argparse
import csv
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("accord")
    ap.add_argument("data", type=Path)
    ap.add_argument("--backend", default="highs")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()

    with open(args.data / "actors.csv", newline="", encoding="utf-8-sig") as f:
        actors = list(csv.DictReader(f))
    blocs = sorted({a["vector"] for a in actors})
    with open(args.data / "interests.csv", newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        interests = list(reader)
    bloc_of = {a["id"]: a["vector"] for a in actors}

    def veto(row):
        return row.get("veto", "").strip().lower() in ("true", "yes", "1")

    separate = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(1, len(blocs) + 1):
            for group in itertools.combinations(blocs, k):
                copy = Path(tmp) / "+".join(group)
                shutil.copytree(args.data, copy)
                with open(copy / "interests.csv", "w", newline="", encoding="utf-8") as f:
                    w = csv.DictWriter(f, fieldnames=header)
                    w.writeheader()
                    for row in interests:
                        if bloc_of[row["actor"]] in group or veto(row):
                            w.writerow(row)
                out = subprocess.run(
                    [args.accord, "solve", str(copy), "--objective", "stability",
                     "--backend", args.backend, "--format", "json"],
                    capture_output=True, text=True, check=False)
                if out.returncode not in (0, 1):
                    print(out.stderr, file=sys.stderr)
                    return 1
                d = json.loads(out.stdout)
                separate["+".join(sorted(group))] = d["objectives"].get("stability")
    separate_wall = time.perf_counter() - started

    started = time.perf_counter()
    out = subprocess.run(
        [args.accord, "cooperation", str(args.data), "--objective", "stability",
         "--backend", args.backend, "--blocs-only", "--jobs", str(args.jobs),
         "--format", "json"],
        capture_output=True, text=True, check=True)
    together_wall = time.perf_counter() - started
    d = json.loads(out.stdout)
    worst = 0.0
    for key, want in separate.items():
        got = d["blocs"]["values"][key]["value"]
        worst = max(worst, abs(got - want) / max(1.0, abs(want)))
    print(f"coalitions: {len(separate)}")
    print(f"separate accord solve processes: {separate_wall:.2f} s")
    print(f"accord cooperation --blocs-only --jobs {args.jobs}: {together_wall:.2f} s "
          f"({d['solves']} solves, shortcuts {d['shortcuts']})")
    print(f"ratio: {together_wall / separate_wall:.3f}")
    print(f"largest relative disagreement: {worst:.2e}")
    return 0 if worst <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
