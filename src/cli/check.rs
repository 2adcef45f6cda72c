//! `accord check MODEL`: validate only; nothing is solved.

use clap::Args;

use super::options::ModelArgs;
use super::{exit, fail};

/// Arguments of `accord check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    model: ModelArgs,
}

/// Validates and prints a one-line summary and notes (exit 0; warnings on
/// stderr do not change it), or every problem (exit 3).
pub fn run(args: &CheckArgs) -> i32 {
    let model = match args.model.load(false) {
        Ok(m) => m,
        Err(e) => return fail(&e),
    };
    let p = model.program();
    let size = format!(
        "program {} columns ({} integer), {} rows, {} nonzeros",
        p.num_cols(),
        p.num_integers(),
        p.num_rows(),
        p.num_nonzeros()
    );
    match model.instance() {
        Some(inst) => println!(
            "{}: valid: {} actors, {} projects, {} eligible pairs, {} relations, {} vectors; {size}",
            model.name,
            inst.actors.len(),
            inst.projects.len(),
            inst.interests.len(),
            inst.relations.len(),
            inst.vectors.len(),
        ),
        None => println!(
            "{}: valid: {} objective{}; {size}",
            model.name,
            p.objectives.len(),
            if p.objectives.len() == 1 { "" } else { "s" }
        ),
    }
    for b in model.blocked() {
        println!("note: {} cannot go ahead: {}", b.project, b.reason);
    }
    for w in model.warnings() {
        eprintln!("warning: {w}");
    }
    exit::OK
}
