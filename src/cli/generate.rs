//! `accord generate`: a valid random data set in the same CSV format, every
//! feature used, deterministic for a seed.

use std::path::PathBuf;

use clap::Args;

use accord::generate::{generate, GenerateOptions};

use super::{exit, fail};

/// Arguments of `accord generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of actors.
    #[arg(long, default_value_t = 50)]
    actors: usize,
    /// Number of projects.
    #[arg(long, default_value_t = 200)]
    projects: usize,
    /// Fraction of actor x project pairs that are eligible, in (0, 1].
    #[arg(long, default_value_t = 0.1)]
    density: f64,
    /// Seed of the random stream (same seed, same data set).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Folder to write actors.csv, projects.csv, interests.csv, relations.csv into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Runs `accord generate`.
pub fn run(args: &GenerateArgs) -> i32 {
    let opts = GenerateOptions::new(args.actors, args.projects, args.density).with_seed(args.seed);
    let written = generate(&opts)
        .and_then(|inst| accord::input::write_instance(&inst, &args.out).map(|_| inst));
    match written {
        Ok(inst) => {
            println!(
                "{}: {} actors, {} projects, {} eligible pairs, {} relations (seed {})",
                args.out.display(),
                inst.actors.len(),
                inst.projects.len(),
                inst.interests.len(),
                inst.relations.len(),
                args.seed
            );
            exit::OK
        }
        Err(e) => fail(&e),
    }
}
