//! `accord solve MODEL`: load, solve, verify, report.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use accord::backend::Status;
use accord::model::Model;
use accord::report::{self, Manifest};
use accord::solve::{diagnose, Answer, Diagnosis};
use accord::Error;

use super::options::{resolve, DemandArgs, ModelArgs, ObjectiveArgs, SolverArgs};
use super::{exit, fail, hooks, Format};

/// Arguments of `accord solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    model: ModelArgs,
    #[command(flatten)]
    objectives: ObjectiveArgs,
    #[command(flatten)]
    solver: SolverArgs,
    #[command(flatten)]
    demands: DemandArgs,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also solve the LP relaxation of the first objective and report its
    /// bound, the root gap to the optimum and the branch-and-bound nodes.
    #[arg(long)]
    diagnose: bool,
    /// Also write summary.json, allocations.csv, projects.csv, actors.csv
    /// (program files: summary.json, columns.csv) and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `accord solve`.
pub fn run(args: &SolveArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn run_inner(args: &SolveArgs) -> Result<i32, Error> {
    let started = Instant::now();
    let model = args.model.load(false)?;
    let mut given = args.objectives.settings()?;
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let settings = resolve(&model, &given)?;
    let backend = hooks::open(&settings.backend, None)?;
    for w in model.warnings() {
        eprintln!("warning: {w}");
    }
    let answer = model.solve(backend.as_ref(), &settings.request, None)?;
    let summary = report::summarize(
        &super::subject(&model),
        &answer,
        settings.request.method.as_str(),
        started.elapsed().as_secs_f64(),
    );
    let diagnosis = if args.diagnose {
        let program = model.program_for(&settings.request.demands)?;
        let first = &settings.request.objectives[0].name;
        let objective = program.require_objective(first)?;
        let options = &settings.request.options;
        Some(diagnose(
            backend.as_ref(),
            &program,
            objective,
            options,
            &answer,
        )?)
    } else {
        None
    };
    let printed = match args.format {
        Format::Table => {
            report::table(&summary) + &diagnosis.as_ref().map_or_else(String::new, diagnosis_table)
        }
        Format::Json => {
            let mut v = serde_json::to_value(&summary).expect("summary serializes");
            if let Some(d) = &diagnosis {
                v["diagnosis"] = serde_json::to_value(d).expect("diagnosis serializes");
            }
            serde_json::to_string_pretty(&v).expect("summary serializes") + "\n"
        }
        Format::Csv => report::allocations_csv(&summary)?,
    };
    print!("{printed}");
    if let Some(dir) = &args.out {
        let options = serde_json::json!({
            "model": model.name,
            "model_source": model.domain().and_then(|d| d.spec.source.clone())
                .or_else(|| (!model.is_domain()).then(|| args.model.model.clone())),
            "data_dir": model.domain().map(|d| d.spec.data_dir.clone()),
            "request": settings.request,
            "backend": settings.backend,
        });
        let written = Manifest::new(
            answer.backend.clone(),
            options,
            &model.files,
            &report::out_files(&summary),
        )
        .and_then(|m| report::write_out_dir(dir, &summary, &m));
        if let Err(e) = written {
            eprintln!("error: {e}");
            return Ok(exit::FAILURE);
        }
    }
    Ok(finish(
        &answer,
        &model,
        !settings.request.demands.is_empty(),
    ))
}

/// The exit code of a finished solve, with its message on stderr: 0 with
/// a solution that passes the check, 4 when it fails it, 1 without one
/// (with the reasons the screen gives, and where to ask why).
pub fn finish(answer: &Answer, model: &Model, demands: bool) -> i32 {
    match answer.status {
        Status::Optimal | Status::TimeLimitFeasible => match &answer.check {
            Some(c) if !c.passed => {
                eprintln!(
                    "error: the solution from backend `{}` fails the check: {}{}",
                    answer.backend.id,
                    c.summary(),
                    model.scaling_cause()
                );
                exit::FAILURE
            }
            _ => {
                if answer.status == Status::TimeLimitFeasible {
                    eprintln!(
                        "warning: time limit reached: the solution is feasible but not proven optimal"
                    );
                }
                exit::OK
            }
        },
        status => {
            if status == Status::Infeasible && model.is_domain() {
                eprintln!(
                    "accord: no solution: infeasible{}: `accord explain` with the same model{} \
                     names the rules that conflict and the cheapest repairs",
                    if demands { " with these demands" } else { "" },
                    if demands { " and demands" } else { "" }
                );
            } else {
                eprintln!("accord: no solution: {status}");
            }
            for b in model.blocked() {
                eprintln!("  {} cannot go ahead: {}", b.project, b.reason);
            }
            exit::NO_SOLUTION
        }
    }
}

/// The diagnosis as lines under the planner's table.
fn diagnosis_table(d: &Diagnosis) -> String {
    let num = |v: Option<f64>| v.map_or_else(|| "-".into(), |v| format!("{v:.6}"));
    let mut out = format!("\nDiagnosis ({})\n", d.objective);
    out += &format!(
        "  LP relaxation   {} ({}, {:.3} s)\n",
        num(d.relaxation_bound),
        d.relaxation_status,
        d.relaxation_seconds
    );
    out += &format!("  optimum         {}\n", num(d.optimum));
    out += &format!(
        "  root gap        {}\n",
        d.root_gap
            .map_or_else(|| "-".into(), |g| format!("{:.2}%", 100.0 * g))
    );
    out += &format!(
        "  nodes           {}\n",
        d.nodes
            .map_or_else(|| "not reported".into(), |n| n.to_string())
    );
    out
}
