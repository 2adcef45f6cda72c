//! What to solve and how: the objectives in priority order, how they
//! combine, the solver's options and the checker's tolerances ([`Request`]),
//! with the backend that runs it ([`Settings`]).
//!
//! Settings come from four places: a model file's `[solve]` table and
//! `[[objective]]` tables, the command line's flags, a scenario's `options`
//! rows and the built-in defaults. They all go through one overlay: each
//! reader turns what it read into [`Setting`]s, checked against the one
//! table of options ([`OPTIONS`]: name, flag, what is expected, the range
//! check), and [`Settings::apply`] puts them on top of the defaults. A
//! reader only adds where the problem is (file, line, column or flag).
//!
//! This module sits below the input stage: it knows no file format and no
//! solver, only the options' names, ranges and meaning.

use serde::{Deserialize, Serialize};

use std::time::Duration;

use crate::check::CheckTolerances;
use crate::domain::rules::{Demand, DemandKind};

/// How several objectives become scalar solves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Maximize `sum_k w_k sign_k g_k` (optionally over normalized ranges).
    Weighted,
    /// Optimize in priority order, each level kept within its tolerance.
    Lexicographic,
}

impl Method {
    /// Every method, in documentation order.
    pub const ALL: [Method; 2] = [Method::Weighted, Method::Lexicographic];

    /// The id used in model files, on the command line and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Weighted => "weighted",
            Method::Lexicographic => "lexicographic",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    /// ```
    /// use accord::request::Method;
    /// assert_eq!("weighted".parse::<Method>(), Ok(Method::Weighted));
    /// assert!("pareto".parse::<Method>().is_err());
    /// ```
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("expected {}, found {s:?}", key("method").expected))
    }
}

/// One objective as the user asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveSpec {
    /// Objective name (must exist in the program).
    pub name: String,
    /// Weight for the weighted method (>= 0).
    pub weight: f64,
    /// Absolute tolerance for the lexicographic method (>= 0).
    pub abs_tol: f64,
    /// Relative tolerance for the lexicographic method (>= 0).
    pub rel_tol: f64,
}

impl ObjectiveSpec {
    /// An objective with weight 1 and zero tolerances.
    pub fn named(name: impl Into<String>) -> Self {
        ObjectiveSpec {
            name: name.into(),
            weight: 1.0,
            abs_tol: 0.0,
            rel_tol: 0.0,
        }
    }
}

/// How much of the backend's primal heuristics a solve runs (backends
/// without separate heuristics ignore it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Heuristics {
    /// The command chooses: `lean` for the coalitions of `accord
    /// cooperation`; for `solve` (and the payoff table), `no_submip` on
    /// the first lexicographic level or the weighted solve and `minimal` on
    /// every later level; `full` everywhere else.
    #[default]
    Auto,
    /// The backend's own heuristics.
    Full,
    /// For many small MIPs that are each offered a good start (coalitions:
    /// a subset's plan): HiGHS leaves out feasibility jump and root reduced
    /// cost, which look for a first solution from nothing, and RINS, and
    /// keeps RENS and the rest (without RENS as well, central_asia's
    /// coalitions took 3.6x longer). Measured in docs/cooperation.md and
    /// docs/benchmarks.md.
    Lean,
    /// Without the sub-MIP heuristics: HiGHS leaves out RINS and RENS and
    /// keeps feasibility jump, root reduced cost and the rest.
    NoSubmip,
    /// Only the heuristics that round and dive on LP solutions: HiGHS
    /// leaves out feasibility jump, root reduced cost, RINS and RENS. For
    /// the later levels of a lexicographic solve, whose level rows fix the
    /// earlier objectives near their optimum: sub-MIPs there spend most of
    /// the time and find little (docs/benchmarks.md).
    Minimal,
}

impl Heuristics {
    /// Every value, in documentation order.
    pub const ALL: [Heuristics; 5] = [
        Heuristics::Auto,
        Heuristics::Full,
        Heuristics::Lean,
        Heuristics::NoSubmip,
        Heuristics::Minimal,
    ];

    /// The id used in model files, on the command line and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Heuristics::Auto => "auto",
            Heuristics::Full => "full",
            Heuristics::Lean => "lean",
            Heuristics::NoSubmip => "no_submip",
            Heuristics::Minimal => "minimal",
        }
    }

    /// `self`, with `auto` resolved to `chosen` (the command's choice).
    pub fn or_auto(self, chosen: Heuristics) -> Heuristics {
        match self {
            Heuristics::Auto => chosen,
            h => h,
        }
    }
}

impl std::str::FromStr for Heuristics {
    type Err = String;
    /// ```
    /// use accord::request::Heuristics;
    /// assert_eq!("lean".parse::<Heuristics>(), Ok(Heuristics::Lean));
    /// assert!("none".parse::<Heuristics>().is_err());
    /// assert!("minimum".parse::<Heuristics>().unwrap_err().ends_with("(did you mean \"minimal\"?)"));
    /// ```
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Heuristics::ALL
            .into_iter()
            .find(|h| h.as_str() == s)
            .ok_or_else(|| {
                let ids = Heuristics::ALL.map(Heuristics::as_str);
                let hint = crate::error::closest(s, &ids)
                    .map_or(String::new(), |c| format!(" (did you mean {c:?}?)"));
                format!("expected {}, found {s:?}{hint}", key("heuristics").expected)
            })
    }
}

/// Options of one solve. Validated once, up front ([`SolveOptions::validate`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which a solve may stop (default 0: proven optimal).
    pub mip_gap: f64,
    /// Solver threads (default 1).
    pub threads: u32,
    /// Random seed, where the backend has one.
    pub seed: Option<u64>,
    /// Presolve on (default) or off, where the backend allows.
    pub presolve: bool,
    /// How much of the backend's primal heuristics each solve runs.
    pub heuristics: Heuristics,
    /// Let the solver print its log to stderr.
    pub verbose: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            mip_gap: 0.0,
            threads: 1,
            seed: None,
            presolve: true,
            heuristics: Heuristics::Auto,
            verbose: false,
        }
    }
}

impl SolveOptions {
    /// Checks every option once, before any work ([`validate_options`]).
    pub fn validate(&self) -> crate::Result<()> {
        validate_options(self).map_err(crate::Error::Usage)
    }

    /// The time limit as a [`Duration`].
    pub fn time_limit_duration(&self) -> Option<Duration> {
        self.time_limit.map(Duration::from_secs_f64)
    }
}

/// What to solve and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// Objectives in priority order.
    pub objectives: Vec<ObjectiveSpec>,
    /// Weighted or lexicographic.
    pub method: Method,
    /// Divide each objective by its payoff-table range (weighted only).
    pub normalize: bool,
    /// Backend options.
    pub options: SolveOptions,
    /// Checker tolerances.
    pub tolerances: CheckTolerances,
    /// Demands on the plan (must, never, floor, cap), in the order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub demands: Vec<Demand>,
    /// Seconds for the whole request (every lexicographic level, the payoff
    /// table, a front, an explanation), split over its solves: each gets what
    /// is left (and at most `options.time_limit`, the per-solve limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_budget: Option<f64>,
}

impl Request {
    /// Lexicographic optimization of `names` in priority order, with zero
    /// level tolerances and default options.
    pub fn lexicographic<S: AsRef<str>>(names: &[S]) -> Request {
        Request {
            objectives: names
                .iter()
                .map(|n| ObjectiveSpec::named(n.as_ref()))
                .collect(),
            method: Method::Lexicographic,
            normalize: false,
            options: SolveOptions::default(),
            tolerances: CheckTolerances::default(),
            demands: Vec::new(),
            time_budget: None,
        }
    }

    /// A weighted sum of `(name, weight)` terms, not normalized, default options.
    pub fn weighted(terms: &[(&str, f64)]) -> Request {
        Request {
            objectives: terms
                .iter()
                .map(|&(n, w)| ObjectiveSpec {
                    weight: w,
                    ..ObjectiveSpec::named(n)
                })
                .collect(),
            method: Method::Weighted,
            normalize: false,
            options: SolveOptions::default(),
            tolerances: CheckTolerances::default(),
            demands: Vec::new(),
            time_budget: None,
        }
    }

    /// The names of the objectives, in priority order.
    pub fn names(&self) -> Vec<String> {
        self.objectives.iter().map(|o| o.name.clone()).collect()
    }
}

/// A request and the backend that runs it: what a model carries as its
/// defaults and what every overlay changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// What to solve and how.
    pub request: Request,
    /// Backend id (`auto` = the best compiled in); checked when it is opened.
    pub backend: String,
}

impl Settings {
    /// Lexicographic optimization of `names` on backend `auto`, default options.
    pub fn lexicographic<S: AsRef<str>>(names: &[S]) -> Settings {
        Settings {
            request: Request::lexicographic(names),
            backend: "auto".into(),
        }
    }

    /// Puts `settings` on top, in order, except that a list of objectives is
    /// applied before the weights and tolerances that refer to it. An
    /// objective named again keeps its weight and tolerances. Fails (with a
    /// message that the caller locates) when a weight or tolerance names an
    /// objective that is not optimized.
    pub fn apply(&mut self, settings: &[Setting]) -> std::result::Result<(), Refused> {
        let (lists, rest): (Vec<&Setting>, Vec<&Setting>) = settings
            .iter()
            .partition(|s| matches!(s, Setting::Objectives(_)));
        for s in lists.into_iter().chain(rest) {
            self.apply_one(s)?;
        }
        Ok(())
    }

    fn apply_one(&mut self, s: &Setting) -> std::result::Result<(), Refused> {
        let r = &mut self.request;
        match s {
            Setting::Objectives(names) => {
                r.objectives = names
                    .iter()
                    .map(|n| {
                        r.objectives
                            .iter()
                            .find(|o| &o.name == n)
                            .cloned()
                            .unwrap_or_else(|| ObjectiveSpec::named(n.clone()))
                    })
                    .collect();
            }
            Setting::Weight(name, v) | Setting::AbsTol(name, v) | Setting::RelTol(name, v) => {
                let listed = r.names().join(", ");
                let o = r
                    .objectives
                    .iter_mut()
                    .find(|o| &o.name == name)
                    .ok_or_else(|| Refused {
                        option: s.option(),
                        objective: Some(name.clone()),
                        message: format!(
                            "`{name}` is not among the objectives being optimized ({listed})"
                        ),
                    })?;
                match s {
                    Setting::Weight(..) => o.weight = *v,
                    Setting::AbsTol(..) => o.abs_tol = *v,
                    _ => o.rel_tol = *v,
                }
            }
            Setting::Method(m) => r.method = *m,
            Setting::Normalize(b) => r.normalize = *b,
            Setting::Backend(b) => self.backend.clone_from(b),
            Setting::TimeLimit(t) => r.time_budget = Some(*t),
            Setting::SolveTimeLimit(t) => r.options.time_limit = Some(*t),
            Setting::MipGap(g) => r.options.mip_gap = *g,
            Setting::Threads(n) => r.options.threads = *n,
            Setting::Heuristics(h) => r.options.heuristics = *h,
            Setting::Demand(d) => {
                // The same demand on the same target given again replaces it.
                match r
                    .demands
                    .iter_mut()
                    .find(|x| x.kind_name() == d.kind_name() && x.target == d.target)
                {
                    Some(x) => *x = d.clone(),
                    None => r.demands.push(d.clone()),
                }
            }
        }
        Ok(())
    }
}

/// A setting [`Settings::apply`] could not put on: a weight or tolerance
/// for an objective that is not optimized.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The option's name (`weight`).
    pub option: &'static str,
    /// The objective it names.
    pub objective: Option<String>,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One solve option, checked against its range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// The objectives, in priority order.
    Objectives(Vec<String>),
    /// How they combine.
    Method(Method),
    /// Weight of an objective (weighted method).
    Weight(String, f64),
    /// Absolute tolerance of a lexicographic level.
    AbsTol(String, f64),
    /// Relative tolerance of a lexicographic level.
    RelTol(String, f64),
    /// Divide by payoff-table ranges (weighted method).
    Normalize(bool),
    /// Backend id.
    Backend(String),
    /// Seconds for the whole request (`time_limit`).
    TimeLimit(f64),
    /// Seconds per scalar solve (`solve_time_limit`).
    SolveTimeLimit(f64),
    /// Relative MIP gap.
    MipGap(f64),
    /// Solver threads.
    Threads(u32),
    /// How much of the backend's heuristics each solve runs.
    Heuristics(Heuristics),
    /// A demand on the plan.
    Demand(Demand),
}

impl Setting {
    /// The name of its option in [`OPTIONS`].
    pub fn option(&self) -> &'static str {
        match self {
            Setting::Objectives(_) => "objectives",
            Setting::Method(_) => "method",
            Setting::Weight(..) => "weight",
            Setting::AbsTol(..) => "abs_tol",
            Setting::RelTol(..) => "rel_tol",
            Setting::Normalize(_) => "normalize",
            Setting::Backend(_) => "backend",
            Setting::TimeLimit(_) => "time_limit",
            Setting::SolveTimeLimit(_) => "solve_time_limit",
            Setting::MipGap(_) => "mip_gap",
            Setting::Threads(_) => "threads",
            Setting::Heuristics(_) => "heuristics",
            Setting::Demand(d) => d.kind_name(),
        }
    }
}

/// What an option names besides its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing: `time_limit = 60`.
    None,
    /// An objective: `weight` of `cost`.
    Objective,
    /// A project: `must` `termez_power`.
    Project,
}

/// The kind of value an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A number, checked by [`OptionKey::ok`].
    Number,
    /// A whole number, checked by [`OptionKey::ok`].
    Whole,
    /// true or false.
    Bool,
    /// A string.
    Text,
    /// A list of objective names.
    Names,
    /// A demand: a project's delivered fraction (may be empty), nothing, or
    /// an objective's bound.
    Demand,
}

/// One option: its name in model files and scenario rows, its flag, what
/// it expects (the one message every reader uses) and its range.
#[derive(Debug, Clone, Copy)]
pub struct OptionKey {
    /// Name in `[solve]`, `[[objective]]` and scenario `options` rows.
    pub name: &'static str,
    /// Command-line flag.
    pub flag: &'static str,
    /// What the option names besides its value: nothing, an objective
    /// (`weight`, `abs_tol`, `rel_tol`, `floor`, `cap`) or a project
    /// (`must`, `never`).
    pub target: Target,
    /// The value's kind.
    pub kind: ValueKind,
    /// What is expected, for messages: `expected {expected}, found ...`.
    pub expected: &'static str,
    /// The range check of numbers (always true for other kinds).
    pub ok: fn(f64) -> bool,
}

fn any(_: f64) -> bool {
    true
}
fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}
fn non_negative(v: f64) -> bool {
    v.is_finite() && v >= 0.0
}
fn finite(v: f64) -> bool {
    v.is_finite()
}
fn unit_fraction(v: f64) -> bool {
    v.is_finite() && v > 0.0 && v <= 1.0
}
fn at_least_one(v: f64) -> bool {
    v >= 1.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0
}

/// Every solve option, in documentation order.
pub const OPTIONS: &[OptionKey] = &[
    OptionKey {
        name: "objectives",
        flag: "--objective",
        target: Target::None,
        kind: ValueKind::Names,
        expected: "objective names",
        ok: any,
    },
    OptionKey {
        name: "method",
        flag: "--method",
        target: Target::None,
        kind: ValueKind::Text,
        expected: "\"weighted\" or \"lexicographic\"",
        ok: any,
    },
    OptionKey {
        name: "weight",
        flag: "--weight",
        target: Target::Objective,
        kind: ValueKind::Number,
        expected: "a finite number >= 0",
        ok: non_negative,
    },
    OptionKey {
        name: "abs_tol",
        flag: "--abs-tol",
        target: Target::Objective,
        kind: ValueKind::Number,
        expected: "a number >= 0",
        ok: non_negative,
    },
    OptionKey {
        name: "rel_tol",
        flag: "--rel-tol",
        target: Target::Objective,
        kind: ValueKind::Number,
        expected: "a number >= 0",
        ok: non_negative,
    },
    OptionKey {
        name: "normalize",
        flag: "--normalize",
        target: Target::None,
        kind: ValueKind::Bool,
        expected: "true or false",
        ok: any,
    },
    OptionKey {
        name: "backend",
        flag: "--backend",
        target: Target::None,
        kind: ValueKind::Text,
        expected: "a backend id",
        ok: any,
    },
    OptionKey {
        name: "time_limit",
        flag: "--time-limit",
        target: Target::None,
        kind: ValueKind::Number,
        expected: "a number of seconds > 0",
        ok: positive,
    },
    OptionKey {
        name: "solve_time_limit",
        flag: "--solve-time-limit",
        target: Target::None,
        kind: ValueKind::Number,
        expected: "a number of seconds > 0",
        ok: positive,
    },
    OptionKey {
        name: "mip_gap",
        flag: "--mip-gap",
        target: Target::None,
        kind: ValueKind::Number,
        expected: "a number >= 0",
        ok: non_negative,
    },
    OptionKey {
        name: "threads",
        flag: "--threads",
        target: Target::None,
        kind: ValueKind::Whole,
        expected: "a whole number >= 1",
        ok: at_least_one,
    },
    OptionKey {
        name: "heuristics",
        flag: "--heuristics",
        target: Target::None,
        kind: ValueKind::Text,
        expected: "\"auto\", \"full\", \"lean\", \"no_submip\" or \"minimal\"",
        ok: any,
    },
    OptionKey {
        name: "must",
        flag: "--must",
        target: Target::Project,
        kind: ValueKind::Demand,
        expected: "a delivered fraction in (0, 1], or nothing",
        ok: unit_fraction,
    },
    OptionKey {
        name: "never",
        flag: "--never",
        target: Target::Project,
        kind: ValueKind::Demand,
        expected: "nothing (or true)",
        ok: any,
    },
    OptionKey {
        name: "floor",
        flag: "--floor",
        target: Target::Objective,
        kind: ValueKind::Demand,
        expected: "a finite number",
        ok: finite,
    },
    OptionKey {
        name: "cap",
        flag: "--cap",
        target: Target::Objective,
        kind: ValueKind::Demand,
        expected: "a finite number",
        ok: finite,
    },
];

/// The option named `name`.
///
/// # Panics
/// When there is no such option (a programming error: names are constants).
pub fn key(name: &str) -> &'static OptionKey {
    OPTIONS
        .iter()
        .find(|k| k.name == name)
        .unwrap_or_else(|| panic!("no option named {name:?}"))
}

/// The option named `name`, if any (for readers of user text).
pub fn find_key(name: &str) -> Option<&'static OptionKey> {
    OPTIONS.iter().find(|k| k.name == name)
}

/// Names of every option, for messages.
pub fn option_names() -> Vec<&'static str> {
    OPTIONS.iter().map(|k| k.name).collect()
}

impl OptionKey {
    /// The setting for a number, or the message `expected ..., found V`.
    /// `objective` names the objective of a per-objective option.
    ///
    /// ```
    /// use accord::request::{key, Setting};
    /// assert_eq!(key("mip_gap").number(None, 0.01), Ok(Setting::MipGap(0.01)));
    /// assert_eq!(
    ///     key("time_limit").number(None, -1.0).unwrap_err(),
    ///     "expected a number of seconds > 0, found -1"
    /// );
    /// ```
    pub fn number(&self, objective: Option<&str>, v: f64) -> std::result::Result<Setting, String> {
        let numeric = matches!(self.kind, ValueKind::Number | ValueKind::Whole)
            || matches!(self.name, "floor" | "cap" | "must");
        if !(self.ok)(v) || !numeric {
            return Err(format!("expected {}, found {v}", self.expected));
        }
        let name = || objective.unwrap_or_default().to_string();
        let demand = |kind| {
            Setting::Demand(Demand {
                kind,
                target: name(),
                place: None,
            })
        };
        Ok(match self.name {
            "floor" => demand(DemandKind::Floor(v + 0.0)),
            "cap" => demand(DemandKind::Cap(v + 0.0)),
            "must" => demand(DemandKind::Must(Some(v))),
            "weight" => Setting::Weight(name(), v),
            "abs_tol" => Setting::AbsTol(name(), v),
            "rel_tol" => Setting::RelTol(name(), v),
            "time_limit" => Setting::TimeLimit(v),
            "solve_time_limit" => Setting::SolveTimeLimit(v),
            "mip_gap" => Setting::MipGap(v),
            "threads" => Setting::Threads(v as u32),
            other => unreachable!("{other} is not a number option"),
        })
    }

    /// The demand given by one command-line flag's value: `--must p`,
    /// `--must p=0.8`, `--never p`, `--floor stability=400`, `--cap
    /// cost=2500`; the demand is placed at the flag. The error is the whole
    /// message (`--floor x: expected OBJECTIVE=VALUE`).
    ///
    /// ```
    /// use accord::request::key;
    /// let d = key("floor").flag_demand("stability=400").unwrap();
    /// assert_eq!(d.place.as_deref(), Some("--floor stability=400"));
    /// assert!(key("cap").flag_demand("cost").is_err());
    /// ```
    pub fn flag_demand(&self, item: &str) -> std::result::Result<Demand, String> {
        if self.kind != ValueKind::Demand {
            return Err(format!("{} does not give a demand", self.flag));
        }
        let needs_value = self.target == Target::Objective;
        let (target, value) = match item.split_once('=') {
            Some((t, v)) => (t.trim(), v.trim()),
            None if needs_value => {
                return Err(format!("{} {item:?}: expected OBJECTIVE=VALUE", self.flag))
            }
            None => (item.trim(), ""),
        };
        match self.parse(Some(target), value) {
            Ok(Setting::Demand(mut d)) => {
                d.place = Some(format!("{} {item}", self.flag));
                Ok(d)
            }
            Ok(_) => unreachable!("a demand key gives a demand"),
            Err(expected) => Err(format!(
                "{} {item}: expected {expected}, found {value:?}",
                self.flag
            )),
        }
    }

    /// The setting for text as written in a scenario row or a flag: a
    /// number, a boolean, a method, a backend id or `;`-separated names.
    /// The error says what was expected (`a number >= 0`); the caller adds
    /// what it found and where.
    ///
    /// ```
    /// use accord::request::{key, Setting};
    /// assert_eq!(key("threads").parse(None, "2"), Ok(Setting::Threads(2)));
    /// assert_eq!(key("mip_gap").parse(None, "-1").unwrap_err(), "a number >= 0");
    /// ```
    pub fn parse(
        &self,
        objective: Option<&str>,
        text: &str,
    ) -> std::result::Result<Setting, String> {
        let text = text.trim();
        match self.kind {
            ValueKind::Number | ValueKind::Whole => text
                .parse::<f64>()
                .ok()
                .and_then(|v| self.number(objective, v).ok())
                .ok_or_else(|| self.expected.to_string()),
            ValueKind::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(Setting::Normalize(true)),
                "false" | "no" | "0" => Ok(Setting::Normalize(false)),
                _ => Err("true/false, yes/no or 1/0".into()),
            },
            ValueKind::Text if self.name == "method" => text
                .parse()
                .map(Setting::Method)
                .map_err(|_| self.expected.to_string()),
            ValueKind::Text if self.name == "heuristics" => text
                .parse()
                .map(Setting::Heuristics)
                .map_err(|_| self.expected.to_string()),
            ValueKind::Text if text.is_empty() => Err(self.expected.to_string()),
            ValueKind::Text => Ok(Setting::Backend(text.to_string())),
            ValueKind::Demand => {
                let target = objective.unwrap_or_default().to_string();
                let kind = match self.name {
                    "must" if matches!(text.to_ascii_lowercase().as_str(), "" | "true" | "yes") => {
                        DemandKind::Must(None)
                    }
                    "never"
                        if matches!(text.to_ascii_lowercase().as_str(), "" | "true" | "yes") =>
                    {
                        DemandKind::Never
                    }
                    "never" => return Err(self.expected.to_string()),
                    _ => {
                        return text
                            .parse::<f64>()
                            .ok()
                            .and_then(|v| self.number(objective, v).ok())
                            .ok_or_else(|| self.expected.to_string())
                    }
                };
                Ok(Setting::Demand(Demand {
                    kind,
                    target,
                    place: None,
                }))
            }
            ValueKind::Names => {
                let items: Vec<&str> = text.split(';').map(str::trim).collect();
                if text.is_empty() || items.iter().any(|s| s.is_empty()) {
                    return Err("objectives separated by \";\" (each once)".into());
                }
                Ok(Setting::Objectives(
                    items.into_iter().map(String::from).collect(),
                ))
            }
        }
    }
}

/// Checks a request once, before any work: at least one objective, each
/// named once, weights and tolerances finite and >= 0, and the solver
/// options in range.
pub fn validate(req: &Request) -> std::result::Result<(), String> {
    if req.objectives.is_empty() {
        return Err("no objective to optimize".into());
    }
    let mut seen = std::collections::HashSet::new();
    for spec in &req.objectives {
        if !seen.insert(spec.name.as_str()) {
            return Err(format!("objective `{}` is given twice", spec.name));
        }
        for (name, v) in [
            ("weight", spec.weight),
            ("abs_tol", spec.abs_tol),
            ("rel_tol", spec.rel_tol),
        ] {
            let k = key(name);
            if !(k.ok)(v) {
                return Err(format!(
                    "objective `{}`: {name}: expected {}, found {v}",
                    spec.name, k.expected
                ));
            }
        }
    }
    for d in &req.demands {
        let (name, v) = match d.kind {
            DemandKind::Must(Some(f)) => ("must", f),
            DemandKind::Floor(v) => ("floor", v),
            DemandKind::Cap(v) => ("cap", v),
            _ => continue,
        };
        let k = key(name);
        if !(k.ok)(v) {
            return Err(format!("{}: expected {}, found {v}", d.name(), k.expected));
        }
    }
    if let Some(t) = req.time_budget {
        key("time_limit")
            .number(None, t)
            .map_err(|e| format!("time_limit: {e}"))?;
    }
    validate_options(&req.options)
}

/// Checks solver options against [`OPTIONS`].
pub fn validate_options(o: &SolveOptions) -> std::result::Result<(), String> {
    if let Some(t) = o.time_limit {
        key("solve_time_limit")
            .number(None, t)
            .map_err(|e| format!("solve_time_limit: {e}"))?;
    }
    key("mip_gap")
        .number(None, o.mip_gap)
        .map_err(|e| format!("mip_gap: {e}"))?;
    key("threads")
        .number(None, f64::from(o.threads))
        .map_err(|e| format!("threads: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_parses_its_own_kind() {
        let s = |name: &str, obj: Option<&str>, text: &str| key(name).parse(obj, text);
        assert_eq!(
            s("objectives", None, "cost; stability"),
            Ok(Setting::Objectives(vec!["cost".into(), "stability".into()]))
        );
        assert!(s("objectives", None, "cost;;x").is_err());
        assert_eq!(
            s("method", None, "weighted"),
            Ok(Setting::Method(Method::Weighted))
        );
        assert_eq!(
            s("weight", Some("cost"), "2"),
            Ok(Setting::Weight("cost".into(), 2.0))
        );
        assert!(s("weight", Some("cost"), "-2").is_err());
        assert!(s("weight", Some("cost"), "inf").is_err());
        assert_eq!(s("normalize", None, "yes"), Ok(Setting::Normalize(true)));
        assert_eq!(s("threads", None, "4"), Ok(Setting::Threads(4)));
        assert!(s("threads", None, "0").is_err());
        assert!(s("threads", None, "1.5").is_err());
        assert_eq!(
            s("heuristics", None, "lean"),
            Ok(Setting::Heuristics(Heuristics::Lean))
        );
        assert_eq!(
            s("heuristics", None, " full "),
            Ok(Setting::Heuristics(Heuristics::Full))
        );
        assert_eq!(
            s("heuristics", None, "no_submip"),
            Ok(Setting::Heuristics(Heuristics::NoSubmip))
        );
        assert_eq!(
            s("heuristics", None, "minimal"),
            Ok(Setting::Heuristics(Heuristics::Minimal))
        );
        assert_eq!(
            s("heuristics", None, "none"),
            Err("\"auto\", \"full\", \"lean\", \"no_submip\" or \"minimal\"".to_string())
        );
        // The option table's hand-written list follows `Heuristics::ALL`.
        let ids: Vec<String> = Heuristics::ALL
            .iter()
            .map(|h| format!("{:?}", h.as_str()))
            .collect();
        let (last, rest) = ids.split_last().unwrap();
        assert_eq!(
            key("heuristics").expected,
            format!("{} or {last}", rest.join(", "))
        );
        assert_eq!(Heuristics::Auto.or_auto(Heuristics::Lean), Heuristics::Lean);
        assert_eq!(Heuristics::Full.or_auto(Heuristics::Lean), Heuristics::Full);
        assert_eq!(s("time_limit", None, "2.5"), Ok(Setting::TimeLimit(2.5)));
        assert_eq!(
            s("solve_time_limit", None, "1"),
            Ok(Setting::SolveTimeLimit(1.0))
        );
        assert_eq!(
            s("time_limit", None, "0").unwrap_err(),
            "a number of seconds > 0"
        );
        assert!(s("mip_gap", None, "x").is_err());
        assert_eq!(
            s("backend", None, "highs"),
            Ok(Setting::Backend("highs".into()))
        );
    }

    #[test]
    fn overlay_applies_lists_first_and_keeps_specs() {
        let mut base = Settings::lexicographic(&["stability", "cost"]);
        base.request.objectives[1].abs_tol = 5.0;
        let mut s = base.clone();
        s.apply(&[
            Setting::Weight("cost".into(), 3.0),
            Setting::Objectives(vec!["cost".into(), "equity".into()]),
            Setting::MipGap(0.1),
            Setting::Backend("highs".into()),
        ])
        .unwrap();
        assert_eq!(s.request.names(), ["cost", "equity"]);
        assert_eq!(s.request.objectives[0].weight, 3.0);
        assert_eq!(s.request.objectives[0].abs_tol, 5.0);
        assert_eq!(s.request.options.mip_gap, 0.1);
        assert_eq!(s.backend, "highs");
        let err = base
            .clone()
            .apply(&[Setting::RelTol("equity".into(), 1.0)])
            .unwrap_err();
        assert!(err.message.contains("`equity` is not among"), "{err}");
        assert_eq!(err.option, "rel_tol");
    }

    #[test]
    fn validation_names_the_problem() {
        let mut r = Request::lexicographic(&["a", "a"]);
        assert!(validate(&r).unwrap_err().contains("given twice"));
        r = Request::weighted(&[("a", -1.0)]);
        assert!(validate(&r).unwrap_err().contains("weight"));
        r = Request::lexicographic(&["a"]);
        r.options.threads = 0;
        assert!(validate(&r).unwrap_err().starts_with("threads"));
        assert!(validate(&Request::lexicographic::<&str>(&[])).is_err());
    }
}
