//! Sweeps: many scenarios of one model, solved in parallel, each result
//! streamed to disk as it finishes so that a killed run can be resumed, and
//! sliced into shards for clusters (`docs/scenarios.md`).
//!
//! - [`Plan`]: the base instance and request, the scenarios in order, and the
//!   table's columns. [`Plan::run_one`] applies one scenario, builds and
//!   solves it, and returns its [`Row`].
//! - [`run`]: the parallel runner with `results.csv` streaming, resume,
//!   shards and the final files.
//! - [`merge`]: shards -> one table, checked for consistency.
//! - [`output`]: the final table, deltas against the baseline, charts,
//!   manifests and the planner's summary.

pub mod chart;
pub mod merge;
pub mod output;
pub mod run;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::backend::{self, Backend, Status};
use crate::check::Verdict;
use crate::domain::objectives;
use crate::domain::screen::Blocked;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::request::Settings;
use crate::scenario::{GridAxis, Scenario, BASELINE};
use crate::{Error, Result};

/// Values closer to zero than this are written as 0.
const ZERO: f64 = 1e-9;

/// Status written for a scenario whose solve failed with an error.
pub const STATUS_ERROR: &str = "error";

/// Opens the backend of a scenario: `(backend id, scenario id)`. The
/// default is [`backend::by_name`]; tests inject wrappers (a slow or
/// failing backend) here instead of reading hooks in the library.
#[derive(Clone)]
pub struct Opener(pub Arc<OpenFn>);

/// The function behind an [`Opener`].
pub type OpenFn = dyn Fn(&str, &str) -> Result<Box<dyn Backend>> + Send + Sync;

impl Default for Opener {
    fn default() -> Self {
        Opener(Arc::new(|name: &str, _: &str| backend::by_name(name)))
    }
}

impl std::fmt::Debug for Opener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opener")
    }
}

/// Everything a sweep needs, decided before anything runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The model every scenario changes (a domain model), loaded once.
    pub base: Model,
    /// The settings every scenario starts from (model file + command line).
    pub settings: Settings,
    /// The scenarios in table order (the implicit baseline first when the
    /// file has no empty scenario).
    pub scenarios: Vec<Scenario>,
    /// Index of the baseline scenario.
    pub baseline: usize,
    /// Objective columns of the table: the request's objectives in priority
    /// order, then the other built-ins in documentation order.
    pub columns: Vec<String>,
    /// The main objective (the request's first): deltas, tornado, summary.
    pub main: String,
    /// Grid axes, when the sweep has `--grid` points.
    pub axes: Vec<GridAxis>,
    /// Offer the baseline's solution as a start to backends that accept one.
    pub warm_start: bool,
    /// How each scenario's backend is opened.
    pub open: Opener,
}

impl Plan {
    /// A plan over `scenarios` (file scenarios, then grid points) of the
    /// domain model `base` with `settings`. When no scenario is empty, the
    /// unmodified model is added first as `baseline`.
    pub fn new(
        base: Model,
        settings: Settings,
        mut scenarios: Vec<Scenario>,
        axes: Vec<GridAxis>,
        warm_start: bool,
    ) -> Result<Plan> {
        if !base.is_domain() {
            return Err(Error::Usage(
                "sweep applies to domain models (a model file or data folder), not to MPS files"
                    .into(),
            ));
        }
        let baseline = match scenarios.iter().position(Scenario::is_empty) {
            Some(i) => i,
            None => {
                scenarios.insert(0, Scenario::baseline(BASELINE));
                0
            }
        };
        let mut seen = std::collections::HashMap::new();
        for s in &scenarios {
            if let Some(first) = seen.insert(s.id.as_str(), s) {
                return Err(Error::Usage(format!(
                    "scenario id {:?} is used twice{}",
                    s.id,
                    first
                        .line
                        .map_or(String::new(), |l| format!(" (first at line {l})"))
                )));
            }
        }
        let first = settings
            .request
            .objectives
            .first()
            .ok_or_else(|| Error::Usage("no objective to optimize".into()))?
            .name
            .clone();
        let mut columns: Vec<String> = settings.request.names();
        for name in objectives::ids() {
            if !columns.iter().any(|c| c == name) {
                columns.push(name.to_string());
            }
        }
        Ok(Plan {
            base,
            settings,
            scenarios,
            baseline,
            columns,
            main: first,
            axes,
            warm_start,
            open: Opener::default(),
        })
    }

    /// The model's name.
    pub fn model(&self) -> &str {
        &self.base.name
    }

    /// The settings of scenario `s`: the plan's, with the scenario's
    /// options on top.
    pub fn settings_for(&self, s: &Scenario) -> Result<Settings> {
        let mut settings = self.settings.clone();
        settings
            .apply(&s.options)
            .map_err(|e| Error::Usage(format!("scenario {:?}: {}: {e}", s.id, e.option)))?;
        Ok(settings)
    }

    /// Indices of the scenarios of shard `index` of `count`: every
    /// `count`-th scenario starting at `index` (round robin over the table
    /// order, so that neighbouring grid points, which cost about the same,
    /// spread over the shards).
    pub fn shard(&self, index: usize, count: usize) -> Vec<usize> {
        (index..self.scenarios.len())
            .step_by(count.max(1))
            .collect()
    }

    /// Applies, builds, solves and checks scenario `index` through the
    /// front door ([`Model::solve`]). Never fails: a scenario whose solve
    /// fails is a row with status `error` and the reason. `start` is offered
    /// to backends that accept one (when the plan's `warm_start` is on).
    /// With `allocations`, the allocation table
    /// (`actor,project,funding,personnel`) comes back too.
    pub fn run_one(&self, index: usize, start: Option<&[f64]>, allocations: bool) -> Done {
        let started = Instant::now();
        let s = &self.scenarios[index];
        let mut timing = Timing::default();
        let mut row = Row {
            scenario: s.id.clone(),
            status: STATUS_ERROR.into(),
            values: vec![None; self.columns.len()],
            projects: String::new(),
            check: String::new(),
            max_violation: None,
            reason: String::new(),
            solve_seconds: 0.0,
            wall_seconds: 0.0,
        };
        let mut done = Done {
            index,
            row: Row::default(),
            allocations: None,
            x: None,
            timing: Timing::default(),
        };
        let result = (|| -> Result<()> {
            let t = Instant::now();
            let base = self
                .base
                .instance()
                .expect("a sweep's model is a domain model");
            let inst = s.apply(base)?;
            timing.apply = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let model = self.base.with_instance(inst)?;
            timing.build = t.elapsed().as_secs_f64();
            let settings = self.settings_for(s)?;
            let backend = (self.open.0)(&settings.backend, &s.id)?;
            let start = start.filter(|_| self.warm_start);
            let t = Instant::now();
            let answer = model.solve(backend.as_ref(), &settings.request, start)?;
            timing.solve_total = t.elapsed().as_secs_f64();
            timing.solver = answer.solver_seconds;
            row.status = answer.status.as_str().into();
            row.solve_seconds = answer.solver_seconds;
            if let Some(x) = &answer.x {
                row.values = model
                    .values(&self.columns, x)
                    .into_iter()
                    .map(|v| v.map(clean))
                    .collect();
            }
            if let (Some(a), Some(inst)) = (&answer.allocation, model.instance()) {
                row.projects = a.projects_in(inst).join(";");
                if allocations {
                    let (_, rows, _) = crate::report::tables(inst, a);
                    done.allocations = Some(crate::report::csv_string(
                        &rows,
                        &["actor", "project", "funding", "personnel"],
                    )?);
                }
            }
            if let Some(c) = &answer.check {
                let v = Verdict::from(c);
                row.check = if v.passed { "passed" } else { "failed" }.into();
                row.max_violation = Some(v.max_violation());
                if !v.passed {
                    row.reason = format!("the solution fails the check: {}", v.summary());
                }
            }
            if !answer.status.has_solution() {
                row.reason = no_solution_reason(answer.status, model.blocked());
            }
            done.x = answer.first_x;
            Ok(())
        })();
        if let Err(e) = result {
            row.status = STATUS_ERROR.into();
            row.reason = one_line(&e.to_string());
        }
        row.wall_seconds = started.elapsed().as_secs_f64();
        timing.total = row.wall_seconds;
        done.row = row;
        done.timing = timing;
        done
    }
}

fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn no_solution_reason(status: Status, blocked: &[Blocked]) -> String {
    let mut s = match status {
        Status::Infeasible => "no allocation meets every rule".to_string(),
        Status::Unbounded => "the objective improves without limit".to_string(),
        Status::InfeasibleOrUnbounded => "infeasible or unbounded".to_string(),
        Status::TimeLimitNoSolution => "time limit reached before any solution".to_string(),
        _ => status.as_str().to_string(),
    };
    if !blocked.is_empty() {
        s.push_str("; cannot go ahead: ");
        s.push_str(
            &blocked
                .iter()
                .map(|b| format!("{} ({})", b.project, b.reason))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    s
}

fn clean(v: f64) -> f64 {
    if v.abs() < ZERO {
        0.0
    } else {
        v
    }
}

/// Where the time of one scenario went, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timing {
    /// Applying the scenario's changes (and re-checking the instance).
    pub apply: f64,
    /// Building the program.
    pub build: f64,
    /// The whole solve call: solver, level rows, checks, evaluation.
    pub solve_total: f64,
    /// Inside the solver.
    pub solver: f64,
    /// Everything.
    pub total: f64,
}

/// One finished scenario.
#[derive(Debug, Clone)]
pub struct Done {
    /// Its index in the plan.
    pub index: usize,
    /// Its row of the table.
    pub row: Row,
    /// Its allocation table, when asked for and solved.
    pub allocations: Option<String>,
    /// The solution of its first scalar solve (the start offered to the
    /// other scenarios when this is the baseline).
    pub x: Option<Vec<f64>>,
    /// Where the time went.
    pub timing: Timing,
}

/// One row of `results.csv`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Scenario id.
    pub scenario: String,
    /// accord's status, or `error`.
    pub status: String,
    /// One value per objective column (empty without a solution).
    pub values: Vec<Option<f64>>,
    /// Projects going ahead, `;`-separated, in projects.csv order.
    pub projects: String,
    /// `passed`, `failed`, or empty without a solution.
    pub check: String,
    /// Largest bound, row or integrality violation found by the checker.
    pub max_violation: Option<f64>,
    /// Why there is no (valid) solution.
    pub reason: String,
    /// Seconds inside the solver.
    pub solve_seconds: f64,
    /// Seconds for the whole scenario (apply, build, solve, check).
    pub wall_seconds: f64,
}

/// True when the row has a solution that passed the check.
pub fn is_solved(r: &Row) -> bool {
    matches!(r.status.as_str(), "optimal" | "time_limit_feasible") && r.check == "passed"
}

/// Number of timing columns at the end of every row.
pub const TIMING_COLUMNS: usize = 2;

/// The header of `results.csv` for these objective columns.
pub fn header(columns: &[String]) -> Vec<String> {
    let mut h = vec!["scenario".to_string(), "status".to_string()];
    h.extend(columns.iter().cloned());
    h.extend(TAIL.iter().map(|c| c.to_string()));
    h
}

/// The fields of a row after its objective columns.
const TAIL: [&str; 6] = [
    "projects",
    "check",
    "max_violation",
    "reason",
    "solve_seconds",
    "wall_seconds",
];

/// The name of field `k` (0-based) of a row with `n` objective columns.
fn header_tail(n: usize) -> impl Fn(usize) -> String {
    move |k| match k {
        0 => "scenario".into(),
        1 => "status".into(),
        k if k < n + 2 => format!("objective column {}", k - 1),
        k => TAIL
            .get(k - n - 2)
            .map_or_else(|| format!("field {}", k + 1), |s| s.to_string()),
    }
}

/// Rows of a `results.csv` (or a shard's stream) for these objective
/// columns, each with its 1-based line, and a problem for every line that
/// is not one (located at line and field). The first line must be the
/// [`header`]; reading stops at a header mismatch or a CSV syntax error
/// (the lines after it cannot be told apart). `--resume`, `merge` and
/// `report --sweep` all read results through this function.
pub fn parse_results(
    bytes: &[u8],
    path: &Path,
    columns: &[String],
) -> (Vec<(usize, Row)>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let expected = header(columns);
    let mut rec = csv::StringRecord::new();
    let mut first = true;
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                diags.push(Diagnostic::at(path, Some(line), None, csv_error(&e)));
                break;
            }
        }
        let line = rec.position().map_or(line, |p| p.line() as usize);
        if std::mem::take(&mut first) {
            if rec.iter().ne(expected.iter().map(String::as_str)) {
                diags.push(Diagnostic::at(
                    path,
                    Some(line),
                    None,
                    format!("expected the header {}", expected.join(",")),
                ));
                break;
            }
            continue;
        }
        match Row::from_record(&rec, columns.len()) {
            Ok(row) => rows.push((line, row)),
            Err((column, why)) => diags.push(Diagnostic::at(path, Some(line), Some(column), why)),
        }
    }
    (rows, diags)
}

/// A CSV reader's error without its own position (the diagnostic has it).
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("expected UTF-8 text in field {}", err.field() + 1)
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("expected {expected_len} fields, found {len}")
        }
        _ => e.to_string(),
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v}"))
}

fn parse_opt(s: &str) -> std::result::Result<Option<f64>, ()> {
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse::<f64>().map(Some).map_err(|_| ())
    }
}

impl Row {
    /// The row's fields, in [`header`] order.
    pub fn record(&self) -> Vec<String> {
        let mut r = vec![self.scenario.clone(), self.status.clone()];
        r.extend(self.values.iter().map(|v| opt_num(*v)));
        r.push(self.projects.clone());
        r.push(self.check.clone());
        r.push(
            self.max_violation
                .map_or(String::new(), |v| format!("{v:.3e}")),
        );
        r.push(self.reason.clone());
        r.push(format!("{:.6}", self.solve_seconds));
        r.push(format!("{:.6}", self.wall_seconds));
        r
    }

    /// Reads a row written by [`Row::record`] with `n` objective columns;
    /// the error names the 1-based field and what it expected.
    pub fn from_record(
        rec: &csv::StringRecord,
        n: usize,
    ) -> std::result::Result<Row, (usize, String)> {
        if rec.len() != n + 8 {
            return Err((
                rec.len().min(n + 8) + 1,
                format!(
                    "expected {} fields as in the header, found {}",
                    n + 8,
                    rec.len()
                ),
            ));
        }
        let cols = header_tail(n);
        let opt = |k: usize| -> std::result::Result<Option<f64>, (usize, String)> {
            parse_opt(&rec[k]).map_err(|()| {
                (
                    k + 1,
                    format!(
                        "{}: expected a number or nothing, found {:?}",
                        cols(k),
                        crate::input::parse::shorten(&rec[k])
                    ),
                )
            })
        };
        let num = |k: usize| -> std::result::Result<f64, (usize, String)> {
            rec[k].parse::<f64>().map_err(|_| {
                (
                    k + 1,
                    format!(
                        "{}: expected a number, found {:?}",
                        cols(k),
                        crate::input::parse::shorten(&rec[k])
                    ),
                )
            })
        };
        Ok(Row {
            scenario: rec[0].to_string(),
            status: rec[1].to_string(),
            values: (0..n)
                .map(|k| opt(2 + k))
                .collect::<std::result::Result<_, _>>()?,
            projects: rec[n + 2].to_string(),
            check: rec[n + 3].to_string(),
            max_violation: opt(n + 4)?,
            reason: rec[n + 5].to_string(),
            solve_seconds: num(n + 6)?,
            wall_seconds: num(n + 7)?,
        })
    }

    /// The value of objective column `k`, when there is a solution.
    pub fn value(&self, k: usize) -> Option<f64> {
        self.values.get(k).copied().flatten()
    }
}
