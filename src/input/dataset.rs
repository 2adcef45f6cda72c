//! A data folder -> a validated [`Instance`]: the four tables' schemas, every
//! cell's type and range, and every reference between tables, with all
//! problems collected in one pass.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::{
    Actor, Instance, Interest, Line, Mode, Project, Relation, RelationKind, Sources,
};
use crate::error::{Diagnostic, Diagnostics};

use super::parse::{
    closest, is_id, parse_bool, parse_list, parse_number, parse_whole, shorten, ListError,
};
use super::table::{opt, read_table, req, Cell, Column, Row, Table};

/// File names of a data folder.
pub const ACTORS_FILE: &str = "actors.csv";
/// Projects table.
pub const PROJECTS_FILE: &str = "projects.csv";
/// Eligible pairs.
pub const INTERESTS_FILE: &str = "interests.csv";
/// Optional relations table.
pub const RELATIONS_FILE: &str = "relations.csv";

pub(crate) const ACTORS: &[Column] = &[
    req("id"),
    req("name"),
    opt("kind"),
    req("vector"),
    opt("local"),
    req("budget"),
    opt("personnel"),
    opt("max_share"),
];
mod ac {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const KIND: usize = 2;
    pub const VECTOR: usize = 3;
    pub const LOCAL: usize = 4;
    pub const BUDGET: usize = 5;
    pub const PERSONNEL: usize = 6;
    pub const MAX_SHARE: usize = 7;
}

pub(crate) const PROJECTS: &[Column] = &[
    req("id"),
    req("name"),
    opt("sector"),
    opt("hosts"),
    req("cost"),
    opt("personnel"),
    req("benefit"),
    opt("mode"),
    opt("min_fraction"),
    opt("min_actors"),
    opt("min_vectors"),
    opt("requires"),
];
mod pc {
    pub const ID: usize = 0;
    pub const NAME: usize = 1;
    pub const SECTOR: usize = 2;
    pub const HOSTS: usize = 3;
    pub const COST: usize = 4;
    pub const PERSONNEL: usize = 5;
    pub const BENEFIT: usize = 6;
    pub const MODE: usize = 7;
    pub const MIN_FRACTION: usize = 8;
    pub const MIN_ACTORS: usize = 9;
    pub const MIN_VECTORS: usize = 10;
    pub const REQUIRES: usize = 11;
}

pub(crate) const INTERESTS: &[Column] = &[
    req("actor"),
    req("project"),
    opt("interest"),
    opt("max_funding"),
    opt("max_personnel"),
    opt("min_funding"),
    opt("veto"),
];
mod ic {
    pub const ACTOR: usize = 0;
    pub const PROJECT: usize = 1;
    pub const INTEREST: usize = 2;
    pub const MAX_FUNDING: usize = 3;
    pub const MAX_PERSONNEL: usize = 4;
    pub const MIN_FUNDING: usize = 5;
    pub const VETO: usize = 6;
}

pub(crate) const RELATIONS: &[Column] = &[req("a"), req("b"), req("kind")];
mod rc {
    pub const A: usize = 0;
    pub const B: usize = 1;
    pub const KIND: usize = 2;
}

/// The result of reading a data folder: the instance when there was no
/// problem, every problem found, and the files that were read.
pub(crate) struct Loaded {
    pub instance: Option<Instance>,
    pub diags: Diagnostics,
    pub files: Vec<PathBuf>,
}

/// Reads and validates the data folder `dir`.
pub(crate) fn read_dataset(dir: &Path) -> Loaded {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    if !dir.is_dir() {
        diags.push(Diagnostic::at(
            dir,
            None,
            None,
            if dir.exists() {
                "expected a data folder, found a file"
            } else {
                "no such data folder"
            },
        ));
        return Loaded {
            instance: None,
            diags,
            files,
        };
    }
    let present = csv_names(dir);

    let mut open =
        |name: &str, columns: &'static [Column], required: bool, diags: &mut Diagnostics| {
            let path = dir.join(name);
            if !path.exists() {
                let typo = closest_file(name, &present);
                if required {
                    let hint = typo.map_or(String::new(), |t| format!(" (found {t:?}: a typo?)"));
                    diags.push(Diagnostic::at(
                        &path,
                        None,
                        None,
                        format!("file not found{hint}"),
                    ));
                } else if let Some(t) = typo {
                    diags.push(Diagnostic::at(
                        dir.join(t),
                        None,
                        None,
                        format!(
                            "unknown file: did you mean {name:?}? (it is not read under this name)"
                        ),
                    ));
                }
                return None;
            }
            let table = read_table(&path, columns, crate::domain::max_pairs(), diags);
            if let Some((t, (line, n))) = table.as_ref().and_then(|t| Some((t, t.excess?))) {
                diags.push(Diagnostic::at(
                    &path,
                    Some(line),
                    None,
                    crate::domain::size_guard(t.rows.len() + n, "rows"),
                ));
            }
            if path.is_file() {
                files.push(path);
            }
            table
        };
    let actors_t = open(ACTORS_FILE, ACTORS, true, &mut diags);
    let projects_t = open(PROJECTS_FILE, PROJECTS, true, &mut diags);
    let interests_t = open(INTERESTS_FILE, INTERESTS, true, &mut diags);
    let relations_t = open(RELATIONS_FILE, RELATIONS, false, &mut diags);

    let actors = actors_t.as_ref().map(|t| read_actors(t, &mut diags));
    let projects = projects_t
        .as_ref()
        .map(|t| read_projects(t, actors.as_ref(), &mut diags));
    let interests = interests_t
        .as_ref()
        .filter(|t| t.excess.is_none())
        .map(|t| read_interests(t, actors.as_ref(), projects.as_ref(), &mut diags));
    let relations = relations_t
        .as_ref()
        .map(|t| read_relations(t, actors.as_ref(), &mut diags));

    super::sort_diagnostics(&mut diags);
    // With no problem reported every row was read, so the row ordinals used
    // as indices are the positions in these vectors.
    let instance = if diags.is_empty() {
        match (actors, projects, interests) {
            (Some(a), Some(p), Some(i)) => Some(Instance {
                actors: a.rows.into_iter().flatten().collect(),
                projects: p.rows.into_iter().flatten().collect(),
                interests: i.into_iter().flatten().collect(),
                relations: relations.map_or(Vec::new(), |r| r.into_iter().flatten().collect()),
                vectors: a.vectors,
                sources: Sources {
                    actors: actors_t.as_ref().map(Table::source),
                    projects: projects_t.as_ref().map(Table::source),
                    interests: interests_t.as_ref().map(Table::source),
                    relations: relations_t.as_ref().map(Table::source),
                },
            }),
            _ => None,
        }
    } else {
        None
    };
    Loaded {
        instance,
        diags,
        files,
    }
}

/// Names of the `.csv` files in `dir`.
fn csv_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// A present file whose name is a likely typo of `wanted`.
fn closest_file<'a>(wanted: &str, present: &'a [String]) -> Option<&'a str> {
    let known = [ACTORS_FILE, PROJECTS_FILE, INTERESTS_FILE, RELATIONS_FILE];
    let candidates: Vec<&str> = present
        .iter()
        .map(String::as_str)
        .filter(|n| !known.contains(n))
        .collect();
    closest(wanted, &candidates)
}

/// An id as it appears in a key column, with where it was first defined.
#[derive(Debug, Clone, Copy)]
struct IdEntry {
    /// Ordinal of the first row with this id (= its index in the instance).
    index: usize,
    /// Line of that row.
    line: usize,
}

/// Collects the ids of a table's key column, reporting malformed and
/// duplicate ids. Malformed ids are still entered, so that references to
/// them elsewhere do not cause follow-up errors.
fn collect_ids(t: &Table, c: usize, diags: &mut Diagnostics) -> HashMap<String, IdEntry> {
    let mut ids: HashMap<String, IdEntry> = HashMap::new();
    for (index, row) in t.rows.iter().enumerate() {
        let Cell::Text(id) = t.cell(row, c) else {
            continue;
        };
        if row.ragged {
            if !id.is_empty() {
                ids.entry(id.to_string()).or_insert(IdEntry {
                    index,
                    line: row.line,
                });
            }
            continue;
        }
        if !is_id(id) {
            diags.push(t.diag(
                row,
                c,
                format!(
                    "{}: expected an id (lowercase letters, digits and _), found {id:?}",
                    t.columns[c].name
                ),
            ));
            if id.is_empty() {
                continue;
            }
        }
        match ids.get(id) {
            Some(first) => diags.push(t.diag(
                row,
                c,
                format!(
                    "{}: duplicate id {id:?} (first at line {})",
                    t.columns[c].name, first.line
                ),
            )),
            None => {
                ids.insert(
                    id.to_string(),
                    IdEntry {
                        index,
                        line: row.line,
                    },
                );
            }
        }
    }
    ids
}

/// Allowed ranges of numeric columns (as in `docs/input.md`); scenarios
/// that change a column are held to the same range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    /// `>= 0`
    NonNegative,
    /// `> 0`
    Positive,
    /// `[0, 1]`
    Unit,
    /// `(0, 1]`
    OpenUnit,
}

impl Range {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Range::NonNegative => "a number >= 0",
            Range::Positive => "a number > 0",
            Range::Unit => "a number in [0, 1]",
            Range::OpenUnit => "a number in (0, 1]",
        }
    }
    pub(crate) fn contains(self, v: f64) -> bool {
        match self {
            Range::NonNegative => v >= 0.0,
            Range::Positive => v > 0.0,
            Range::Unit => (0.0..=1.0).contains(&v),
            Range::OpenUnit => v > 0.0 && v <= 1.0,
        }
    }
}

/// Reads the cells of one row, reporting problems; `ok` turns false on the
/// first problem (including unreadable cells reported elsewhere).
struct RowReader<'a> {
    t: &'a Table,
    row: &'a Row,
    diags: &'a mut Diagnostics,
    ok: bool,
}

impl<'a> RowReader<'a> {
    fn new(t: &'a Table, row: &'a Row, diags: &'a mut Diagnostics) -> Self {
        RowReader {
            t,
            row,
            diags,
            ok: true,
        }
    }

    /// The cell's text, `None` when absent or unreadable (`ok` turns false
    /// if the column is required or the cell unreadable).
    fn raw(&mut self, c: usize) -> Option<&'a str> {
        match self.t.cell(self.row, c) {
            Cell::Text(s) => Some(s),
            Cell::Unreadable => {
                self.ok = false;
                None
            }
            Cell::Absent => {
                if self.t.columns[c].required {
                    // Reported once, as a missing column.
                    self.ok = false;
                }
                None
            }
        }
    }

    fn fail(&mut self, c: usize, message: String) {
        self.ok = false;
        self.diags.push(self.t.diag(self.row, c, message));
    }

    fn expected(&mut self, c: usize, what: &str, found: &str) {
        let hint = if found.contains(',') && parse_number(&found.replace(',', ".")).is_some() {
            " (use \".\" as the decimal separator)"
        } else {
            ""
        };
        let name = self.t.columns[c].name;
        let found = shorten(found);
        self.fail(c, format!("{name}: expected {what}, found {found:?}{hint}"));
    }

    /// Text; an empty required cell is an error, an empty optional one is "".
    fn text(&mut self, c: usize) -> Option<String> {
        let s = self.raw(c);
        if s.is_none_or(str::is_empty) && self.t.columns[c].required {
            if let Some(s) = s {
                self.expected(c, "a non-empty text", s);
            }
            return None;
        }
        Some(s.unwrap_or("").to_string())
    }

    /// A number in `range`; an empty cell takes `default` (`None` = required).
    fn number(&mut self, c: usize, range: Range, default: Option<f64>) -> Option<f64> {
        match self.opt_number(c, range)? {
            Some(v) => Some(v),
            None => {
                if default.is_none() && self.t.has(c) {
                    self.expected(c, range.describe(), "");
                }
                default
            }
        }
    }

    /// A number in `range`, or `Some(None)` for an empty or absent cell;
    /// `None` when the cell is invalid.
    fn opt_number(&mut self, c: usize, range: Range) -> Option<Option<f64>> {
        let s = self.raw(c).unwrap_or("");
        if s.is_empty() {
            return if self.t.cell(self.row, c) == Cell::Unreadable {
                None
            } else {
                Some(None)
            };
        }
        match parse_number(s) {
            Some(v) if range.contains(v) => Some(Some(v)),
            _ => {
                self.expected(c, range.describe(), s);
                None
            }
        }
    }

    /// A whole number `>= 0`, default 0.
    fn whole(&mut self, c: usize) -> Option<u32> {
        match self.raw(c) {
            None | Some("") => (self.t.cell(self.row, c) != Cell::Unreadable).then_some(0),
            Some(s) => {
                let v = parse_whole(s);
                if v.is_none() {
                    self.expected(c, "a whole number >= 0", s);
                }
                v
            }
        }
    }

    /// A boolean, default false.
    fn boolean(&mut self, c: usize) -> Option<bool> {
        match self.raw(c) {
            None | Some("") => (self.t.cell(self.row, c) != Cell::Unreadable).then_some(false),
            Some(s) => {
                let v = parse_bool(s);
                if v.is_none() {
                    self.expected(c, "true/false, yes/no or 1/0", s);
                }
                v
            }
        }
    }

    /// An enum value from `options`, `default` when empty.
    fn choice<T: Copy>(&mut self, c: usize, options: &[(&str, T)], default: T) -> Option<T> {
        match self.raw(c) {
            None | Some("") => {
                if self.t.cell(self.row, c) == Cell::Unreadable {
                    return None;
                }
                if self.t.columns[c].required && self.t.has(c) {
                    self.choice_error(c, options, "");
                    return None;
                }
                Some(default)
            }
            Some(s) => match options.iter().find(|(name, _)| *name == s) {
                Some(&(_, v)) => Some(v),
                None => {
                    self.choice_error(c, options, s);
                    None
                }
            },
        }
    }

    fn choice_error<T>(&mut self, c: usize, options: &[(&str, T)], found: &str) {
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let what = match names.as_slice() {
            [a, b] => format!("{a} or {b}"),
            _ => format!("one of {}", names.join(", ")),
        };
        self.expected(c, &what, found);
    }

    /// A `;`-separated list of references, each resolved by `resolve`, which
    /// returns the index or the reason it is refused (reported as
    /// `expected WHAT, found "ITEM" (REASON)`).
    fn list(
        &mut self,
        c: usize,
        what: &str,
        mut resolve: impl FnMut(&str) -> Result<Option<usize>, String>,
    ) -> Option<Vec<usize>> {
        let s = self.raw(c).unwrap_or("");
        if self.t.cell(self.row, c) == Cell::Unreadable {
            return None;
        }
        let name = self.t.columns[c].name;
        let items = match parse_list(s) {
            Ok(items) => items,
            Err(ListError::EmptyItem) => {
                self.fail(
                    c,
                    format!(
                        "{name}: expected ids separated by \";\" with no empty item, found {s:?}"
                    ),
                );
                return None;
            }
            Err(ListError::Duplicate(item)) => {
                self.fail(
                    c,
                    format!("{name}: expected distinct ids, found {item:?} twice in {s:?}"),
                );
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut good = true;
        for item in items {
            match resolve(item) {
                Ok(Some(i)) => out.push(i),
                Ok(None) => good = false,
                Err(reason) => {
                    let hint = if item.contains(',') || item.contains(char::is_whitespace) {
                        "; separate ids with \";\""
                    } else {
                        ""
                    };
                    self.fail(
                        c,
                        format!("{name}: expected {what}, found {item:?} ({reason}{hint})"),
                    );
                    good = false;
                }
            }
        }
        if good {
            Some(out)
        } else {
            self.ok = false;
            None
        }
    }
}

/// What the projects and interests need to know of an actor.
#[derive(Debug, Clone, Copy)]
struct ActorFacts {
    local: Option<bool>,
}

struct ActorsRead {
    ids: HashMap<String, IdEntry>,
    /// Facts per row ordinal.
    facts: Vec<ActorFacts>,
    rows: Vec<Option<Actor>>,
    vectors: Vec<String>,
    /// The id column was there: references can be checked.
    checkable: bool,
}

fn read_actors(t: &Table, diags: &mut Diagnostics) -> ActorsRead {
    let ids = collect_ids(t, ac::ID, diags);
    let mut vectors: Vec<String> = Vec::new();
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut facts = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        if row.ragged {
            rows.push(None);
            facts.push(ActorFacts { local: None });
            continue;
        }
        let mut r = RowReader::new(t, row, diags);
        let id = r.raw(ac::ID).filter(|s| is_id(s)).map(str::to_string);
        let name = r.text(ac::NAME);
        let kind = r.text(ac::KIND);
        let vector = r.text(ac::VECTOR).map(|v| {
            vectors.iter().position(|x| *x == v).unwrap_or_else(|| {
                vectors.push(v);
                vectors.len() - 1
            })
        });
        let local = r.boolean(ac::LOCAL);
        let budget = r.number(ac::BUDGET, Range::NonNegative, None);
        let personnel = r.number(ac::PERSONNEL, Range::NonNegative, Some(0.0));
        let max_share = r.number(ac::MAX_SHARE, Range::OpenUnit, Some(1.0));
        facts.push(ActorFacts { local });
        let ok = r.ok;
        rows.push(
            match (id, name, kind, vector, local, budget, personnel, max_share) {
                (
                    Some(id),
                    Some(name),
                    Some(kind),
                    Some(vector),
                    Some(local),
                    Some(budget),
                    Some(personnel),
                    Some(max_share),
                ) if ok => Some(Actor {
                    id,
                    name,
                    kind,
                    vector,
                    local,
                    budget,
                    personnel,
                    max_share,
                    line: Line(Some(row.line)),
                }),
                _ => None,
            },
        );
    }
    ActorsRead {
        ids,
        facts,
        rows,
        vectors,
        checkable: t.has(ac::ID),
    }
}

struct ProjectsRead {
    ids: HashMap<String, IdEntry>,
    rows: Vec<Option<Project>>,
    checkable: bool,
}

fn read_projects(t: &Table, actors: Option<&ActorsRead>, diags: &mut Diagnostics) -> ProjectsRead {
    let ids = collect_ids(t, pc::ID, diags);
    let mut rows = Vec::with_capacity(t.rows.len());
    let modes = [
        ("all_or_nothing", Mode::AllOrNothing),
        ("scalable", Mode::Scalable),
    ];
    for row in &t.rows {
        if row.ragged {
            rows.push(None);
            continue;
        }
        let mut r = RowReader::new(t, row, diags);
        let own_id = r.raw(pc::ID);
        let id = own_id.filter(|s| is_id(s)).map(str::to_string);
        let name = r.text(pc::NAME);
        let sector = r.text(pc::SECTOR);
        let hosts = r.list(pc::HOSTS, "ids of local actors", |item| {
            let Some(actors) = actors.filter(|a| a.checkable) else {
                return Ok(None);
            };
            match actors.ids.get(item) {
                None => Err("no such actor in actors.csv".to_string()),
                Some(e) => match actors.facts[e.index].local {
                    Some(true) => Ok(Some(e.index)),
                    Some(false) => Err(format!(
                        "actor {item:?} at {ACTORS_FILE} line {} is not local",
                        e.line
                    )),
                    None => Ok(None),
                },
            }
        });
        let cost = r.number(pc::COST, Range::Positive, None);
        let personnel = r.number(pc::PERSONNEL, Range::NonNegative, Some(0.0));
        let benefit = r.number(pc::BENEFIT, Range::NonNegative, None);
        let mode = r.choice(pc::MODE, &modes, Mode::AllOrNothing);
        let min_fraction = r.number(pc::MIN_FRACTION, Range::Unit, Some(0.0));
        let min_actors = r.whole(pc::MIN_ACTORS);
        let min_vectors = r.whole(pc::MIN_VECTORS);
        let requires = r.list(pc::REQUIRES, "ids of other projects", |item| {
            if Some(item) == own_id {
                return Err("the project itself".to_string());
            }
            match ids.get(item) {
                Some(e) => Ok(Some(e.index)),
                None if t.has(pc::ID) => Err("no such project in projects.csv".to_string()),
                None => Ok(None),
            }
        });
        let ok = r.ok;
        let project = (|| {
            Some(Project {
                id: id?,
                name: name?,
                sector: sector?,
                hosts: hosts?,
                cost: cost?,
                personnel: personnel?,
                benefit: benefit?,
                mode: mode?,
                min_fraction: min_fraction?,
                min_actors: min_actors?,
                min_vectors: min_vectors?,
                requires: requires?,
                line: Line(Some(row.line)),
            })
        })();
        rows.push(project.filter(|_| ok));
    }
    ProjectsRead {
        ids,
        rows,
        checkable: t.has(pc::ID),
    }
}

/// Resolves a reference cell against a table's ids: `Some(index)`, or `None`
/// with the problem reported (or not checkable).
fn reference(
    r: &mut RowReader<'_>,
    c: usize,
    ids: Option<(&HashMap<String, IdEntry>, bool)>,
    what: &str,
) -> Option<usize> {
    let s = r.raw(c)?;
    match ids {
        Some((ids, true)) => match ids.get(s) {
            Some(e) => Some(e.index),
            None => {
                r.expected(c, what, s);
                None
            }
        },
        // The referred table could not be read: nothing to check against.
        _ => {
            r.ok = false;
            None
        }
    }
}

fn read_interests(
    t: &Table,
    actors: Option<&ActorsRead>,
    projects: Option<&ProjectsRead>,
    diags: &mut Diagnostics,
) -> Vec<Option<Interest>> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        if row.ragged {
            out.push(None);
            continue;
        }
        let mut r = RowReader::new(t, row, diags);
        let actor = reference(
            &mut r,
            ic::ACTOR,
            actors.map(|a| (&a.ids, a.checkable)),
            "the id of an actor in actors.csv",
        );
        let project = reference(
            &mut r,
            ic::PROJECT,
            projects.map(|p| (&p.ids, p.checkable)),
            "the id of a project in projects.csv",
        );
        if let (Cell::Text(a), Cell::Text(p)) = (t.cell(row, ic::ACTOR), t.cell(row, ic::PROJECT)) {
            if !a.is_empty() && !p.is_empty() {
                match seen.get(&(a.to_string(), p.to_string())) {
                    Some(first) => r.fail(
                        ic::ACTOR,
                        format!(
                            "duplicate pair: actor {a:?}, project {p:?} (first at line {first})"
                        ),
                    ),
                    None => {
                        seen.insert((a.to_string(), p.to_string()), row.line);
                    }
                }
            }
        }
        let interest = r.number(ic::INTEREST, Range::Unit, Some(0.0));
        let max_funding = r.opt_number(ic::MAX_FUNDING, Range::NonNegative);
        let max_personnel = r.opt_number(ic::MAX_PERSONNEL, Range::NonNegative);
        let min_funding = r.number(ic::MIN_FUNDING, Range::NonNegative, Some(0.0));
        let veto = r.boolean(ic::VETO);
        let ok = r.ok;
        let interest = (|| {
            Some(Interest {
                actor: actor?,
                project: project?,
                interest: interest?,
                max_funding: max_funding?,
                max_personnel: max_personnel?,
                min_funding: min_funding?,
                veto: veto?,
                line: Line(Some(row.line)),
            })
        })();
        out.push(interest.filter(|_| ok));
    }
    out
}

fn read_relations(
    t: &Table,
    actors: Option<&ActorsRead>,
    diags: &mut Diagnostics,
) -> Vec<Option<Relation>> {
    let kinds = [
        ("rival", RelationKind::Rival),
        ("requires", RelationKind::Requires),
    ];
    let mut seen: HashMap<(String, String, RelationKind), usize> = HashMap::new();
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        if row.ragged {
            out.push(None);
            continue;
        }
        let mut r = RowReader::new(t, row, diags);
        let ids = actors.map(|a| (&a.ids, a.checkable));
        let what = "the id of an actor in actors.csv";
        let a = reference(&mut r, rc::A, ids, what);
        let b = reference(&mut r, rc::B, ids, what);
        // `Rival` is only a placeholder when the kind is invalid (then the
        // row is refused anyway).
        let kind = r.choice(rc::KIND, &kinds, RelationKind::Rival);
        if let (Cell::Text(sa), Cell::Text(sb)) = (t.cell(row, rc::A), t.cell(row, rc::B)) {
            if !sa.is_empty() && sa == sb {
                r.expected(rc::B, "an actor other than a", sb);
            } else if let (false, false, Some(kind)) = (sa.is_empty(), sb.is_empty(), kind) {
                let key = match kind {
                    RelationKind::Rival if sb < sa => (sb.to_string(), sa.to_string(), kind),
                    _ => (sa.to_string(), sb.to_string(), kind),
                };
                match seen.get(&key) {
                    Some(first) => r.fail(
                        rc::A,
                        format!(
                            "duplicate relation: {sa:?} {} {sb:?} (first at line {first})",
                            kind.as_str()
                        ),
                    ),
                    None => {
                        seen.insert(key, row.line);
                    }
                }
            }
        }
        let ok = r.ok;
        out.push(match (a, b, kind) {
            (Some(a), Some(b), Some(kind)) if ok => Some(Relation {
                a,
                b,
                kind,
                line: Line(Some(row.line)),
            }),
            _ => None,
        });
    }
    out
}
