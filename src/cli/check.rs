//! `accord check MODEL`: validate only; nothing is solved.

use clap::Args;

use super::{exit, fail, ModelArgs};

/// Arguments of `accord check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    model: ModelArgs,
}

/// Validates and prints a one-line summary and notes (exit 0; warnings on
/// stderr do not change it), or every problem (exit 3).
pub fn run(args: &CheckArgs) -> i32 {
    match accord::input::load_model_with(&args.model.model, args.model.data.as_deref()) {
        Ok((spec, inst)) => {
            let form = accord::formulation::build(&inst);
            let p = &form.program;
            println!(
                "{}: valid: {} actors, {} projects, {} eligible pairs, {} relations, {} vectors; program {} columns ({} integer), {} rows, {} nonzeros",
                spec.name,
                inst.actors.len(),
                inst.projects.len(),
                inst.interests.len(),
                inst.relations.len(),
                inst.vectors.len(),
                p.num_cols(),
                p.num_integers(),
                p.num_rows(),
                p.num_nonzeros()
            );
            for b in accord::domain::screen::blocked_projects(&inst) {
                println!("note: {} cannot go ahead: {}", b.project, b.reason);
            }
            for w in accord::domain::screen::free_participation(&inst) {
                eprintln!("warning: {w}");
            }
            exit::OK
        }
        Err(e) => fail(&e),
    }
}
