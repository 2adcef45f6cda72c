//! Solve options shared by `accord solve` and `accord sweep`, and the
//! request they resolve to (model file first, then the command line).

use clap::Args;

use accord::backend::SolveOptions;
use accord::check::CheckTolerances;
use accord::input;
use accord::request::{Method, ObjectiveSpec, Request};
use accord::Error;

/// The options that decide what is solved and how.
#[derive(Debug, Clone, Args)]
pub struct SolveOptionArgs {
    /// Objective to optimize; repeat for several (order = priority).
    /// Built-ins: stability, cost, equity, dominance, satisfaction.
    #[arg(long = "objective", value_name = "NAME")]
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
    /// Solver backend: microlp, highs, cbc, clarabel (LPs only), or auto (the best
    /// compiled in that solves integer programs; never clarabel).
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Time limit per solve, in seconds.
    #[arg(long, value_name = "S")]
    pub time_limit: Option<f64>,
    /// Relative MIP gap (default 0: proven optimal).
    #[arg(long, value_name = "G")]
    pub mip_gap: Option<f64>,
    /// Solver threads.
    #[arg(long, default_value_t = 1)]
    pub threads: u32,
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

/// Parses `NAME=VALUE` pairs.
pub fn pairs(list: &[String], flag: &str) -> Result<Vec<(String, f64)>, Error> {
    list.iter()
        .map(|s| {
            let (name, v) = s
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("{flag} {s:?}: expected NAME=VALUE")))?;
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| Error::Usage(format!("{flag} {s:?}: expected a number after `=`")))?;
            Ok((name.trim().to_string(), v))
        })
        .collect()
}

/// The request after model file, then command line (the command line wins).
pub fn request(args: &SolveOptionArgs, spec: &input::ModelSpec) -> Result<Request, Error> {
    let mut objectives: Vec<ObjectiveSpec> = if args.objectives.is_empty() {
        spec.settings.request.objectives.clone()
    } else {
        args.objectives
            .iter()
            .map(|n| {
                spec.settings
                    .request
                    .objectives
                    .iter()
                    .find(|o| &o.name == n)
                    .cloned()
                    .unwrap_or_else(|| ObjectiveSpec::named(n.clone()))
            })
            .collect()
    };
    for (flag, list) in [
        ("--weight", &args.weights),
        ("--abs-tol", &args.abs_tols),
        ("--rel-tol", &args.rel_tols),
    ] {
        for (name, v) in pairs(list, flag)? {
            let names = spec_names(&objectives);
            let o = objectives.iter_mut().find(|o| o.name == name).ok_or_else(|| {
                Error::Usage(format!(
                    "{flag} {name}=...: `{name}` is not among the objectives being optimized ({names})"
                ))
            })?;
            match flag {
                "--weight" => o.weight = v,
                "--abs-tol" => o.abs_tol = v,
                _ => o.rel_tol = v,
            }
        }
    }
    let options = SolveOptions {
        time_limit: args.time_limit.or(spec.settings.request.options.time_limit),
        mip_gap: args
            .mip_gap
            .unwrap_or(spec.settings.request.options.mip_gap),
        threads: args.threads,
        ..SolveOptions::default()
    };
    options.validate()?;
    Ok(Request {
        objectives,
        method: args.method.unwrap_or(spec.settings.request.method),
        normalize: args.normalize || spec.settings.request.normalize,
        options,
        tolerances: CheckTolerances::default(),
    })
}

fn spec_names(o: &[ObjectiveSpec]) -> String {
    o.iter()
        .map(|o| o.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A domain model loaded for solving: the model file, its data, the request
/// (model file, then command line) and the backend's name (command line,
/// then model file).
pub struct Loaded {
    pub spec: input::ModelSpec,
    pub inst: accord::domain::Instance,
    pub request: Request,
    pub backend: String,
}

/// Loads a domain model and resolves the solve options against it.
pub fn load(model: &super::ModelArgs, args: &SolveOptionArgs) -> Result<Loaded, Error> {
    let (spec, inst) = input::load_model_with(&model.model, model.data.as_deref())?;
    let request = request(args, &spec)?;
    let backend = args
        .backend
        .clone()
        .unwrap_or_else(|| spec.settings.backend.clone());
    Ok(Loaded {
        spec,
        inst,
        request,
        backend,
    })
}
