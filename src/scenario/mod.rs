//! What-if scenarios: a `scenarios.csv` file (one change per row) or
//! `--grid` sweeps, parsed and checked against an [`Instance`] with every
//! problem located by file, line and column, and applied to it to give a new,
//! valid instance. The grammar is documented in `docs/scenarios.md`.
//!
//! ```text
//! scenario,table,key,column,op,value,note
//! baseline,,,,,,the data as it is
//! eu_budget_cut,actors,eu,budget,scale,0.7,EU cuts its budget by 30%
//! no_russia_nato,relations,russia/nato,,add_row,rival,they refuse to share a project
//! uzbek_veto,interests,uzbekistan/frontier_closure,veto,set,true,
//! weighted,options,method,,set,weighted,
//! ```
//!
//! Rows of one scenario apply together: every cell changes at most once,
//! rows are removed and added before cells change (so a row added by
//! `add_row` can be given values by `set` in the same scenario), and the
//! result is checked against the rules of the data format.

mod grid;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::objectives;
use crate::domain::{Instance, Interest, Line, Mode, Relation, RelationKind};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::parse::{closest, parse_bool, parse_list, parse_number, parse_whole, shorten};
use crate::input::table::{opt, parse_table, req, Cell, Column};
use crate::input::Range;
use crate::request::{self, Setting};

pub use grid::{grid_scenarios, GridAxis};

/// The id given to the unmodified model when the file has no empty scenario.
pub const BASELINE: &str = "baseline";

/// The columns of a scenarios file.
pub(crate) const COLUMNS: &[Column] = &[
    req("scenario"),
    req("table"),
    req("key"),
    req("column"),
    req("op"),
    req("value"),
    opt("note"),
];
/// Schema indices of [`COLUMNS`].
pub(crate) mod col {
    pub const SCENARIO: usize = 0;
    pub const TABLE: usize = 1;
    pub const KEY: usize = 2;
    pub const COLUMN: usize = 3;
    pub const OP: usize = 4;
    pub const VALUE: usize = 5;
    pub const NOTE: usize = 6;
}

/// The table a change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// `actors.csv`, key = actor id.
    Actors,
    /// `projects.csv`, key = project id.
    Projects,
    /// `interests.csv`, key = `actor/project`.
    Interests,
    /// `relations.csv`, key = `a/b`.
    Relations,
    /// Solve options, key = option name.
    Options,
}

/// The names of a fieldless enum in scenario files: `ALL`, `as_str` and
/// `parse` from one table.
macro_rules! named {
    ($ty:ident { $($name:literal => $variant:ident),+ $(,)? }) => {
        impl $ty {
            const ALL: &'static [(&'static str, $ty)] = &[$(($name, $ty::$variant)),+];
            /// The name used in scenario files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
            fn parse(s: &str) -> Option<$ty> {
                Self::ALL.iter().find(|(n, _)| *n == s).map(|&(_, v)| v)
            }
        }
    };
}

named!(Target {
    "actors" => Actors,
    "projects" => Projects,
    "interests" => Interests,
    "relations" => Relations,
    "options" => Options,
});

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Replace the value.
    Set,
    /// Multiply a number.
    Scale,
    /// Add to a number.
    Add,
    /// Add a row (interests, relations).
    AddRow,
    /// Remove a row (interests, relations).
    RemoveRow,
}

named!(Op {
    "set" => Set,
    "scale" => Scale,
    "add" => Add,
    "add_row" => AddRow,
    "remove_row" => RemoveRow,
});

/// The type of a data column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text; `true` when it may not be empty.
    Text(bool),
    Bool,
    Num(Range),
    /// A number that may be empty (`None`: the default cap).
    OptNum(Range),
    Whole,
    Mode,
    Hosts,
    Requires,
}

impl Kind {
    fn numeric(self) -> bool {
        matches!(self, Kind::Num(_) | Kind::OptNum(_) | Kind::Whole)
    }
}

/// A changeable cell of a data table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    ActorName,
    ActorKind,
    ActorVector,
    ActorLocal,
    ActorBudget,
    ActorPersonnel,
    ActorMaxShare,
    ProjectName,
    ProjectSector,
    ProjectHosts,
    ProjectCost,
    ProjectPersonnel,
    ProjectBenefit,
    ProjectMode,
    ProjectMinFraction,
    ProjectMinActors,
    ProjectMinVectors,
    ProjectRequires,
    Interest,
    MaxFunding,
    MaxPersonnel,
    MinFunding,
    Veto,
}

const ACTOR_COLUMNS: &[(&str, Field, Kind)] = &[
    ("name", Field::ActorName, Kind::Text(true)),
    ("kind", Field::ActorKind, Kind::Text(false)),
    ("vector", Field::ActorVector, Kind::Text(true)),
    ("local", Field::ActorLocal, Kind::Bool),
    ("budget", Field::ActorBudget, Kind::Num(Range::NonNegative)),
    (
        "personnel",
        Field::ActorPersonnel,
        Kind::Num(Range::NonNegative),
    ),
    (
        "max_share",
        Field::ActorMaxShare,
        Kind::Num(Range::OpenUnit),
    ),
];

const PROJECT_COLUMNS: &[(&str, Field, Kind)] = &[
    ("name", Field::ProjectName, Kind::Text(true)),
    ("sector", Field::ProjectSector, Kind::Text(false)),
    ("hosts", Field::ProjectHosts, Kind::Hosts),
    ("cost", Field::ProjectCost, Kind::Num(Range::Positive)),
    (
        "personnel",
        Field::ProjectPersonnel,
        Kind::Num(Range::NonNegative),
    ),
    (
        "benefit",
        Field::ProjectBenefit,
        Kind::Num(Range::NonNegative),
    ),
    ("mode", Field::ProjectMode, Kind::Mode),
    (
        "min_fraction",
        Field::ProjectMinFraction,
        Kind::Num(Range::Unit),
    ),
    ("min_actors", Field::ProjectMinActors, Kind::Whole),
    ("min_vectors", Field::ProjectMinVectors, Kind::Whole),
    ("requires", Field::ProjectRequires, Kind::Requires),
];

const INTEREST_COLUMNS: &[(&str, Field, Kind)] = &[
    ("interest", Field::Interest, Kind::Num(Range::Unit)),
    (
        "max_funding",
        Field::MaxFunding,
        Kind::OptNum(Range::NonNegative),
    ),
    (
        "max_personnel",
        Field::MaxPersonnel,
        Kind::OptNum(Range::NonNegative),
    ),
    (
        "min_funding",
        Field::MinFunding,
        Kind::Num(Range::NonNegative),
    ),
    ("veto", Field::Veto, Kind::Bool),
];

/// A parsed value of a data cell.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Num(f64),
    /// An empty optional number: back to the default.
    Empty,
    Text(String),
    Bool(bool),
    Mode(Mode),
    Ids(Vec<usize>),
}

/// The row a cell change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RowRef {
    Actor(usize),
    Project(usize),
    /// (actor, project).
    Pair(usize, usize),
}

/// A change, resolved against the instance.
#[derive(Debug, Clone, PartialEq)]
enum Resolved {
    Cell {
        row: RowRef,
        field: Field,
        kind: Kind,
        op: Op,
        value: Value,
    },
    AddPair(usize, usize),
    RemovePair(usize, usize),
    AddRelation(usize, usize, RelationKind),
    RemoveRelation(usize, usize, Option<RelationKind>),
    Option(Setting),
}

/// Where a change came from, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The scenarios file, or `--grid SPEC`.
    pub file: PathBuf,
    /// 1-based line, where there is one.
    pub line: Option<usize>,
    /// 1-based field number of each schema column in the file.
    fields: [Option<usize>; 7],
}

impl Origin {
    fn diag(&self, c: usize, message: impl Into<String>) -> Diagnostic {
        let column = if self.line.is_some() {
            self.fields[c]
        } else {
            None
        };
        Diagnostic::at(&self.file, self.line, column, message)
    }
    /// `file:line:column` of schema column `c` (or of the file, for a
    /// command-line option).
    pub fn place(&self, c: usize) -> String {
        let d = self.diag(c, "");
        let mut s = d.file.display().to_string();
        if let Some(l) = d.line {
            s.push_str(&format!(":{l}"));
            if let Some(c) = d.column {
                s.push_str(&format!(":{c}"));
            }
        }
        s
    }

    /// A change that comes from a command-line option (no line or column).
    fn option(what: &str) -> Self {
        Origin {
            file: PathBuf::from(what),
            line: None,
            fields: [None; 7],
        }
    }
}

/// One change of a scenario, as written and as resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Where it was written.
    pub origin: Origin,
    /// The table.
    pub target: Target,
    /// The row id as written.
    pub key: String,
    /// The column as written (the objective for weights and tolerances).
    pub column: String,
    /// The operation.
    pub op: Op,
    /// The value as written.
    pub value: String,
    resolved: Resolved,
}

/// One scenario: its changes to the data and to the solve options.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Its id (the `scenario` column, a grid point's name, or `baseline`).
    pub id: String,
    /// The line of its first row, when it comes from a file.
    pub line: Option<usize>,
    /// The `note` cells of its rows, joined with "; ".
    pub note: String,
    /// Its changes to the data, in file order.
    pub edits: Vec<Edit>,
    /// Its solve options, put on top of the sweep's own (model file, then
    /// command line) by [`request::Settings::apply`].
    pub options: Vec<Setting>,
    /// For a grid point: the value of each grid axis.
    pub grid: Option<Vec<f64>>,
}

impl Scenario {
    /// The unmodified model.
    pub fn baseline(id: &str) -> Self {
        Scenario {
            id: id.to_string(),
            line: None,
            note: "the model as it is".into(),
            edits: Vec::new(),
            options: Vec::new(),
            grid: None,
        }
    }

    /// True when the scenario changes nothing (a baseline).
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.options.is_empty()
    }

    /// Applies the scenario's data changes to `base`: a new instance that
    /// obeys every rule of the data format, or every problem found.
    pub fn apply(&self, base: &Instance) -> Result<Instance> {
        let mut diags = Diagnostics::default();
        match apply_edits(base, &self.edits, &mut diags) {
            Some(inst) if diags.is_empty() => Ok(inst),
            _ => Err(Error::Invalid(diags)),
        }
    }
}

/// Reads and checks a scenarios file against `inst`. `objectives` are the
/// sweep's own objectives (weights and tolerances of a scenario must name
/// one of the objectives it optimizes). Every problem of every row, and of
/// every scenario once applied, is reported at once.
pub fn load(path: &Path, inst: &Instance, objectives: &[String]) -> Result<Vec<Scenario>> {
    let mut diags = Diagnostics::default();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                "file not found".to_string()
            } else {
                format!("cannot read the file: {e}")
            };
            diags.push(Diagnostic::at(path, None, None, msg));
            return Err(Error::Invalid(diags));
        }
    };
    let scenarios = parse(path, &bytes, inst, objectives, &mut diags);
    crate::input::sort_diagnostics(&mut diags);
    match scenarios {
        Some(s) if diags.is_empty() => Ok(s),
        _ => Err(Error::Invalid(diags)),
    }
}

/// Parses scenario rows; `None` when the file itself cannot be read.
fn parse(
    path: &Path,
    bytes: &[u8],
    inst: &Instance,
    objectives: &[String],
    diags: &mut Diagnostics,
) -> Option<Vec<Scenario>> {
    let table = parse_table(path, bytes, COLUMNS, usize::MAX, diags)?;
    let mut fields = [None; 7];
    for (c, f) in fields.iter_mut().enumerate() {
        *f = table.field_number(c);
    }
    if COLUMNS
        .iter()
        .enumerate()
        .any(|(c, column)| column.required && !table.has(c))
    {
        // Missing columns are reported once on line 1; rows would only repeat it.
        return None;
    }
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if row.ragged {
            continue;
        }
        let origin = Origin {
            file: path.to_path_buf(),
            line: Some(row.line),
            fields,
        };
        let text = |c: usize| match table.cell(row, c) {
            Cell::Text(s) => Some(s),
            _ => None,
        };
        let Some(id) = text(col::SCENARIO) else {
            continue;
        };
        if let Err(why) = check_id(id) {
            diags.push(origin.diag(col::SCENARIO, why));
            continue;
        }
        let k = *index.entry(id.to_string()).or_insert_with(|| {
            scenarios.push(Scenario {
                id: id.to_string(),
                line: Some(row.line),
                note: String::new(),
                edits: Vec::new(),
                options: Vec::new(),
                grid: None,
            });
            scenarios.len() - 1
        });
        if let Some(note) = text(col::NOTE).filter(|n| !n.is_empty()) {
            let s = &mut scenarios[k].note;
            if !s.is_empty() {
                s.push_str("; ");
            }
            s.push_str(note);
        }
        let cells =
            [col::TABLE, col::KEY, col::COLUMN, col::OP, col::VALUE].map(|c| text(c).unwrap_or(""));
        if cells.iter().all(|c| c.is_empty()) {
            // A row that only names the scenario: it declares it (a baseline
            // when it has no other row).
            continue;
        }
        let [t, key, column, op, value] = cells;
        if let Some(edit) = parse_edit(&origin, t, key, column, op, value, inst, diags) {
            scenarios[k].edits.push(edit);
        }
    }
    for s in &mut scenarios {
        check_scenario(s, inst, objectives, diags);
    }
    if let Some(s) = scenarios.iter().find(|s| s.id == BASELINE && !s.is_empty()) {
        if !scenarios.iter().any(Scenario::is_empty) {
            diags.push(Diagnostic::at(
                path,
                s.line,
                fields[col::SCENARIO],
                format!(
                    "scenario id {BASELINE:?} names the unmodified model when no scenario is empty, \
                     but this one has changes: rename it, or add an empty scenario"
                ),
            ));
        }
    }
    Some(scenarios)
}

/// Scenario ids: any text without control characters, at most 200 characters.
fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() {
        return Err("scenario: expected a scenario id, found an empty cell".into());
    }
    if id.chars().any(char::is_control) || id.chars().count() > 200 {
        return Err(format!(
            "scenario: expected an id of at most 200 characters without control characters, found {:?}",
            shorten(id)
        ));
    }
    Ok(())
}

/// Splits the options of a scenario from its data changes and checks them,
/// then applies the data changes once to find every problem they cause.
fn check_scenario(
    s: &mut Scenario,
    inst: &Instance,
    objectives: &[String],
    diags: &mut Diagnostics,
) {
    let mut data = Vec::with_capacity(s.edits.len());
    let mut seen: HashMap<(String, String), Option<usize>> = HashMap::new();
    let mut option_edits = Vec::new();
    for e in std::mem::take(&mut s.edits) {
        match &e.resolved {
            Resolved::Option(o) => {
                let key = (e.key.clone(), e.column.clone());
                if let Some(first) = seen.get(&key) {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "option {}{} is set twice in scenario {:?}{}",
                            e.key,
                            if e.column.is_empty() {
                                String::new()
                            } else {
                                format!(" {}", e.column)
                            },
                            s.id,
                            first.map_or(String::new(), |l| format!(" (first at line {l})"))
                        ),
                    ));
                    continue;
                }
                seen.insert(key, e.origin.line);
                option_edits.push((e.origin.clone(), o.clone()));
            }
            _ => data.push(e),
        }
    }
    let optimized: Vec<String> = option_edits
        .iter()
        .find_map(|(_, e)| match e {
            Setting::Objectives(v) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| objectives.to_vec());
    for (origin, edit) in &option_edits {
        if let Setting::Weight(n, _) | Setting::AbsTol(n, _) | Setting::RelTol(n, _) = edit {
            if !optimized.contains(n) {
                diags.push(origin.diag(
                    col::COLUMN,
                    format!(
                        "column: expected one of the objectives this scenario optimizes ({}), found {n:?}",
                        optimized.join(", ")
                    ),
                ));
            }
        }
    }
    s.options = option_edits.into_iter().map(|(_, e)| e).collect();
    s.edits = data;
    apply_edits(inst, &s.edits, diags);
}

/// The did-you-mean suffix for `found` among `known`.
fn suggest(found: &str, known: &[&str]) -> String {
    match closest(found, known) {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}

fn actor_ref(inst: &Instance, id: &str) -> std::result::Result<usize, String> {
    inst.actor_index(id).ok_or_else(|| {
        let ids: Vec<&str> = inst.actors.iter().map(|a| a.id.as_str()).collect();
        format!("no actor {id:?} in actors.csv{}", suggest(id, &ids))
    })
}

fn project_ref(inst: &Instance, id: &str) -> std::result::Result<usize, String> {
    inst.project_index(id).ok_or_else(|| {
        let ids: Vec<&str> = inst.projects.iter().map(|p| p.id.as_str()).collect();
        format!("no project {id:?} in projects.csv{}", suggest(id, &ids))
    })
}

/// Resolves one change row; problems go to `diags` (all of them for the row).
#[allow(clippy::too_many_arguments)]
pub(crate) fn parse_edit(
    origin: &Origin,
    table: &str,
    key: &str,
    column: &str,
    op: &str,
    value: &str,
    inst: &Instance,
    diags: &mut Diagnostics,
) -> Option<Edit> {
    let before = diags.len();
    let target = Target::parse(table);
    if target.is_none() {
        let names: Vec<&str> = Target::ALL.iter().map(|(n, _)| *n).collect();
        diags.push(origin.diag(
            col::TABLE,
            format!(
                "table: expected one of {}, found {:?}{}",
                names.join(", "),
                shorten(table),
                suggest(table, &names)
            ),
        ));
    }
    let the_op = Op::parse(op);
    if the_op.is_none() {
        let names: Vec<&str> = Op::ALL.iter().map(|(n, _)| *n).collect();
        diags.push(origin.diag(
            col::OP,
            format!(
                "op: expected one of {}, found {:?}{}",
                names.join(", "),
                shorten(op),
                suggest(op, &names)
            ),
        ));
    }
    let (Some(target), Some(the_op)) = (target, the_op) else {
        return None;
    };
    let resolved = match target {
        Target::Options => resolve_option(origin, key, column, the_op, value, inst, diags),
        Target::Relations => resolve_relation(origin, key, column, the_op, value, inst, diags),
        Target::Actors | Target::Projects | Target::Interests => {
            resolve_data(origin, target, key, column, the_op, value, inst, diags)
        }
    };
    if diags.len() > before {
        return None;
    }
    Some(Edit {
        origin: origin.clone(),
        target,
        key: key.to_string(),
        column: column.to_string(),
        op: the_op,
        value: value.to_string(),
        resolved: resolved?,
    })
}

fn must_be_empty(
    origin: &Origin,
    c: usize,
    name: &str,
    found: &str,
    why: &str,
    diags: &mut Diagnostics,
) {
    if !found.is_empty() {
        diags.push(origin.diag(
            c,
            format!(
                "{name}: expected an empty cell ({why}), found {:?}",
                shorten(found)
            ),
        ));
    }
}

fn resolve_relation(
    origin: &Origin,
    key: &str,
    column: &str,
    op: Op,
    value: &str,
    inst: &Instance,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let kinds = [
        ("rival", RelationKind::Rival),
        ("requires", RelationKind::Requires),
    ];
    if !matches!(op, Op::AddRow | Op::RemoveRow) {
        diags.push(origin.diag(
            col::OP,
            format!(
                "op: expected add_row or remove_row for table relations (a relation has no cell to change), found {:?}",
                op.as_str()
            ),
        ));
        return None;
    }
    if !column.is_empty() && column != "kind" {
        diags.push(origin.diag(
            col::COLUMN,
            format!(
                "column: expected an empty cell or \"kind\" for table relations, found {:?}",
                shorten(column)
            ),
        ));
    }
    let Some((a, b)) = key.split_once('/') else {
        diags.push(origin.diag(
            col::KEY,
            format!(
                "key: expected a/b (two actor ids) for table relations, found {:?}",
                shorten(key)
            ),
        ));
        return None;
    };
    let ia = actor_ref(inst, a.trim());
    let ib = actor_ref(inst, b.trim());
    for r in [&ia, &ib] {
        if let Err(why) = r {
            diags.push(origin.diag(col::KEY, format!("key: {why}")));
        }
    }
    let kind = match value {
        "" => None,
        v => match kinds.iter().find(|(n, _)| *n == v) {
            Some(&(_, k)) => Some(k),
            None => {
                diags.push(origin.diag(
                    col::VALUE,
                    format!("value: expected rival or requires, found {:?}", shorten(v)),
                ));
                return None;
            }
        },
    };
    let (a, b) = (ia.ok()?, ib.ok()?);
    if a == b {
        diags.push(origin.diag(
            col::KEY,
            format!(
                "key: expected two different actors, found {:?}",
                shorten(key)
            ),
        ));
        return None;
    }
    match op {
        Op::AddRow => match kind {
            Some(k) => Some(Resolved::AddRelation(a, b, k)),
            None => {
                diags.push(origin.diag(
                    col::VALUE,
                    "value: expected the kind of the new relation, rival or requires, found an empty cell",
                ));
                None
            }
        },
        _ => Some(Resolved::RemoveRelation(a, b, kind)),
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_option(
    origin: &Origin,
    key: &str,
    column: &str,
    op: Op,
    value: &str,
    inst: &Instance,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    if op != Op::Set {
        diags.push(origin.diag(
            col::OP,
            format!(
                "op: expected set for table options, found {:?}",
                op.as_str()
            ),
        ));
        return None;
    }
    let names = request::option_names();
    let Some(k) = request::find_key(key) else {
        diags.push(origin.diag(
            col::KEY,
            format!(
                "key: expected a solve option ({}), found {:?}{}",
                names.join(", "),
                shorten(key),
                suggest(key, &names)
            ),
        ));
        return None;
    };
    let builtin = objectives::ids();
    match k.target {
        request::Target::Objective => {
            if !builtin.contains(&column) {
                diags.push(origin.diag(
                    col::COLUMN,
                    format!(
                        "column: expected the objective whose {key} this sets ({}), found {:?}{}",
                        builtin.join(", "),
                        shorten(column),
                        suggest(column, &builtin)
                    ),
                ));
                return None;
            }
        }
        request::Target::Project => {
            if let Err(why) = project_ref(inst, column) {
                diags.push(origin.diag(
                    col::COLUMN,
                    format!("column: expected the project this {key} names: {why}"),
                ));
                return None;
            }
        }
        request::Target::None => must_be_empty(
            origin,
            col::COLUMN,
            "column",
            column,
            "only weight, abs_tol, rel_tol, floor and cap name an objective, must and never a project",
            diags,
        ),
    }
    let setting = match k.parse(Some(column), value) {
        Ok(Setting::Demand(mut d)) => {
            d.place = Some(origin.place(col::KEY));
            Setting::Demand(d)
        }
        Ok(s) => s,
        Err(expected) => {
            diags.push(origin.diag(
                col::VALUE,
                format!("value: expected {expected}, found {:?}", shorten(value)),
            ));
            return None;
        }
    };
    match &setting {
        Setting::Objectives(items) => {
            let mut ok = true;
            let mut seen = std::collections::HashSet::new();
            for item in items {
                if !builtin.contains(&item.as_str()) {
                    ok = false;
                    diags.push(origin.diag(
                        col::VALUE,
                        format!(
                            "value: expected built-in objectives ({}), found {item:?}{}",
                            builtin.join(", "),
                            suggest(item, &builtin)
                        ),
                    ));
                } else if !seen.insert(item.as_str()) {
                    ok = false;
                    diags.push(origin.diag(
                        col::VALUE,
                        format!("value: expected each objective once, found {item:?} twice"),
                    ));
                }
            }
            if !ok {
                return None;
            }
        }
        Setting::Demand(d) => {
            if let Err(why) = crate::domain::rules::check_demand(inst, d) {
                diags.push(origin.diag(col::COLUMN, format!("column: {why}")));
                return None;
            }
        }
        Setting::Backend(name) => {
            if let Err(e) = crate::backend::by_name(name) {
                diags.push(origin.diag(col::VALUE, format!("value: {e}")));
                return None;
            }
        }
        _ => {}
    }
    Some(Resolved::Option(setting))
}

#[allow(clippy::too_many_arguments)]
fn resolve_data(
    origin: &Origin,
    target: Target,
    key: &str,
    column: &str,
    op: Op,
    value: &str,
    inst: &Instance,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    // The row.
    let row = match target {
        Target::Actors => actor_ref(inst, key).map(RowRef::Actor),
        Target::Projects => project_ref(inst, key).map(RowRef::Project),
        _ => match key.split_once('/') {
            None => Err(format!(
                "expected actor/project for table interests, found {:?}",
                shorten(key)
            )),
            Some((a, p)) => {
                let (ra, rp) = (actor_ref(inst, a.trim()), project_ref(inst, p.trim()));
                match (ra, rp) {
                    (Ok(a), Ok(p)) => Ok(RowRef::Pair(a, p)),
                    (Err(x), Ok(_)) | (Ok(_), Err(x)) => Err(x),
                    (Err(x), Err(y)) => Err(format!("{x}; {y}")),
                }
            }
        },
    };
    let row = match row {
        Ok(r) => Some(r),
        Err(why) => {
            diags.push(origin.diag(col::KEY, format!("key: {why}")));
            None
        }
    };
    // Whole rows.
    if matches!(op, Op::AddRow | Op::RemoveRow) {
        if target != Target::Interests {
            diags.push(origin.diag(
                col::OP,
                format!(
                    "op: {} applies to tables interests and relations only, not to {}",
                    op.as_str(),
                    target.as_str()
                ),
            ));
            return None;
        }
        let why =
            "add_row and remove_row concern the whole row; give the new row's values with set";
        must_be_empty(origin, col::COLUMN, "column", column, why, diags);
        must_be_empty(origin, col::VALUE, "value", value, why, diags);
        let Some(RowRef::Pair(a, p)) = row else {
            return None;
        };
        return Some(if op == Op::AddRow {
            Resolved::AddPair(a, p)
        } else {
            Resolved::RemovePair(a, p)
        });
    }
    // Cells.
    let columns = match target {
        Target::Actors => ACTOR_COLUMNS,
        Target::Projects => PROJECT_COLUMNS,
        _ => INTEREST_COLUMNS,
    };
    let Some(&(_, field, kind)) = columns.iter().find(|(n, _, _)| *n == column) else {
        let names: Vec<&str> = columns.iter().map(|(n, _, _)| *n).collect();
        let id_hint = if matches!(column, "id" | "actor" | "project") {
            " (ids cannot change)"
        } else {
            ""
        };
        diags.push(origin.diag(
            col::COLUMN,
            format!(
                "column: expected a column of {} ({}), found {:?}{}{id_hint}",
                target.as_str(),
                names.join(", "),
                shorten(column),
                suggest(column, &names)
            ),
        ));
        return None;
    };
    if matches!(op, Op::Scale | Op::Add) && !kind.numeric() {
        diags.push(origin.diag(
            col::OP,
            format!(
                "op: {} needs a numeric column; {} is not a number, use set",
                op.as_str(),
                column
            ),
        ));
        return None;
    }
    let bad = |diags: &mut Diagnostics, what: &str| {
        let hint = if value.contains(',') && parse_number(&value.replace(',', ".")).is_some() {
            " (use \".\" as the decimal separator)"
        } else {
            ""
        };
        diags.push(origin.diag(
            col::VALUE,
            format!("value: expected {what}, found {:?}{hint}", shorten(value)),
        ));
    };
    let value = match (op, kind) {
        (Op::Scale, _) => match parse_number(value) {
            Some(v) if v >= 0.0 => Value::Num(v),
            _ => {
                bad(diags, "a factor >= 0 for scale");
                return None;
            }
        },
        (Op::Add, _) => match parse_number(value) {
            Some(v) => Value::Num(v),
            None => {
                bad(diags, "a number to add");
                return None;
            }
        },
        (_, Kind::Num(r)) => match parse_number(value) {
            Some(v) if r.contains(v) => Value::Num(v),
            _ => {
                bad(diags, r.describe());
                return None;
            }
        },
        (_, Kind::OptNum(r)) => match parse_number(value) {
            _ if value.is_empty() => Value::Empty,
            Some(v) if r.contains(v) => Value::Num(v),
            _ => {
                bad(
                    diags,
                    &format!("{} or an empty cell (the default)", r.describe()),
                );
                return None;
            }
        },
        (_, Kind::Whole) => match parse_whole(value) {
            Some(v) => Value::Num(f64::from(v)),
            None => {
                bad(diags, "a whole number >= 0");
                return None;
            }
        },
        (_, Kind::Bool) => match parse_bool(value) {
            Some(b) => Value::Bool(b),
            None => {
                bad(diags, "true/false, yes/no or 1/0");
                return None;
            }
        },
        (_, Kind::Mode) => match value {
            "all_or_nothing" => Value::Mode(Mode::AllOrNothing),
            "scalable" => Value::Mode(Mode::Scalable),
            _ => {
                bad(diags, "all_or_nothing or scalable");
                return None;
            }
        },
        (_, Kind::Text(required)) => {
            if required && value.is_empty() {
                bad(diags, "a non-empty text");
                return None;
            }
            Value::Text(value.to_string())
        }
        (_, Kind::Hosts) | (_, Kind::Requires) => {
            let items = match parse_list(value) {
                Ok(items) => items,
                Err(_) => {
                    bad(
                        diags,
                        "ids separated by \";\", each once, with no empty item",
                    );
                    return None;
                }
            };
            let mut ids = Vec::new();
            let mut ok = true;
            for item in items {
                let r = if kind == Kind::Hosts {
                    actor_ref(inst, item)
                } else {
                    match (project_ref(inst, item), row) {
                        (Ok(q), Some(RowRef::Project(p))) if q == p => {
                            Err("a project cannot require itself".to_string())
                        }
                        (r, _) => r,
                    }
                };
                match r {
                    Ok(i) => ids.push(i),
                    Err(why) => {
                        ok = false;
                        diags.push(origin.diag(col::VALUE, format!("value: {why}")));
                    }
                }
            }
            if !ok {
                return None;
            }
            Value::Ids(ids)
        }
    };
    Some(Resolved::Cell {
        row: row?,
        field,
        kind,
        op,
        value,
    })
}

/// Applies `edits` to a copy of `base`, reporting every problem into
/// `diags`. Returns the instance (valid only when nothing was reported).
fn apply_edits(base: &Instance, edits: &[Edit], diags: &mut Diagnostics) -> Option<Instance> {
    let mut inst = base.clone();
    if edits.is_empty() {
        return Some(inst);
    }
    let before = diags.len();
    let line_of = |e: &Edit| {
        e.origin
            .line
            .map_or(String::new(), |l| format!(" (first at line {l})"))
    };
    // 1. Rows removed, then rows added.
    for e in edits {
        match e.resolved {
            Resolved::RemovePair(a, p) => {
                match inst
                    .interests
                    .iter()
                    .position(|i| i.actor == a && i.project == p)
                {
                    Some(k) => {
                        inst.interests.remove(k);
                    }
                    None => diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: remove_row: interests.csv has no pair {:?} (removed twice, or never there)",
                            e.key
                        ),
                    )),
                }
            }
            Resolved::RemoveRelation(a, b, kind) => {
                let matches = |r: &Relation| {
                    kind.is_none_or(|k| r.kind == k)
                        && ((r.a == a && r.b == b)
                            || (r.kind == RelationKind::Rival && r.a == b && r.b == a))
                };
                let found: Vec<usize> = inst
                    .relations
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| matches(r))
                    .map(|(k, _)| k)
                    .collect();
                match found.as_slice() {
                    [k] => {
                        inst.relations.remove(*k);
                    }
                    [] => diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: remove_row: relations.csv has no relation {:?}{}",
                            e.key,
                            kind.map_or(String::new(), |k| format!(" of kind {}", k.as_str()))
                        ),
                    )),
                    _ => diags.push(e.origin.diag(
                        col::VALUE,
                        format!(
                            "value: {:?} has both a rival and a requires relation: name the kind to remove",
                            e.key
                        ),
                    )),
                }
            }
            _ => {}
        }
    }
    let mut added: HashMap<RowRef, &Edit> = HashMap::new();
    let mut added_relations: HashMap<(usize, usize, RelationKind), &Edit> = HashMap::new();
    for e in edits {
        match e.resolved {
            Resolved::AddPair(a, p) => {
                if let Some(first) = added.get(&RowRef::Pair(a, p)) {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: add_row: pair {:?} is added twice{}",
                            e.key,
                            line_of(first)
                        ),
                    ));
                } else if inst
                    .interests
                    .iter()
                    .any(|i| i.actor == a && i.project == p)
                {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: add_row: interests.csv already has the pair {:?}; change its cells with set",
                            e.key
                        ),
                    ));
                } else {
                    added.insert(RowRef::Pair(a, p), e);
                    inst.interests.push(Interest {
                        actor: a,
                        project: p,
                        interest: 0.0,
                        max_funding: None,
                        max_personnel: None,
                        min_funding: 0.0,
                        veto: false,
                        line: Line(None),
                    });
                }
            }
            Resolved::AddRelation(a, b, kind) => {
                let norm = if kind == RelationKind::Rival && b < a {
                    (b, a, kind)
                } else {
                    (a, b, kind)
                };
                if let Some(first) = added_relations.get(&norm) {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: add_row: relation {:?} {} is added twice{}",
                            e.key,
                            kind.as_str(),
                            line_of(first)
                        ),
                    ));
                } else if inst.relations.iter().any(|r| {
                    r.kind == kind
                        && ((r.a == a && r.b == b)
                            || (kind == RelationKind::Rival && r.a == b && r.b == a))
                }) {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: add_row: relations.csv already has {:?} {}",
                            e.key,
                            kind.as_str()
                        ),
                    ));
                } else {
                    added_relations.insert(norm, e);
                    inst.relations.push(Relation {
                        a,
                        b,
                        kind,
                        line: Line(None),
                    });
                }
            }
            _ => {}
        }
    }
    // 2. Cells, each at most once.
    let mut vectors: Vec<String> = inst
        .actors
        .iter()
        .map(|a| inst.vectors[a.vector].clone())
        .collect();
    let mut changed: HashMap<(RowRef, Field), &Edit> = HashMap::new();
    let mut local_edits: HashMap<usize, &Edit> = HashMap::new();
    let mut hosts_edits: HashMap<usize, &Edit> = HashMap::new();
    for e in edits {
        let Resolved::Cell {
            row,
            field,
            kind,
            op,
            ref value,
        } = e.resolved
        else {
            continue;
        };
        if let Some(first) = changed.get(&(row, field)) {
            diags.push(e.origin.diag(
                col::COLUMN,
                format!(
                    "column: {} of {:?} is changed twice in one scenario{}: rows of a scenario apply together, so each cell may change once",
                    e.column,
                    e.key,
                    line_of(first)
                ),
            ));
            continue;
        }
        changed.insert((row, field), e);
        let pair = match row {
            RowRef::Pair(a, p) => match inst
                .interests
                .iter()
                .position(|i| i.actor == a && i.project == p)
            {
                Some(k) => Some(k),
                None => {
                    diags.push(e.origin.diag(
                        col::KEY,
                        format!(
                            "key: interests.csv has no pair {:?}{}",
                            e.key,
                            if edits.iter().any(|x| x.resolved
                                == Resolved::RemovePair(row_actor(row), row_project(row)))
                            {
                                " (this scenario removes it)"
                            } else {
                                " (add it with add_row first, in the same scenario)"
                            }
                        ),
                    ));
                    continue;
                }
            },
            _ => None,
        };
        let number = |current: f64| -> std::result::Result<f64, String> {
            let Value::Num(v) = *value else {
                unreachable!("numeric ops carry numbers")
            };
            let out = match op {
                Op::Set => v,
                Op::Scale => current * v,
                _ => current + v,
            };
            let out = out + 0.0;
            let range = match kind {
                Kind::Num(r) | Kind::OptNum(r) => r,
                _ => Range::NonNegative,
            };
            let whole_ok = kind != Kind::Whole
                || ((out - out.round()).abs() <= 1e-9 * out.abs().max(1.0)
                    && out.round() >= 0.0
                    && out.round() <= f64::from(u32::MAX));
            let in_range = out.is_finite() && range.contains(out);
            if whole_ok && in_range {
                Ok(if kind == Kind::Whole {
                    out.round()
                } else {
                    out
                })
            } else {
                let what = if kind == Kind::Whole {
                    "a whole number >= 0".to_string()
                } else {
                    range.describe().to_string()
                };
                Err(match op {
                    Op::Set => format!("value: {} expects {what}, found {v}", e.column),
                    _ => format!(
                        "value: {} {} {} by {v} gives {out}; {} expects {what}",
                        op.as_str(),
                        e.column,
                        current,
                        e.column
                    ),
                })
            }
        };
        let mut fail = |msg: String| diags.push(e.origin.diag(col::VALUE, msg));
        macro_rules! num {
            ($place:expr) => {
                match number($place) {
                    Ok(v) => $place = v,
                    Err(m) => fail(m),
                }
            };
        }
        macro_rules! whole {
            ($place:expr) => {
                match number(f64::from($place)) {
                    Ok(v) => $place = v as u32,
                    Err(m) => fail(m),
                }
            };
        }
        let text = || match value {
            Value::Text(s) => s.clone(),
            _ => unreachable!("text columns carry text"),
        };
        let flag = || matches!(value, Value::Bool(true));
        match (row, field) {
            (RowRef::Actor(a), f) => {
                let actor = &mut inst.actors[a];
                match f {
                    Field::ActorName => actor.name = text(),
                    Field::ActorKind => actor.kind = text(),
                    Field::ActorVector => vectors[a] = text(),
                    Field::ActorLocal => {
                        actor.local = flag();
                        local_edits.insert(a, e);
                    }
                    Field::ActorBudget => num!(actor.budget),
                    Field::ActorPersonnel => num!(actor.personnel),
                    _ => num!(actor.max_share),
                }
            }
            (RowRef::Project(p), f) => {
                let proj = &mut inst.projects[p];
                match f {
                    Field::ProjectName => proj.name = text(),
                    Field::ProjectSector => proj.sector = text(),
                    Field::ProjectHosts => {
                        if let Value::Ids(ids) = value {
                            proj.hosts = ids.clone();
                        }
                        hosts_edits.insert(p, e);
                    }
                    Field::ProjectRequires => {
                        if let Value::Ids(ids) = value {
                            proj.requires = ids.clone();
                        }
                    }
                    Field::ProjectMode => {
                        if let Value::Mode(m) = value {
                            proj.mode = *m;
                        }
                    }
                    Field::ProjectCost => num!(proj.cost),
                    Field::ProjectPersonnel => num!(proj.personnel),
                    Field::ProjectBenefit => num!(proj.benefit),
                    Field::ProjectMinFraction => num!(proj.min_fraction),
                    Field::ProjectMinActors => whole!(proj.min_actors),
                    _ => whole!(proj.min_vectors),
                }
            }
            (RowRef::Pair(..), f) => {
                let i = &mut inst.interests[pair.expect("resolved above")];
                match f {
                    Field::Interest => num!(i.interest),
                    Field::MinFunding => num!(i.min_funding),
                    Field::Veto => i.veto = flag(),
                    Field::MaxFunding | Field::MaxPersonnel => {
                        let place = if f == Field::MaxFunding {
                            &mut i.max_funding
                        } else {
                            &mut i.max_personnel
                        };
                        match (op, place.as_mut(), value) {
                            (Op::Set, _, Value::Empty) => *place = None,
                            (Op::Set, _, Value::Num(v)) => *place = Some(*v),
                            (_, Some(current), _) => match number(*current) {
                                Ok(v) => *current = v,
                                Err(m) => fail(m),
                            },
                            (_, None, _) => fail(format!(
                                "value: {} of {:?} is empty (it defaults to the actor's {}), so there is nothing to {}; use set",
                                e.column,
                                e.key,
                                if f == Field::MaxFunding { "budget" } else { "personnel" },
                                op.as_str()
                            )),
                        }
                    }
                    _ => unreachable!("interest fields"),
                }
            }
        }
    }
    // 3. Rules between cells: hosts are local; vectors renumbered.
    for (p, proj) in inst.projects.iter().enumerate() {
        for &h in &proj.hosts {
            if inst.actors[h].local {
                continue;
            }
            let msg = format!(
                "project {:?} is hosted by {:?}, which is not local: hosts must be local states",
                proj.id, inst.actors[h].id
            );
            if let Some(e) = local_edits.get(&h) {
                diags.push(e.origin.diag(col::VALUE, format!("value: {msg}")));
            } else if let Some(e) = hosts_edits.get(&p) {
                diags.push(e.origin.diag(col::VALUE, format!("value: {msg}")));
            }
        }
    }
    let mut names: Vec<String> = Vec::new();
    for (a, v) in vectors.into_iter().enumerate() {
        inst.actors[a].vector = match names.iter().position(|x| *x == v) {
            Some(k) => k,
            None => {
                names.push(v);
                names.len() - 1
            }
        };
    }
    inst.vectors = names;
    (diags.len() == before).then_some(inst)
}

fn row_actor(r: RowRef) -> usize {
    match r {
        RowRef::Pair(a, _) | RowRef::Actor(a) => a,
        RowRef::Project(_) => usize::MAX,
    }
}

fn row_project(r: RowRef) -> usize {
    match r {
        RowRef::Pair(_, p) | RowRef::Project(p) => p,
        RowRef::Actor(_) => usize::MAX,
    }
}

/// Builds one change from a command-line `--grid` axis.
pub(crate) fn grid_edit(
    spec: &str,
    target: &str,
    key: &str,
    column: &str,
    op: Op,
    value: f64,
    inst: &Instance,
) -> std::result::Result<Edit, Diagnostics> {
    let mut diags = Diagnostics::default();
    let origin = Origin::option(&format!("--grid {spec}"));
    let text = format!("{value}");
    match parse_edit(
        &origin,
        target,
        key,
        column,
        op.as_str(),
        &text,
        inst,
        &mut diags,
    ) {
        Some(e) if diags.is_empty() => Ok(e),
        _ => Err(diags),
    }
}

#[cfg(test)]
mod tests;
