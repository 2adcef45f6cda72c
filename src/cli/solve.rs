//! `accord solve MODEL`: build, solve, verify, report.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use accord::backend::{self, Status};
use accord::report::{self, BackendInfo, Manifest};
use accord::request::ObjectiveSpec;
use accord::{formulation, input, Error};

use super::options::{self, request, Loaded, SolveOptionArgs};
use super::{exit, fail, Format, ModelArgs};

/// Arguments of `accord solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    model: ModelArgs,
    #[command(flatten)]
    opts: SolveOptionArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write summary.json, allocations.csv, projects.csv, actors.csv and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
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

/// True when MODEL names an MPS or `.mop` file rather than a domain model.
pub fn is_file_model(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".mps") || name.ends_with(".mop")
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
    spec.settings.request.objectives = program
        .objectives
        .iter()
        .map(|o| ObjectiveSpec::named(o.name.clone()))
        .collect();
    let req = match request(&args.opts, &spec) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let backend_name = args.opts.backend.clone().unwrap_or_else(|| "auto".into());
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
    blocked: &[accord::domain::screen::Blocked],
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
    let Loaded {
        spec,
        inst,
        request: req,
        backend: backend_name,
    } = match options::load(&args.model, &args.opts) {
        Ok(v) => v,
        Err(e) => return fail(&e),
    };
    let (backend, info) = match super::open_backend(&backend_name) {
        Ok((b, info)) => (with_test_faults(b), info),
        Err(e) => return fail(&e),
    };
    let form = formulation::build(&inst);
    let evaluate = |x: &[f64]| form.values(&inst, x);
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
