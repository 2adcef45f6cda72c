//! Model files: a TOML file naming a data folder, the objectives and the
//! solve settings, checked key by key so that every problem is reported with
//! its line and column, together with the data folder's problems.
//!
//! ```toml
//! name = "central_asia"            # optional, default: file stem / folder name
//! description = "..."              # optional
//! data = "../data/central_asia"    # required, relative to this file's folder
//!
//! [solve]                          # optional; every key optional
//! method = "lexicographic"         # "weighted" | "lexicographic" (default)
//! backend = "auto"                 # default "auto", validated when solving
//! time_limit = 60.0                # seconds > 0 for the whole run; default none
//! solve_time_limit = 20.0          # seconds > 0 per scalar solve; default none
//! mip_gap = 0.0                    # >= 0; default 0
//! threads = 1                      # whole number >= 1; default 1
//! normalize = false                # default false
//!
//! [[objective]]                    # optional; default: stability, then cost
//! name = "stability"               # a built-in objective
//! sense = "max"                    # optional; must be the built-in's sense
//! weight = 1.0                     # finite >= 0, default 1
//! priority = 1                     # integer, default the 1-based listed position
//! abs_tol = 0.0                    # >= 0, default 0
//! rel_tol = 0.0                    # >= 0, default 0
//!
//! [demands]                        # optional; docs/explain.md
//! must = ["termez_power", "salang_power=0.8"]   # goes ahead (delivering >= 0.8)
//! never = ["waste_storage"]        # does not go ahead
//! floor = { stability = 400 }      # a built-in objective at least ...
//! cap = { cost = 2500 }            # ... or at most
//! ```
//!
//! The `[solve]` keys and the objectives' numbers are the options of
//! [`crate::request`]: the same names, ranges and messages as the command
//! line's flags and a scenario's option rows.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::domain::objectives::{self, builtin};
use crate::domain::rules::{check_demand, Demand};
use crate::domain::Instance;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::program::Sense;
use crate::request::{self, ObjectiveSpec, Setting, Settings};

use super::dataset::read_dataset;
use super::parse::closest;

/// A validated model: what to optimize on which data, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    /// Model name (default: the TOML file's stem, or the data folder's name).
    pub name: String,
    /// Free text.
    pub description: String,
    /// The TOML file, when the model came from one.
    pub source: Option<PathBuf>,
    /// The data folder.
    pub data_dir: PathBuf,
    /// What to solve and how: objectives sorted by priority (ties in listed
    /// order), method, solver options and backend.
    pub settings: Settings,
    /// Every input file read (the TOML file, then the CSV files), for checksums.
    pub files: Vec<PathBuf>,
}

/// The objectives a domain model optimizes when its file names none.
pub const DEFAULT_OBJECTIVES: [&str; 2] = ["stability", "cost"];

impl ModelSpec {
    /// The default model on the data folder `data_dir`: stability then cost,
    /// lexicographic, backend `auto`, no time limit, gap 0.
    pub fn defaults(name: impl Into<String>, data_dir: impl Into<PathBuf>) -> Self {
        ModelSpec {
            name: name.into(),
            description: String::new(),
            source: None,
            data_dir: data_dir.into(),
            settings: Settings::lexicographic(&DEFAULT_OBJECTIVES),
            files: Vec::new(),
        }
    }
}

/// Loads a model: `path` is a TOML model file or a data folder (then the
/// defaults of [`ModelSpec::defaults`] apply). Problems in the TOML file and in
/// the data folder it names are reported together, sorted by file, line and
/// column.
pub fn load_model(path: &Path) -> Result<(ModelSpec, Instance)> {
    load_model_with(path, None)
}

/// [`load_model`], with the data folder replaced by `data` when given (the
/// CLI's `--data DIR`): a TOML model's `data` key is then not required to
/// name an existing folder.
pub fn load_model_with(path: &Path, data: Option<&Path>) -> Result<(ModelSpec, Instance)> {
    if path.is_dir() {
        let dir = data.unwrap_or(path);
        let name = folder_name(path);
        let loaded = read_dataset(dir);
        let mut spec = ModelSpec::defaults(name, dir);
        spec.files = loaded.files;
        return match loaded.instance {
            Some(inst) if loaded.diags.is_empty() => Ok((spec, inst)),
            _ => Err(Error::Invalid(loaded.diags)),
        };
    }
    let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut diags = Diagnostics::default();
    let text = match String::from_utf8(text) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let (line, column) = line_col(&String::from_utf8_lossy(valid), valid.len());
            diags.push(Diagnostic::at(
                path,
                Some(line),
                Some(column),
                "expected UTF-8 text, found a byte that is not UTF-8",
            ));
            return Err(Error::Invalid(diags));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let stem = path
        .file_stem()
        .map_or_else(|| "model".to_string(), |s| s.to_string_lossy().into_owned());
    let base = path.parent().unwrap_or(Path::new(""));
    let mut check = Checker {
        src: text,
        lines: LineIndex::new(text),
        path,
        diags: &mut diags,
        data_override: data,
    };
    let draft = check.model(&stem, base);

    let mut files = vec![path.to_path_buf()];
    let mut instance = None;
    if let Some(data_dir) = &draft.data_dir {
        let loaded = read_dataset(data_dir);
        files.extend(loaded.files);
        diags.0.extend(loaded.diags.0);
        instance = loaded.instance;
    }
    // Demands name projects and objectives of the data.
    if let Some(inst) = &instance {
        for (d, line, column) in &draft.demands {
            if let Err(why) = check_demand(inst, d) {
                diags.push(Diagnostic::at(
                    path,
                    Some(*line),
                    Some(*column),
                    format!("demands.{}: {why}", d.kind_name()),
                ));
            }
        }
    }
    super::sort_diagnostics(&mut diags);
    match (draft.spec, instance) {
        (Some(mut spec), Some(inst)) if diags.is_empty() => {
            spec.files = files;
            let demands = draft.demands.into_iter().map(|(d, ..)| Setting::Demand(d));
            if let Err(e) = spec.settings.apply(&demands.collect::<Vec<_>>()) {
                unreachable!("demands name no objective of the request: {e}");
            }
            Ok((spec, inst))
        }
        _ => Err(Error::Invalid(diags)),
    }
}

/// The last component of a folder's path, resolving `.` and `..`.
fn folder_name(path: &Path) -> String {
    path.file_name()
        .filter(|n| *n != "." && *n != "..")
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            path.canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "model".to_string())
}

/// `base.join(rel)` without `.` components (`data = "."` gives `base` itself).
/// A `..` after a folder name cancels it (`models/../data` is `data`), so
/// that places in messages read as the user would write them.
fn join_clean(base: &Path, rel: &str) -> PathBuf {
    use std::path::Component;
    let mut joined = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(joined.components().next_back(), Some(Component::Normal(_))) =>
            {
                joined.pop();
            }
            other => joined.push(other),
        }
    }
    if joined.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        joined
    }
}

/// 1-based line and character column of byte `offset` in `src`.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Line starts of a source text, for line and column of many offsets in
/// O(log lines) each (a file of 100,000 tables must not make the reader
/// quadratic).
struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Each line is ASCII (its column is a byte difference).
    ascii: Vec<bool>,
}

impl LineIndex {
    fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                let b = starts.get(k + 1).copied().unwrap_or(src.len());
                src.as_bytes()[a..b].is_ascii()
            })
            .collect();
        LineIndex { starts, ascii }
    }

    /// 1-based line and character column of byte `offset` in `src` (the
    /// text this index was built from); the same as [`line_col`].
    fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = if self.ascii[line - 1] {
            offset - start
        } else {
            src[start..offset].chars().count()
        };
        (line, column + 1)
    }
}

/// What the walk over the TOML file produced: the spec when every key was
/// valid, and the data folder whenever it could be named.
struct Draft {
    spec: Option<ModelSpec>,
    data_dir: Option<PathBuf>,
    /// The `[demands]`, each with the line and column of its entry, to be
    /// checked against the data once it is read.
    demands: Vec<(Demand, usize, usize)>,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Walks a parsed TOML document, reporting every problem.
struct Checker<'a> {
    src: &'a str,
    lines: LineIndex,
    path: &'a Path,
    diags: &'a mut Diagnostics,
    /// `--data DIR`: replaces the file's `data` key, which is then not checked.
    data_override: Option<&'a Path>,
}

const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "data",
    "solve",
    "objective",
    "demands",
];
const DEMAND_KEYS: &[&str] = &["must", "never", "floor", "cap"];
const SOLVE_KEYS: &[&str] = &[
    "method",
    "backend",
    "time_limit",
    "solve_time_limit",
    "mip_gap",
    "threads",
    "heuristics",
    "normalize",
];
const OBJECTIVE_KEYS: &[&str] = &["name", "sense", "weight", "priority", "abs_tol", "rel_tol"];

impl Checker<'_> {
    fn at(&mut self, span: Range<usize>, message: String) {
        let (line, column) = self.lines.line_col(self.src, span.start);
        self.diags
            .push(Diagnostic::at(self.path, Some(line), Some(column), message));
    }

    /// The source text of a value, shortened for messages.
    fn found(&self, v: &Value<'_>) -> String {
        let span = v.span();
        let raw = self.src.get(span).unwrap_or("").trim();
        let mut s: String = raw.chars().take(60).collect();
        if raw.chars().count() > 60 {
            s.push_str("...");
        }
        match v.get_ref() {
            DeValue::Table(_) => "a table".to_string(),
            DeValue::Array(_) if s.starts_with("[[") || s.is_empty() => {
                "an array of tables".to_string()
            }
            _ => s,
        }
    }

    fn expected(&mut self, key: &str, what: &str, v: &Value<'_>) {
        let found = self.found(v);
        self.at(v.span(), format!("{key}: expected {what}, found {found}"));
    }

    /// Reports keys of `table` not in `known`; `within` names the table
    /// (`""` for the top level, `"[solve]"`, `"[[objective]]"`).
    fn unknown_keys(&mut self, table: &DeTable<'_>, within: &str, known: &[&str]) {
        for (k, _) in table.iter() {
            let name = k.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let hint = match closest(name, known) {
                Some(s) => format!("did you mean {s:?}? "),
                None => String::new(),
            };
            let place = if within.is_empty() {
                String::new()
            } else {
                format!(" in {within}")
            };
            self.at(
                k.span(),
                format!(
                    "unknown key {name:?}{place}: {hint}(known keys{place}: {})",
                    known.join(", ")
                ),
            );
        }
    }

    fn string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.expected(key, "a string", v);
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, v: &Value<'_>) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.expected(key, "true or false", v);
                None
            }
        }
    }

    /// The setting of option `option` (a number, see [`request::OPTIONS`])
    /// for the value `v` of `key`; `objective` for per-objective options.
    fn option_number(
        &mut self,
        key: &str,
        option: &str,
        objective: Option<&str>,
        v: &Value<'_>,
    ) -> Option<Setting> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|i| i as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => None,
        };
        let k = request::key(option);
        match x.map(|x| k.number(objective, x + 0.0)) {
            Some(Ok(s)) => Some(s),
            _ => {
                self.expected(key, k.expected, v);
                None
            }
        }
    }

    fn integer(&mut self, key: &str, v: &Value<'_>) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        }
        .or_else(|| {
            self.expected(key, "an integer", v);
            None
        })
    }

    fn model(&mut self, stem: &str, base: &Path) -> Draft {
        let root = match DeTable::parse_recoverable(self.src) {
            (root, errors) if errors.is_empty() => root,
            (root, errors) => {
                for e in errors {
                    let span = e.span().unwrap_or(0..0);
                    self.at(span, format!("TOML syntax: {}", e.message().trim()));
                }
                // Still try to read the data folder, so that its problems
                // are reported in the same pass (`--data` replaces the
                // file's folder here too).
                let data_dir = match self.data_override {
                    Some(d) => Some(d.to_path_buf()),
                    None => root
                        .get_ref()
                        .get("data")
                        .and_then(|v| v.get_ref().as_str().map(|s| join_clean(base, s)))
                        .filter(|d| d.is_dir()),
                };
                return Draft {
                    spec: None,
                    data_dir,
                    demands: Vec::new(),
                };
            }
        };
        let root = root.get_ref();
        let mut ok = true;
        let n0 = self.diags.len();
        self.unknown_keys(root, "", TOP_KEYS);

        let name = match root.get("name") {
            Some(v) => self.string("name", v),
            None => Some(stem.to_string()),
        };
        let description = match root.get("description") {
            Some(v) => self.string("description", v),
            None => Some(String::new()),
        };
        let mut data_dir = None;
        match root.get("data") {
            _ if self.data_override.is_some() => {
                data_dir = self.data_override.map(Path::to_path_buf)
            }
            None => {
                self.at(
                    0..0,
                    "missing key \"data\": expected the data folder, relative to this file"
                        .to_string(),
                );
            }
            Some(v) => {
                if let Some(s) = self.string("data", v) {
                    let dir = join_clean(base, &s);
                    if dir.is_dir() {
                        data_dir = Some(dir);
                    } else {
                        let what = if dir.exists() { "a folder" } else { "nothing" };
                        self.at(
                            v.span(),
                            format!(
                                "data: expected a data folder, found {what} at {:?}",
                                dir.display().to_string()
                            ),
                        );
                    }
                }
            }
        }

        let mut spec = ModelSpec::defaults(name.clone().unwrap_or_default(), PathBuf::new());
        spec.source = Some(self.path.to_path_buf());
        spec.description = description.unwrap_or_default();
        if let Some(solve) = root.get("solve") {
            let settings = self.solve(solve);
            if let Err(e) = spec.settings.apply(&settings) {
                unreachable!("[solve] names no objective: {e}");
            }
        }
        if let Some(objectives) = root.get("objective") {
            match self.objectives(objectives) {
                Some(list) => spec.settings.request.objectives = list,
                None => ok = false,
            }
        }
        let demands = root
            .get("demands")
            .map_or_else(Vec::new, |v| self.demands(v));
        ok &= self.diags.len() == n0;
        Draft {
            spec: match (&data_dir, ok) {
                (Some(dir), true) => {
                    spec.data_dir = dir.clone();
                    Some(spec)
                }
                _ => None,
            },
            data_dir,
            demands,
        }
    }

    /// The `[demands]` table: `must` and `never` lists of project ids
    /// (`"p"`, or `"p=0.8"` for a delivered fraction), `floor` and `cap`
    /// tables of objective = value. Names are checked against the data later.
    fn demands(&mut self, v: &Value<'_>) -> Vec<(Demand, usize, usize)> {
        let DeValue::Table(t) = v.get_ref() else {
            self.expected("demands", "a table ([demands])", v);
            return Vec::new();
        };
        self.unknown_keys(t, "[demands]", DEMAND_KEYS);
        let mut out = Vec::new();
        for name in DEMAND_KEYS {
            let Some(v) = t.get(*name) else { continue };
            let key = format!("demands.{name}");
            let k = request::key(name);
            let mut push = |this: &mut Self, setting: Setting, at: &Value<'_>| {
                if let Setting::Demand(mut d) = setting {
                    let (line, column) = this.lines.line_col(this.src, at.span().start);
                    d.place = Some(format!("{}:{line}:{column}", this.path.display()));
                    out.push((d, line, column));
                }
            };
            match (k.target, v.get_ref()) {
                (request::Target::Project, DeValue::Array(items)) => {
                    for item in items {
                        let Some(text) = self.string(&key, item) else {
                            continue;
                        };
                        let (target, value) = match text.split_once('=') {
                            Some((p, f)) => (p.trim().to_string(), f.trim().to_string()),
                            None => (text.trim().to_string(), String::new()),
                        };
                        match k.parse(Some(&target), &value) {
                            Ok(s) => push(self, s, item),
                            Err(expected) => self.expected(&key, &expected, item),
                        }
                    }
                }
                (request::Target::Project, _) => self.expected(
                    &key,
                    &format!(
                        "a list of project ids ([\"p\"]{})",
                        if *name == "must" {
                            ", or \"p=0.8\" for a delivered fraction"
                        } else {
                            ""
                        }
                    ),
                    v,
                ),
                (_, DeValue::Table(objectives)) => {
                    for (obj, value) in objectives.iter() {
                        let obj = obj.get_ref().to_string();
                        if let Some(s) =
                            self.option_number(&format!("{key}.{obj}"), name, Some(&obj), value)
                        {
                            push(self, s, value);
                        }
                    }
                }
                _ => self.expected(
                    &key,
                    "a table of objective = value ({ stability = 400 })",
                    v,
                ),
            }
        }
        out
    }

    /// The settings of the `[solve]` table, each checked by its option.
    fn solve(&mut self, v: &Value<'_>) -> Vec<Setting> {
        let DeValue::Table(t) = v.get_ref() else {
            self.expected("solve", "a table ([solve])", v);
            return Vec::new();
        };
        self.unknown_keys(t, "[solve]", SOLVE_KEYS);
        let mut out = Vec::new();
        for name in SOLVE_KEYS {
            let Some(v) = t.get(*name) else { continue };
            let key = format!("solve.{name}");
            let k = request::key(name);
            let setting = match k.kind {
                request::ValueKind::Number | request::ValueKind::Whole => {
                    self.option_number(&key, name, None, v)
                }
                request::ValueKind::Bool => self.boolean(&key, v).map(Setting::Normalize),
                _ => self.string(&key, v).and_then(|s| match k.parse(None, &s) {
                    Ok(setting) => Some(setting),
                    Err(_) => {
                        self.expected(&key, k.expected, v);
                        None
                    }
                }),
            };
            out.extend(setting);
        }
        out
    }

    fn objectives(&mut self, v: &Value<'_>) -> Option<Vec<ObjectiveSpec>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.expected("objective", "an array of tables ([[objective]])", v);
            return None;
        };
        if items.is_empty() {
            self.expected("objective", "at least one objective", v);
            return None;
        }
        let names = objectives::ids();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out: Vec<(i64, usize, ObjectiveSpec)> = Vec::new();
        let mut ok = true;
        for (k, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                self.expected("objective", "a table ([[objective]])", item);
                ok = false;
                continue;
            };
            let n0 = self.diags.len();
            self.unknown_keys(t, "[[objective]]", OBJECTIVE_KEYS);
            let mut spec = None;
            match t.get("name") {
                None => self.at(
                    item.span(),
                    format!(
                        "objective: missing key \"name\": expected one of {}",
                        names.join(", ")
                    ),
                ),
                Some(v) => {
                    if let Some(name) = self.string("objective.name", v) {
                        match builtin(&name).map(|b| ObjectiveSpec::named(b.id)) {
                            None => {
                                let hint = closest(&name, &names)
                                    .map_or(String::new(), |s| format!(" (did you mean {s:?}?)"));
                                let found = self.found(v);
                                self.at(
                                    v.span(),
                                    format!(
                                        "objective.name: expected one of {}, found {found}{hint}",
                                        names.join(", ")
                                    ),
                                );
                            }
                            Some(s) => {
                                let (line, _) = self.lines.line_col(self.src, v.span().start);
                                if let Some(first) = seen.get(&name) {
                                    self.at(
                                        v.span(),
                                        format!(
                                            "objective.name: duplicate objective {name:?} (first at line {first})"
                                        ),
                                    );
                                } else {
                                    seen.insert(name.clone(), line);
                                }
                                spec = Some(s);
                            }
                        }
                    }
                }
            }
            if let Some(v) = t.get("sense") {
                if let Some(s) = self.string("objective.sense", v) {
                    let sense = match s.as_str() {
                        "min" => Some(Sense::Min),
                        "max" => Some(Sense::Max),
                        _ => None,
                    };
                    let own = spec.as_ref().and_then(|s| builtin(&s.name));
                    match (sense, own) {
                        (None, _) => self.expected("objective.sense", "\"min\" or \"max\"", v),
                        (Some(sense), Some(own)) if sense != own.sense => self.expected(
                            "objective.sense",
                            &format!(
                                "\"{}\" (the sense of {}; leave it out or fix it)",
                                own.sense.as_str(),
                                own.id
                            ),
                            v,
                        ),
                        _ => {}
                    }
                }
            }
            let priority = t
                .get("priority")
                .map(|v| self.integer("objective.priority", v));
            let mut numbers = Vec::new();
            for option in ["weight", "abs_tol", "rel_tol"] {
                if let Some(v) = t.get(option) {
                    let key = format!("objective.{option}");
                    numbers.extend(self.option_number(&key, option, None, v));
                }
            }
            if self.diags.len() != n0 {
                ok = false;
                continue;
            }
            if let Some(mut spec) = spec {
                for setting in numbers {
                    match setting {
                        Setting::Weight(_, v) => spec.weight = v,
                        Setting::AbsTol(_, v) => spec.abs_tol = v,
                        Setting::RelTol(_, v) => spec.rel_tol = v,
                        _ => {}
                    }
                }
                let priority = priority.flatten().unwrap_or(k as i64 + 1);
                out.push((priority, k, spec));
            }
        }
        if !ok {
            return None;
        }
        out.sort_by_key(|&(p, k, _)| (p, k));
        Some(out.into_iter().map(|(_, _, s)| s).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let s = "a = 1\nbé = 2\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 6), (2, 1));
        assert_eq!(line_col(s, s.find('=').unwrap()), (1, 3));
        let eq2 = s.rfind('=').unwrap();
        assert_eq!(line_col(s, eq2), (2, 4));
        let index = LineIndex::new(s);
        for offset in 0..=s.len() + 2 {
            assert_eq!(index.line_col(s, offset), line_col(s, offset), "{offset}");
        }
    }

    #[test]
    fn method_ids() {
        use crate::request::Method;
        assert_eq!(Method::Lexicographic.as_str(), "lexicographic");
        assert_eq!(
            serde_json::to_string(&Method::Weighted).unwrap(),
            "\"weighted\""
        );
    }
}
