//! Reports of a solve: the JSON summary (stable field names: scripts depend
//! on them), the CSV tables, the planner's text table, and the `--out`
//! folder with its manifest. Every file is written atomically.
//!
//! A report renders an [`Answer`] about a [`Subject`]: the model's name,
//! its instance and what the screen found (domain models), and the program
//! solved. It reads the decoded allocation, never the formulation's
//! columns, and analyses nothing itself.

pub mod cooperation;
pub mod explain;
pub mod flows;
pub mod html;
pub mod kit;
pub mod plot;
pub mod sensitivity;
pub mod text;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::backend::{Info, Status};
use crate::check::Verdict;
use crate::domain::screen::Blocked;
use crate::domain::{Allocation, Instance};
use crate::program::Program;
use crate::solve::{Answer, Payoff, Stage};
use crate::{Error, Result};

use text::{Align, Table};

/// Values closer to zero than this are printed and stored as 0.
const ZERO: f64 = 1e-9;

fn clean(v: f64) -> f64 {
    if v.abs() < ZERO {
        0.0
    } else {
        v
    }
}

/// One project in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectRow {
    /// Project id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Delivered fraction `x_p`.
    pub fraction: f64,
    /// `y_p`: the project goes ahead.
    pub goes_ahead: bool,
    /// Money delivered (`cost * fraction`).
    pub funding: f64,
    /// Stability benefit delivered.
    pub benefit: f64,
    /// Participating actors (ids), largest funder first.
    pub coalition: Vec<String>,
}

/// One actor's contribution to one project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationRow {
    /// Actor id.
    pub actor: String,
    /// Project id.
    pub project: String,
    /// Money `f_ap`.
    pub funding: f64,
    /// Person-years `s_ap`.
    pub personnel: f64,
}

/// One actor's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    /// Actor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Money committed.
    pub funding_used: f64,
    /// Person-years committed.
    pub personnel_used: f64,
    /// Its budget.
    pub budget: f64,
    /// Its personnel.
    pub personnel: f64,
}

/// One non-zero column of a program file's solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnValue {
    /// Column name.
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// The domain part of a summary: the allocation as planners read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainTables {
    /// Projects in file order.
    pub projects: Vec<ProjectRow>,
    /// Non-zero contributions.
    pub allocations: Vec<AllocationRow>,
    /// Actors in file order.
    pub actors: Vec<ActorRow>,
    /// Projects that cannot go ahead in any allocation, and why.
    pub blocked: Vec<Blocked>,
}

/// The summary of one solve (the JSON of `accord solve --format json`): a
/// domain model's has `projects`, `allocations`, `actors` and `blocked`; a
/// program file's has `columns`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Model name.
    pub model: String,
    /// Our status.
    pub status: Status,
    /// Objective values at the final allocation, in priority order.
    pub objectives: serde_json::Map<String, serde_json::Value>,
    /// Weighted or lexicographic (or the front point it came from).
    pub method: String,
    /// The allocation, for domain models.
    #[serde(flatten)]
    pub domain: Option<DomainTables>,
    /// Non-zero columns, for program files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<ColumnValue>>,
    /// Backend id.
    pub backend: String,
    /// Backend version.
    pub backend_version: String,
    /// Seconds inside the solver (all stages).
    pub solve_seconds: f64,
    /// Seconds of the whole run (load, build, solve, check).
    pub wall_seconds: f64,
    /// The checker's verdict (absent without a solution).
    pub check: Option<Verdict>,
    /// Every scalar solve made.
    pub stages: Vec<Stage>,
    /// Payoff table, when computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payoff: Option<Payoff>,
    /// Size of the program solved.
    pub program: ProgramSize,
}

/// Size of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramSize {
    /// Columns.
    pub columns: usize,
    /// Integer columns.
    pub integers: usize,
    /// Rows.
    pub rows: usize,
    /// Nonzeros.
    pub nonzeros: usize,
    /// Columns fixed at 0 before solving (vetoes, the domain presolve).
    #[serde(default)]
    pub fixed: usize,
}

impl ProgramSize {
    /// The size of `p`.
    pub fn of(p: &Program) -> Self {
        ProgramSize {
            columns: p.num_cols(),
            integers: p.num_integers(),
            rows: p.num_rows(),
            nonzeros: p.num_nonzeros(),
            fixed: (0..p.num_cols())
                .filter(|&j| p.col_lower[j] == 0.0 && p.col_upper[j] == 0.0)
                .count(),
        }
    }
}

/// What a report is about: a model as the front door loaded it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The model's name.
    pub name: &'a str,
    /// Its data, for domain models.
    pub instance: Option<&'a Instance>,
    /// Projects that cannot go ahead in any allocation (domain models).
    pub blocked: &'a [Blocked],
    /// The program solved.
    pub program: &'a Program,
}

/// Builds the summary of `answer`, an answer about `model`; `wall_seconds`
/// is the whole run's.
pub fn summarize(model: &Subject<'_>, answer: &Answer, method: &str, wall_seconds: f64) -> Summary {
    let objectives = answer
        .values
        .iter()
        .map(|(name, v)| (name.clone(), serde_json::json!(clean(*v))))
        .collect();
    let domain = model.instance.map(|inst| {
        let (projects, allocations, actors) = match &answer.allocation {
            Some(a) => tables(inst, a),
            None => (Vec::new(), Vec::new(), Vec::new()),
        };
        DomainTables {
            projects,
            allocations,
            actors,
            blocked: model.blocked.to_vec(),
        }
    });
    let columns = model.instance.is_none().then(|| {
        answer.x.as_ref().map_or_else(Vec::new, |x| {
            x.iter()
                .enumerate()
                .filter(|(_, v)| v.abs() >= ZERO)
                .map(|(j, &value)| ColumnValue {
                    name: model.program.col_name(j),
                    value,
                })
                .collect()
        })
    });
    Summary {
        model: model.name.to_string(),
        status: answer.status,
        objectives,
        method: method.to_string(),
        domain,
        columns,
        backend: answer.backend.id.clone(),
        backend_version: answer.backend.version.clone(),
        solve_seconds: answer.solver_seconds,
        wall_seconds,
        check: answer.check.as_ref().map(Verdict::from),
        stages: answer.stages.clone(),
        payoff: answer.payoff.clone(),
        program: ProgramSize::of(model.program),
    }
}

/// The planner's tables of an allocation: projects, non-zero
/// contributions, actors.
pub fn tables(
    inst: &Instance,
    a: &Allocation,
) -> (Vec<ProjectRow>, Vec<AllocationRow>, Vec<ActorRow>) {
    let mut allocations = Vec::new();
    let mut used = vec![(0.0, 0.0); inst.actors.len()];
    let mut coalition: Vec<Vec<(f64, f64, String)>> = vec![Vec::new(); inst.projects.len()];
    for (e, i) in inst.interests.iter().enumerate() {
        let funding = clean(a.funding[e]);
        let personnel = clean(a.personnel[e]);
        if funding == 0.0 && personnel == 0.0 {
            continue;
        }
        used[i.actor].0 += funding;
        used[i.actor].1 += personnel;
        let actor = inst.actors[i.actor].id.clone();
        coalition[i.project].push((funding, personnel, actor.clone()));
        allocations.push(AllocationRow {
            actor,
            project: inst.projects[i.project].id.clone(),
            funding,
            personnel,
        });
    }
    let projects = inst
        .projects
        .iter()
        .enumerate()
        .map(|(p, proj)| {
            let fraction = clean(a.fraction[p]).clamp(0.0, 1.0);
            let mut members = std::mem::take(&mut coalition[p]);
            members.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
            ProjectRow {
                id: proj.id.clone(),
                name: proj.name.clone(),
                fraction,
                goes_ahead: a.go[p],
                funding: clean(proj.cost * fraction),
                benefit: clean(proj.benefit * fraction),
                coalition: members.into_iter().map(|m| m.2).collect(),
            }
        })
        .collect();
    let actors = inst
        .actors
        .iter()
        .zip(&used)
        .map(|(a, &(f, s))| ActorRow {
            id: a.id.clone(),
            name: a.name.clone(),
            funding_used: clean(f),
            personnel_used: clean(s),
            budget: a.budget,
            personnel: a.personnel,
        })
        .collect();
    (projects, allocations, actors)
}

/// Formats a number for tables: up to 4 decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let v = clean(v);
    if v == v.round() && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The checker's line of a table: verdict, largest violations, and where
/// the worst ones are when it failed.
pub fn check_line(c: Option<&Verdict>) -> String {
    match c {
        Some(c) => format!("check: {}\n", c.summary()),
        None => "check: no solution to check\n".to_string(),
    }
}

/// The planner's table: objectives, chosen projects with their coalitions,
/// each actor's spend against its budget (for a program file: the non-zero
/// columns).
pub fn table(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "accord: model {} | status {} | method {} | backend {} {}",
        s.model, s.status, s.method, s.backend, s.backend_version
    );
    let _ = writeln!(
        out,
        "program: {} columns ({} integer{}), {} rows, {} nonzeros | solver {:.3} s in {} solve{} | wall {:.3} s",
        s.program.columns,
        s.program.integers,
        if s.program.fixed > 0 {
            format!(", {} fixed at 0 before solving", s.program.fixed)
        } else {
            String::new()
        },
        s.program.rows,
        s.program.nonzeros,
        s.solve_seconds,
        s.stages.len(),
        if s.stages.len() == 1 { "" } else { "s" },
        s.wall_seconds
    );
    out.push_str(&check_line(s.check.as_ref()));
    let value = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    if let Some(columns) = &s.columns {
        let mut t = Table::bare(&[Align::Left, Align::Right])
            .indent(2)
            .min_width(0, 16)
            .min_width(1, 22);
        for (name, v) in &s.objectives {
            t.row([name.clone(), format!("{:.12e}", value(v))]);
        }
        out.push_str(&t.render());
        let _ = writeln!(out, "non-zero columns: {}", columns.len());
        let mut t = Table::bare(&[Align::Left, Align::Right])
            .indent(2)
            .min_width(0, 16)
            .min_width(1, 22);
        for c in columns.iter().take(50) {
            t.row([c.name.clone(), num(c.value)]);
        }
        out.push_str(&t.render());
        if columns.len() > 50 {
            let _ = writeln!(
                out,
                "  ... {} more (use --format json or csv)",
                columns.len() - 50
            );
        }
        return out;
    }
    if !s.objectives.is_empty() {
        let _ = writeln!(out, "\nObjectives");
        let mut t = Table::bare(&[Align::Left, Align::Right])
            .indent(2)
            .min_width(0, 14)
            .min_width(1, 14);
        for (name, v) in &s.objectives {
            t.row([name.clone(), num(value(v))]);
        }
        out.push_str(&t.render());
    }
    if let Some(p) = &s.payoff {
        let _ = writeln!(
            out,
            "\nPayoff table (row k: lexicographic optimum of objective k first)"
        );
        let mut aligns = vec![Align::Left];
        aligns.extend(p.names.iter().map(|_| Align::Right));
        let mut t = Table::bare(&aligns).indent(2);
        for c in 0..aligns.len() {
            t = t.min_width(c, 14);
        }
        t.row(std::iter::once(String::new()).chain(p.names.iter().cloned()));
        for (k, row) in p.values.iter().enumerate() {
            t.row(std::iter::once(p.names[k].clone()).chain(row.iter().map(|v| num(*v))));
        }
        for (label, vals) in [("ideal", &p.ideal), ("nadir", &p.nadir)] {
            t.row(std::iter::once(label.to_string()).chain(vals.iter().map(|v| num(*v))));
        }
        out.push_str(&t.render());
    }
    let Some(d) = &s.domain else {
        return out;
    };
    let ahead: Vec<&ProjectRow> = d.projects.iter().filter(|p| p.goes_ahead).collect();
    if !d.projects.is_empty() {
        let _ = writeln!(
            out,
            "\nProjects going ahead: {} of {}",
            ahead.len(),
            d.projects.len()
        );
        let mut t = Table::new(&[
            ("project", Align::Left),
            ("fraction", Align::Right),
            ("funding", Align::Right),
            ("benefit", Align::Right),
            ("coalition: actor funding (largest first)", Align::Left),
        ])
        .indent(2)
        .min_width(2, 10)
        .min_width(3, 9)
        .separator(4, "  ");
        for p in &ahead {
            let members: Vec<String> = p
                .coalition
                .iter()
                .map(|a| {
                    let f = d
                        .allocations
                        .iter()
                        .find(|r| &r.actor == a && r.project == p.id)
                        .map_or(0.0, |r| r.funding);
                    format!("{a} {}", num(f))
                })
                .collect();
            t.row([
                p.id.clone(),
                num(p.fraction),
                num(p.funding),
                num(p.benefit),
                members.join(", "),
            ]);
        }
        out.push_str(&t.render());
        let not: Vec<&str> = d
            .projects
            .iter()
            .filter(|p| !p.goes_ahead)
            .map(|p| p.id.as_str())
            .collect();
        if !not.is_empty() {
            let _ = writeln!(out, "  not chosen: {}", not.join(", "));
        }
    }
    if !d.blocked.is_empty() {
        let _ = writeln!(out, "\nCannot go ahead in any allocation");
        for b in &d.blocked {
            let _ = writeln!(out, "  {}: {}", b.project, b.reason);
        }
    }
    if !d.actors.is_empty() {
        let _ = writeln!(out, "\nActors: spend against budget");
        let mut t = Table::new(&[
            ("actor", Align::Left),
            ("funding", Align::Right),
            ("budget", Align::Right),
            ("used", Align::Right),
            ("personnel", Align::Right),
            ("available", Align::Right),
        ])
        .indent(2)
        .min_width(1, 10)
        .min_width(2, 10)
        .min_width(3, 6)
        .min_width(4, 10)
        .min_width(5, 10)
        .separator(4, "  ");
        for a in &d.actors {
            let pct = if a.budget > 0.0 {
                format!("{:.0}%", 100.0 * a.funding_used / a.budget)
            } else {
                "-".into()
            };
            t.row([
                a.id.clone(),
                num(a.funding_used),
                num(a.budget),
                pct,
                num(a.personnel_used),
                num(a.personnel),
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

/// Rows of text cells as CSV under `header` (tables whose columns are only
/// known at run time: one per objective, per backend).
pub fn csv_records<H: AsRef<str>>(
    header: &[H],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Usage(format!("writing CSV failed: {e}"));
    w.write_record(header.iter().map(AsRef::as_ref))
        .map_err(err)?;
    for r in rows {
        w.write_record(&r).map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Usage(format!("writing CSV failed: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings"))
}

/// Rows as CSV with serde's field names; `header` when there is no row.
pub fn csv_string<T: Serialize>(rows: &[T], header: &[&str]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if rows.is_empty() {
        w.write_record(header)
            .map_err(|e| Error::Usage(e.to_string()))?;
    }
    for r in rows {
        w.serialize(r).map_err(|e| Error::Usage(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Usage(e.to_string()))?;
    Ok(String::from_utf8(bytes).expect("csv output is UTF-8"))
}

/// `allocations.csv`: actor, project, funding, personnel (a program
/// file's summary: `name,value` of the non-zero columns).
pub fn allocations_csv(s: &Summary) -> Result<String> {
    match (&s.domain, &s.columns) {
        (Some(d), _) => csv_string(
            &d.allocations,
            &["actor", "project", "funding", "personnel"],
        ),
        (None, Some(c)) => csv_string(c, &["name", "value"]),
        (None, None) => csv_string::<ColumnValue>(&[], &["name", "value"]),
    }
}

/// `projects.csv`: id, name, fraction, goes_ahead, funding, benefit, coalition.
pub fn projects_csv(s: &Summary) -> Result<String> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        name: &'a str,
        fraction: f64,
        goes_ahead: bool,
        funding: f64,
        benefit: f64,
        coalition: String,
    }
    let projects = s.domain.as_ref().map_or(&[][..], |d| &d.projects);
    let rows: Vec<Row> = projects
        .iter()
        .map(|p| Row {
            id: &p.id,
            name: &p.name,
            fraction: p.fraction,
            goes_ahead: p.goes_ahead,
            funding: p.funding,
            benefit: p.benefit,
            coalition: p.coalition.join(";"),
        })
        .collect();
    csv_string(
        &rows,
        &[
            "id",
            "name",
            "fraction",
            "goes_ahead",
            "funding",
            "benefit",
            "coalition",
        ],
    )
}

/// `actors.csv`: id, name, funding_used, personnel_used, budget, personnel.
pub fn actors_csv(s: &Summary) -> Result<String> {
    csv_string(
        s.domain.as_ref().map_or(&[][..], |d| &d.actors),
        &[
            "id",
            "name",
            "funding_used",
            "personnel_used",
            "budget",
            "personnel",
        ],
    )
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder, flushed, then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".accord-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(contents).map_err(|e| Error::io(path, e))?;
    // A temporary file is created private (0600); what is written is an
    // ordinary output, readable as the umask allows (0644 by default).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = 0o666 & !current_umask();
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// The process's umask, from `/proc/self/status` (no race with other
/// threads, unlike setting it to read it); 022 where that is not readable.
#[cfg(unix)]
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// SHA-256 of a file, as lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// The manifest of an output folder: how to reproduce it.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// `accord` and its version.
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// The command line.
    pub command: Vec<String>,
    /// Backend id and version.
    pub backend: Info,
    /// The options as resolved (objectives, method, tolerances ...).
    pub options: serde_json::Value,
    /// SHA-256 of every input file.
    pub inputs: Vec<InputFile>,
    /// Files written beside it.
    pub outputs: Vec<String>,
}

/// One input file with its checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// Path as given.
    pub path: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

impl InputFile {
    /// Every file of `files` with its checksum, in order.
    pub fn hash_all(files: &[PathBuf]) -> Result<Vec<InputFile>> {
        files
            .iter()
            .map(|f| {
                Ok(InputFile {
                    path: f.display().to_string(),
                    sha256: sha256_file(f)?,
                })
            })
            .collect()
    }
}

impl Manifest {
    /// A manifest for `files`, computing their checksums.
    pub fn new(
        backend: Info,
        options: serde_json::Value,
        files: &[PathBuf],
        outputs: &[&str],
    ) -> Result<Self> {
        let inputs = InputFile::hash_all(files)?;
        Ok(Manifest {
            tool: "accord".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            command: std::env::args().collect(),
            backend,
            options,
            inputs,
            outputs: outputs.iter().map(|s| s.to_string()).collect(),
        })
    }
}

/// An `--out` folder being written: each file atomically, its name kept
/// for the manifest, which [`OutDir::finish`] writes last.
pub struct OutDir<'d> {
    dir: &'d Path,
    outputs: Vec<String>,
}

impl<'d> OutDir<'d> {
    /// Creates `dir` (and its parents) if needed.
    pub fn create(dir: &'d Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(OutDir {
            dir,
            outputs: Vec::new(),
        })
    }

    /// Writes `name` atomically and lists it among the outputs.
    pub fn put(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        write_atomic(&self.dir.join(name), bytes)?;
        self.listed(name);
        Ok(())
    }

    /// Lists `name`, written another way (a streamed record), among the
    /// outputs.
    pub fn listed(&mut self, name: &str) {
        self.outputs.push(name.to_string());
    }

    /// Writes `manifest.json` for the outputs so far: the backend, the
    /// run's options and the checksums of the input `files`.
    pub fn finish(
        self,
        backend: Info,
        options: serde_json::Value,
        files: &[PathBuf],
    ) -> Result<()> {
        let outputs: Vec<&str> = self.outputs.iter().map(String::as_str).collect();
        let manifest = Manifest::new(backend, options, files, &outputs)?;
        let m = serde_json::to_string_pretty(&manifest).expect("manifest serializes");
        write_atomic(&self.dir.join("manifest.json"), m.as_bytes())
    }
}

/// The files [`write_out_dir`] writes for `s` (manifest.json last).
pub fn out_files(s: &Summary) -> Vec<&'static str> {
    if s.domain.is_some() {
        vec![
            "summary.json",
            "allocations.csv",
            "projects.csv",
            "actors.csv",
        ]
    } else {
        vec!["summary.json", "columns.csv"]
    }
}

/// Writes the files of [`out_files`] and `manifest.json` into `dir`, each
/// atomically: a domain model's `summary.json`, `allocations.csv`,
/// `projects.csv`, `actors.csv`; a program file's `summary.json` and
/// `columns.csv`.
pub fn write_out_dir(dir: &Path, s: &Summary, manifest: &Manifest) -> Result<()> {
    let json = serde_json::to_string_pretty(s).expect("summary serializes");
    write_atomic(&dir.join("summary.json"), json.as_bytes())?;
    if s.domain.is_some() {
        write_atomic(&dir.join("allocations.csv"), allocations_csv(s)?.as_bytes())?;
        write_atomic(&dir.join("projects.csv"), projects_csv(s)?.as_bytes())?;
        write_atomic(&dir.join("actors.csv"), actors_csv(s)?.as_bytes())?;
    } else {
        write_atomic(&dir.join("columns.csv"), allocations_csv(s)?.as_bytes())?;
    }
    let m = serde_json::to_string_pretty(manifest).expect("manifest serializes");
    write_atomic(&dir.join("manifest.json"), m.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_readable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(1e-12), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(2.0 / 3.0), "0.6667");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
