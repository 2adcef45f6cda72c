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

use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::backend::{self, Status};
use crate::domain::objectives;
use crate::domain::screen::blocked_projects;
use crate::domain::Instance;
use crate::formulation;
use crate::request::{Request, Settings};
use crate::scenario::{GridAxis, Scenario, BASELINE};
use crate::{Error, Result};

/// Values closer to zero than this are written as 0.
const ZERO: f64 = 1e-9;

/// Status written for a scenario whose solve failed with an error.
pub const STATUS_ERROR: &str = "error";

/// Everything a sweep needs, decided before anything runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Model name.
    pub model: String,
    /// The instance every scenario changes.
    pub base: Instance,
    /// The request every scenario starts from (model file + command line).
    pub request: Request,
    /// The backend every scenario starts from.
    pub backend: String,
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
}

impl Plan {
    /// A plan over `scenarios` (file scenarios, then grid points). When no
    /// scenario is empty, the unmodified model is added first as `baseline`.
    pub fn new(
        model: &str,
        base: Instance,
        request: Request,
        backend: &str,
        mut scenarios: Vec<Scenario>,
        axes: Vec<GridAxis>,
        warm_start: bool,
    ) -> Result<Plan> {
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
        let first = request
            .objectives
            .first()
            .ok_or_else(|| Error::Usage("no objective to optimize".into()))?
            .name
            .clone();
        let mut columns: Vec<String> = request.objectives.iter().map(|o| o.name.clone()).collect();
        for name in objectives::ids() {
            if !columns.iter().any(|c| c == name) {
                columns.push(name.to_string());
            }
        }
        Ok(Plan {
            model: model.to_string(),
            base,
            request,
            backend: backend.to_string(),
            scenarios,
            baseline,
            columns,
            main: first,
            axes,
            warm_start,
        })
    }

    /// The request and backend of scenario `s`: the plan's, with the
    /// scenario's options on top.
    pub fn request_for(&self, s: &Scenario) -> Result<(Request, String)> {
        let mut settings = Settings {
            request: self.request.clone(),
            backend: self.backend.clone(),
        };
        settings
            .apply(&s.options)
            .map_err(|e| Error::Usage(format!("scenario {:?}: {e}", s.id)))?;
        Ok((settings.request, settings.backend))
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

    /// Applies, builds, solves and checks scenario `index`. Never fails:
    /// a scenario whose solve fails is a row with status `error` and the
    /// reason. `start` is offered to backends that accept one (when the
    /// plan's `warm_start` is on). With `allocations`, the allocation table
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
            let inst = s.apply(&self.base)?;
            timing.apply = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let form = formulation::build(&inst);
            timing.build = t.elapsed().as_secs_f64();
            let (req, backend_name) = self.request_for(s)?;
            let backend = test_hooks(backend::by_name(&backend_name)?, &s.id);
            let evaluate = |x: &[f64]| form.values(&inst, x);
            let start = start.filter(|_| self.warm_start);
            let t = Instant::now();
            let answer = crate::solve::solve_from(
                backend.as_ref(),
                &form.program,
                &req,
                Some(&evaluate),
                start,
            )?;
            timing.solve_total = t.elapsed().as_secs_f64();
            timing.solver = answer.solver_seconds;
            row.status = answer.status.as_str().into();
            row.solve_seconds = answer.solver_seconds;
            if let Some(x) = &answer.x {
                let v = form.values(&inst, x);
                row.values = self
                    .columns
                    .iter()
                    .map(|c| objectives::position(c).map(|k| clean(v[k])))
                    .collect();
                row.projects = inst
                    .projects
                    .iter()
                    .zip(&form.y)
                    .filter(|(_, &c)| x[c] > 0.5)
                    .map(|(p, _)| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(";");
            }
            if let Some(c) = &answer.check {
                row.check = if c.passed { "passed" } else { "failed" }.into();
                row.max_violation = Some(
                    c.max_bound_violation
                        .max(c.max_row_violation)
                        .max(c.max_integrality_violation),
                );
                if !c.passed {
                    row.reason = format!("the solution fails the check: {}", c.summary());
                }
            }
            if !answer.status.has_solution() {
                row.reason = no_solution_reason(answer.status, &inst);
            }
            if allocations {
                if let Some(x) = &answer.x {
                    done.allocations = Some(allocation_csv(&inst, &form, x));
                }
            }
            done.x = answer.first_x;
            Ok(())
        })();
        if let Err(e) = result {
            row.status = STATUS_ERROR.into();
            row.reason = one_line(&e.to_string());
        }
        if let Some(ms) = delay_ms() {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        row.wall_seconds = started.elapsed().as_secs_f64();
        timing.total = row.wall_seconds;
        done.row = row;
        done.timing = timing;
        done
    }
}

/// Test hook: `ACCORD_TEST_SWEEP_DELAY_MS` makes every scenario take at
/// least that long, so that the test suite can kill a sweep mid-way.
fn delay_ms() -> Option<u64> {
    std::env::var("ACCORD_TEST_SWEEP_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
}

/// Test hook: `ACCORD_TEST_SWEEP_FAIL=ID[,ID...]` makes the solver of those
/// scenarios fail, so that the test suite can see failed rows.
fn test_hooks(b: Box<dyn backend::Backend>, id: &str) -> Box<dyn backend::Backend> {
    match std::env::var("ACCORD_TEST_SWEEP_FAIL") {
        Ok(list) if list.split(',').any(|x| x == id) => {
            Box::new(backend::mock::FailAfter::new(b, 0))
        }
        _ => b,
    }
}

fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn no_solution_reason(status: Status, inst: &Instance) -> String {
    let mut s = match status {
        Status::Infeasible => "no allocation meets every rule".to_string(),
        Status::Unbounded => "the objective improves without limit".to_string(),
        Status::InfeasibleOrUnbounded => "infeasible or unbounded".to_string(),
        Status::TimeLimitNoSolution => "time limit reached before any solution".to_string(),
        _ => status.as_str().to_string(),
    };
    let blocked = blocked_projects(inst);
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

/// `actor,project,funding,personnel` of the non-zero contributions.
fn allocation_csv(inst: &Instance, form: &formulation::Formulation, x: &[f64]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["actor", "project", "funding", "personnel"]);
    for (e, i) in inst.interests.iter().enumerate() {
        let f = clean(x[form.f[e]]);
        let s = form.s[e].map_or(0.0, |c| clean(x[c]));
        if f == 0.0 && s == 0.0 {
            continue;
        }
        let _ = w.write_record([
            inst.actors[i.actor].id.clone(),
            inst.projects[i.project].id.clone(),
            format!("{f}"),
            format!("{s}"),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).expect("csv is UTF-8")
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
    for c in [
        "projects",
        "check",
        "max_violation",
        "reason",
        "solve_seconds",
        "wall_seconds",
    ] {
        h.push(c.into());
    }
    h
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
    /// `None` when it does not have that shape.
    pub fn from_record(rec: &csv::StringRecord, n: usize) -> Option<Row> {
        if rec.len() != n + 8 {
            return None;
        }
        let values = (0..n)
            .map(|k| parse_opt(&rec[2 + k]))
            .collect::<std::result::Result<Vec<_>, _>>()
            .ok()?;
        Some(Row {
            scenario: rec[0].to_string(),
            status: rec[1].to_string(),
            values,
            projects: rec[n + 2].to_string(),
            check: rec[n + 3].to_string(),
            max_violation: parse_opt(&rec[n + 4]).ok()?,
            reason: rec[n + 5].to_string(),
            solve_seconds: rec[n + 6].parse().ok()?,
            wall_seconds: rec[n + 7].parse().ok()?,
        })
    }

    /// The value of objective column `k`, when there is a solution.
    pub fn value(&self, k: usize) -> Option<f64> {
        self.values.get(k).copied().flatten()
    }
}
