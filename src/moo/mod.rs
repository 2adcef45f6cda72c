//! Pareto fronts over several objectives: one file per method behind the
//! [`FrontMethod`] trait; max objectives turned into min in one place
//! ([`MooProblem`]); non-dominated filtering; payoff table, ideal and nadir.
//!
//! Every method works on a [`MooProblem`]: the program with its objectives in
//! *min form* (a max objective is negated once, here, and negated back when
//! points are reported), one backend session kept warm between subproblems
//! (epsilon rows are added once and then only their bounds change), a global
//! deadline, a cap on points, and counters of subproblems and solver time.
//! Every subproblem's solution is checked against the program before use.

pub mod decision;
pub mod dichotomy;
pub mod epsilon;
pub mod grid;
pub mod tamby;

use std::time::Instant;

use serde::Serialize;

use crate::backend::{Backend, Session, SolveOptions, Status};
use crate::check::{check, CheckTolerances};
use crate::program::{Objective, Program, Sense};
use crate::{Error, Result};

/// What kind of point a method returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// An extreme supported point (optimal for some positive weighted sum).
    Supported,
    /// A non-dominated point found by an exact method, not known to be supported.
    Unsupported,
    /// A point of an epsilon grid (continuous fronts): non-dominated, but the
    /// front between grid points is not enumerated.
    Grid,
}

impl PointKind {
    /// The id used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Supported => "supported",
            PointKind::Unsupported => "unsupported",
            PointKind::Grid => "grid",
        }
    }
}

/// One point of a front.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Objective values in the objectives' own senses, in model order.
    pub values: Vec<f64>,
    /// Column values of the allocation behind it.
    #[serde(skip)]
    pub x: Vec<f64>,
    /// How it was found.
    pub kind: PointKind,
}

/// Whether a front is complete, and what it is when there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrontStatus {
    /// The method finished.
    Complete,
    /// Stopped early (time limit or `max_points`): the points found so far.
    Partial,
    /// The program has no feasible point: the front is empty.
    Infeasible,
    /// An objective improves without limit: there is no front.
    Unbounded,
    /// The solver proved one of the two but not which.
    InfeasibleOrUnbounded,
}

impl FrontStatus {
    /// The id used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            FrontStatus::Complete => "complete",
            FrontStatus::Partial => "partial",
            FrontStatus::Infeasible => "infeasible",
            FrontStatus::Unbounded => "unbounded",
            FrontStatus::InfeasibleOrUnbounded => "infeasible_or_unbounded",
        }
    }

    /// True when there are points to show (complete or partial).
    pub fn has_front(self) -> bool {
        matches!(self, FrontStatus::Complete | FrontStatus::Partial)
    }
}

/// A computed front.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Front {
    /// Method id.
    pub method: String,
    /// Complete or partial.
    pub status: FrontStatus,
    /// Why it is partial.
    pub partial_reason: Option<String>,
    /// What kind of answer this is (exact, supported only, grid of step ...).
    pub answer: String,
    /// Objective names and senses, in model order.
    pub objectives: Vec<(String, Sense)>,
    /// Non-dominated points, sorted by the first objective (best first).
    pub points: Vec<Point>,
    /// Best value of each objective.
    pub ideal: Vec<f64>,
    /// Worst value of each objective over the front (payoff-table nadir for 2).
    pub nadir: Vec<f64>,
    /// Single-objective solves made.
    pub subproblems: usize,
    /// Seconds inside the solver.
    pub solver_seconds: f64,
    /// Wall seconds.
    pub wall_seconds: f64,
}

impl Front {
    /// Subproblems per point (the figure the anchors report).
    pub fn solves_per_point(&self) -> f64 {
        if self.points.is_empty() {
            f64::NAN
        } else {
            self.subproblems as f64 / self.points.len() as f64
        }
    }
}

/// Options common to every method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrontOptions {
    /// Global wall-clock limit in seconds for the whole front.
    pub time_limit: Option<f64>,
    /// Stop after this many points.
    pub max_points: Option<usize>,
    /// Options of each subproblem (its gap is forced to 0 by exact methods).
    pub solve: SolveOptions,
    /// Checker tolerances for every subproblem's solution.
    pub tolerances: CheckTolerances,
    /// Grid: the step of each epsilon objective (in its own units).
    pub step: Option<f64>,
    /// Grid: the number of points per objective (used when `step` is not given).
    pub count: usize,
}

impl Default for FrontOptions {
    fn default() -> Self {
        FrontOptions {
            time_limit: None,
            max_points: None,
            solve: SolveOptions::default(),
            tolerances: CheckTolerances::default(),
            step: None,
            count: 11,
        }
    }
}

/// A multi-objective method.
pub trait FrontMethod {
    /// The id used in the CLI and outputs.
    fn id(&self) -> &'static str;
    /// Computes the front.
    fn run(&self, problem: &mut MooProblem<'_>) -> Result<Front>;
}

/// The method with this id.
pub fn method(id: &str) -> Result<Box<dyn FrontMethod>> {
    match id {
        "epsilon" => Ok(Box::new(epsilon::Epsilon)),
        "dichotomy" => Ok(Box::new(dichotomy::Dichotomy)),
        "grid" => Ok(Box::new(grid::Grid)),
        "tamby" => Ok(Box::new(tamby::Tamby)),
        _ => Err(Error::Usage(format!(
            "unknown method `{id}` (known: epsilon, dichotomy, grid, tamby)"
        ))),
    }
}

/// Resolves `auto` for `pb`: the exact `epsilon` method when every objective
/// takes finitely many values (a known lattice), else `grid`; any other id
/// is returned as is. The flag is true when `auto` fell back to the grid.
pub fn resolve_auto<'a>(id: &'a str, pb: &MooProblem<'_>) -> (&'a str, bool) {
    match id {
        "auto" if pb.units.iter().all(Option::is_some) => ("epsilon", false),
        "auto" => ("grid", true),
        other => (other, false),
    }
}

/// Why a subproblem loop must stop.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The global time limit was reached.
    TimeLimit,
    /// `max_points` was reached.
    MaxPoints,
}

/// The answer to one scalar subproblem.
#[derive(Debug, Clone, PartialEq)]
pub enum Sub {
    /// Optimal: column values and every objective's value in min form.
    Optimal {
        /// Column values.
        x: Vec<f64>,
        /// Objective values, min form, model order.
        f: Vec<f64>,
    },
    /// No feasible point within the epsilon bounds.
    Infeasible,
}

/// A multi-objective problem in min form with a warm backend session.
pub struct MooProblem<'a> {
    session: Box<dyn Session + 'a>,
    /// The program (without epsilon rows).
    pub program: Program,
    /// Objectives in min form, model order.
    pub min_objectives: Vec<Objective>,
    /// Original objectives (names and senses).
    pub objectives: Vec<Objective>,
    /// Lattice unit of each objective in min form, where its values on the
    /// relevant feasible points are known to be multiples of it (plus the constant).
    pub units: Vec<Option<f64>>,
    eps_rows: Vec<usize>,
    /// Options.
    pub options: FrontOptions,
    started: Instant,
    /// Subproblems solved.
    pub subproblems: usize,
    /// Seconds inside the solver.
    pub solver_seconds: f64,
    /// Set when the program turned out to have no front (infeasible or
    /// unbounded): every method then stops and [`MooProblem::finish`]
    /// reports that status.
    no_front: Option<Status>,
    /// A subproblem has had an optimal solution.
    found: bool,
}

impl<'a> MooProblem<'a> {
    /// Sets up the problem: `names` picks the objectives of `program` (in
    /// that order); `units` gives known lattice units (by objective, `None`
    /// to detect them from the program: every term on an integer column with
    /// a decimal coefficient).
    pub fn new(
        backend: &'a dyn Backend,
        program: &Program,
        names: &[String],
        units: Option<Vec<Option<f64>>>,
        options: FrontOptions,
    ) -> Result<Self> {
        options.solve.validate()?;
        if let Some(t) = options.time_limit {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::Usage(format!(
                    "time limit: expected seconds > 0, found {t}"
                )));
            }
        }
        backend.check_supported(program)?;
        if names.len() < 2 {
            return Err(Error::Usage(format!(
                "a front needs at least 2 objectives, {} given",
                names.len()
            )));
        }
        let mut objectives = Vec::new();
        for n in names {
            if objectives.iter().any(|o: &Objective| &o.name == n) {
                return Err(Error::Usage(format!("objective `{n}` is given twice")));
            }
            let o = program.require_objective(n)?;
            objectives.push(o.clone());
        }
        let min_objectives: Vec<Objective> = objectives.iter().map(to_min).collect();
        let units = match units {
            Some(u) => u,
            None => min_objectives
                .iter()
                .map(|o| program.lattice_unit(o))
                .collect(),
        };
        let mut base = program.clone();
        base.objectives = min_objectives.clone();
        let mut session = backend.open(base)?;
        let mut eps_rows = Vec::new();
        for o in &min_objectives {
            eps_rows.push(session.add_row(f64::NEG_INFINITY, f64::INFINITY, &o.terms)?);
        }
        Ok(MooProblem {
            session,
            program: program.clone(),
            min_objectives,
            objectives,
            units,
            eps_rows,
            options,
            started: Instant::now(),
            subproblems: 0,
            solver_seconds: 0.0,
            no_front: None,
            found: false,
        })
    }

    /// Number of objectives.
    pub fn k(&self) -> usize {
        self.min_objectives.len()
    }

    /// The lattice unit of each objective, or the usage error of the exact
    /// methods when one of them may take a continuum of values.
    pub(crate) fn exact_units(&self) -> Result<Vec<f64>> {
        self.units
            .iter()
            .zip(&self.objectives)
            .map(|(u, o)| {
                u.ok_or_else(|| {
                    Error::Usage(format!(
                        "objective `{}` does not take finitely many values here (it has \
                         continuous terms or non-decimal coefficients), so its exact front may be \
                         continuous: use --method dichotomy (supported points) or --method grid",
                        o.name
                    ))
                })
            })
            .collect()
    }

    /// Seconds since the problem was set up.
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// `Some(reason)` when the loop must stop before another subproblem.
    pub fn should_stop(&self, points: usize) -> Option<Stop> {
        if let Some(t) = self.options.time_limit {
            if self.elapsed() >= t {
                return Some(Stop::TimeLimit);
            }
        }
        if let Some(m) = self.options.max_points {
            if points >= m {
                return Some(Stop::MaxPoints);
            }
        }
        None
    }

    /// Records that the program has no feasible point, when no subproblem
    /// has found one yet (the caller's solve had every objective free):
    /// the method should stop, and the front is reported infeasible.
    /// Returns false when a point was found before (then an infeasible
    /// free subproblem is a solver fault, for the caller to report).
    pub fn infeasible_program(&mut self) -> bool {
        if self.found {
            return false;
        }
        self.no_front = Some(Status::Infeasible);
        true
    }

    /// Minimizes `weights . f` (min form) subject to `f_k <= eps[k]` (min form;
    /// `+inf` leaves an objective free). The solution is checked against the
    /// program before it is returned. A solve stopped by the global time
    /// limit gives `Ok(None)`, and so does a program found unbounded (or
    /// infeasible or unbounded) before any point: the front has a status
    /// then and no points.
    pub fn solve(&mut self, weights: &[f64], eps: &[f64]) -> Result<Option<Sub>> {
        assert_eq!(weights.len(), self.k());
        assert_eq!(eps.len(), self.k());
        let scalar = Objective::weighted_sum(
            "scalarized",
            Sense::Min,
            self.program.num_cols(),
            weights.iter().copied().zip(&self.min_objectives),
        );
        self.session.set_objective(&scalar)?;
        for (k, &e) in eps.iter().enumerate() {
            let bound = if e.is_finite() {
                e - self.min_objectives[k].constant
            } else {
                f64::INFINITY
            };
            self.session
                .set_row_bounds(self.eps_rows[k], f64::NEG_INFINITY, bound)?;
        }
        let mut opts = self.options.solve.clone();
        if let Some(t) = self.options.time_limit {
            let left = t - self.elapsed();
            if left <= 0.0 {
                return Ok(None);
            }
            opts.time_limit = Some(opts.time_limit.map_or(left, |l| l.min(left)));
        }
        let out = self.session.solve(&opts)?;
        self.subproblems += 1;
        self.solver_seconds += out.seconds;
        match out.status {
            Status::Optimal => {
                let x = out.x.expect("optimal outcomes carry values");
                let c = check(
                    self.session.program(),
                    &scalar,
                    &x,
                    out.objective,
                    &self.options.tolerances,
                );
                if !c.passed {
                    return Err(Error::Solver {
                        backend: "check".into(),
                        message: format!(
                            "subproblem {} fails the check: {}",
                            self.subproblems,
                            c.summary()
                        ),
                    });
                }
                let f = self.min_objectives.iter().map(|o| o.eval(&x)).collect();
                self.found = true;
                Ok(Some(Sub::Optimal { x, f }))
            }
            Status::Infeasible => Ok(Some(Sub::Infeasible)),
            // Once a point exists every objective is bounded on the feasible
            // set, so a weighted sum is too: "infeasible or unbounded" is an
            // empty epsilon box.
            Status::InfeasibleOrUnbounded if self.found => Ok(Some(Sub::Infeasible)),
            Status::Unbounded | Status::InfeasibleOrUnbounded if !self.found => {
                self.no_front = Some(out.status);
                Ok(None)
            }
            Status::TimeLimitFeasible | Status::TimeLimitNoSolution => Ok(None),
            other => Err(Error::Solver {
                backend: "moo".into(),
                message: format!("subproblem {} ended {other}", self.subproblems),
            }),
        }
    }

    /// Turns min-form values back into the objectives' own senses.
    pub fn to_own(&self, f: &[f64]) -> Vec<f64> {
        f.iter()
            .zip(&self.objectives)
            .map(|(v, o)| {
                let v = v * -o.sense.sign();
                // Round-off around zero (e.g. -5e-32) is shown and stored as 0.
                if v.abs() < 1e-12 {
                    0.0
                } else {
                    v
                }
            })
            .collect()
    }

    /// Snaps min-form values to their lattice (where known). A value is
    /// moved when it is as close to a lattice point as the checker's
    /// integrality tolerance allows (`integrality * sum |coefficients|`, an
    /// integer column may sit that far from its integer), or within `1e-6`
    /// relative; never by half a unit or more.
    pub fn snap(&self, f: &mut [f64]) {
        for (k, v) in f.iter_mut().enumerate() {
            if let Some(u) = self.units[k] {
                let o = &self.min_objectives[k];
                let c = o.constant;
                let snapped = c + ((*v - c) / u).round() * u;
                let l1: f64 = o.terms.iter().map(|&(_, a)| a.abs()).sum();
                let tol = (self.options.tolerances.integrality * l1)
                    .max(1e-6 * u.max(v.abs()).max(1.0))
                    .min(0.49 * u);
                if (snapped - *v).abs() <= tol {
                    *v = snapped;
                }
            }
        }
    }

    /// Builds the front from min-form points: filters dominated points,
    /// sorts by the first objective, computes ideal and nadir. A complete
    /// bi-objective front that holds every non-dominated point (`exact`) has
    /// its points classified: supported (on the boundary of the convex hull
    /// of the front plus the dominated orthant) or unsupported.
    pub fn finish(
        &self,
        method: &str,
        answer: String,
        points: Vec<(Vec<f64>, Vec<f64>, PointKind)>,
        stop: Option<Stop>,
    ) -> Front {
        // Lattice values are snapped exactly; continuous ones (grid, dichotomy)
        // count as equal within the checker's 1e-6.
        let tol = if self.units.iter().all(Option::is_some) {
            1e-9
        } else {
            1e-6
        };
        let mut pts = nondominated(points, tol);
        pts.sort_by(|a, b| {
            a.0.iter()
                .zip(&b.0)
                .map(|(x, y)| x.total_cmp(y))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let k = self.k();
        let mut ideal = vec![f64::INFINITY; k];
        let mut nadir = vec![f64::NEG_INFINITY; k];
        for (f, _, _) in &pts {
            for i in 0..k {
                ideal[i] = ideal[i].min(f[i]);
                nadir[i] = nadir[i].max(f[i]);
            }
        }
        if k == 2 && stop.is_none() && answer.starts_with("exact") {
            classify_supported_2d(&mut pts);
        }
        if self.no_front.is_some() {
            pts.clear();
        }
        let answer = match self.no_front {
            Some(Status::Unbounded) => "no front: an objective improves without limit".to_string(),
            Some(Status::InfeasibleOrUnbounded) => {
                "no front: the program is infeasible or unbounded".to_string()
            }
            Some(_) => "no front: the program has no feasible point".to_string(),
            None => answer,
        };
        let (status, partial_reason) = match (self.no_front, stop) {
            (Some(Status::Unbounded), _) => (FrontStatus::Unbounded, None),
            (Some(Status::InfeasibleOrUnbounded), _) => (FrontStatus::InfeasibleOrUnbounded, None),
            (Some(_), _) => (FrontStatus::Infeasible, None),
            (None, None) => (FrontStatus::Complete, None),
            (None, Some(Stop::TimeLimit)) => (
                FrontStatus::Partial,
                Some("time limit reached: the points found so far".to_string()),
            ),
            (None, Some(Stop::MaxPoints)) => (
                FrontStatus::Partial,
                Some(format!(
                    "--max-points {} reached",
                    self.options.max_points.unwrap_or(0)
                )),
            ),
        };
        Front {
            method: method.into(),
            status,
            partial_reason,
            answer,
            objectives: self
                .objectives
                .iter()
                .map(|o| (o.name.clone(), o.sense))
                .collect(),
            points: pts
                .into_iter()
                .map(|(f, x, kind)| Point {
                    values: self.to_own(&f),
                    x,
                    kind,
                })
                .collect(),
            ideal: if ideal.iter().all(|v| v.is_finite()) {
                self.to_own(&ideal)
            } else {
                Vec::new()
            },
            nadir: if nadir.iter().all(|v| v.is_finite()) {
                self.to_own(&nadir)
            } else {
                Vec::new()
            },
            subproblems: self.subproblems,
            solver_seconds: self.solver_seconds,
            wall_seconds: self.elapsed(),
        }
    }
}

/// Marks each point of a complete bi-objective front (min form, sorted by
/// the first objective, mutually non-dominated) supported when it lies on the
/// lower-left convex hull (vertices and points on its edges), else unsupported.
fn classify_supported_2d<X>(pts: &mut [(Vec<f64>, X, PointKind)]) {
    let n = pts.len();
    if n == 0 {
        return;
    }
    // Lower convex hull of points sorted by f1 ascending (f2 descending).
    let mut hull: Vec<usize> = Vec::new();
    for i in 0..n {
        while hull.len() >= 2 {
            let (a, b) = (&pts[hull[hull.len() - 2]].0, &pts[hull[hull.len() - 1]].0);
            let c = &pts[i].0;
            let cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
            if cross <= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(i);
    }
    let mut supported = vec![false; n];
    for w in hull.windows(2) {
        let (a, b) = (pts[w[0]].0.clone(), pts[w[1]].0.clone());
        supported[w[0]] = true;
        supported[w[1]] = true;
        for (i, s) in supported.iter_mut().enumerate().take(w[1]).skip(w[0] + 1) {
            let c = &pts[i].0;
            let cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
            let scale = (b[0] - a[0]).abs().max((b[1] - a[1]).abs()).max(1.0);
            if cross.abs() <= 1e-9 * scale * scale {
                *s = true;
            }
        }
    }
    if hull.len() == 1 {
        supported[hull[0]] = true;
    }
    for (p, s) in pts.iter_mut().zip(supported) {
        p.2 = if s {
            PointKind::Supported
        } else {
            PointKind::Unsupported
        };
    }
}

/// The objective in min form (a max objective negated).
pub fn to_min(o: &Objective) -> Objective {
    match o.sense {
        Sense::Min => o.clone(),
        Sense::Max => Objective {
            name: o.name.clone(),
            sense: Sense::Min,
            terms: o.terms.iter().map(|&(j, v)| (j, -v)).collect(),
            constant: -o.constant,
        },
    }
}

/// True when `a` dominates `b` (min form): no worse everywhere, better somewhere.
pub fn dominates(a: &[f64], b: &[f64], tol: f64) -> bool {
    let mut better = false;
    for (x, y) in a.iter().zip(b) {
        let t = tol * x.abs().max(y.abs()).max(1.0);
        if *x > *y + t {
            return false;
        }
        if *x < *y - t {
            better = true;
        }
    }
    better
}

/// Keeps the non-dominated points (min form), and one of each set of
/// equal points (the first seen).
pub fn nondominated<T>(
    points: Vec<(Vec<f64>, Vec<f64>, T)>,
    tol: f64,
) -> Vec<(Vec<f64>, Vec<f64>, T)> {
    let mut keep: Vec<(Vec<f64>, Vec<f64>, T)> = Vec::with_capacity(points.len());
    'outer: for p in points {
        let mut i = 0;
        while i < keep.len() {
            let q = &keep[i].0;
            let equal = q
                .iter()
                .zip(&p.0)
                .all(|(x, y)| (x - y).abs() <= tol * x.abs().max(y.abs()).max(1.0));
            if equal || dominates(q, &p.0, tol) {
                continue 'outer;
            }
            if dominates(&p.0, q, tol) {
                keep.swap_remove(i);
            } else {
                i += 1;
            }
        }
        keep.push(p);
    }
    keep
}

impl MooProblem<'_> {
    /// The lexicographic optimum of objective `first`, then of the others in
    /// model order, by two-stage solves (no lattice needed). `Ok(None)` when
    /// stopped by the time limit; an error when infeasible.
    pub fn lex_point(&mut self, first: usize) -> Result<Option<(Vec<f64>, Vec<f64>)>> {
        let k = self.k();
        let mut eps = vec![f64::INFINITY; k];
        let order: Vec<usize> = std::iter::once(first)
            .chain((0..k).filter(|&i| i != first))
            .collect();
        let mut last = None;
        for (level, &i) in order.iter().enumerate() {
            let mut w = vec![0.0; k];
            w[i] = 1.0;
            match self.solve(&w, &eps)? {
                None => return Ok(None),
                Some(Sub::Infeasible) if level == 0 && self.infeasible_program() => {
                    return Ok(None)
                }
                Some(Sub::Infeasible) => {
                    return Err(Error::Solver {
                        backend: "moo".into(),
                        message: format!(
                            "level {} of a lexicographic anchor became infeasible",
                            level + 1
                        ),
                    })
                }
                Some(Sub::Optimal { x, mut f }) => {
                    self.snap(&mut f);
                    if level + 1 < order.len() {
                        eps[i] = f[i] + self.slack(i, f[i]);
                    }
                    last = Some((f, x));
                }
            }
        }
        Ok(last)
    }

    /// How far above a level's optimum its epsilon row may sit: half a
    /// lattice unit where one is known, else `1e-7 * max(1, |v|)`.
    pub fn slack(&self, i: usize, v: f64) -> f64 {
        match self.units[i] {
            Some(u) => 0.5 * u,
            None => 1e-7 * v.abs().max(1.0),
        }
    }

    /// An upper bound on `max f_i - min f_i` over the columns' bounds, when finite.
    pub fn crude_range(&self, i: usize) -> Option<f64> {
        let mut r = 0.0;
        for &(j, v) in &self.min_objectives[i].terms {
            let w = self.program.col_upper[j] - self.program.col_lower[j];
            if !w.is_finite() {
                return None;
            }
            r += v.abs() * w;
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn filtered_front_has_no_dominated_point(pts in proptest::collection::vec(proptest::collection::vec(0i32..6, 3), 0..40)) {
            let points: Vec<(Vec<f64>, Vec<f64>, ())> = pts
                .iter()
                .map(|p| (p.iter().map(|&v| f64::from(v)).collect(), Vec::new(), ()))
                .collect();
            let kept = nondominated(points.clone(), 1e-9);
            for a in &kept {
                for b in &kept {
                    prop_assert!(!dominates(&a.0, &b.0, 1e-9));
                }
            }
            // Every input point is dominated by or equal to a kept point.
            for (p, _, _) in &points {
                prop_assert!(kept.iter().any(|k| k.0 == *p || dominates(&k.0, p, 1e-9)));
            }
        }
    }
}
