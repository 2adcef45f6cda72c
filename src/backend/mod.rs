//! Solver backends behind one object-safe trait. Each backend lives in its own
//! file behind a cargo feature named like the solver; the rest of the code
//! asks a backend for its [`Capabilities`] and never assumes.
//!
//! A backend answers with an [`Outcome`]: our own [`Status`] (never a
//! wrapper's alone), the primal values when it has them, and what it
//! reported. Failures of the solver itself are [`Error::Solver`]; statuses
//! such as infeasible or time limit are values.

use serde::{Deserialize, Serialize};

use crate::program::{Objective, Program};
pub use crate::request::SolveOptions;
use crate::{Error, Result};

#[cfg(feature = "cbc")]
pub mod cbc;
#[cfg(feature = "clarabel")]
pub mod clarabel;
#[cfg(feature = "highs")]
pub mod highs;
#[cfg(feature = "microlp")]
pub mod microlp;
pub mod mock;

/// How a solve ended, in our own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (within the requested MIP gap; 0 by default).
    Optimal,
    /// No feasible point exists.
    Infeasible,
    /// The objective improves without limit.
    Unbounded,
    /// The solver proved one of the two but not which.
    InfeasibleOrUnbounded,
    /// The time limit was reached with a feasible solution in hand.
    TimeLimitFeasible,
    /// The time limit was reached before any feasible solution was found.
    TimeLimitNoSolution,
}

impl Status {
    /// The stable id used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::InfeasibleOrUnbounded => "infeasible_or_unbounded",
            Status::TimeLimitFeasible => "time_limit_feasible",
            Status::TimeLimitNoSolution => "time_limit_no_solution",
        }
    }
    /// True when the status carries a solution.
    pub fn has_solution(self) -> bool {
        matches!(self, Status::Optimal | Status::TimeLimitFeasible)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A backend's identity, for reports and manifests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Info {
    /// Its id.
    pub id: String,
    /// The solver's version.
    pub version: String,
}

impl Info {
    /// The identity of `backend`.
    pub fn of(backend: &dyn Backend) -> Info {
        Info {
            id: backend.id().to_string(),
            version: backend.version(),
        }
    }
}

/// What a backend can do. Code asks, never assumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    /// Integer columns.
    pub integers: bool,
    /// Row duals.
    pub duals: bool,
    /// A wall-clock time limit.
    pub time_limit: bool,
    /// A relative MIP gap.
    pub mip_gap: bool,
    /// Re-solving a modified model warm (basis kept).
    pub warm_start: bool,
    /// Several solves may run at once in one process.
    pub parallel_safe: bool,
}

/// The answer of one solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Our status.
    pub status: Status,
    /// Primal column values, when the status has a solution.
    pub x: Option<Vec<f64>>,
    /// Objective value as the solver reported it (including the constant).
    pub objective: Option<f64>,
    /// Best bound on the objective, where reported (MIP).
    pub bound: Option<f64>,
    /// Relative gap, where reported.
    pub gap: Option<f64>,
    /// Seconds spent inside the solver call.
    pub seconds: f64,
    /// Solver iterations, where reported (simplex; interior-point for clarabel).
    pub iterations: Option<u64>,
    /// Branch-and-bound nodes, where reported.
    pub nodes: Option<u64>,
    /// Duals of the rows and reduced costs of the columns, for continuous
    /// programs on backends that report them (`d objective / d bound`
    /// as the backend states it: see `sensitivity` for the sign).
    #[serde(skip)]
    pub duals: Option<Duals>,
}

/// Row duals and column reduced costs of a solved LP.
#[derive(Debug, Clone, PartialEq)]
pub struct Duals {
    /// One per row.
    pub rows: Vec<f64>,
    /// One per column.
    pub cols: Vec<f64>,
    /// Per row, the interval its active bound may move over with the same
    /// optimal basis (the row's dual stays the price there), when the
    /// backend ranged the solve ([`Backend::solve_ranged`]).
    pub row_ranges: Option<Vec<(f64, f64)>>,
}

impl Outcome {
    /// An outcome without a solution.
    pub fn without_solution(status: Status, seconds: f64) -> Self {
        Outcome {
            status,
            x: None,
            objective: None,
            bound: None,
            gap: None,
            seconds,
            iterations: None,
            nodes: None,
            duals: None,
        }
    }
}

/// The largest finite magnitudes a backend takes. Past them a solver may
/// treat a number as infinite (HiGHS: costs and bounds of 1e20 and more;
/// COIN-OR: 1e30), refuse the model, or abort the process (CLP asserts
/// `|cost| < 1e25` and takes the process down); accord refuses them first,
/// naming the number and the limit (docs/backends.md of the project).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Objective coefficients and the objective's constant.
    pub cost: f64,
    /// Matrix entries.
    pub matrix: f64,
    /// Finite column and row bounds.
    pub bound: f64,
}

impl Default for Limits {
    /// 1e20 everywhere: HiGHS's `infinite_cost` and `infinite_bound`, below
    /// CLP's abort at 1e25; beyond it no double-precision solve of a model
    /// with ordinary entries is meaningful.
    fn default() -> Self {
        Limits {
            cost: 1e20,
            matrix: 1e20,
            bound: 1e20,
        }
    }
}

/// Refuses `program` with `objective` when a finite number reaches the
/// backend's `limits` (or a number is NaN): an error naming the row or
/// column, the number and the limit.
pub fn check_magnitudes(
    backend: &str,
    limits: Limits,
    program: &Program,
    objective: &Objective,
) -> Result<()> {
    let refuse = |what: String, v: f64, limit: f64| {
        Err(Error::Solver {
            backend: backend.into(),
            message: format!(
                "{what} is {v:e}: backend `{backend}` takes magnitudes below {limit:e} \
                 (past it the solver treats the number as infinite, refuses the model or \
                 aborts); rescale the data (change its units) so that no number is that large"
            ),
        })
    };
    let big = |v: f64, limit: f64| v.is_nan() || (v.is_finite() && v.abs() >= limit);
    if big(objective.constant, limits.cost) {
        return refuse(
            format!("the constant of objective `{}`", objective.name),
            objective.constant,
            limits.cost,
        );
    }
    for &(j, c) in &objective.terms {
        if big(c, limits.cost) || c.is_infinite() {
            return refuse(
                format!(
                    "the coefficient of column `{}` in objective `{}`",
                    program.col_name(j),
                    objective.name
                ),
                c,
                limits.cost,
            );
        }
    }
    for i in 0..program.num_rows() {
        for k in program.row_start[i]..program.row_start[i + 1] {
            let v = program.value[k];
            if big(v, limits.matrix) || v.is_infinite() {
                return refuse(
                    format!(
                        "the coefficient of column `{}` in row `{}`",
                        program.col_name(program.index[k] as usize),
                        program.row_name(i)
                    ),
                    v,
                    limits.matrix,
                );
            }
        }
        for v in [program.row_lower[i], program.row_upper[i]] {
            if big(v, limits.bound) {
                return refuse(
                    format!("a bound of row `{}`", program.row_name(i)),
                    v,
                    limits.bound,
                );
            }
        }
    }
    for j in 0..program.num_cols() {
        for v in [program.col_lower[j], program.col_upper[j]] {
            if big(v, limits.bound) {
                return refuse(
                    format!("a bound of column `{}`", program.col_name(j)),
                    v,
                    limits.bound,
                );
            }
        }
    }
    Ok(())
}

/// A solver backend. Object-safe so that tests can mock it.
pub trait Backend: Send + Sync {
    /// The backend's id (same in the CLI, JSON, CSV and bench ids).
    fn id(&self) -> &'static str;
    /// The solver's version.
    fn version(&self) -> String;
    /// What it can do.
    fn capabilities(&self) -> Capabilities;
    /// Solves `program` for `objective` from scratch.
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome>;
    /// Solves an LP as [`Backend::solve`] does and, where the backend can,
    /// ranges its rows' bounds ([`Duals::row_ranges`]); backends that cannot
    /// leave the ranges out, and accord does not invent them.
    fn solve_ranged(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        self.solve(program, objective, options)
    }
    /// Opens a session that keeps the model between solves. The default
    /// rebuilds the model for every solve; backends that can re-solve warm
    /// override it.
    fn open(&self, program: Program) -> Result<Box<dyn Session + '_>> {
        Ok(Box::new(RebuildSession {
            backend: self,
            objective: program
                .objectives
                .first()
                .cloned()
                .unwrap_or_else(Objective::zero),
            program,
        }))
    }
    /// True when its sessions use a start solution ([`Session::set_start`]):
    /// a MIP start that can prune the search from the first node.
    fn accepts_start(&self) -> bool {
        false
    }
    /// The largest magnitudes it takes (see [`Limits`]).
    fn limits(&self) -> Limits {
        Limits::default()
    }
    /// Refuses programs the backend cannot solve, before any work: integer
    /// programs on a continuous-only backend, numbers past its [`Limits`].
    fn check_supported(&self, program: &Program) -> Result<()> {
        for o in &program.objectives {
            check_magnitudes(self.id(), self.limits(), program, o)?;
        }
        if program.is_mip() && !self.capabilities().integers {
            return Err(Error::Unsupported {
                backend: self.id().into(),
                reason: format!(
                    "it solves continuous programs only and this one has {} integer columns \
                     (backends in this build that solve integer programs: {})",
                    program.num_integers(),
                    integer_backends()
                ),
            });
        }
        Ok(())
    }
}

/// A model kept between solves: change the objective, bounds or add rows,
/// then solve again.
pub trait Session {
    /// The program as currently modified.
    fn program(&self) -> &Program;
    /// Replaces the objective.
    fn set_objective(&mut self, objective: &Objective) -> Result<()>;
    /// Adds a row and returns its index.
    fn add_row(&mut self, lower: f64, upper: f64, terms: &[(usize, f64)]) -> Result<usize>;
    /// Changes the bounds of a row.
    fn set_row_bounds(&mut self, row: usize, lower: f64, upper: f64) -> Result<()>;
    /// Changes the bounds of a column.
    fn set_col_bounds(&mut self, col: usize, lower: f64, upper: f64) -> Result<()>;
    /// Changes one coefficient of the matrix (0 removes it).
    fn set_coefficient(&mut self, row: usize, col: usize, value: f64) -> Result<()>;
    /// Makes `changes` (column and row bounds, coefficients).
    fn apply(&mut self, changes: &crate::program::Changes) -> Result<()> {
        for &(j, lo, up) in &changes.cols {
            self.set_col_bounds(j, lo, up)?;
        }
        for &(i, lo, up) in &changes.rows {
            self.set_row_bounds(i, lo, up)?;
        }
        for &(i, j, v) in &changes.coefs {
            self.set_coefficient(i, j, v)?;
        }
        Ok(())
    }
    /// Solves the current model.
    fn solve(&mut self, options: &SolveOptions) -> Result<Outcome>;
    /// Offers a start solution (all columns) for the next solve. Backends
    /// that cannot use one ignore it; a start that is not feasible is
    /// discarded by the solver, never trusted.
    fn set_start(&mut self, _x: &[f64]) -> Result<()> {
        Ok(())
    }
}

/// The default session: keeps a program and rebuilds the solver model each solve.
struct RebuildSession<'b, B: Backend + ?Sized> {
    backend: &'b B,
    program: Program,
    objective: Objective,
}

impl<B: Backend + ?Sized> Session for RebuildSession<'_, B> {
    fn program(&self) -> &Program {
        &self.program
    }
    fn set_objective(&mut self, objective: &Objective) -> Result<()> {
        self.objective = objective.clone();
        Ok(())
    }
    fn add_row(&mut self, lower: f64, upper: f64, terms: &[(usize, f64)]) -> Result<usize> {
        Ok(self.program.add_row(lower, upper, terms))
    }
    fn set_row_bounds(&mut self, row: usize, lower: f64, upper: f64) -> Result<()> {
        self.program.row_lower[row] = lower;
        self.program.row_upper[row] = upper;
        Ok(())
    }
    fn set_col_bounds(&mut self, col: usize, lower: f64, upper: f64) -> Result<()> {
        self.program.col_lower[col] = lower;
        self.program.col_upper[col] = upper;
        Ok(())
    }
    fn set_coefficient(&mut self, row: usize, col: usize, value: f64) -> Result<()> {
        self.program.set_coefficient(row, col, value);
        Ok(())
    }
    fn solve(&mut self, options: &SolveOptions) -> Result<Outcome> {
        self.backend.solve(&self.program, &self.objective, options)
    }
}

/// One backend of the registry: adding a backend is its file (with its
/// `mod` line and cargo feature) and one row of [`REGISTRY`].
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The id used everywhere (CLI, JSON, CSV, bench ids).
    pub id: &'static str,
    /// Whether this build has it.
    pub compiled: bool,
    /// Whether `auto` may pick it (it solves integer programs).
    pub auto: bool,
    /// How to get it when it is not compiled in.
    pub how: &'static str,
    /// A new instance, when compiled in.
    pub open: fn() -> Option<Box<dyn Backend>>,
}

/// A registry row for the backend type `$ty` behind cargo feature `$feature`.
macro_rules! entry {
    ($id:literal, $feature:literal, auto: $auto:expr, how: $how:literal, $ty:path) => {
        Entry {
            id: $id,
            compiled: cfg!(feature = $feature),
            auto: $auto,
            how: $how,
            open: {
                #[cfg(feature = $feature)]
                fn open() -> Option<Box<dyn Backend>> {
                    Some(Box::new($ty))
                }
                #[cfg(not(feature = $feature))]
                fn open() -> Option<Box<dyn Backend>> {
                    None
                }
                open
            },
        }
    };
}

/// Every backend this crate knows, compiled in or not, best first (the
/// order `auto` tries).
pub const REGISTRY: &[Entry] = &[
    entry!("highs", "highs", auto: true,
        how: "rebuild with `--features highs` (needs cmake and libclang-dev: apt-get install cmake libclang-dev)",
        highs::Highs),
    entry!("cbc", "cbc", auto: true,
        how: "rebuild with `--features cbc` (needs apt-get install coinor-libcbc-dev)",
        cbc::Cbc),
    entry!("microlp", "microlp", auto: true,
        how: "rebuild with `--features microlp` (pure Rust, on by default)",
        microlp::Microlp),
    // Continuous programs only: never picked by `auto`; name it to use it.
    entry!("clarabel", "clarabel", auto: false,
        how: "rebuild with `--features clarabel` (pure Rust, no system packages)",
        clarabel::Clarabel),
];

/// Ids of every backend this crate knows, compiled in or not, best first.
pub fn all() -> Vec<&'static str> {
    REGISTRY.iter().map(|e| e.id).collect()
}

/// The backends `auto` chooses from, best first: those that solve accord's
/// mixed-integer programs.
pub fn auto_order() -> Vec<&'static str> {
    REGISTRY.iter().filter(|e| e.auto).map(|e| e.id).collect()
}

/// The compiled-in backends `auto` may pick, as a list for messages.
fn integer_backends() -> String {
    let v: Vec<&str> = REGISTRY
        .iter()
        .filter(|e| e.auto && e.compiled)
        .map(|e| e.id)
        .collect();
    if v.is_empty() {
        "none; rebuild with microlp, highs or cbc".into()
    } else {
        v.join(", ")
    }
}

/// Ids of the backends compiled into this build, best first (the
/// continuous-only `clarabel` last).
pub fn available() -> Vec<&'static str> {
    REGISTRY
        .iter()
        .filter(|e| e.compiled)
        .map(|e| e.id)
        .collect()
}

/// The backend with this id (`auto` = the best one compiled in that solves
/// mixed-integer programs, see [`auto_order`]).
pub fn by_name(name: &str) -> Result<Box<dyn Backend>> {
    let entry = if name == "auto" {
        REGISTRY
            .iter()
            .find(|e| e.auto && e.compiled)
            .ok_or_else(|| Error::BackendUnavailable {
                name: "auto".into(),
                available: match available() {
                    v if v.is_empty() => "none".into(),
                    v => v.join(", "),
                },
                hint: "`auto` picks a backend that solves integer programs: build with microlp, highs or cbc, or name a continuous backend (--backend clarabel)".into(),
            })?
    } else {
        REGISTRY
            .iter()
            .find(|e| e.id == name)
            .ok_or_else(|| Error::BackendUnavailable {
                name: name.into(),
                available: available().join(", "),
                hint: format!("known backends: {}", all().join(", ")),
            })?
    };
    (entry.open)().ok_or_else(|| Error::BackendUnavailable {
        name: entry.id.into(),
        available: available().join(", "),
        hint: entry.how.into(),
    })
}
