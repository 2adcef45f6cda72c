//! `accord solve MODEL`: build, solve, verify, report.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use accord::backend::{self, SolveOptions, Status};
use accord::check::CheckTolerances;
use accord::report::{self, BackendInfo, Manifest};
use accord::solve::{Method, ObjectiveSpec, Request};
use accord::{formulation, input, Error};

use super::{exit, fail, Format, ModelArgs};

/// Arguments of `accord solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Objective to optimize; repeat for several (order = priority).
    /// Built-ins: stability, cost, equity, dominance, satisfaction.
    #[arg(long = "objective", value_name = "NAME")]
    objectives: Vec<String>,
    /// How several objectives combine.
    #[arg(long, value_parser = parse_method)]
    method: Option<Method>,
    /// Weight of an objective for the weighted method.
    #[arg(long = "weight", value_name = "NAME=W")]
    weights: Vec<String>,
    /// Divide each objective by its ideal-nadir range from the payoff table (weighted method).
    #[arg(long)]
    normalize: bool,
    /// Absolute tolerance of a lexicographic level.
    #[arg(long = "abs-tol", value_name = "NAME=X")]
    abs_tols: Vec<String>,
    /// Relative tolerance of a lexicographic level.
    #[arg(long = "rel-tol", value_name = "NAME=X")]
    rel_tols: Vec<String>,
    /// Solver backend: microlp, highs, cbc, clarabel (LPs only), or auto (the best
    /// compiled in that solves integer programs; never clarabel).
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Time limit per solve, in seconds.
    #[arg(long, value_name = "S")]
    time_limit: Option<f64>,
    /// Relative MIP gap (default 0: proven optimal).
    #[arg(long, value_name = "G")]
    mip_gap: Option<f64>,
    /// Solver threads.
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write summary.json, allocations.csv, projects.csv, actors.csv and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

/// Test hook: with `ACCORD_TEST_PERTURB` set, every solution is corrupted
/// (column 0 moved by 1) so that the CLI tests can see the checker fail.
pub(super) fn with_test_faults(b: Box<dyn backend::Backend>) -> Box<dyn backend::Backend> {
    if std::env::var_os("ACCORD_TEST_PERTURB").is_some() {
        Box::new(backend::mock::Perturb {
            inner: b,
            delta: 1.0,
        })
    } else {
        b
    }
}

/// Parses `NAME=VALUE` pairs.
fn pairs(list: &[String], flag: &str) -> Result<Vec<(String, f64)>, Error> {
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

/// True when MODEL names an MPS or `.mop` file rather than a domain model.
pub fn is_file_model(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".mps") || name.ends_with(".mop")
}

/// The request after model file, then command line (the command line wins).
fn request(args: &SolveArgs, spec: &input::ModelSpec) -> Result<Request, Error> {
    let mut objectives: Vec<ObjectiveSpec> = if args.objectives.is_empty() {
        spec.objectives.clone()
    } else {
        args.objectives
            .iter()
            .map(|n| {
                spec.objectives
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
        time_limit: args.time_limit.or(spec.time_limit),
        mip_gap: args.mip_gap.unwrap_or(spec.mip_gap),
        threads: args.threads,
        ..SolveOptions::default()
    };
    options.validate()?;
    Ok(Request {
        objectives,
        method: args.method.unwrap_or(spec.method),
        normalize: args.normalize || spec.normalize,
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

/// Solves an MPS or `.mop` file: every objective of the file in order,
/// unless `--objective` picks some.
fn run_file(args: &SolveArgs) -> i32 {
    let started = Instant::now();
    if args.model.data.is_some() {
        return fail(&Error::Usage(
            "--data applies to domain models, not to MPS files".into(),
        ));
    }
    let program = match accord::mps::read(&args.model.model) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let mut spec = input::ModelSpec::defaults(program.name.clone(), "");
    spec.objectives = program
        .objectives
        .iter()
        .map(|o| ObjectiveSpec::named(o.name.clone()))
        .collect();
    let req = match request(args, &spec) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let backend_name = args.backend.clone().unwrap_or_else(|| "auto".into());
    let (backend, info) = match super::open_backend(&backend_name) {
        Ok((b, info)) => (with_test_faults(b), info),
        Err(e) => return fail(&e),
    };
    let answer = match accord::solve::solve(backend.as_ref(), &program, &req, None) {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    let summary = report::summarize_program(
        &program,
        &answer,
        req.method.as_str(),
        &info,
        started.elapsed().as_secs_f64(),
    );
    let printed = match args.format {
        Format::Table => Ok(report::program_table(&summary)),
        Format::Json => {
            Ok(serde_json::to_string_pretty(&summary).expect("summary serializes") + "\n")
        }
        Format::Csv => report::columns_csv(&summary),
    };
    match printed {
        Ok(s) => print!("{s}"),
        Err(e) => return fail(&e),
    }
    if let Some(dir) = &args.out {
        let json = serde_json::to_string_pretty(&summary).expect("summary serializes");
        let written = report::write_atomic(&dir.join("summary.json"), json.as_bytes())
            .and_then(|_| report::columns_csv(&summary))
            .and_then(|csv| report::write_atomic(&dir.join("columns.csv"), csv.as_bytes()))
            .and_then(|_| {
                Manifest::new(
                    info.clone(),
                    serde_json::json!({ "model": program.name, "request": req, "backend": backend_name }),
                    std::slice::from_ref(&args.model.model),
                    &["summary.json", "columns.csv"],
                )
            })
            .and_then(|m| {
                let text = serde_json::to_string_pretty(&m).expect("manifest serializes");
                report::write_atomic(&dir.join("manifest.json"), text.as_bytes())
            });
        if let Err(e) = written {
            eprintln!("error: {e}");
            return exit::FAILURE;
        }
    }
    finish(&answer, &info, &[])
}

/// The exit code of a finished solve, with its message on stderr.
fn finish(
    answer: &accord::solve::Answer,
    info: &BackendInfo,
    blocked: &[accord::formulation::Blocked],
) -> i32 {
    match answer.status {
        Status::Optimal | Status::TimeLimitFeasible => {
            if answer.check.as_ref().is_some_and(|c| !c.passed) {
                eprintln!(
                    "error: the solution from backend `{}` fails the check: {}",
                    info.id,
                    answer
                        .check
                        .as_ref()
                        .map(|c| c.summary())
                        .unwrap_or_default()
                );
                exit::FAILURE
            } else {
                if answer.status == Status::TimeLimitFeasible {
                    eprintln!("warning: time limit reached: the solution is feasible but not proven optimal");
                }
                exit::OK
            }
        }
        status => {
            eprintln!("accord: no solution: {status}");
            for b in blocked {
                eprintln!("  {} cannot go ahead: {}", b.project, b.reason);
            }
            exit::NO_SOLUTION
        }
    }
}

/// Runs `accord solve`.
pub fn run(args: &SolveArgs) -> i32 {
    if is_file_model(&args.model.model) {
        return run_file(args);
    }
    let started = Instant::now();
    let (spec, inst) = match input::load_model_with(&args.model.model, args.model.data.as_deref()) {
        Ok(v) => v,
        Err(e) => return fail(&e),
    };
    let req = match request(args, &spec) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let backend_name = args.backend.clone().unwrap_or_else(|| spec.backend.clone());
    let (backend, info) = match super::open_backend(&backend_name) {
        Ok((b, info)) => (with_test_faults(b), info),
        Err(e) => return fail(&e),
    };
    let form = formulation::build(&inst);
    let evaluate = |x: &[f64]| form.builtin_values(&inst, x);
    let answer = match accord::solve::solve(backend.as_ref(), &form.program, &req, Some(&evaluate))
    {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    let summary = report::summarize(
        &spec.name,
        &inst,
        &form,
        &answer,
        req.method.as_str(),
        &info,
        started.elapsed().as_secs_f64(),
    );
    let printed = match args.format {
        Format::Table => Ok(report::table(&summary)),
        Format::Json => {
            Ok(serde_json::to_string_pretty(&summary).expect("summary serializes") + "\n")
        }
        Format::Csv => report::allocations_csv(&summary),
    };
    match printed {
        Ok(s) => print!("{s}"),
        Err(e) => return fail(&e),
    }
    if let Some(dir) = &args.out {
        let options = serde_json::json!({
            "model": spec.name,
            "model_source": spec.source,
            "data_dir": spec.data_dir,
            "request": req,
            "backend": backend_name,
        });
        let written = Manifest::new(
            info.clone(),
            options,
            &spec.files,
            &[
                "summary.json",
                "allocations.csv",
                "projects.csv",
                "actors.csv",
            ],
        )
        .and_then(|m| report::write_out_dir(dir, &summary, &m));
        if let Err(e) = written {
            eprintln!("error: {e}");
            return exit::FAILURE;
        }
    }
    finish(&answer, &info, &summary.blocked)
}
