//! The files of a sweep: the identity of a sweep (inputs, options, the
//! scenario list) shared by its manifests, the final `results.csv` in table
//! order, `deltas.csv` against the baseline, the charts, and the planner's
//! summary on stdout.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{header, Plan, Row};
use crate::report::text::{Align, Table};
use crate::report::{write_atomic, InputFile};
use crate::{Error, Result};

/// One scenario of the table, as the manifests record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Its id.
    pub id: String,
    /// For grid points: the value of each axis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<Vec<f64>>,
}

/// One grid axis, as the manifests record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisInfo {
    /// `TABLE.KEY.COLUMN` or `options.NAME[.OBJECTIVE]`.
    pub parameter: String,
    /// set, scale or add.
    pub op: String,
}

/// What makes two sweeps the same: equal inputs (by checksum), options,
/// columns and scenario list. Every manifest of a sweep, shard or merge
/// carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepInfo {
    /// Model name.
    pub model: String,
    /// Every input file: the model file and data files, then the scenarios file.
    pub inputs: Vec<InputFile>,
    /// The baseline options as resolved (request, backend, grids, warm start).
    pub options: serde_json::Value,
    /// The objective columns of the table.
    pub columns: Vec<String>,
    /// The main objective.
    pub main_objective: String,
    /// The baseline scenario's id.
    pub baseline: String,
    /// Grid axes (empty without `--grid`).
    pub axes: Vec<AxisInfo>,
    /// Every scenario, in table order.
    pub scenarios: Vec<ScenarioInfo>,
}

impl SweepInfo {
    /// The identity of `plan` run on `files` with `options`.
    pub fn new(plan: &Plan, files: &[PathBuf], options: serde_json::Value) -> Result<Self> {
        let inputs = InputFile::hash_all(files)?;
        Ok(SweepInfo {
            model: plan.model().to_string(),
            inputs,
            options,
            columns: plan.columns.clone(),
            main_objective: plan.main.clone(),
            baseline: plan.scenarios[plan.baseline].id.clone(),
            axes: plan
                .axes
                .iter()
                .map(|a| AxisInfo {
                    parameter: a.parameter.clone(),
                    op: a.op.as_str().to_string(),
                })
                .collect(),
            scenarios: plan
                .scenarios
                .iter()
                .map(|s| ScenarioInfo {
                    id: s.id.clone(),
                    grid: s.grid.clone(),
                })
                .collect(),
        })
    }

    /// `None` when `other` is the same sweep; otherwise what differs. Input
    /// files are compared by checksum (their paths may differ between
    /// machines).
    pub fn difference(&self, other: &SweepInfo) -> Option<String> {
        if self.inputs.len() != other.inputs.len() {
            return Some(format!(
                "the number of input files ({} vs {})",
                self.inputs.len(),
                other.inputs.len()
            ));
        }
        for (a, b) in self.inputs.iter().zip(&other.inputs) {
            if a.sha256 != b.sha256 {
                return Some(format!(
                    "the contents of input {} (SHA-256 differs)",
                    a.path
                ));
            }
        }
        if self.options != other.options {
            return Some("the solve options".into());
        }
        if self.columns != other.columns || self.main_objective != other.main_objective {
            return Some("the objective columns".into());
        }
        if self.scenarios != other.scenarios || self.baseline != other.baseline {
            return Some("the scenario list".into());
        }
        if self.axes != other.axes || self.model != other.model {
            return Some("the grid axes or the model".into());
        }
        None
    }

    /// Index of the baseline among the scenarios.
    pub fn baseline_index(&self) -> usize {
        self.scenarios
            .iter()
            .position(|s| s.id == self.baseline)
            .unwrap_or(0)
    }
}

/// A shard's place in the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 0-based shard index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

/// The manifest of a sweep (`manifest.json`), a shard
/// (`shard-I-of-N.manifest.json`) or a merge (`merge.manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    /// `accord`.
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// `sweep`, `shard` or `merge`.
    pub kind: String,
    /// The command line.
    pub command: Vec<String>,
    /// True once every scenario of the run has its row.
    pub complete: bool,
    /// For shards: which one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
    /// The scenario ids of this run's slice (all of them unless sharded).
    pub slice: Vec<String>,
    /// The sweep's identity.
    pub sweep: SweepInfo,
    /// Files written beside it.
    pub outputs: Vec<String>,
}

impl SweepManifest {
    /// A manifest of `kind` for `sweep`.
    pub fn new(
        kind: &str,
        sweep: &SweepInfo,
        shard: Option<ShardInfo>,
        slice: Vec<String>,
    ) -> Self {
        SweepManifest {
            tool: "accord".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            kind: kind.into(),
            command: std::env::args().collect(),
            complete: false,
            shard,
            slice,
            sweep: sweep.clone(),
            outputs: Vec::new(),
        }
    }

    /// Writes it atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("manifest serializes") + "\n";
        write_atomic(path, text.as_bytes())
    }

    /// Reads one.
    pub fn read(path: &Path) -> Result<SweepManifest> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| {
            Error::Invalid(crate::Diagnostics(vec![crate::Diagnostic::at(
                path,
                Some(e.line()),
                Some(e.column()),
                format!("not a sweep manifest: {e}"),
            )]))
        })
    }
}

/// `rows` as CSV text with the header of `columns`.
pub fn table_csv(columns: &[String], rows: &[&Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header(columns)).expect("in-memory write");
    for r in rows {
        w.write_record(r.record()).expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory write")).expect("csv is UTF-8")
}

/// `deltas.csv`: for every scenario, each objective minus the baseline's
/// (empty where either has no value).
pub fn deltas_csv(info: &SweepInfo, rows: &[&Row]) -> String {
    let base = rows.iter().find(|r| r.scenario == info.baseline);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut h = vec!["scenario".to_string(), "status".to_string()];
    h.extend(info.columns.iter().map(|c| format!("delta_{c}")));
    w.write_record(&h).expect("in-memory write");
    for r in rows {
        let mut rec = vec![r.scenario.clone(), r.status.clone()];
        for k in 0..info.columns.len() {
            rec.push(match (r.value(k), base.and_then(|b| b.value(k))) {
                (Some(v), Some(b)) => format!("{}", clean_delta(v - b, b)),
                _ => String::new(),
            });
        }
        w.write_record(&rec).expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory write")).expect("csv is UTF-8")
}

/// A difference that is round-off of the solver (below `1e-9` relative) is 0.
fn clean_delta(d: f64, base: f64) -> f64 {
    if d.abs() <= 1e-9 * base.abs().max(1.0) {
        0.0
    } else {
        d
    }
}

/// Writes the final files of a complete table into `dir`: `results.csv`
/// (table order), `deltas.csv`, and the charts with their data
/// (`tornado.svg`/`.csv`; `grid.svg`/`.csv` for `--grid` sweeps). Returns
/// the names written.
pub fn write_final(
    dir: &Path,
    results: &Path,
    info: &SweepInfo,
    rows: &[&Row],
) -> Result<Vec<String>> {
    let mut written = Vec::new();
    write_atomic(results, table_csv(&info.columns, rows).as_bytes())?;
    written.push(file_name(results));
    write_atomic(&dir.join("deltas.csv"), deltas_csv(info, rows).as_bytes())?;
    written.push("deltas.csv".into());
    written.extend(super::chart::write_charts(dir, info, rows)?);
    Ok(written)
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A scenario's name for tables and charts: its id, except that a grid
/// point's changes lose their table prefix
/// (`eu.budget*=0.5,termez_afghan_line.cost*=1.4`).
pub fn display_name(info: &SweepInfo, id: &str) -> String {
    let grid = info
        .scenarios
        .iter()
        .any(|s| s.id == id && s.grid.is_some());
    if !grid {
        return id.to_string();
    }
    id.split(',')
        .map(|part| part.split_once('.').map_or(part, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join(",")
}

/// The planner's summary: one line per scenario (at most `limit`, the
/// largest effects on the main objective first beyond that), with status,
/// the main objective, its change against the baseline, and the projects
/// gained and lost.
pub fn summary(info: &SweepInfo, rows: &[&Row], limit: usize) -> String {
    let main = info
        .columns
        .iter()
        .position(|c| *c == info.main_objective)
        .unwrap_or(0);
    let base = rows.iter().find(|r| r.scenario == info.baseline).copied();
    let base_value = base.and_then(|b| b.value(main));
    let base_projects: Vec<&str> = base
        .map(|b| b.projects.split(';').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut shown: Vec<&Row> = rows.to_vec();
    let hidden = shown.len().saturating_sub(limit);
    if hidden > 0 {
        let effect = |r: &Row| match (r.value(main), base_value) {
            (Some(v), Some(b)) => (v - b).abs(),
            _ => f64::INFINITY,
        };
        shown.sort_by(|a, b| effect(b).total_cmp(&effect(a)));
        shown.truncate(limit);
        let order: std::collections::HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.scenario.as_str(), i))
            .collect();
        shown.sort_by_key(|r| order[r.scenario.as_str()]);
    }
    let mut t = Table::new(&[
        ("scenario", Align::Left),
        ("status", Align::Left),
        (info.main_objective.as_str(), Align::Right),
        ("delta", Align::Right),
        ("projects vs baseline", Align::Left),
    ])
    .min_width(0, 8)
    .max_width(0, 48)
    .separator(1, "  ")
    .min_width(1, 6)
    .min_width(2, 12)
    .min_width(3, 18)
    .separator(4, "  ");
    for r in &shown {
        let value = r.value(main).map_or("-".to_string(), crate::report::num);
        let delta = match (r.value(main), base_value) {
            _ if r.scenario == info.baseline => "baseline".to_string(),
            (Some(v), Some(b)) => {
                let d = clean_delta(v - b, b);
                if d == 0.0 {
                    "0".into()
                } else {
                    let pct = if b != 0.0 {
                        format!(" ({:+.1}%)", 100.0 * d / b.abs())
                    } else {
                        String::new()
                    };
                    format!(
                        "{:+}{pct}",
                        crate::report::num(d).parse::<f64>().unwrap_or(d)
                    )
                }
            }
            _ => "-".into(),
        };
        let projects = if !r.status.starts_with("optimal") && r.value(main).is_none() {
            r.reason.chars().take(80).collect::<String>()
        } else if r.scenario == info.baseline {
            format!("{} going ahead", base_projects.len())
        } else {
            let mine: Vec<&str> = r.projects.split(';').filter(|s| !s.is_empty()).collect();
            let gained: Vec<&str> = mine
                .iter()
                .filter(|p| !base_projects.contains(p))
                .copied()
                .collect();
            let lost: Vec<&str> = base_projects
                .iter()
                .filter(|p| !mine.contains(p))
                .copied()
                .collect();
            let mut parts = Vec::new();
            if !lost.is_empty() {
                parts.push(format!("- {}", lost.join(", ")));
            }
            if !gained.is_empty() {
                parts.push(format!("+ {}", gained.join(", ")));
            }
            if parts.is_empty() {
                "same".into()
            } else {
                parts.join("  ")
            }
        };
        let check = if r.check == "failed" {
            " CHECK FAILED"
        } else {
            ""
        };
        t.row([
            display_name(info, &r.scenario),
            r.status.clone(),
            value,
            delta,
            format!("{projects}{check}"),
        ]);
    }
    let mut out = t.render();
    if hidden > 0 {
        let _ = writeln!(
            out,
            "... {hidden} more scenarios with smaller effects on {} (every row is in results.csv)",
            info.main_objective
        );
    }
    out
}
