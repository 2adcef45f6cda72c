//! `accord explain MODEL [demands]`: conflicts, repairs, why-not
//! (docs/explain.md).

use std::path::PathBuf;

use clap::Args;

use accord::explain::{self, Options};
use accord::report::{self, Manifest};
use accord::Error;

use super::options::{resolve, DemandArgs, ModelArgs, ObjectiveArgs, SolverArgs};
use super::{exit, fail, hooks, Format};

/// Arguments of `accord explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    model: ModelArgs,
    #[command(flatten)]
    demands: DemandArgs,
    #[command(flatten)]
    objectives: ObjectiveArgs,
    #[command(flatten)]
    solver: SolverArgs,
    /// Find up to N different minimal conflicts (default 1).
    #[arg(long = "all-conflicts", value_name = "N", default_value_t = 1)]
    all_conflicts: usize,
    /// Do not explain the projects left out of a feasible plan.
    #[arg(long)]
    no_why_not: bool,
    /// Do not look for repairs of an infeasible model.
    #[arg(long)]
    no_repairs: bool,
    /// Output format on stdout (csv: the why-not table).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write explanation.json, explanation.txt and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `accord explain`.
pub fn run(args: &ExplainArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn run_inner(args: &ExplainArgs) -> Result<i32, Error> {
    if args.all_conflicts == 0 {
        return Err(Error::Usage("--all-conflicts: expected at least 1".into()));
    }
    let model = args.model.load(false)?;
    let mut given = args.objectives.settings()?;
    given.extend(args.solver.settings()?);
    given.extend(args.demands.settings()?);
    let mut settings = resolve(&model, &given)?;
    // --time-limit bounds the whole explanation, not each solve.
    let options = Options {
        conflicts: args.all_conflicts,
        why_not: !args.no_why_not,
        repairs: !args.no_repairs,
        time_limit: settings.request.time_budget.take(),
    };
    hooks::open(&settings.backend, None)?;
    let backend = settings.backend.clone();
    let open = move || hooks::open(&backend, None);
    let e = explain::explain(&model, &settings, &options, &open)?;
    let json = serde_json::to_string_pretty(&e).expect("explanation serializes") + "\n";
    let text = report::explain::explain_table(&e);
    match args.format {
        Format::Json => print!("{json}"),
        Format::Table => print!("{text}"),
        Format::Csv => print!("{}", report::explain::not_chosen_csv(&e)?),
    }
    if let Some(dir) = &args.out {
        let options = serde_json::json!({
            "model": model.name,
            "request": settings.request,
            "backend": settings.backend,
            "all_conflicts": args.all_conflicts,
            "why_not": !args.no_why_not,
            "repairs": !args.no_repairs,
            "time_limit": options.time_limit,
        });
        let written = report::write_atomic(&dir.join("explanation.json"), json.as_bytes())
            .and_then(|_| report::write_atomic(&dir.join("explanation.txt"), text.as_bytes()))
            .and_then(|_| {
                Manifest::new(
                    e.backend.clone(),
                    options,
                    &model.files,
                    &["explanation.json", "explanation.txt"],
                )
            })
            .and_then(|m| {
                let t = serde_json::to_string_pretty(&m).expect("manifest serializes");
                report::write_atomic(&dir.join("manifest.json"), t.as_bytes())
            });
        if let Err(e) = written {
            eprintln!("error: {e}");
            return Ok(exit::FAILURE);
        }
    }
    Ok(exit::OK)
}
