//! Benchmarks of the backends on instance collections (`accord bench`).
//!
//! * [`discover`] turns command-line inputs (MPS / `.mop` files, model TOML
//!   files, data folders, folders searched recursively, or a `MANIFEST.csv`)
//!   into [`BenchInstance`]s, each with the known answer from the nearest
//!   `MANIFEST.csv` that lists it.
//! * [`run::run`] solves every (instance, backend, repeat) in its own child
//!   process (isolation, a hard time limit, per-run peak memory) and records
//!   one [`Run`] each: failures, time-outs and crashes are rows, not errors.
//! * [`judge`] decides whether an answer is right against the known one
//!   (shared with the conformance tests).
//! * [`summarize`] reduces repeats to one [`Cell`] per instance and backend
//!   (medians), [`totals`] to one [`Totals`] per backend (solved, wrong,
//!   shifted geometric mean), and [`profile`] computes the Dolan-Moré
//!   performance profile; [`plot`] draws it and the per-instance times.
//!
//! The definitions (what counts as solved, wrong, which time) are in
//! `docs/bench.md`.

pub mod manifest;
pub mod plot;
pub mod profile;
pub mod run;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::backend::Status;
use crate::check::Verdict;
use crate::model::{classify, is_model_toml, PathKind};
use crate::program::Sense;
use crate::report::text::{Align, Table};
use crate::{Error, Result};

pub use manifest::Known;
use profile::{median, shifted_geomean, Profile};

/// Relative tolerance on the objective against a known optimum:
/// `|got - want| <= REL_TOL * max(1, |want|)`.
pub const REL_TOL: f64 = 1e-6;

/// `|got - want| / max(1, |want|)`.
pub fn rel_error(got: f64, want: f64) -> f64 {
    (got - want).abs() / want.abs().max(1.0)
}

/// What kind of input an instance is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceKind {
    /// An MPS or `.mop` file (every objective of the file, lexicographic).
    Mps,
    /// A domain model: a model TOML file or a data folder, solved as `accord
    /// solve` would (objectives, method and gap from the model file).
    Model,
}

impl InstanceKind {
    /// The id used in CSV and on the worker's command line.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceKind::Mps => "mps",
            InstanceKind::Model => "model",
        }
    }
}

impl std::str::FromStr for InstanceKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "mps" => Ok(InstanceKind::Mps),
            "model" => Ok(InstanceKind::Model),
            _ => Err(format!("expected `mps` or `model`, found {s:?}")),
        }
    }
}

/// One instance to benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchInstance {
    /// Display id: the path in its `MANIFEST.csv` (`netlib/afiro.mps`) when
    /// it has one, else the path relative to the folder given, or the file
    /// name.
    pub name: String,
    /// The file or folder.
    pub path: PathBuf,
    /// MPS or domain model.
    pub kind: InstanceKind,
    /// The known answer, from a manifest.
    pub known: Option<Known>,
    /// The manifest the known answer came from.
    pub manifest: Option<PathBuf>,
}

fn is_mps_path(path: &Path) -> bool {
    classify(path) == PathKind::Program
}

fn is_data_folder(dir: &Path) -> bool {
    classify(dir) == PathKind::DataFolder
}

fn is_manifest_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Keeps instance names matching a filter: `*` and `?` make it a glob on
/// the whole name, otherwise it matches as a substring.
pub fn matches_filter(name: &str, filter: &str) -> bool {
    if filter.contains(['*', '?']) {
        glob_match(filter.as_bytes(), name.as_bytes())
    } else {
        name.contains(filter)
    }
}

fn glob_match(p: &[u8], s: &[u8]) -> bool {
    // Iterative matcher with backtracking to the last `*`.
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Finds the manifests above files and caches them.
#[derive(Default)]
struct Manifests {
    /// Folder -> the manifest in it (None: none there).
    by_dir: HashMap<PathBuf, Option<manifest::Manifest>>,
}

impl Manifests {
    /// The nearest `MANIFEST.csv` in `file`'s folder or above that lists
    /// it, and its entry.
    fn lookup(&mut self, file: &Path) -> Result<Option<(PathBuf, String, manifest::Entry)>> {
        let Ok(abs) = std::fs::canonicalize(file) else {
            return Ok(None);
        };
        let mut dir = abs.parent();
        while let Some(d) = dir {
            if !self.by_dir.contains_key(d) {
                let m = d.join("MANIFEST.csv");
                let loaded = if m.is_file() {
                    Some(manifest::read(&m)?)
                } else {
                    None
                };
                self.by_dir.insert(d.to_path_buf(), loaded);
            }
            if let Some(m) = &self.by_dir[d] {
                if let Ok(rel) = abs.strip_prefix(d) {
                    let rel = rel_string(rel);
                    if let Some(e) = m.find(&rel) {
                        return Ok(Some((m.file.clone(), rel, e.clone())));
                    }
                }
            }
            dir = d.parent();
        }
        Ok(None)
    }
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What [`discover`] found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// The instances, in input order (folders sorted by path).
    pub instances: Vec<BenchInstance>,
    /// Manifest rows left out because accord cannot read their files
    /// (`.dat`, `.fgt`, ...), as `manifest: path`.
    pub unreadable: Vec<String>,
}

/// Turns inputs into instances (see the module documentation). A path that
/// does not exist is an I/O error; a file of an unknown kind is a usage
/// error. `filters` keep only instances whose name matches one of them
/// ([`matches_filter`]); no filter keeps all.
pub fn discover(inputs: &[PathBuf], filters: &[String]) -> Result<Discovery> {
    let mut found = Discovery::default();
    let mut manifests = Manifests::default();
    let add = |inst: BenchInstance, found: &mut Discovery| {
        if filters.is_empty() || filters.iter().any(|f| matches_filter(&inst.name, f)) {
            found.instances.push(inst);
        }
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            if is_data_folder(input) {
                let inst = model_instance(input, file_name(input));
                add(inst, &mut found);
                continue;
            }
            let mut files = Vec::new();
            walk(input, &mut files).map_err(|e| Error::io(input, e))?;
            files.sort();
            for (path, kind) in files {
                let rel = path.strip_prefix(input).map(rel_string).unwrap_or_default();
                let inst = match kind {
                    InstanceKind::Mps => mps_instance(&path, rel, &mut manifests)?,
                    InstanceKind::Model => model_instance(&path, rel),
                };
                add(inst, &mut found);
            }
        } else if is_mps_path(input) {
            let inst = mps_instance(input, file_name(input), &mut manifests)?;
            add(inst, &mut found);
        } else if classify(input) == PathKind::ModelFile {
            add(model_instance(input, file_name(input)), &mut found);
        } else if is_manifest_path(input) {
            let m = manifest::read(input)?;
            for e in &m.entries {
                let path = m.dir().join(&e.path);
                if !is_mps_path(&path) {
                    found
                        .unreadable
                        .push(format!("{}: {}", input.display(), e.path));
                    continue;
                }
                let inst = BenchInstance {
                    name: e.path.clone(),
                    path,
                    kind: InstanceKind::Mps,
                    known: e.known.clone(),
                    manifest: Some(m.file.clone()),
                };
                add(inst, &mut found);
            }
        } else {
            return Err(Error::Usage(format!(
                "{}: cannot benchmark this file: expected an .mps or .mop file, a model .toml, \
                 a data or instance folder, or a MANIFEST.csv",
                input.display()
            )));
        }
    }
    // The same file reached twice (a folder and a file in it) runs once.
    let mut seen = std::collections::HashSet::new();
    found
        .instances
        .retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    Ok(found)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn model_instance(path: &Path, name: String) -> BenchInstance {
    BenchInstance {
        name,
        path: path.to_path_buf(),
        kind: InstanceKind::Model,
        known: None,
        manifest: None,
    }
}

fn mps_instance(path: &Path, name: String, manifests: &mut Manifests) -> Result<BenchInstance> {
    let listed = manifests.lookup(path)?;
    Ok(match listed {
        Some((file, rel, entry)) => BenchInstance {
            name: rel,
            path: path.to_path_buf(),
            kind: InstanceKind::Mps,
            known: entry.known,
            manifest: Some(file),
        },
        None => BenchInstance {
            name,
            path: path.to_path_buf(),
            kind: InstanceKind::Mps,
            known: None,
            manifest: None,
        },
    })
}

/// Every MPS / `.mop` file, model TOML and data folder under `dir`
/// (hidden entries skipped; a data folder is not searched further).
fn walk(dir: &Path, out: &mut Vec<(PathBuf, InstanceKind)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ty = entry.file_type()?;
        let is_dir = ty.is_dir() || (ty.is_symlink() && path.is_dir());
        if is_dir {
            if is_data_folder(&path) {
                out.push((path, InstanceKind::Model));
            } else {
                walk(&path, out)?;
            }
        } else if is_mps_path(&path) {
            out.push((path, InstanceKind::Mps));
        } else if classify(&path) == PathKind::ModelFile && is_model_toml(&path) {
            out.push((path, InstanceKind::Model));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Judging an answer

/// The verdict on one answer against the known one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Judgement {
    /// The solver gave a definitive answer (optimal, infeasible, unbounded),
    /// as opposed to stopping at a limit.
    pub finished: bool,
    /// The answer is wrong: a solution that fails the checker, a status that
    /// contradicts the known answer, an objective off the known optimum by
    /// more than [`REL_TOL`], or a time-limit solution better than it.
    pub wrong: bool,
    /// Why it is wrong.
    pub notes: Vec<String>,
}

/// Judges an answer: `status` and `objective` (the value of the first
/// objective, with its constant) as reported, `sense` of that objective,
/// `solution` the checker's verdict when values were returned. Without a
/// known answer only the checker and a solution status without values can
/// make it wrong.
pub fn judge(
    known: Option<&Known>,
    sense: Sense,
    status: Status,
    objective: Option<f64>,
    solution: Option<&Verdict>,
) -> Judgement {
    let mut j = Judgement::default();
    match solution {
        Some(c) if !c.passed => {
            j.wrong = true;
            j.notes.push(format!("checker {}", c.summary()));
        }
        None if status.has_solution() => {
            j.wrong = true;
            j.notes
                .push("status has a solution but no values were returned".into());
        }
        _ => {}
    }
    let wrong_status = |j: &mut Judgement, what: &str| {
        j.wrong = true;
        j.notes.push(format!("status {status}, known {what}"));
        if let Some(c) = solution.filter(|c| c.passed) {
            j.notes
                .push(format!("its solution passes the checker: {}", c.summary()));
        }
    };
    j.finished = match known {
        Some(Known::Optimum(want)) => {
            let want = *want;
            match status {
                Status::Optimal => {
                    match objective {
                        Some(v) if rel_error(v, want) <= REL_TOL => {}
                        Some(v) => {
                            j.wrong = true;
                            j.notes
                                .push(format!("objective {v:.12e}, known optimum {want:.12e}"));
                        }
                        None => {
                            j.wrong = true;
                            j.notes.push("optimal without an objective value".into());
                        }
                    }
                    true
                }
                Status::TimeLimitFeasible => {
                    if let Some(v) = objective {
                        let gain = match sense {
                            Sense::Min => want - v,
                            Sense::Max => v - want,
                        };
                        if gain > REL_TOL * want.abs().max(1.0) {
                            j.wrong = true;
                            j.notes.push(format!(
                                "time-limit solution {v:.12e} better than the known optimum {want:.12e}"
                            ));
                        }
                    }
                    false
                }
                Status::TimeLimitNoSolution => false,
                Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => {
                    wrong_status(&mut j, &format!("optimum {want:.12e}"));
                    true
                }
            }
        }
        Some(Known::Infeasible) => match status {
            Status::Infeasible | Status::InfeasibleOrUnbounded => true,
            Status::TimeLimitNoSolution => false,
            Status::Optimal | Status::TimeLimitFeasible | Status::Unbounded => {
                wrong_status(&mut j, "infeasible");
                true
            }
        },
        Some(Known::Unbounded) => match status {
            Status::Unbounded | Status::InfeasibleOrUnbounded => true,
            Status::TimeLimitNoSolution | Status::TimeLimitFeasible => false,
            Status::Optimal | Status::Infeasible => {
                wrong_status(&mut j, "unbounded");
                true
            }
        },
        None | Some(Known::Front(_)) => !matches!(
            status,
            Status::TimeLimitFeasible | Status::TimeLimitNoSolution
        ),
    };
    j
}

// ---------------------------------------------------------------------------
// Records

/// Which time the profile and the means use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeMeasure {
    /// Seconds inside the backend's solve calls (summed over stages), as
    /// the worker measured them: no process start, no file reading.
    Solver,
    /// The child process's lifetime as the parent measured it.
    Wall,
}

impl TimeMeasure {
    /// `solver` or `wall`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeMeasure::Solver => "solver",
            TimeMeasure::Wall => "wall",
        }
    }
}

/// One run: one instance on one backend, one repeat. Every run is a row,
/// whatever happened to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// Instance id.
    pub instance: String,
    /// `mps` or `model`.
    pub kind: InstanceKind,
    /// Backend id.
    pub backend: String,
    /// 1-based repeat.
    pub repeat: usize,
    /// Position in the run order (1-based).
    pub order: usize,
    /// A [`Status`] id, or `time_limit` (killed at the limit plus grace),
    /// `crashed` (died by a signal or a panic), `error` (the solve failed
    /// with an error: unreadable file, solver failure, unsupported).
    pub status: String,
    /// Finished, not wrong, within the time limit.
    pub solved: bool,
    /// A wrong answer ([`judge`]).
    pub wrong: bool,
    /// Why it is not solved or wrong (empty when solved).
    pub reason: String,
    /// Value of the first objective at the returned solution.
    pub objective: Option<f64>,
    /// The known answer (number, `infeasible`, `front`), where known.
    pub known: Option<String>,
    /// `|objective - known optimum|`.
    pub abs_error: Option<f64>,
    /// `abs_error / max(1, |known optimum|)`.
    pub rel_error: Option<f64>,
    /// The checker's verdict, when a solution was returned.
    pub check_passed: Option<bool>,
    /// Largest bound, row or integrality violation of the solution.
    pub max_violation: Option<f64>,
    /// Lifetime of the child process, seconds (parent clock).
    pub wall_seconds: f64,
    /// Seconds inside the solver, summed over stages (worker clock).
    pub solver_seconds: Option<f64>,
    /// Number of scalar solves.
    pub solves: Option<usize>,
    /// Peak resident memory of the child, KiB (its own `ru_maxrss`).
    pub peak_rss_kib: Option<u64>,
    /// Constraint rows of the program solved.
    pub rows: Option<usize>,
    /// Columns.
    pub cols: Option<usize>,
    /// Integer columns.
    pub integers: Option<usize>,
    /// Nonzeros.
    pub nonzeros: Option<usize>,
}

impl Run {
    /// The time of this run in `measure` (solver time falls back to wall
    /// time when the worker did not report one).
    pub fn time(&self, measure: TimeMeasure) -> f64 {
        match measure {
            TimeMeasure::Solver => self.solver_seconds.unwrap_or(self.wall_seconds),
            TimeMeasure::Wall => self.wall_seconds,
        }
    }
}

/// One instance on one backend over its repeats.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Instance id.
    pub instance: String,
    /// Backend id.
    pub backend: String,
    /// Runs recorded.
    pub runs: usize,
    /// Runs solved.
    pub solved_runs: usize,
    /// Solved in every repeat (a flaky instance counts as not solved).
    pub solved: bool,
    /// Wrong in at least one repeat.
    pub wrong: bool,
    /// The most frequent status (ties: the first in run order).
    pub status: String,
    /// Every status with its count, when repeats disagree (`optimal x2, time_limit x1`).
    pub statuses: String,
    /// The first reason recorded.
    pub reason: String,
    /// Objective of the first run with one.
    pub objective: Option<f64>,
    /// The known answer.
    pub known: Option<String>,
    /// Largest relative error over the repeats.
    pub rel_error: Option<f64>,
    /// Median wall seconds over the repeats.
    pub wall_seconds: f64,
    /// Median solver seconds over the repeats that reported one.
    pub solver_seconds: Option<f64>,
    /// Largest peak memory over the repeats, KiB.
    pub peak_rss_kib: Option<u64>,
    /// Rows of the program.
    pub rows: Option<usize>,
    /// Columns.
    pub cols: Option<usize>,
    /// Integer columns.
    pub integers: Option<usize>,
}

impl Cell {
    /// The median time in `measure`.
    pub fn time(&self, measure: TimeMeasure) -> f64 {
        match measure {
            TimeMeasure::Solver => self.solver_seconds.unwrap_or(self.wall_seconds),
            TimeMeasure::Wall => self.wall_seconds,
        }
    }
}

/// Reduces runs to cells, in instance order (first appearance) then
/// `backends` order.
pub fn summarize(runs: &[Run], backends: &[String]) -> Vec<Cell> {
    let mut instances: Vec<&str> = Vec::new();
    for r in runs {
        if !instances.contains(&r.instance.as_str()) {
            instances.push(&r.instance);
        }
    }
    let mut cells = Vec::new();
    for inst in instances {
        for b in backends {
            let mut rs: Vec<&Run> = runs
                .iter()
                .filter(|r| r.instance == inst && &r.backend == b)
                .collect();
            if rs.is_empty() {
                continue;
            }
            rs.sort_by_key(|r| r.order);
            cells.push(cell(&rs));
        }
    }
    cells
}

fn cell(rs: &[&Run]) -> Cell {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in rs {
        match counts.iter_mut().find(|(s, _)| *s == r.status) {
            Some(c) => c.1 += 1,
            None => counts.push((&r.status, 1)),
        }
    }
    let top = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(s, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((s, n)),
        })
        .map(|(s, _)| s.to_string())
        .unwrap_or_default();
    let statuses = if counts.len() > 1 {
        counts
            .iter()
            .map(|(s, n)| format!("{s} x{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        String::new()
    };
    let walls: Vec<f64> = rs.iter().map(|r| r.wall_seconds).collect();
    let solver: Vec<f64> = rs.iter().filter_map(|r| r.solver_seconds).collect();
    let first = rs[0];
    Cell {
        instance: first.instance.clone(),
        backend: first.backend.clone(),
        runs: rs.len(),
        solved_runs: rs.iter().filter(|r| r.solved).count(),
        solved: rs.iter().all(|r| r.solved),
        wrong: rs.iter().any(|r| r.wrong),
        status: top,
        statuses,
        reason: rs
            .iter()
            .map(|r| r.reason.as_str())
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string(),
        objective: rs.iter().find_map(|r| r.objective),
        known: first.known.clone(),
        rel_error: rs
            .iter()
            .filter_map(|r| r.rel_error)
            .fold(None, |m: Option<f64>, e| Some(m.map_or(e, |m| m.max(e)))),
        wall_seconds: median(&walls).unwrap_or(0.0),
        solver_seconds: median(&solver),
        peak_rss_kib: rs.iter().filter_map(|r| r.peak_rss_kib).max(),
        rows: rs.iter().find_map(|r| r.rows),
        cols: rs.iter().find_map(|r| r.cols),
        integers: rs.iter().find_map(|r| r.integers),
    }
}

/// The instances of `cells` in order, and `times[p][s]`: the median time
/// of backend `backends[s]` on instance `p` in `measure`, `None` unless
/// solved.
pub fn time_matrix(
    cells: &[Cell],
    backends: &[String],
    measure: TimeMeasure,
) -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let mut names: Vec<String> = Vec::new();
    for c in cells {
        if !names.contains(&c.instance) {
            names.push(c.instance.clone());
        }
    }
    let times = names
        .iter()
        .map(|n| {
            backends
                .iter()
                .map(|b| {
                    cells
                        .iter()
                        .find(|c| &c.instance == n && &c.backend == b)
                        .filter(|c| c.solved)
                        .map(|c| c.time(measure))
                })
                .collect()
        })
        .collect();
    (names, times)
}

/// One backend's totals over the instances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Backend id.
    pub backend: String,
    /// Instances run.
    pub instances: usize,
    /// Solved (in every repeat).
    pub solved: usize,
    /// Wrong in some repeat.
    pub wrong: usize,
    /// Killed or stopped at the time limit (most frequent status).
    pub time_limits: usize,
    /// Errors and crashes (most frequent status).
    pub errors: usize,
    /// Shifted geometric mean of the median times, unsolved instances
    /// counted at the time limit.
    pub shifted_geomean: f64,
    /// `shifted_geomean` over the best backend's.
    pub ratio_to_best: f64,
    /// Fraction of instances this backend was fastest on (ties count),
    /// `rho(1)` of the performance profile.
    pub fastest: f64,
}

/// Per-backend totals. `shift` is the geometric mean's shift in seconds;
/// unsolved instances count at `time_limit` (Mittelmann's convention).
pub fn totals(
    cells: &[Cell],
    backends: &[String],
    measure: TimeMeasure,
    time_limit: f64,
    shift: f64,
) -> Vec<Totals> {
    let (_, times) = time_matrix(cells, backends, measure);
    let prof = Profile::new(&times);
    let mut out: Vec<Totals> = backends
        .iter()
        .enumerate()
        .map(|(s, b)| {
            let mine: Vec<&Cell> = cells.iter().filter(|c| &c.backend == b).collect();
            let t: Vec<f64> = times
                .iter()
                .map(|row| row[s].map_or(time_limit, |t| t.min(time_limit)))
                .collect();
            Totals {
                backend: b.clone(),
                instances: mine.len(),
                solved: mine.iter().filter(|c| c.solved).count(),
                wrong: mine.iter().filter(|c| c.wrong).count(),
                time_limits: mine
                    .iter()
                    .filter(|c| c.status.starts_with("time_limit"))
                    .count(),
                errors: mine
                    .iter()
                    .filter(|c| c.status == "error" || c.status == "crashed")
                    .count(),
                shifted_geomean: shifted_geomean(&t, shift),
                ratio_to_best: 1.0,
                fastest: if times.is_empty() {
                    0.0
                } else {
                    prof.fraction(s, 1.0)
                },
            }
        })
        .collect();
    let best = out
        .iter()
        .map(|t| t.shifted_geomean)
        .fold(f64::INFINITY, f64::min);
    for t in &mut out {
        t.ratio_to_best = if best > 0.0 {
            t.shifted_geomean / best
        } else {
            1.0
        };
    }
    out
}

// ---------------------------------------------------------------------------
// Text and files

/// Seconds for tables: 4 significant figures, no exponent below 1e5.
pub fn fmt_seconds(t: f64) -> String {
    if t >= 100.0 {
        format!("{t:.1}")
    } else if t >= 10.0 {
        format!("{t:.2}")
    } else if t >= 1.0 {
        format!("{t:.3}")
    } else {
        format!("{t:.4}")
    }
}

fn short_status(s: &str) -> &str {
    match s {
        "optimal" => "optimal",
        "infeasible" => "infeas",
        "unbounded" => "unbdd",
        "infeasible_or_unbounded" => "inf|unb",
        "time_limit_feasible" => "TL-feas",
        "time_limit_no_solution" => "TL",
        "time_limit" => "TL-kill",
        "crashed" => "CRASH",
        "error" => "ERROR",
        other => other,
    }
}

/// The text table: one line per instance with the backends side by side
/// (status, median time in `measure`, relative error against the known
/// optimum), then the footer of `totals`.
pub fn table(
    cells: &[Cell],
    backends: &[String],
    totals: &[Totals],
    measure: TimeMeasure,
    shift: f64,
    time_limit: f64,
) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in cells {
        if !names.contains(&c.instance.as_str()) {
            names.push(&c.instance);
        }
    }
    // Four columns of the instance, then three per backend (status, time,
    // error and flag), each backend's group behind a `|`.
    let mut aligns = vec![Align::Left, Align::Right, Align::Right, Align::Right];
    for _ in backends {
        aligns.extend([Align::Left, Align::Right, Align::Right]);
    }
    let mut t = Table::bare(&aligns)
        .min_width(0, 8)
        .min_width(1, 7)
        .min_width(2, 7)
        .min_width(3, 5);
    for k in 0..backends.len() {
        let c = 4 + 3 * k;
        t = t
            .separator(c, " | ")
            .min_width(c, 11)
            .min_width(c + 1, 8)
            .min_width(c + 2, 7);
    }
    let mut group = vec![String::new(); 4];
    let mut head = vec![
        "instance".to_string(),
        "rows".into(),
        "cols".into(),
        "int".into(),
    ];
    let time_head = format!("{}-s", measure.as_str());
    for b in backends {
        group.extend([b.clone(), String::new(), String::new()]);
        head.extend(["status".to_string(), time_head.clone(), "rel.err".into()]);
    }
    t.row(group);
    t.row(head);
    t.rule();
    let opt = |v: Option<usize>| v.map_or("-".to_string(), |v| v.to_string());
    for n in names {
        let cells: Vec<Option<&Cell>> = backends
            .iter()
            .map(|b| cells.iter().find(|c| c.instance == n && &c.backend == b))
            .collect();
        let mut row = vec![
            n.to_string(),
            opt(cells.iter().flatten().find_map(|c| c.rows)),
            opt(cells.iter().flatten().find_map(|c| c.cols)),
            opt(cells.iter().flatten().find_map(|c| c.integers)),
        ];
        for c in &cells {
            match c {
                None => row.extend(["-".to_string(), String::new(), String::new()]),
                Some(c) => {
                    let mut status = short_status(&c.status).to_string();
                    if c.solved_runs > 0 && c.solved_runs < c.runs {
                        status = format!("{status}({}/{})", c.solved_runs, c.runs);
                    }
                    let err = c.rel_error.map_or("-".to_string(), |e| {
                        if e == 0.0 {
                            "0".to_string()
                        } else {
                            format!("{e:.0e}")
                        }
                    });
                    let flag = if c.wrong { " WRONG" } else { "" };
                    row.extend([status, fmt_seconds(c.time(measure)), format!("{err}{flag}")]);
                }
            }
        }
        t.row(row);
    }
    let mut s = t.render();
    s.push('\n');
    let mut t = Table::new(&[
        ("backend", Align::Left),
        ("solved", Align::Right),
        ("wrong", Align::Right),
        ("limit", Align::Right),
        ("errors", Align::Right),
        ("fastest", Align::Right),
        (&format!("sgm({shift}s)"), Align::Right),
        ("ratio", Align::Right),
    ])
    .min_width(0, 10)
    .min_width(1, 9)
    .min_width(2, 6)
    .min_width(3, 7)
    .min_width(4, 7)
    .min_width(5, 8)
    .min_width(6, 13)
    .min_width(7, 8);
    for x in totals {
        t.row([
            x.backend.clone(),
            format!("{}/{}", x.solved, x.instances),
            x.wrong.to_string(),
            x.time_limits.to_string(),
            x.errors.to_string(),
            format!("{:.0}%", 100.0 * x.fastest),
            fmt_seconds(x.shifted_geomean),
            format!("{:.3}", x.ratio_to_best),
        ]);
    }
    s.push_str(&t.render());
    let _ = writeln!(
        s,
        "times: median {} seconds over the repeats; sgm: shifted geometric mean with shift {shift} s, \
         unsolved counted at the time limit ({time_limit} s); ratio: to the best sgm",
        measure.as_str()
    );
    s
}

fn opt_f(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v:e}"))
}

fn opt_u<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// Columns of `runs.csv`.
pub const RUN_COLUMNS: &[&str] = &[
    "instance",
    "kind",
    "backend",
    "repeat",
    "order",
    "status",
    "solved",
    "wrong",
    "objective",
    "known",
    "abs_error",
    "rel_error",
    "check_passed",
    "max_violation",
    "wall_seconds",
    "solver_seconds",
    "solves",
    "peak_rss_kib",
    "rows",
    "cols",
    "integers",
    "nonzeros",
    "reason",
];

/// `runs.csv`: one row per run, [`RUN_COLUMNS`].
pub fn runs_csv(runs: &[Run]) -> Result<String> {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.instance.clone(),
                r.kind.as_str().into(),
                r.backend.clone(),
                r.repeat.to_string(),
                r.order.to_string(),
                r.status.clone(),
                r.solved.to_string(),
                r.wrong.to_string(),
                opt_f(r.objective),
                r.known.clone().unwrap_or_default(),
                opt_f(r.abs_error),
                opt_f(r.rel_error),
                opt_u(r.check_passed),
                opt_f(r.max_violation),
                format!("{:.6}", r.wall_seconds),
                r.solver_seconds
                    .map_or(String::new(), |t| format!("{t:.6}")),
                opt_u(r.solves),
                opt_u(r.peak_rss_kib),
                opt_u(r.rows),
                opt_u(r.cols),
                opt_u(r.integers),
                opt_u(r.nonzeros),
                r.reason.clone(),
            ]
        })
        .collect();
    crate::report::csv_records(RUN_COLUMNS, rows)
}

/// Columns of `summary.csv`.
pub const CELL_COLUMNS: &[&str] = &[
    "instance",
    "backend",
    "runs",
    "solved_runs",
    "solved",
    "wrong",
    "status",
    "statuses",
    "objective",
    "known",
    "rel_error",
    "wall_seconds_median",
    "solver_seconds_median",
    "peak_rss_kib_max",
    "rows",
    "cols",
    "integers",
    "reason",
];

/// `summary.csv`: one row per instance and backend, [`CELL_COLUMNS`].
pub fn cells_csv(cells: &[Cell]) -> Result<String> {
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|c| {
            vec![
                c.instance.clone(),
                c.backend.clone(),
                c.runs.to_string(),
                c.solved_runs.to_string(),
                c.solved.to_string(),
                c.wrong.to_string(),
                c.status.clone(),
                c.statuses.clone(),
                opt_f(c.objective),
                c.known.clone().unwrap_or_default(),
                opt_f(c.rel_error),
                format!("{:.6}", c.wall_seconds),
                c.solver_seconds
                    .map_or(String::new(), |t| format!("{t:.6}")),
                opt_u(c.peak_rss_kib),
                opt_u(c.rows),
                opt_u(c.cols),
                opt_u(c.integers),
                c.reason.clone(),
            ]
        })
        .collect();
    crate::report::csv_records(CELL_COLUMNS, rows)
}

/// `profile.csv`: the steps of every backend's curve (`backend`, `tau`,
/// `fraction`), one row per step.
pub fn profile_csv(profile: &Profile, backends: &[String]) -> Result<String> {
    let mut rows = Vec::new();
    for (s, b) in backends.iter().enumerate() {
        for (tau, f) in profile.steps(s) {
            rows.push(vec![b.clone(), format!("{tau}"), format!("{f}")]);
        }
    }
    crate::report::csv_records(&["backend", "tau", "fraction"], rows)
}

/// `instances.csv`: the data of the per-instance chart: instances in
/// chart order (by best median time), one row per backend
/// (`rank`, `instance`, `backend`, `seconds`, `solved`, `status`).
pub fn instances_csv(
    order: &[String],
    cells: &[Cell],
    backends: &[String],
    measure: TimeMeasure,
) -> Result<String> {
    let mut rows = Vec::new();
    for (i, n) in order.iter().enumerate() {
        for b in backends {
            if let Some(c) = cells.iter().find(|c| &c.instance == n && &c.backend == b) {
                rows.push(vec![
                    (i + 1).to_string(),
                    n.clone(),
                    b.clone(),
                    format!("{:.6}", c.time(measure)),
                    c.solved.to_string(),
                    c.status.clone(),
                ]);
            }
        }
    }
    crate::report::csv_records(
        &["rank", "instance", "backend", "seconds", "solved", "status"],
        rows,
    )
}

/// Instances ordered for the per-instance chart: by the best solved median
/// time over the backends, instances no backend solved last (by name).
pub fn chart_order(cells: &[Cell], backends: &[String], measure: TimeMeasure) -> Vec<String> {
    let (names, times) = time_matrix(cells, backends, measure);
    let mut idx: Vec<(f64, &String)> = names
        .iter()
        .zip(&times)
        .map(|(n, row)| {
            let best = row.iter().flatten().copied().fold(f64::INFINITY, f64::min);
            (best, n)
        })
        .collect();
    idx.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    idx.into_iter().map(|(_, n)| n.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(passed: bool) -> Verdict {
        Verdict {
            passed,
            max_bound_violation: 0.0,
            max_row_violation: if passed { 0.0 } else { 1.0 },
            max_integrality_violation: 0.0,
            objective_error: 0.0,
            worst: Vec::new(),
        }
    }

    fn passed() -> Verdict {
        verdict(true)
    }

    #[test]
    fn filters_match_substrings_and_globs() {
        assert!(matches_filter("netlib/afiro.mps", "netlib"));
        assert!(matches_filter("netlib/afiro.mps", "netlib/*.mps"));
        assert!(!matches_filter("netlib/infeasible/x.mps", "netlib/a*"));
        assert!(matches_filter("netlib/sc50a.mps", "*sc50?.mps"));
        assert!(!matches_filter("miplib/p0201.mps", "netlib"));
        assert!(matches_filter("abc", "*"));
        assert!(!matches_filter("abc", "a?"));
    }

    #[test]
    fn judge_optimum() {
        let k = Known::Optimum(-464.75314286);
        let ok = judge(
            Some(&k),
            Sense::Min,
            Status::Optimal,
            Some(-464.7531428601),
            Some(&passed()),
        );
        assert!(ok.finished && !ok.wrong, "{ok:?}");
        let off = judge(
            Some(&k),
            Sense::Min,
            Status::Optimal,
            Some(-464.0),
            Some(&passed()),
        );
        assert!(off.wrong);
        let inf = judge(Some(&k), Sense::Min, Status::Infeasible, None, None);
        assert!(inf.wrong && inf.finished);
        // Time limit: not finished; a point better than the optimum is wrong.
        let tl = judge(
            Some(&k),
            Sense::Min,
            Status::TimeLimitFeasible,
            Some(-400.0),
            Some(&passed()),
        );
        assert!(!tl.finished && !tl.wrong);
        let tl = judge(
            Some(&k),
            Sense::Min,
            Status::TimeLimitFeasible,
            Some(-500.0),
            Some(&passed()),
        );
        assert!(tl.wrong);
        let tl = judge(
            Some(&k),
            Sense::Min,
            Status::TimeLimitNoSolution,
            None,
            None,
        );
        assert!(!tl.finished && !tl.wrong);
    }

    #[test]
    fn judge_infeasible_and_checker() {
        let k = Known::Infeasible;
        assert!(!judge(Some(&k), Sense::Min, Status::Infeasible, None, None).wrong);
        assert!(
            !judge(
                Some(&k),
                Sense::Min,
                Status::InfeasibleOrUnbounded,
                None,
                None
            )
            .wrong
        );
        let j = judge(
            Some(&k),
            Sense::Min,
            Status::Optimal,
            Some(1.0),
            Some(&passed()),
        );
        assert!(j.wrong && j.notes.len() == 2, "{j:?}");
        // Unknown answer: only the checker can make it wrong.
        let failed = verdict(false);
        assert!(judge(None, Sense::Max, Status::Optimal, Some(1.0), Some(&failed)).wrong);
        assert!(
            !judge(
                None,
                Sense::Max,
                Status::Optimal,
                Some(1.0),
                Some(&passed())
            )
            .wrong
        );
        assert!(judge(None, Sense::Max, Status::Optimal, Some(1.0), None).wrong);
        assert!(
            !judge(
                None,
                Sense::Max,
                Status::TimeLimitFeasible,
                Some(1.0),
                Some(&passed())
            )
            .finished
        );
    }

    fn run(instance: &str, backend: &str, repeat: usize, status: &str, t: f64) -> Run {
        let solved = status == "optimal";
        Run {
            instance: instance.into(),
            kind: InstanceKind::Mps,
            backend: backend.into(),
            repeat,
            order: repeat,
            status: status.into(),
            solved,
            wrong: false,
            reason: String::new(),
            objective: solved.then_some(1.0),
            known: None,
            abs_error: None,
            rel_error: None,
            check_passed: solved.then_some(true),
            max_violation: None,
            wall_seconds: t + 0.01,
            solver_seconds: Some(t),
            solves: Some(1),
            peak_rss_kib: Some(1000 * repeat as u64),
            rows: Some(3),
            cols: Some(4),
            integers: Some(0),
            nonzeros: Some(5),
        }
    }

    #[test]
    fn repeats_reduce_to_medians_and_flaky_is_unsolved() {
        let b = vec!["a".to_string(), "b".to_string()];
        let runs = vec![
            run("p", "a", 1, "optimal", 1.0),
            run("p", "a", 2, "optimal", 3.0),
            run("p", "a", 3, "optimal", 2.0),
            run("p", "b", 1, "optimal", 1.0),
            run("p", "b", 2, "time_limit", 10.0),
            run("p", "b", 3, "optimal", 1.0),
        ];
        let cells = summarize(&runs, &b);
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].solver_seconds, Some(2.0));
        assert!(cells[0].solved);
        assert_eq!(cells[0].peak_rss_kib, Some(3000));
        assert!(!cells[1].solved);
        assert_eq!(cells[1].solved_runs, 2);
        assert_eq!(cells[1].status, "optimal");
        assert_eq!(cells[1].statuses, "optimal x2, time_limit x1");
        let t = totals(&cells, &b, TimeMeasure::Solver, 10.0, 1.0);
        assert_eq!((t[0].solved, t[1].solved), (1, 0));
        // b unsolved counts at the limit: sgm 10, a's sgm 2.
        assert!((t[0].shifted_geomean - 2.0).abs() < 1e-12);
        assert!((t[1].shifted_geomean - 10.0).abs() < 1e-12);
        assert!((t[1].ratio_to_best - 5.0).abs() < 1e-12);
        assert!((t[0].ratio_to_best - 1.0).abs() < 1e-12);
        let text = table(&cells, &b, &t, TimeMeasure::Solver, 1.0, 10.0);
        assert!(text.contains("optimal(2/3)"), "{text}");
        let csv = runs_csv(&runs).unwrap();
        assert_eq!(csv.lines().count(), 7);
        assert!(csv.starts_with(&RUN_COLUMNS.join(",")));
    }

    #[test]
    fn discovery_of_folders_manifests_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("lp/sub")).unwrap();
        std::fs::create_dir_all(d.join("data1")).unwrap();
        std::fs::write(d.join("data1/actors.csv"), "id\n").unwrap();
        std::fs::write(d.join("lp/a.mps"), "NAME a\n").unwrap();
        std::fs::write(d.join("lp/sub/b.MPS"), "NAME b\n").unwrap();
        std::fs::write(d.join("lp/c.mop"), "NAME c\n").unwrap();
        std::fs::write(d.join("lp/notes.txt"), "x").unwrap();
        std::fs::write(d.join("model.toml"), "data = \"data1\"\n").unwrap();
        std::fs::write(d.join("Other.toml"), "[package]\n").unwrap();
        std::fs::write(
            d.join("MANIFEST.csv"),
            "path,known_optimum\nlp/a.mps,1.5\nlp/c.mop,lp/c.front.txt\nlp/x.dat,\n",
        )
        .unwrap();
        let found = discover(&[d.to_path_buf()], &[]).unwrap();
        let names: Vec<&str> = found.instances.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "data1",
                "lp/a.mps",
                "lp/c.mop",
                "lp/sub/b.MPS",
                "model.toml"
            ]
        );
        assert_eq!(found.instances[1].known, Some(Known::Optimum(1.5)));
        assert_eq!(found.instances[0].kind, InstanceKind::Model);
        assert_eq!(found.instances[4].kind, InstanceKind::Model);
        // A file below a manifest gets its manifest name and answer.
        let one = discover(&[d.join("lp/a.mps")], &[]).unwrap();
        assert_eq!(one.instances[0].name, "lp/a.mps");
        assert_eq!(one.instances[0].known, Some(Known::Optimum(1.5)));
        // The manifest itself: its readable rows; the same file twice runs once.
        let m = discover(
            &[d.join("MANIFEST.csv"), d.join("lp/a.mps")],
            &["lp/".into()],
        )
        .unwrap();
        assert_eq!(m.instances.len(), 2);
        assert_eq!(m.unreadable.len(), 1);
        let f = discover(&[d.to_path_buf()], &["*.mop".into(), "data".into()]).unwrap();
        assert_eq!(f.instances.len(), 2);
        assert!(matches!(
            discover(&[d.join("missing.mps")], &[]),
            Err(Error::Io { .. })
        ));
        assert!(matches!(
            discover(&[d.join("lp/notes.txt")], &[]),
            Err(Error::Usage(_))
        ));
    }
}
