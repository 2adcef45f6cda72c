#!/usr/bin/env python3
"""Independent reference implementation of docs/model.md with HiGHS (highspy).

A development and cross-check tool, not part of the build and not run in CI.
It shares no code with the Rust crate: it reads a data folder with the csv
module, builds the full mixed-integer program of model.md (variables
x, y, f, s, z, w, the auxiliary t for equity and m for dominance, constraints
1-12) and solves it with HiGHS at mip_rel_gap = mip_abs_gap = 0.

Usage:
  python3 scripts/reference_highspy.py DATA [OBJ ...]          lexicographic
  python3 scripts/reference_highspy.py DATA --weighted stability=1,cost=0.01
  python3 scripts/reference_highspy.py DATA --weighted ... --normalize
  python3 scripts/reference_highspy.py DATA --front --all-or-nothing --out F.csv
  python3 scripts/reference_highspy.py DATA --check-projects
  (add --brief to leave the allocations out of the JSON)

OBJ are built-in objective names (stability, cost, equity, dominance,
satisfaction) in priority order; default: stability cost.

Lexicographic rule (model.md): after level k with optimum g*, add
g_k >= g* - slack (max) or g_k <= g* + slack (min) with
slack = --lex-slack * max(1, |g*|) (default 1e-9, the most model.md allows;
use 0 for none), then optimise the next level.

The printed JSON holds the status, each built-in objective evaluated at the
final allocation (recomputed from the solution, not read from the solver),
the projects that go ahead and every non-zero allocation.

--all-or-nothing solves a copy of the data in which every project is
all_or_nothing (needed for an exact stability/cost Pareto front).

--front enumerates the exact stability-vs-cost Pareto front by the
epsilon-constraint method. --front-by cost (default): start with the
lexicographic (stability, cost) optimum; then repeatedly require
cost <= previous cost - --front-step and take the lexicographic
(stability, cost) optimum again, until the problem is infeasible.
--front-by stability mirrors it: lexicographic (cost, stability) under
stability >= previous stability + step, starting from nothing. With every
project all_or_nothing both objectives depend on y alone, so each step lands on
the next non-dominated point provided the step is below the smallest
difference between two achievable values of the constrained objective (with
integer costs or benefits any step in (0, 1] works; default 0.5). Every point
is verified against the rules before it is kept.

--blocs computes the bloc game of `accord cooperation` (docs/cooperation.md)
independently: for every non-empty set S of blocs (the `vector` column) a
copy of the data in which every interests row of an actor outside S is
dropped, its vetoes kept, solved for the first OBJ (default stability);
prints v of each set (keyed by the bloc ids sorted and joined by `+`), each
bloc's value alone, its marginal value and its exact Shapley value.

--sensitivity budget,personnel computes the exact effects of
`accord sensitivity` (docs/sensitivity.md): for every actor and parameter, a
copy of the data with the value times (1 + --delta) and times
(1 - --delta), each solved for the first OBJ; prints the optima and the
projects that go ahead.

--check-projects solves, for each project on its own, min cost subject to
y_p = 1 (its prerequisites are then forced too), to show that some eligible
coalition can afford it and meet its rules.

Every reported solution is re-checked by verify(), which reads the rules
straight from the data rather than from the rows of the program.
"""

import argparse
import csv
import json
import math
import os
import re
import sys
import time

import highspy

INF = highspy.kHighsInf
ID_RE = re.compile(r"^[a-z0-9_]+$")
OBJECTIVES = {  # name -> sense
    "stability": "max",
    "cost": "min",
    "equity": "max",
    "dominance": "min",
    "satisfaction": "max",
}


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------

class InputError(Exception):
    pass


def parse_bool(text):
    t = text.strip().lower()
    if t in ("true", "yes", "1"):
        return True
    if t in ("false", "no", "0"):
        return False
    raise ValueError(f"expected a boolean, got {text!r}")


def parse_list(text):
    if text.strip() == "":
        return []
    items = [i.strip() for i in text.split(";")]
    if any(i == "" for i in items):
        raise ValueError(f"empty item in list {text!r}")
    return items


def read_table(path, columns, required, errors):
    """Read one CSV file; return a list of (line, dict) with only known columns."""
    name = os.path.basename(path)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        rows = list(reader)
    if not rows:
        errors.append(f"{name}: empty file")
        return []
    header = [h.strip() for h in rows[0]]
    for c in header:
        if c not in columns:
            errors.append(f"{name}:1: unknown column {c!r}")
    for c in required:
        if c not in header:
            errors.append(f"{name}:1: missing required column {c!r}")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) == 0 or all(v.strip() == "" for v in row):
            continue
        if len(row) != len(header):
            errors.append(f"{name}:{i}: {len(row)} fields, header has {len(header)}")
            continue
        out.append((i, {h: v.strip() for h, v in zip(header, row)}))
    return out


def field(errors, fname, line, rec, col, conv, default=None, required=False, check=None, what=""):
    raw = rec.get(col, "")
    if raw == "":
        if required:
            errors.append(f"{fname}:{line}: column {col}: required")
        return default
    try:
        val = conv(raw)
    except ValueError as e:
        errors.append(f"{fname}:{line}: column {col}: {e}")
        return default
    if check is not None and not check(val):
        errors.append(f"{fname}:{line}: column {col}: {raw!r} is not {what}")
        return default
    return val


def num(text):
    v = float(text)
    if not math.isfinite(v):
        raise ValueError(f"expected a finite number, got {text!r}")
    return v


def integer(text):
    v = int(text)
    return v


def load(folder, all_or_nothing=False):
    errors = []
    data = {"actors": [], "projects": [], "interests": [], "relations": []}

    # actors.csv
    cols = ["id", "name", "kind", "vector", "local", "budget", "personnel", "max_share"]
    fn = "actors.csv"
    for line, r in read_table(os.path.join(folder, fn), cols, ["id", "name", "vector", "budget"], errors):
        a = {
            "id": field(errors, fn, line, r, "id", str, required=True, check=ID_RE.match, what="an id"),
            "name": field(errors, fn, line, r, "name", str, required=True),
            "kind": field(errors, fn, line, r, "kind", str, default=""),
            "vector": field(errors, fn, line, r, "vector", str, required=True),
            "local": field(errors, fn, line, r, "local", parse_bool, default=False),
            "budget": field(errors, fn, line, r, "budget", num, required=True, check=lambda v: v >= 0, what=">= 0"),
            "personnel": field(errors, fn, line, r, "personnel", num, default=0.0, check=lambda v: v >= 0, what=">= 0"),
            "max_share": field(errors, fn, line, r, "max_share", num, default=1.0, check=lambda v: 0 < v <= 1, what="in (0,1]"),
            "line": line,
        }
        data["actors"].append(a)

    # projects.csv
    cols = ["id", "name", "sector", "hosts", "cost", "personnel", "benefit", "mode",
            "min_fraction", "min_actors", "min_vectors", "requires"]
    fn = "projects.csv"
    for line, r in read_table(os.path.join(folder, fn), cols, ["id", "name", "cost", "benefit"], errors):
        p = {
            "id": field(errors, fn, line, r, "id", str, required=True, check=ID_RE.match, what="an id"),
            "name": field(errors, fn, line, r, "name", str, required=True),
            "sector": field(errors, fn, line, r, "sector", str, default=""),
            "hosts": field(errors, fn, line, r, "hosts", parse_list, default=[]),
            "cost": field(errors, fn, line, r, "cost", num, required=True, check=lambda v: v > 0, what="> 0"),
            "personnel": field(errors, fn, line, r, "personnel", num, default=0.0, check=lambda v: v >= 0, what=">= 0"),
            "benefit": field(errors, fn, line, r, "benefit", num, required=True, check=lambda v: v >= 0, what=">= 0"),
            "mode": field(errors, fn, line, r, "mode", str, default="all_or_nothing",
                          check=lambda v: v in ("all_or_nothing", "scalable"), what="all_or_nothing or scalable"),
            "min_fraction": field(errors, fn, line, r, "min_fraction", num, default=0.0, check=lambda v: 0 <= v <= 1, what="in [0,1]"),
            "min_actors": field(errors, fn, line, r, "min_actors", integer, default=0, check=lambda v: v >= 0, what=">= 0"),
            "min_vectors": field(errors, fn, line, r, "min_vectors", integer, default=0, check=lambda v: v >= 0, what=">= 0"),
            "requires": field(errors, fn, line, r, "requires", parse_list, default=[]),
            "line": line,
        }
        if all_or_nothing:
            p["mode"] = "all_or_nothing"
        data["projects"].append(p)

    # interests.csv
    cols = ["actor", "project", "interest", "max_funding", "max_personnel", "min_funding", "veto"]
    fn = "interests.csv"
    for line, r in read_table(os.path.join(folder, fn), cols, ["actor", "project"], errors):
        e = {
            "actor": field(errors, fn, line, r, "actor", str, required=True),
            "project": field(errors, fn, line, r, "project", str, required=True),
            "interest": field(errors, fn, line, r, "interest", num, default=0.0, check=lambda v: 0 <= v <= 1, what="in [0,1]"),
            "max_funding": field(errors, fn, line, r, "max_funding", num, default=None, check=lambda v: v >= 0, what=">= 0"),
            "max_personnel": field(errors, fn, line, r, "max_personnel", num, default=None, check=lambda v: v >= 0, what=">= 0"),
            "min_funding": field(errors, fn, line, r, "min_funding", num, default=0.0, check=lambda v: v >= 0, what=">= 0"),
            "veto": field(errors, fn, line, r, "veto", parse_bool, default=False),
            "line": line,
        }
        data["interests"].append(e)

    # relations.csv (optional)
    fn = "relations.csv"
    path = os.path.join(folder, fn)
    if os.path.exists(path):
        for line, r in read_table(path, ["a", "b", "kind"], ["a", "b", "kind"], errors):
            data["relations"].append({
                "a": field(errors, fn, line, r, "a", str, required=True),
                "b": field(errors, fn, line, r, "b", str, required=True),
                "kind": field(errors, fn, line, r, "kind", str, required=True,
                              check=lambda v: v in ("rival", "requires"), what="rival or requires"),
                "line": line,
            })

    # references and uniqueness
    def unique(items, fname):
        seen = set()
        for it in items:
            if it["id"] in seen:
                errors.append(f"{fname}:{it['line']}: column id: duplicate id {it['id']!r}")
            seen.add(it["id"])
        return seen

    actor_ids = unique(data["actors"], "actors.csv")
    project_ids = unique(data["projects"], "projects.csv")
    local_ids = {a["id"] for a in data["actors"] if a["local"]}
    for p in data["projects"]:
        for h in p["hosts"] or []:
            if h not in local_ids:
                errors.append(f"projects.csv:{p['line']}: column hosts: {h!r} is not a local actor")
        for q in p["requires"] or []:
            if q not in project_ids:
                errors.append(f"projects.csv:{p['line']}: column requires: unknown project {q!r}")
    pairs = set()
    for e in data["interests"]:
        if e["actor"] not in actor_ids:
            errors.append(f"interests.csv:{e['line']}: column actor: unknown actor {e['actor']!r}")
        if e["project"] not in project_ids:
            errors.append(f"interests.csv:{e['line']}: column project: unknown project {e['project']!r}")
        if (e["actor"], e["project"]) in pairs:
            errors.append(f"interests.csv:{e['line']}: duplicate pair {e['actor']},{e['project']}")
        pairs.add((e["actor"], e["project"]))
    for rel in data["relations"]:
        for c in ("a", "b"):
            if rel[c] not in actor_ids:
                errors.append(f"relations.csv:{rel['line']}: column {c}: unknown actor {rel[c]!r}")
    if errors:
        raise InputError("\n".join(errors))
    return data


# --------------------------------------------------------------------------
# A tiny sparse MILP container, handed to HiGHS afresh for every solve
# --------------------------------------------------------------------------

class Milp:
    def __init__(self):
        self.lb, self.ub, self.is_int, self.names = [], [], [], []
        self.rows = []  # (dict col->coef, lo, hi)

    def var(self, name, lb=0.0, ub=INF, integer=False):
        self.lb.append(lb)
        self.ub.append(ub)
        self.is_int.append(integer)
        self.names.append(name)
        return len(self.lb) - 1

    def row(self, coefs, lo=-INF, hi=INF):
        d = {}
        for j, c in coefs:
            d[j] = d.get(j, 0.0) + c
        self.rows.append((d, lo, hi))

    def solve(self, objective, sense, extra_rows=(), options=None):
        """objective: dict col->coef; sense 'max'/'min'. Returns (status, values, seconds)."""
        rows = self.rows + list(extra_rows)
        n = len(self.lb)
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(rows)
        cost = [0.0] * n
        for j, c in objective.items():
            cost[j] += c
        lp.col_cost_ = cost
        lp.col_lower_ = self.lb
        lp.col_upper_ = self.ub
        lp.sense_ = highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize
        # row-wise matrix
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        start, index, value = [0], [], []
        lo, hi = [], []
        for d, rlo, rhi in rows:
            for j in sorted(d):
                if d[j] != 0.0:
                    index.append(j)
                    value.append(d[j])
            start.append(len(index))
            lo.append(rlo)
            hi.append(rhi)
        lp.a_matrix_.start_ = start
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = len(rows)
        lp.row_lower_ = lo
        lp.row_upper_ = hi
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                           for i in self.is_int]
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        for k, v in (options or {}).items():
            h.setOptionValue(k, v)
        h.passModel(lp)
        t0 = time.perf_counter()
        h.run()
        secs = time.perf_counter() - t0
        info = h.getInfo()
        self.last_work = {"nodes": int(info.mip_node_count), "lp_iterations": int(info.simplex_iteration_count)}
        st = h.getModelStatus()
        if st == highspy.HighsModelStatus.kOptimal:
            return "optimal", list(h.getSolution().col_value), secs
        if st in (highspy.HighsModelStatus.kInfeasible,):
            return "infeasible", None, secs
        if st == highspy.HighsModelStatus.kUnboundedOrInfeasible:
            return "infeasible", None, secs
        return h.modelStatusToString(st).lower().replace(" ", "_"), None, secs


# --------------------------------------------------------------------------
# The program of model.md
# --------------------------------------------------------------------------

class Program:
    def __init__(self, data):
        self.data = data
        A, P, E = data["actors"], data["projects"], data["interests"]
        self.A, self.P, self.E = A, P, E
        aidx = {a["id"]: i for i, a in enumerate(A)}
        pidx = {p["id"]: i for i, p in enumerate(P)}
        self.aidx, self.pidx = aidx, pidx
        vectors = []
        for a in A:
            if a["vector"] not in vectors:
                vectors.append(a["vector"])
        self.vectors = vectors
        m = Milp()
        self.m = m

        # variables
        self.x = [m.var(f"x[{p['id']}]", 0.0, 1.0) for p in P]
        self.y = [m.var(f"y[{p['id']}]", 0.0, 1.0, integer=True) for p in P]
        self.f, self.s, self.z = [], [], []
        self.pair = {}  # (a, p) -> e
        for e, it in enumerate(E):
            a, p = aidx[it["actor"]], pidx[it["project"]]
            self.pair[(a, p)] = e
            tag = f"{it['actor']},{it['project']}"
            self.f.append(m.var(f"f[{tag}]"))
            self.s.append(m.var(f"s[{tag}]"))
            self.z.append(m.var(f"z[{tag}]", 0.0, 1.0, integer=True))
        self.pairs_of_p = [[] for _ in P]
        self.pairs_of_a = [[] for _ in A]
        for (a, p), e in self.pair.items():
            self.pairs_of_p[p].append(e)
            self.pairs_of_a[a].append(e)
        for lst in self.pairs_of_p + self.pairs_of_a:
            lst.sort()

        # 1, 2: funding and staffing balance
        for p, pr in enumerate(P):
            m.row([(self.f[e], 1.0) for e in self.pairs_of_p[p]] + [(self.x[p], -pr["cost"])], 0.0, 0.0)
            m.row([(self.s[e], 1.0) for e in self.pairs_of_p[p]] + [(self.x[p], -pr["personnel"])], 0.0, 0.0)
        # 3: budgets
        for a, ac in enumerate(A):
            m.row([(self.f[e], 1.0) for e in self.pairs_of_a[a]], -INF, ac["budget"])
            m.row([(self.s[e], 1.0) for e in self.pairs_of_a[a]], -INF, ac["personnel"])
        # 4, 5: share cap, pair caps, participation
        for e, it in enumerate(E):
            a, p = aidx[it["actor"]], pidx[it["project"]]
            ac, pr = A[a], P[p]
            m.row([(self.f[e], 1.0), (self.x[p], -ac["max_share"] * pr["cost"])], -INF, 0.0)
            maxf = it["max_funding"] if it["max_funding"] is not None else ac["budget"]
            maxs = it["max_personnel"] if it["max_personnel"] is not None else ac["personnel"]
            m.row([(self.f[e], 1.0), (self.z[e], -maxf)], -INF, 0.0)
            m.row([(self.s[e], 1.0), (self.z[e], -maxs)], -INF, 0.0)
            m.row([(self.f[e], 1.0), (self.z[e], -it["min_funding"])], 0.0, INF)
            m.row([(self.z[e], 1.0), (self.y[p], -1.0)], -INF, 0.0)
            if it["veto"]:  # 12
                m.ub[self.y[p]] = 0.0
        # 6: go-ahead
        for p, pr in enumerate(P):
            if pr["mode"] == "all_or_nothing":
                m.row([(self.x[p], 1.0), (self.y[p], -1.0)], 0.0, 0.0)
            else:
                m.row([(self.x[p], 1.0), (self.y[p], -1.0)], -INF, 0.0)
                m.row([(self.x[p], 1.0), (self.y[p], -pr["min_fraction"])], 0.0, INF)
        # 7: coalition size
        for p, pr in enumerate(P):
            if pr["min_actors"] > 0:
                m.row([(self.z[e], 1.0) for e in self.pairs_of_p[p]] + [(self.y[p], -pr["min_actors"])], 0.0, INF)
        # 8: coalition breadth
        self.w = {}
        for p, pr in enumerate(P):
            if pr["min_vectors"] > 0:
                for v in vectors:
                    w = m.var(f"w[{v},{pr['id']}]", 0.0, 1.0, integer=True)
                    self.w[(v, p)] = w
                    members = [self.z[e] for e in self.pairs_of_p[p] if A[aidx[E[e]["actor"]]]["vector"] == v]
                    m.row([(w, 1.0)] + [(zz, -1.0) for zz in members], -INF, 0.0)
                m.row([(self.w[(v, p)], 1.0) for v in vectors] + [(self.y[p], -pr["min_vectors"])], 0.0, INF)
        # 9: dependencies
        for p, pr in enumerate(P):
            for q in pr["requires"]:
                m.row([(self.y[p], 1.0), (self.y[pidx[q]], -1.0)], -INF, 0.0)
        # 10, 11: relations
        for rel in data["relations"]:
            a, b = aidx[rel["a"]], aidx[rel["b"]]
            for p in range(len(P)):
                ea, eb = self.pair.get((a, p)), self.pair.get((b, p))
                if rel["kind"] == "rival":
                    if ea is not None and eb is not None:
                        m.row([(self.z[ea], 1.0), (self.z[eb], 1.0)], -INF, 1.0)
                else:  # requires
                    if ea is None:
                        continue
                    if eb is None:
                        m.row([(self.z[ea], 1.0)], 0.0, 0.0)
                    else:
                        m.row([(self.z[ea], 1.0), (self.z[eb], -1.0)], -INF, 0.0)

        # objective auxiliaries: t (equity), m (dominance)
        self.hosts = []
        for pr in P:
            for h in pr["hosts"]:
                if aidx[h] not in self.hosts:
                    self.hosts.append(aidx[h])
        if self.hosts:
            self.t = m.var("t", -INF, INF)
            for l in self.hosts:
                lid = A[l]["id"]
                m.row([(self.t, 1.0)] + [(self.x[p], -pr["benefit"]) for p, pr in enumerate(P) if lid in pr["hosts"]],
                      -INF, 0.0)
        else:
            self.t = m.var("t", 0.0, 0.0)
        self.mdom = m.var("m", 0.0, INF)
        for a, ac in enumerate(A):
            if not ac["local"]:
                m.row([(self.mdom, 1.0)] + [(self.f[e], -1.0) for e in self.pairs_of_a[a]], 0.0, INF)

    def objective(self, name):
        """Linear expression (dict col->coef) of a built-in objective."""
        if name == "stability":
            return {self.x[p]: pr["benefit"] for p, pr in enumerate(self.P)}
        if name == "cost":
            return {self.f[e]: 1.0 for e in range(len(self.E))}
        if name == "equity":
            return {self.t: 1.0}
        if name == "dominance":
            return {self.mdom: 1.0}
        if name == "satisfaction":
            d = {}
            for e, it in enumerate(self.E):
                b = self.A[self.aidx[it["actor"]]]["budget"]
                if b > 0 and it["interest"] != 0:
                    d[self.f[e]] = it["interest"] / b
            return d
        raise ValueError(f"unknown objective {name!r}")

    # ---- evaluation from a solution -----------------------------------------
    def evaluate(self, sol):
        P, A, E = self.P, self.A, self.E
        x = [sol[self.x[p]] for p in range(len(P))]
        f = [sol[self.f[e]] for e in range(len(E))]
        stability = sum(pr["benefit"] * x[p] for p, pr in enumerate(P))
        cost = sum(f)
        if self.hosts:
            equity = min(sum(pr["benefit"] * x[p] for p, pr in enumerate(P) if A[l]["id"] in pr["hosts"])
                         for l in self.hosts)
        else:
            equity = 0.0
        spend = [sum(f[e] for e in self.pairs_of_a[a]) for a in range(len(A))]
        dominance = max([0.0] + [spend[a] for a in range(len(A)) if not A[a]["local"]])
        satisfaction = sum(it["interest"] * f[e] / A[self.aidx[it["actor"]]]["budget"]
                           for e, it in enumerate(E) if A[self.aidx[it["actor"]]]["budget"] > 0)
        return {"stability": stability, "cost": cost, "equity": equity,
                "dominance": dominance, "satisfaction": satisfaction}

    def value(self, expr, sol):
        return sum(c * sol[j] for j, c in expr.items())

    def report(self, sol):
        P, A, E = self.P, self.A, self.E
        projects = []
        for p, pr in enumerate(P):
            if sol[self.y[p]] > 0.5:
                parts = [E[e]["actor"] for e in self.pairs_of_p[p] if sol[self.z[e]] > 0.5]
                projects.append({
                    "id": pr["id"],
                    "fraction": clean(sol[self.x[p]]),
                    "funding": clean(sum(sol[self.f[e]] for e in self.pairs_of_p[p])),
                    "personnel": clean(sum(sol[self.s[e]] for e in self.pairs_of_p[p])),
                    "participants": parts,
                    "vectors": sorted({A[self.aidx[a]]["vector"] for a in parts}),
                })
        allocations = []
        for e, it in enumerate(E):
            fv, sv, zv = sol[self.f[e]], sol[self.s[e]], sol[self.z[e]]
            if zv > 0.5 or fv > 1e-9 or sv > 1e-9:
                allocations.append({"actor": it["actor"], "project": it["project"],
                                    "funding": clean(fv), "personnel": clean(sv)})
        return projects, allocations

    # ---- methods ----------------------------------------------------------
    def lexicographic(self, names, slack_rel=1e-9, extra=(), tols=None):
        rows = list(extra)
        levels, total = [], 0.0
        sol = None
        for k, name in enumerate(names):
            sense = OBJECTIVES[name]
            expr = self.objective(name)
            status, sol, secs = self.m.solve(expr, sense, rows)
            total += secs
            if status != "optimal":
                return status, None, levels, total
            g = self.value(expr, sol)
            levels.append({"objective": name, "optimum": g, "seconds": secs, **self.m.last_work})
            atol, rtol = (tols or {}).get(name, (0.0, 0.0))
            widen = max(atol, rtol * abs(g)) + slack_rel * max(1.0, abs(g))
            coefs = list(expr.items())
            if sense == "max":
                rows.append((dict(coefs), g - widen, INF))
            else:
                rows.append((dict(coefs), -INF, g + widen))
        return "optimal", sol, levels, total

    def weighted(self, weights, scale=None):
        expr = {}
        for name, w in weights.items():
            sign = 1.0 if OBJECTIVES[name] == "max" else -1.0
            div = (scale or {}).get(name, 1.0)
            for j, c in self.objective(name).items():
                expr[j] = expr.get(j, 0.0) + sign * w * c / div
        status, sol, secs = self.m.solve(expr, "max")
        return status, sol, secs


def verify(data, prog, sol, tol=1e-6):
    """Check a solution against the rules of model.md, read straight from the
    data (not from the rows built above). Returns a list of violations."""
    A, P, E = data["actors"], data["projects"], data["interests"]
    bad = []
    x = {pr["id"]: sol[prog.x[p]] for p, pr in enumerate(P)}
    y = {pr["id"]: round(sol[prog.y[p]]) for p, pr in enumerate(P)}
    f = {(it["actor"], it["project"]): sol[prog.f[e]] for e, it in enumerate(E)}
    s = {(it["actor"], it["project"]): sol[prog.s[e]] for e, it in enumerate(E)}
    z = {(it["actor"], it["project"]): round(sol[prog.z[e]]) for e, it in enumerate(E)}
    actor = {a["id"]: a for a in A}
    near = lambda v, scale: abs(v) <= tol * max(1.0, abs(scale))
    for pr in P:
        p = pr["id"]
        pairs = [k for k in f if k[1] == p]
        if not near(sum(f[k] for k in pairs) - pr["cost"] * x[p], pr["cost"]):
            bad.append(f"{p}: funding != cost * x")
        if not near(sum(s[k] for k in pairs) - pr["personnel"] * x[p], pr["personnel"]):
            bad.append(f"{p}: staffing != personnel * x")
        if x[p] > y[p] + tol or x[p] < -tol or (y[p] and x[p] < pr["min_fraction"] - tol):
            bad.append(f"{p}: x={x[p]} y={y[p]} breaks go-ahead / min_fraction")
        if pr["mode"] == "all_or_nothing" and abs(x[p] - y[p]) > tol:
            bad.append(f"{p}: all_or_nothing but x={x[p]}")
        part = [k[0] for k in pairs if z[k]]
        if y[p] and len(part) < pr["min_actors"]:
            bad.append(f"{p}: {len(part)} participants < min_actors")
        if y[p] and len({actor[a]["vector"] for a in part}) < pr["min_vectors"]:
            bad.append(f"{p}: too few vectors")
        for q in pr["requires"]:
            if y[p] and not y[q]:
                bad.append(f"{p}: requires {q}")
    for a in A:
        mine = [k for k in f if k[0] == a["id"]]
        if sum(f[k] for k in mine) > a["budget"] * (1 + tol) + tol:
            bad.append(f"{a['id']}: over budget")
        if sum(s[k] for k in mine) > a["personnel"] * (1 + tol) + tol:
            bad.append(f"{a['id']}: over personnel")
    for it in E:
        k = (it["actor"], it["project"])
        a, pr = actor[it["actor"]], next(q for q in P if q["id"] == it["project"])
        maxf = it["max_funding"] if it["max_funding"] is not None else a["budget"]
        maxs = it["max_personnel"] if it["max_personnel"] is not None else a["personnel"]
        if f[k] > a["max_share"] * pr["cost"] * x[pr["id"]] + tol * pr["cost"]:
            bad.append(f"{k}: over max_share")
        if f[k] > maxf * z[k] + tol * max(1, maxf) or s[k] > maxs * z[k] + tol * max(1, maxs):
            bad.append(f"{k}: contributes without taking part or over its cap")
        if f[k] < it["min_funding"] * z[k] - tol * max(1, it["min_funding"]):
            bad.append(f"{k}: below min_funding")
        if z[k] > y[pr["id"]]:
            bad.append(f"{k}: takes part in a project that does not go ahead")
        if it["veto"] and y[pr["id"]]:
            bad.append(f"{k}: vetoed project goes ahead")
    for rel in data["relations"]:
        for pr in P:
            za, zb = z.get((rel["a"], pr["id"]), 0), z.get((rel["b"], pr["id"]), 0)
            if rel["kind"] == "rival" and za and zb:
                bad.append(f"{pr['id']}: rivals {rel['a']} and {rel['b']} together")
            if rel["kind"] == "requires" and za and not zb:
                bad.append(f"{pr['id']}: {rel['a']} without {rel['b']}")
    return bad


def clean(v, nd=9):
    """Round away solver noise for printing allocations (objective values are printed raw)."""
    r = round(v, nd)
    return 0.0 if r == 0 else r


def stats(data):
    return {"actors": len(data["actors"]), "projects": len(data["projects"]),
            "interests": len(data["interests"]), "relations": len(data["relations"]),
            "local_actors": sum(1 for a in data["actors"] if a["local"])}


def payoff_table(prog, names, slack):
    """Row k: lexicographic optimum of objective k, then the others in listed order."""
    table = []
    for k, name in enumerate(names):
        order = [name] + [n for n in names if n != name]
        status, sol, _, _ = prog.lexicographic(order, slack)
        if status != "optimal":
            raise SystemExit(f"payoff row {name}: {status}")
        ev = prog.evaluate(sol)
        table.append({n: ev[n] for n in names})
    return table


def silence_banner():
    """HiGHS prints a copyright banner on stdout when the first Highs object is
    made; make that first object with stdout pointed at /dev/null so that our
    stdout stays pure JSON."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


def main():
    silence_banner()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="data folder (actors.csv, projects.csv, interests.csv, relations.csv)")
    ap.add_argument("objectives", nargs="*", help="objectives in priority order (default: stability cost)")
    ap.add_argument("--weighted", help="weighted sum, e.g. stability=1,cost=0.01")
    ap.add_argument("--normalize", action="store_true", help="with --weighted: divide by payoff-table ranges")
    ap.add_argument("--lex-slack", type=float, default=1e-9,
                    help="relative widening of each lexicographic bound, times max(1,|g*|) (default 1e-9)")
    ap.add_argument("--all-or-nothing", action="store_true", help="treat every project as all_or_nothing")
    ap.add_argument("--front", action="store_true", help="enumerate the stability-vs-cost Pareto front")
    ap.add_argument("--front-by", choices=["cost", "stability"], default="cost",
                    help="objective constrained by the epsilon method (default cost)")
    ap.add_argument("--front-step", type=float, default=0.5,
                    help="step of the epsilon method (default 0.5; must be below the smallest gap between two "
                         "achievable values of the constrained objective, so any step in (0, 1] for integer data)")
    ap.add_argument("--out", help="with --front: write the front as CSV (stability,cost)")
    ap.add_argument("--check-projects", action="store_true",
                    help="for each project, check that it can go ahead (with its prerequisites) on its own")
    ap.add_argument("--brief", action="store_true", help="leave the list of allocations out of the JSON")
    ap.add_argument("--blocs", action="store_true",
                    help="the bloc game of accord cooperation: v of every set of blocs, Shapley values")
    ap.add_argument("--sensitivity", metavar="PARAMS",
                    help="exact +/- delta effects of each actor's PARAMS (budget,personnel)")
    ap.add_argument("--delta", type=float, default=0.1, help="with --sensitivity: the relative change (default 0.1)")
    args = ap.parse_args()

    try:
        data = load(args.data, all_or_nothing=args.all_or_nothing)
    except InputError as e:
        print(str(e), file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    prog = Program(data)
    build = time.perf_counter() - t0
    out = {"data": args.data, "size": stats(data),
           "variables": len(prog.m.lb), "rows": len(prog.m.rows),
           "binaries": sum(prog.m.is_int), "build_seconds": build,
           "all_or_nothing": args.all_or_nothing}

    if args.blocs:
        out["blocs"] = bloc_game(data, (args.objectives or ["stability"])[0], args.lex_slack)
        print(json.dumps(out, indent=2))
        return 0

    if args.sensitivity:
        params = [p for p in args.sensitivity.split(",") if p]
        for p in params:
            if p not in ("budget", "personnel"):
                raise SystemExit(f"unknown parameter {p!r} (budget or personnel)")
        out["sensitivity"] = effects(data, (args.objectives or ["stability"])[0], params,
                                     args.delta, args.lex_slack)
        print(json.dumps(out, indent=2))
        return 0

    if args.check_projects:
        res = {}
        for p, pr in enumerate(prog.P):
            row = ({prog.y[p]: 1.0}, 1.0, INF)
            status, sol, secs = prog.m.solve(prog.objective("cost"), "min", [row])
            res[pr["id"]] = {"status": status, "seconds": secs}
            if sol is not None:
                projs, _ = prog.report(sol)
                res[pr["id"]]["with"] = [q["id"] for q in projs]
                res[pr["id"]]["participants"] = next(q["participants"] for q in projs if q["id"] == pr["id"])
        out["check_projects"] = res
        print(json.dumps(out, indent=2))
        return 0

    if args.front:
        # epsilon-constraint; by cost (default): lexicographic (stability, cost)
        # under cost <= previous cost - step; by stability: lexicographic
        # (cost, stability) under stability >= previous stability + step.
        by_cost = args.front_by == "cost"
        order = ["stability", "cost"] if by_cost else ["cost", "stability"]
        points, total, t_start = [], 0.0, time.perf_counter()
        extra = []
        while True:
            status, sol, levels, secs = prog.lexicographic(order, args.lex_slack, extra)
            total += secs
            if status != "optimal":
                break
            ev = prog.evaluate(sol)
            projs, _ = prog.report(sol)
            bad = verify(data, prog, sol)
            if bad:
                raise SystemExit(f"front point fails verification: {bad}")
            points.append({"stability": ev["stability"], "cost": ev["cost"],
                           "projects": [q["id"] for q in projs]})
            if by_cost:
                if ev["cost"] <= args.front_step / 2:
                    break
                extra = [(prog.objective("cost"), -INF, ev["cost"] - args.front_step)]
            else:
                extra = [(prog.objective("stability"), ev["stability"] + args.front_step, INF)]
        out["front"] = {"method": f"epsilon-constraint on {args.front_by}, lexicographic ({', '.join(order)}) at each step",
                        "step": args.front_step, "points": len(points),
                        "solve_seconds": total, "wall_seconds": time.perf_counter() - t_start,
                        "list": points}
        if args.out:
            with open(args.out, "w", newline="") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(["stability", "cost"])
                for pt in sorted(points, key=lambda q: (q["cost"], q["stability"])):
                    w.writerow([fmt(pt["stability"]), fmt(pt["cost"])])
        print(json.dumps(out, indent=2))
        return 0

    if args.weighted:
        weights = {}
        for item in args.weighted.split(","):
            k, v = item.split("=")
            k = k.strip()
            if k not in OBJECTIVES:
                raise SystemExit(f"unknown objective {k!r}")
            weights[k] = float(v)
        scale = None
        if args.normalize:
            names = list(weights)
            table = payoff_table(prog, names, args.lex_slack)
            scale = {}
            for k, n in enumerate(names):
                ideal = table[k][n]
                vals = [row[n] for row in table]
                nadir = min(vals) if OBJECTIVES[n] == "max" else max(vals)
                rng = abs(ideal - nadir)
                scale[n] = rng if rng > 0 else 1.0
            out["payoff_table"] = table
            out["ranges"] = scale
        status, sol, secs = prog.weighted(weights, scale)
        out.update({"method": "weighted", "weights": weights, "status": status, "solve_seconds": secs})
    else:
        names = args.objectives or ["stability", "cost"]
        for n in names:
            if n not in OBJECTIVES:
                raise SystemExit(f"unknown objective {n!r}")
        status, sol, levels, secs = prog.lexicographic(names, args.lex_slack)
        out.update({"method": "lexicographic", "order": names, "status": status,
                    "levels": levels, "solve_seconds": secs})
    if sol is not None:
        out["violations"] = verify(data, prog, sol)
        out["objectives"] = prog.evaluate(sol)
        projs, allocs = prog.report(sol)
        out["projects"] = projs
        out["projects_going_ahead"] = [q["id"] for q in projs]
        if not args.brief:
            out["allocations"] = allocs
    print(json.dumps(out, indent=2))
    return 0


def optimum(data, name, slack):
    """The optimum of objective `name` on `data` and the projects that go
    ahead, each solution verified against the rules (None when no plan)."""
    prog = Program(data)
    status, sol, _, _ = prog.lexicographic([name], slack)
    if sol is None:
        return {"status": status, "value": None, "projects": []}
    bad = verify(data, prog, sol)
    if bad:
        raise SystemExit(f"a solution fails verification: {bad}")
    projs, _ = prog.report(sol)
    return {"status": status, "value": prog.evaluate(sol)[name], "projects": [q["id"] for q in projs]}


def bloc_game(data, name, slack):
    """v of every non-empty set of blocs (outsiders' interests dropped,
    vetoes kept), each bloc alone, marginal and exact Shapley values."""
    import itertools
    bloc_of = {a["id"]: a["vector"] for a in data["actors"]}
    blocs = sorted(set(bloc_of.values()))
    K = len(blocs)
    v = {(): 0.0}
    for k in range(1, K + 1):
        for group in itertools.combinations(blocs, k):
            copy = dict(data)
            copy["interests"] = [e for e in data["interests"] if bloc_of[e["actor"]] in group or e["veto"]]
            v[group] = optimum(copy, name, slack)["value"]
    grand = tuple(blocs)
    shapley = {}
    for b in blocs:
        others = [c for c in blocs if c != b]
        phi = 0.0
        for k in range(0, K):
            for group in itertools.combinations(others, k):
                with_b = tuple(sorted(group + (b,)))
                weight = math.factorial(k) * math.factorial(K - k - 1) / math.factorial(K)
                phi += weight * (v[with_b] - v[group])
        shapley[b] = phi
    return {
        "objective": name,
        "values": {"+".join(g): v[g] for g in v if g},
        "alone": {b: v[(b,)] for b in blocs},
        "marginal": {b: v[grand] - v[tuple(c for c in blocs if c != b)] for b in blocs},
        "shapley": shapley,
    }


def effects(data, name, params, delta, slack):
    """Each actor's parameters times (1 + delta) and (1 - delta), re-solved."""
    import copy as copying
    base = optimum(data, name, slack)
    out = {"objective": name, "delta": delta, "base": base["value"], "base_projects": base["projects"],
           "parameters": []}
    for i, a in enumerate(data["actors"]):
        for p in params:
            entry = {"actor": a["id"], "param": p, "value": a[p]}
            for side, sign in (("plus", 1.0), ("minus", -1.0)):
                edited = copying.deepcopy(data)
                edited["actors"][i][p] = max(0.0, a[p] + sign * (delta * a[p]))
                r = optimum(edited, name, slack)
                entry[side] = {"value": edited["actors"][i][p], "objective": r["value"],
                               "status": r["status"], "projects": r["projects"]}
            out["parameters"].append(entry)
    return out


def fmt(v):
    r = round(v, 6)
    if r == int(r):
        return str(int(r))
    return repr(r)


if __name__ == "__main__":
    sys.exit(main())
