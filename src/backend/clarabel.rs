//! `clarabel`: the Clarabel interior-point solver (pure Rust, crate
//! `clarabel`, called directly rather than through good_lp, whose status
//! mapping is lossy). **Continuous programs only**: a program with integer
//! columns is refused before any work ([`Backend::check_supported`]).
//!
//! # Standard form
//!
//! Clarabel solves `min q'x` subject to `Ax + s = b`, `s` in a product of
//! cones. A program maps to it as follows (equalities first, one block of
//! [`ZeroConeT`], then one block of [`NonnegativeConeT`]):
//!
//! | accord | clarabel rows |
//! |---|---|
//! | row `lo == up` (equality) | `a'x + s = lo`, `s = 0` |
//! | row with finite `up` | `a'x + s = up`, `s >= 0` |
//! | row with finite `lo` | `-a'x + s = -lo`, `s >= 0` |
//! | free row (both infinite) | nothing |
//! | column `l == u` (fixed) | `x_j + s = l`, `s = 0` |
//! | column with finite `u` / `l` | `x_j + s = u` / `-x_j + s = -l`, `s >= 0` |
//!
//! Bounds of magnitude `>= 1e20` count as infinite (as in HiGHS and in
//! Clarabel's own presolve). A maximization is solved as the minimization
//! of `-c'x`; the objective constant is added back.
//!
//! # Statuses
//!
//! - `Solved` -> `optimal`, `PrimalInfeasible` -> `infeasible`.
//! - `DualInfeasible` proves "infeasible or unbounded" only: the program is
//!   solved again with a zero objective; `unbounded` if that finds a point,
//!   `infeasible` if it proves infeasibility, else `infeasible_or_unbounded`.
//! - `AlmostSolved` (Clarabel's reduced-accuracy stop) -> `optimal` only when
//!   the point passes accord's checker ([`crate::check`], default
//!   tolerances) *and* the primal-dual objective gap is within
//!   [`GAP_ACCEPT`] relative; otherwise an [`Error::Solver`] saying so.
//! - `AlmostPrimalInfeasible`, `AlmostDualInfeasible` (reduced-accuracy
//!   certificates), `MaxIterations`, `NumericalError`,
//!   `InsufficientProgress`: [`Error::Solver`] with Clarabel's status and
//!   residuals. accord does not turn an approximate certificate into a proof.
//! - `MaxTime`: `time_limit_feasible` when the current iterate passes the
//!   checker (an interior-point iterate rarely does), else
//!   `time_limit_no_solution`.
//! - Every solution returned as `optimal` has passed the checker here too:
//!   a `Solved` point that violates a bound or row by more than the
//!   checker's `1e-6 * max(1, |bound|)` is an [`Error::Solver`], never an
//!   optimum (the caller's own check would catch it anyway).
//!
//! # Tolerances
//!
//! Clarabel stops when its residuals, *relative to the norms of the data
//! and of the iterate*, fall below `tol_feas` (default 1e-8); on Netlib
//! programs with norms of 1e4-1e6 that leaves absolute row violations above
//! accord's checker tolerance. This backend asks for [`TOL_FEAS`] and
//! [`TOL_GAP`] (absolute and relative), see their docs for the measurements.
//!
//! # Options
//!
//! Time limit: Clarabel's `time_limit` (checked between iterations).
//! Verbose: Clarabel's iteration log, sent to stderr. Presolve: Clarabel's
//! `presolve_enable` (it only drops rows with infinite bounds, which this
//! backend never passes). Threads: ignored (the KKT solver compiled in,
//! QDLDL, is single-threaded). Seed: none (the method is deterministic).
//! MIP gap: meaningless for an LP, ignored. Duals: Clarabel computes them but
//! [`Outcome`] has no place for them, so `duals` is declared false.

use std::time::Instant;

use clarabel::algebra::CscMatrix;
use clarabel::io::ConfigurablePrintTarget;
use clarabel::solver::{
    DefaultSettings, DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus,
    SupportedConeT::{self, NonnegativeConeT, ZeroConeT},
};

use super::{Backend, Capabilities, Outcome, SolveOptions, Status};
use crate::check::{check, CheckTolerances};
use crate::program::{Objective, Program, Sense};
use crate::{Error, Result};

/// The Clarabel backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clarabel;

const ID: &str = "clarabel";

/// The version of the `clarabel` crate this backend is built against (a test
/// compares it with Cargo.lock).
pub const CLARABEL_VERSION: &str = "0.11.1";

/// Bounds at or beyond this magnitude are infinite.
pub const INFINITE_BOUND: f64 = 1e20;

/// Clarabel's `tol_feas` (its default is 1e-8). Measured on the 89 Netlib
/// LPs of the conformance test (`tests/conformance.rs`), with
/// `tol_gap_abs = tol_gap_rel` set to the same value:
///
/// | tolerance | pass | points that fail accord's check | wrong answers | seconds |
/// |---|---|---|---|---|
/// | 1e-8 (Clarabel's default) | 71 | 15 | 3 (cplex2; forplan, modszk1 objectives off by 8e-6, 5e-6 relative) | 15.8 |
/// | 1e-9 | 83 | 5 | 1 (cplex2) | 15.6 |
/// | 1e-10 (chosen) | 87 | 1 (pilot.we) | 1 (cplex2) | 18.4 |
/// | 1e-11 | 87 | 1 (pilot.we) | 1 (cplex2) | 18.2 |
///
/// (cplex2 is infeasible by less than the checker's tolerance: microlp
/// calls it optimal too.) Projecting the point onto its column bounds
/// afterwards was tried and made it worse (rows of agg, agg3, fffff800,
/// pilot.we then fail by up to 6e-5): it is not done.
pub const TOL_FEAS: f64 = 1e-10;

/// Clarabel's `tol_gap_abs` and `tol_gap_rel` (its default is 1e-8), see
/// [`TOL_FEAS`].
pub const TOL_GAP: f64 = 1e-10;

/// Clarabel's iteration limit (its default is 200).
pub const MAX_ITER: u32 = 500;

/// A reduced-accuracy (`AlmostSolved`) answer is accepted as optimal only
/// when `|primal - dual| <= GAP_ACCEPT * max(1, |primal|)` (and the point
/// passes the checker).
pub const GAP_ACCEPT: f64 = 1e-7;

fn fail(message: impl Into<String>) -> Error {
    Error::Solver {
        backend: ID.into(),
        message: message.into(),
    }
}

fn finite(v: f64) -> bool {
    v.abs() < INFINITE_BOUND
}

/// The program in Clarabel's form `min q'x, Ax + s = b, s in K`.
struct Standard {
    a: CscMatrix<f64>,
    b: Vec<f64>,
    q: Vec<f64>,
    cones: Vec<SupportedConeT<f64>>,
}

/// One row of `A`: from a program row or a column bound, with a sign.
#[derive(Clone, Copy)]
enum Source {
    Row(usize, f64),
    Col(usize, f64),
}

fn standard_form(program: &Program, q: Vec<f64>) -> Standard {
    let n = program.num_cols();
    let mut zero: Vec<(Source, f64)> = Vec::new();
    let mut nonneg: Vec<(Source, f64)> = Vec::new();
    for i in 0..program.num_rows() {
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        if lo == up && finite(lo) {
            zero.push((Source::Row(i, 1.0), lo));
            continue;
        }
        if finite(up) {
            nonneg.push((Source::Row(i, 1.0), up));
        }
        if finite(lo) {
            nonneg.push((Source::Row(i, -1.0), -lo));
        }
    }
    for j in 0..n {
        let (lo, up) = (program.col_lower[j], program.col_upper[j]);
        if lo == up && finite(lo) {
            zero.push((Source::Col(j, 1.0), lo));
            continue;
        }
        if finite(up) {
            nonneg.push((Source::Col(j, 1.0), up));
        }
        if finite(lo) {
            nonneg.push((Source::Col(j, -1.0), -lo));
        }
    }
    let (nz, nn) = (zero.len(), nonneg.len());
    let m = nz + nn;
    // Where each program row and column bound went: (new row, sign).
    let mut row_targets: Vec<Vec<(usize, f64)>> = vec![Vec::new(); program.num_rows()];
    let mut col_targets: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut b = Vec::with_capacity(m);
    for (r, &(src, rhs)) in zero.iter().chain(&nonneg).enumerate() {
        match src {
            Source::Row(i, s) => row_targets[i].push((r, s)),
            Source::Col(j, s) => col_targets[j].push((r, s)),
        }
        b.push(rhs);
    }
    let (start, rows, vals) = program.to_csc();
    let mut colptr = Vec::with_capacity(n + 1);
    let mut rowval = Vec::new();
    let mut nzval = Vec::new();
    let mut entries: Vec<(usize, f64)> = Vec::new();
    colptr.push(0);
    for j in 0..n {
        entries.clear();
        for k in start[j]..start[j + 1] {
            for &(r, s) in &row_targets[rows[k]] {
                entries.push((r, s * vals[k]));
            }
        }
        for &(r, s) in &col_targets[j] {
            entries.push((r, s));
        }
        entries.sort_by_key(|e| e.0);
        // A row may name a column twice: sum the duplicates.
        let mut last: Option<usize> = None;
        for &(r, v) in &entries {
            if last == Some(r) {
                *nzval.last_mut().expect("an entry was pushed") += v;
            } else {
                rowval.push(r);
                nzval.push(v);
                last = Some(r);
            }
        }
        colptr.push(rowval.len());
    }
    let mut cones = Vec::new();
    if nz > 0 {
        cones.push(ZeroConeT(nz));
    }
    if nn > 0 {
        cones.push(NonnegativeConeT(nn));
    }
    Standard {
        a: CscMatrix::new(m, n, colptr, rowval, nzval),
        b,
        q,
        cones,
    }
}

fn settings(options: &SolveOptions, time_limit: Option<f64>) -> Result<DefaultSettings<f64>> {
    DefaultSettingsBuilder::default()
        .verbose(options.verbose)
        .time_limit(time_limit.unwrap_or(f64::INFINITY))
        .presolve_enable(options.presolve)
        .tol_feas(TOL_FEAS)
        .tol_gap_abs(TOL_GAP)
        .tol_gap_rel(TOL_GAP)
        .max_iter(MAX_ITER)
        .build()
        .map_err(|e| fail(format!("settings: {e}")))
}

/// What one Clarabel run reported.
struct Raw {
    status: SolverStatus,
    x: Vec<f64>,
    /// Primal and dual objective of `min q'x` (NaN on certificates).
    primal: f64,
    dual: f64,
    iterations: u32,
    r_prim: f64,
    r_dual: f64,
}

impl Raw {
    fn describe(&self) -> String {
        format!(
            "Clarabel stopped with status {:?} after {} iterations (relative residuals: primal {:.1e}, dual {:.1e}; objectives: primal {:.6e}, dual {:.6e})",
            self.status, self.iterations, self.r_prim, self.r_dual, self.primal, self.dual
        )
    }
}

fn run(program: &Program, q: Vec<f64>, options: &SolveOptions, limit: Option<f64>) -> Result<Raw> {
    let std = standard_form(program, q);
    let n = program.num_cols();
    let p = CscMatrix::<f64>::zeros((n, n));
    let mut solver = DefaultSolver::new(
        &p,
        &std.q,
        &std.a,
        &std.b,
        &std.cones,
        settings(options, limit)?,
    )
    .map_err(|e| fail(format!("rejected the model: {e}")))?;
    if options.verbose {
        // Its log goes to stderr, like every backend's: stdout is the report.
        solver.print_to_stream(Box::new(std::io::stderr()));
    }
    solver.solve();
    let s = &solver.solution;
    Ok(Raw {
        status: s.status,
        x: s.x.clone(),
        primal: s.obj_val,
        dual: s.obj_val_dual,
        iterations: s.iterations,
        r_prim: s.r_prim,
        r_dual: s.r_dual,
    })
}

/// `min q'x` for `objective`: `c` for min, `-c` for max.
fn costs(program: &Program, objective: &Objective) -> Vec<f64> {
    let mut q = objective.dense(program.num_cols());
    if objective.sense == Sense::Max {
        q.iter_mut().for_each(|v| *v = -*v);
    }
    q
}

/// A bound or row whose lower bound exceeds its upper bound: no point exists.
fn inconsistent_bounds(program: &Program) -> bool {
    program
        .col_lower
        .iter()
        .zip(&program.col_upper)
        .chain(program.row_lower.iter().zip(&program.row_upper))
        .any(|(lo, up)| lo > up)
}

impl Backend for Clarabel {
    fn id(&self) -> &'static str {
        ID
    }

    fn version(&self) -> String {
        CLARABEL_VERSION.into()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            integers: false,
            duals: false,
            time_limit: true,
            mip_gap: false,
            warm_start: false,
            parallel_safe: true,
        }
    }

    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        options.validate()?;
        self.check_supported(program)?;
        let started = Instant::now();
        if inconsistent_bounds(program) {
            return Ok(Outcome::without_solution(Status::Infeasible, 0.0));
        }
        if program.num_cols() == 0 {
            // Nothing to solve: every row's activity is 0.
            let ok = (0..program.num_rows())
                .all(|i| program.row_lower[i] <= 0.0 && 0.0 <= program.row_upper[i]);
            if !ok {
                return Ok(Outcome::without_solution(Status::Infeasible, 0.0));
            }
            return Ok(Outcome {
                objective: Some(objective.constant),
                x: Some(Vec::new()),
                ..Outcome::without_solution(Status::Optimal, 0.0)
            });
        }
        let raw = run(
            program,
            costs(program, objective),
            options,
            options.time_limit,
        )?;
        let value = |primal: f64| match objective.sense {
            Sense::Min => primal + objective.constant,
            Sense::Max => -primal + objective.constant,
        };
        let checked = |x: &[f64], reported: f64| {
            check(
                program,
                objective,
                x,
                Some(reported),
                &CheckTolerances::default(),
            )
        };
        let with_solution = |status: Status, raw: Raw, objective: f64| Outcome {
            status,
            objective: Some(objective),
            x: Some(raw.x),
            iterations: Some(u64::from(raw.iterations)),
            ..Outcome::without_solution(status, started.elapsed().as_secs_f64())
        };
        let without = |status: Status, iterations: u32| Outcome {
            iterations: Some(u64::from(iterations)),
            ..Outcome::without_solution(status, started.elapsed().as_secs_f64())
        };
        match raw.status {
            SolverStatus::Solved | SolverStatus::AlmostSolved => {
                let v = value(raw.primal);
                let c = checked(&raw.x, v);
                let gap = (raw.primal - raw.dual).abs() / raw.primal.abs().max(1.0);
                let gap_ok = gap <= GAP_ACCEPT; // false when NaN
                let almost = raw.status == SolverStatus::AlmostSolved;
                if !c.passed {
                    return Err(fail(format!(
                        "{}; its point fails accord's check: {}",
                        raw.describe(),
                        c.summary()
                    )));
                }
                if almost && !gap_ok {
                    return Err(fail(format!(
                        "{}; reduced accuracy, relative objective gap {gap:.1e} > {GAP_ACCEPT:.0e}",
                        raw.describe()
                    )));
                }
                Ok(with_solution(Status::Optimal, raw, v))
            }
            SolverStatus::PrimalInfeasible => Ok(without(Status::Infeasible, raw.iterations)),
            SolverStatus::DualInfeasible => {
                // A ray along which the objective improves: unbounded if a
                // point exists at all. Ask with a zero objective.
                let left = options
                    .time_limit
                    .map(|t| t - started.elapsed().as_secs_f64());
                if left.is_some_and(|t| t <= 0.0) {
                    return Ok(without(Status::InfeasibleOrUnbounded, raw.iterations));
                }
                let zero = run(program, vec![0.0; program.num_cols()], options, left)?;
                let zero_obj = Objective {
                    terms: Vec::new(),
                    constant: 0.0,
                    ..objective.clone()
                };
                let feasible = zero.status == SolverStatus::Solved
                    && check(
                        program,
                        &zero_obj,
                        &zero.x,
                        None,
                        &CheckTolerances::default(),
                    )
                    .passed;
                let status = if feasible {
                    Status::Unbounded
                } else if zero.status == SolverStatus::PrimalInfeasible {
                    Status::Infeasible
                } else {
                    Status::InfeasibleOrUnbounded
                };
                Ok(without(status, raw.iterations + zero.iterations))
            }
            SolverStatus::MaxTime | SolverStatus::CallbackTerminated => {
                let v = value(raw.primal);
                if raw.x.iter().all(|v| v.is_finite()) && v.is_finite() && checked(&raw.x, v).passed
                {
                    Ok(with_solution(Status::TimeLimitFeasible, raw, v))
                } else {
                    Ok(without(Status::TimeLimitNoSolution, raw.iterations))
                }
            }
            SolverStatus::AlmostPrimalInfeasible
            | SolverStatus::AlmostDualInfeasible
            | SolverStatus::MaxIterations
            | SolverStatus::NumericalError
            | SolverStatus::InsufficientProgress
            | SolverStatus::Unsolved => Err(fail(raw.describe())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;

    #[test]
    fn standard_form_orders_equalities_first_and_skips_infinite_bounds() {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, INF, false); // x >= 0
        let y = p.add_col(-INF, INF, false); // free
        let z = p.add_col(2.0, 2.0, false); // fixed
        p.add_row(-INF, 4.0, &[(x, 1.0), (y, 2.0)]); // <= 4
        p.add_row(1.0, 1.0, &[(y, 3.0)]); // = 1
        p.add_row(-1.0, 5.0, &[(x, 1.0), (z, -1.0)]); // ranged
        p.add_row(-INF, INF, &[(x, 7.0)]); // free row
        p.add_row(-1e30, 1e21, &[(y, 1.0)]); // infinite in effect
        let s = standard_form(&p, vec![1.0, 0.0, 0.0]);
        // zero cone: row 1 and column z; nonneg: row 0, row 2 up, row 2 lo, x >= 0.
        assert_eq!(s.b, vec![1.0, 2.0, 4.0, 5.0, 1.0, 0.0]);
        assert_eq!(s.cones.len(), 2);
        assert!(matches!(s.cones[0], ZeroConeT(2)));
        assert!(matches!(s.cones[1], NonnegativeConeT(4)));
        assert!(s.a.check_format().is_ok());
        let dense = |r: usize, c: usize| {
            (s.a.colptr[c]..s.a.colptr[c + 1])
                .find(|&k| s.a.rowval[k] == r)
                .map_or(0.0, |k| s.a.nzval[k])
        };
        // x column: row0 (1), row2 up (1), row2 lo (-1), bound x >= 0 (-1).
        assert_eq!(
            (0..6).map(|r| dense(r, x)).collect::<Vec<_>>(),
            vec![0.0, 0.0, 1.0, 1.0, -1.0, -1.0]
        );
        assert_eq!(
            (0..6).map(|r| dense(r, y)).collect::<Vec<_>>(),
            vec![3.0, 0.0, 2.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(
            (0..6).map(|r| dense(r, z)).collect::<Vec<_>>(),
            vec![0.0, 1.0, 0.0, -1.0, 1.0, 0.0]
        );
    }

    #[test]
    fn duplicate_entries_are_summed() {
        let mut p = Program::new("dup");
        let x = p.add_col(-INF, INF, false);
        p.add_row(-INF, 1.0, &[(x, 1.0), (x, 2.0)]);
        let s = standard_form(&p, vec![0.0]);
        assert_eq!(s.a.nzval, vec![3.0]);
        assert!(s.a.check_format().is_ok());
    }

    #[test]
    fn integer_programs_are_refused_before_solving() {
        let mut p = Program::new("mip");
        let x = p.add_col(0.0, 1.0, true);
        let obj = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.0)],
            constant: 0.0,
        };
        match Clarabel.solve(&p, &obj, &SolveOptions::default()) {
            Err(Error::Unsupported { backend, reason }) => {
                assert_eq!(backend, "clarabel");
                assert!(reason.contains("1 integer columns"), "{reason}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn objective(sense: Sense, terms: &[(usize, f64)]) -> Objective {
        Objective {
            name: "o".into(),
            sense,
            terms: terms.to_vec(),
            constant: 0.0,
        }
    }

    #[test]
    fn an_improving_ray_on_a_feasible_program_is_unbounded() {
        let mut p = Program::new("ray");
        let x = p.add_col(0.0, INF, false);
        let y = p.add_col(0.0, INF, false);
        p.add_row(-INF, 1.0, &[(x, 1.0), (y, -1.0)]);
        let out = Clarabel
            .solve(
                &p,
                &objective(Sense::Max, &[(x, 1.0), (y, 1.0)]),
                &SolveOptions::default(),
            )
            .unwrap();
        assert_eq!(out.status, Status::Unbounded);
        assert!(out.x.is_none());
    }

    #[test]
    fn an_improving_ray_on_an_infeasible_program_is_not_unbounded() {
        // x - y = 1 and x - y = -1: no point; (1, 1) improves min -x - y.
        let mut p = Program::new("both");
        let x = p.add_col(-INF, INF, false);
        let y = p.add_col(-INF, INF, false);
        p.add_row(1.0, 1.0, &[(x, 1.0), (y, -1.0)]);
        p.add_row(-1.0, -1.0, &[(x, 1.0), (y, -1.0)]);
        let out = Clarabel
            .solve(
                &p,
                &objective(Sense::Min, &[(x, -1.0), (y, -1.0)]),
                &SolveOptions::default(),
            )
            .unwrap();
        // Clarabel proves either; the zero-objective re-solve decides.
        assert_eq!(out.status, Status::Infeasible, "{out:?}");
    }

    #[test]
    fn a_time_limit_before_convergence_gives_no_solution() {
        // A transportation-like LP large enough to need several iterations.
        let n = 60;
        let mut p = Program::new("tl");
        let cols: Vec<usize> = (0..n * n).map(|_| p.add_col(0.0, INF, false)).collect();
        for i in 0..n {
            let row: Vec<(usize, f64)> = (0..n).map(|j| (cols[i * n + j], 1.0)).collect();
            p.add_row(-INF, 1.0 + i as f64, &row);
            let col: Vec<(usize, f64)> = (0..n).map(|k| (cols[k * n + i], 1.0)).collect();
            p.add_row(0.5 + i as f64 / 2.0, INF, &col);
        }
        let terms: Vec<(usize, f64)> = cols
            .iter()
            .map(|&c| (c, 1.0 + ((c * 7919) % 97) as f64))
            .collect();
        let o = objective(Sense::Min, &terms);
        let limited = SolveOptions {
            time_limit: Some(1e-9),
            ..SolveOptions::default()
        };
        let out = Clarabel.solve(&p, &o, &limited).unwrap();
        assert_eq!(out.status, Status::TimeLimitNoSolution, "{out:?}");
        let out = Clarabel.solve(&p, &o, &SolveOptions::default()).unwrap();
        assert_eq!(out.status, Status::Optimal);
    }

    #[test]
    fn maximization_reports_the_objective_with_its_constant() {
        // max 3x + 2y + 5, x + y <= 4, x <= 3 -> 3*3 + 2*1 + 5 = 16.
        let mut p = Program::new("max");
        let x = p.add_col(0.0, 3.0, false);
        let y = p.add_col(0.0, INF, false);
        p.add_row(-INF, 4.0, &[(x, 1.0), (y, 1.0)]);
        let mut o = objective(Sense::Max, &[(x, 3.0), (y, 2.0)]);
        o.constant = 5.0;
        let out = Clarabel.solve(&p, &o, &SolveOptions::default()).unwrap();
        assert_eq!(out.status, Status::Optimal);
        assert!((out.objective.unwrap() - 16.0).abs() < 1e-7, "{out:?}");
        let x = out.x.unwrap();
        assert!((x[0] - 3.0).abs() < 1e-7 && (x[1] - 1.0).abs() < 1e-7);
        assert!(out.iterations.unwrap() > 0);
        // With its log (to stderr) the answer is the same.
        let verbose = SolveOptions {
            verbose: true,
            ..SolveOptions::default()
        };
        let again = Clarabel.solve(&p, &o, &verbose).unwrap();
        assert_eq!(again.x, Some(x));
    }

    #[test]
    fn inconsistent_bounds_are_infeasible() {
        let mut p = Program::new("bad");
        p.add_col(1.0, 0.0, false);
        let out = Clarabel
            .solve(&p, &Objective::zero(), &SolveOptions::default())
            .unwrap();
        assert_eq!(out.status, Status::Infeasible);
    }
}
