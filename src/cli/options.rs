//! The flags that load a model and choose what is solved and how, shared
//! by `check`, `solve`, `pareto`, `export`, `sweep`: each becomes a
//! [`Setting`] of [`accord::request`] (the same names, ranges and messages
//! as a model file's `[solve]` table and a scenario's option rows) and is
//! put on top of the model's defaults with [`Settings::apply`].

use std::path::PathBuf;

use clap::Args;

use accord::model::{LoadOptions, Model};
use accord::request::{self, key, Heuristics, Method, Setting, Settings};
use accord::Error;

/// The model a subcommand works on.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Model TOML file, data folder, or MPS / .mop file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Use this data folder instead of the one the model file names.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

impl ModelArgs {
    /// Loads the model (every input problem at once).
    pub fn load(&self, all_or_nothing: bool) -> Result<Model, Error> {
        Model::load(
            &self.model,
            &LoadOptions {
                data: self.data.clone(),
                all_or_nothing,
            },
        )
    }
}

/// Which solver runs, and its limits.
#[derive(Debug, Clone, Default, Args)]
pub struct SolverArgs {
    /// Solver backend: microlp, highs, cbc, clarabel (LPs only), or auto (the best
    /// compiled in that solves integer programs; never clarabel).
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Seconds for the whole run (every level, the whole front, each sweep
    /// scenario, the whole explanation), split over its solves.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Seconds per scalar solve (at most what the run's --time-limit leaves).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub solve_time_limit: Option<f64>,
    /// Relative MIP gap (default 0: proven optimal).
    #[arg(long, value_name = "G", allow_negative_numbers = true)]
    pub mip_gap: Option<f64>,
    /// Solver threads (default 1).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<f64>,
    /// The backend's primal heuristics: auto (on solve, no_submip for the
    /// first lexicographic level and minimal for later ones; lean for
    /// cooperation's coalitions; full elsewhere), full (the backend's own), lean (HiGHS without
    /// feasibility jump, root reduced cost and RINS), no_submip (without
    /// RINS and RENS), minimal (without all four).
    #[arg(long, value_name = "WHICH", value_parser = parse_heuristics)]
    pub heuristics: Option<Heuristics>,
}

/// Demands on the plan (`docs/explain.md`): each flag may be repeated.
#[derive(Debug, Clone, Default, Args)]
pub struct DemandArgs {
    /// A project that must go ahead (for a scalable one: at least its
    /// min_fraction); PROJECT=F: delivering at least fraction F.
    #[arg(long = "must", value_name = "PROJECT[=F]")]
    pub must: Vec<String>,
    /// A project that must not go ahead.
    #[arg(long = "never", value_name = "PROJECT")]
    pub never: Vec<String>,
    /// A least value of a built-in objective: --floor stability=400.
    #[arg(long = "floor", value_name = "OBJ=V", allow_hyphen_values = true)]
    pub floor: Vec<String>,
    /// A largest value of a built-in objective: --cap cost=2500.
    #[arg(long = "cap", value_name = "OBJ=V", allow_hyphen_values = true)]
    pub cap: Vec<String>,
}

impl DemandArgs {
    /// The settings these flags give, each demand placed at its flag.
    pub fn settings(&self) -> Result<Vec<Setting>, Error> {
        let mut out = Vec::new();
        for (name, list) in [
            ("must", &self.must),
            ("never", &self.never),
            ("floor", &self.floor),
            ("cap", &self.cap),
        ] {
            for item in list {
                out.push(Setting::Demand(
                    key(name).flag_demand(item).map_err(Error::Usage)?,
                ));
            }
        }
        Ok(out)
    }
}

/// What is optimized and how.
#[derive(Debug, Clone, Default, Args)]
pub struct ObjectiveArgs {
    /// Objective to optimize; repeat for several (order = priority).
    #[arg(long = "objective", value_name = "NAME", help = objective_help())]
    pub objectives: Vec<String>,
    /// How several objectives combine.
    #[arg(long, value_parser = parse_method)]
    pub method: Option<Method>,
    /// Weight of an objective for the weighted method.
    #[arg(long = "weight", value_name = "NAME=W")]
    pub weights: Vec<String>,
    /// Divide each objective by its ideal-nadir range from the payoff table (weighted method).
    #[arg(long)]
    pub normalize: bool,
    /// Absolute tolerance of a lexicographic level.
    #[arg(long = "abs-tol", value_name = "NAME=X")]
    pub abs_tols: Vec<String>,
    /// Relative tolerance of a lexicographic level.
    #[arg(long = "rel-tol", value_name = "NAME=X")]
    pub rel_tols: Vec<String>,
}

/// The help of `--objective`, listing the built-ins from their table.
pub fn objective_help() -> String {
    format!(
        "Objective to optimize; repeat for several (order = priority). Built-ins: {}; \
         an MPS/.mop file's own objectives by name",
        accord::domain::objectives::ids().join(", ")
    )
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

fn parse_heuristics(s: &str) -> Result<Heuristics, String> {
    s.parse()
}

/// The setting of a number flag, or the usage error naming the flag.
fn number(name: &str, objective: Option<&str>, v: f64) -> Result<Setting, Error> {
    let k = key(name);
    k.number(objective, v).map_err(|e| {
        let on = objective.map_or(String::new(), |o| format!(" {o}={v}"));
        Error::Usage(format!("{}{on}: {e}", k.flag))
    })
}

impl SolverArgs {
    /// The number options given, by option name (`time_limit`; its flag is
    /// `key(name).flag`).
    pub fn numbers(&self) -> impl Iterator<Item = (&'static str, f64)> {
        [
            ("time_limit", self.time_limit),
            ("solve_time_limit", self.solve_time_limit),
            ("mip_gap", self.mip_gap),
            ("threads", self.threads),
        ]
        .into_iter()
        .filter_map(|(name, v)| Some((name, v?)))
    }

    /// The settings these flags give.
    pub fn settings(&self) -> Result<Vec<Setting>, Error> {
        let mut out = Vec::new();
        if let Some(b) = &self.backend {
            out.push(Setting::Backend(b.clone()));
        }
        for (name, v) in self.numbers() {
            out.push(number(name, None, v)?);
        }
        if let Some(h) = self.heuristics {
            out.push(Setting::Heuristics(h));
        }
        Ok(out)
    }
}

impl ObjectiveArgs {
    /// The settings these flags give.
    pub fn settings(&self) -> Result<Vec<Setting>, Error> {
        let mut out = Vec::new();
        if !self.objectives.is_empty() {
            out.push(Setting::Objectives(self.objectives.clone()));
        }
        if let Some(m) = self.method {
            out.push(Setting::Method(m));
        }
        if self.normalize {
            out.push(Setting::Normalize(true));
        }
        for (name, list) in [
            ("weight", &self.weights),
            ("abs_tol", &self.abs_tols),
            ("rel_tol", &self.rel_tols),
        ] {
            let flag = key(name).flag;
            for item in list {
                let (objective, v) = item
                    .split_once('=')
                    .ok_or_else(|| Error::Usage(format!("{flag} {item:?}: expected NAME=VALUE")))?;
                let v: f64 = v.trim().parse().map_err(|_| {
                    Error::Usage(format!("{flag} {item:?}: expected a number after `=`"))
                })?;
                out.push(number(name, Some(objective.trim()), v)?);
            }
        }
        Ok(out)
    }
}

/// The model's defaults with `settings` on top, checked, demands included
/// (a demand that names no project or objective of the model is a usage
/// error naming its flag): the settings a run uses.
pub fn resolve(model: &Model, settings: &[Setting]) -> Result<Settings, Error> {
    let s = overlay(&model.defaults, settings)?;
    model.check_demands(&s.request.demands)?;
    Ok(s)
}

/// `defaults` with `settings` on top, checked: the settings a run uses.
pub fn overlay(defaults: &Settings, settings: &[Setting]) -> Result<Settings, Error> {
    let mut s = defaults.clone();
    s.apply(settings).map_err(|e| {
        let on = e
            .objective
            .as_deref()
            .map_or(String::new(), |o| format!(" {o}=..."));
        Error::Usage(format!("{}{on}: {}", key(e.option).flag, e.message))
    })?;
    request::validate(&s.request).map_err(Error::Usage)?;
    Ok(s)
}

/// What identifies a resumable run besides its objective: the checksums of
/// the model's input files and the names of the request's demands (for the
/// fingerprints of coalitions.csv and solves.csv).
pub(super) fn run_inputs(
    model: &accord::model::Model,
    request: &accord::request::Request,
) -> Result<(Vec<String>, Vec<String>), accord::Error> {
    let inputs = accord::report::InputFile::hash_all(&model.files)?
        .into_iter()
        .map(|f| f.sha256)
        .collect();
    let demands = request
        .demands
        .iter()
        .map(accord::domain::rules::Demand::name)
        .collect();
    Ok((inputs, demands))
}
