//! `accord export MODEL --format mps|mop|lp --out FILE`: the exact program
//! accord would solve, with readable names (`budget[eu]`,
//! `fund[eu,termez_power]`), so any answer can be reproduced elsewhere.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use accord::moo::to_min;
use accord::mps::{self, WriteObjectives, WriteOptions};
use accord::program::{Objective, Sense};
use accord::{report, Error};

use super::options::{resolve, DemandArgs, ModelArgs};
use super::{exit, fail};

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Free-format MPS with one objective (the first chosen).
    Mps,
    /// PolySCIP `.mop`: every chosen objective as an N row.
    Mop,
    /// CPLEX LP with one objective (the first chosen).
    Lp,
}

/// Arguments of `accord export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// File format.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Objective(s) to write; default: the model's (mps and lp take the first).
    #[arg(long = "objective", value_name = "NAME")]
    objectives: Vec<String>,
    #[command(flatten)]
    demands: DemandArgs,
    /// Treat every project as all-or-nothing (as `accord pareto --all-or-nothing`).
    #[arg(long)]
    all_or_nothing: bool,
    /// Output file (written atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs `accord export`.
pub fn run(args: &ExportArgs) -> i32 {
    match run_inner(args) {
        Ok(()) => exit::OK,
        Err(e) => fail(&e),
    }
}

fn run_inner(args: &ExportArgs) -> Result<(), Error> {
    let model = args.model.load(args.all_or_nothing)?;
    // The exact program accord solves: the demands (model file, flags) as rows.
    let settings = resolve(&model, &args.demands.settings()?)?;
    let mut program = model.program_for(&settings.request.demands)?.into_owned();
    let default_names = model.defaults.request.names();
    let names = if args.objectives.is_empty() {
        default_names
    } else {
        args.objectives.clone()
    };
    let chosen: Vec<Objective> = names
        .iter()
        .map(|n| program.require_objective(n).cloned())
        .collect::<Result<_, _>>()?;
    let first = chosen
        .first()
        .cloned()
        .ok_or_else(|| Error::Usage("no objective to export".into()))?;
    if args.format == ExportFormat::Lp {
        let text = accord::lpfile::to_lp(&program, &first)?;
        report::write_atomic(&args.out, text.as_bytes())?;
    } else {
        program.objectives = if args.format == ExportFormat::Mps {
            vec![first]
        } else {
            // One OBJSENSE holds for every N row: when senses differ, write
            // all in min form and name the negated ones `neg_NAME`.
            let mixed = chosen.iter().any(|o| o.sense != chosen[0].sense);
            if mixed {
                eprintln!(
                    "note: objectives have different senses; the .mop minimizes all, with max objectives negated as neg_NAME"
                );
            }
            chosen
                .iter()
                .map(|o| {
                    if mixed && o.sense == Sense::Max {
                        Objective {
                            name: format!("neg_{}", o.name),
                            ..to_min(o)
                        }
                    } else {
                        o.clone()
                    }
                })
                .collect()
        };
        mps::write_file(
            &program,
            &args.out,
            &WriteOptions {
                objectives: WriteObjectives::All,
            },
        )?;
    }
    println!(
        "{}: {} columns ({} integer), {} rows, {} nonzeros; objective{} {}",
        args.out.display(),
        program.num_cols(),
        program.num_integers(),
        program.num_rows(),
        program.num_nonzeros(),
        if args.format == ExportFormat::Mop && names.len() > 1 {
            "s"
        } else {
            ""
        },
        if args.format == ExportFormat::Mop {
            names.join(", ")
        } else {
            names[0].clone()
        }
    );
    Ok(())
}
