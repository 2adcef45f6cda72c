//! `accord merge DIR`: the shards of a sweep -> one results table.

use std::path::PathBuf;

use clap::Args;

use accord::sweep::merge::{merge, Target};
use accord::sweep::output::summary;

use super::{exit, fail};

/// Arguments of `accord merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The folder holding shard-I-of-N.csv and shard-I-of-N.manifest.json for every I.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Where to write: a folder (results.csv, merge.manifest.json, deltas.csv,
    /// charts; default DIR) or a .csv file (with FILE.manifest.json beside it).
    #[arg(long, value_name = "FILE|DIR")]
    out: Option<PathBuf>,
}

/// Runs `accord merge`.
pub fn run(args: &MergeArgs) -> i32 {
    let target = match &args.out {
        Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) => {
            Target::File(p.clone())
        }
        Some(p) => Target::Dir(p.clone()),
        None => Target::Dir(args.dir.clone()),
    };
    match merge(&args.dir, &target) {
        Ok(m) => {
            println!(
                "accord merge: {} shards, {} scenarios of model {}",
                m.shards,
                m.rows.len(),
                m.info.model
            );
            println!();
            let refs: Vec<&accord::sweep::Row> = m.rows.iter().collect();
            print!("{}", summary(&m.info, &refs, 60));
            println!("\nwritten: {}", m.outputs.join(", "));
            exit::OK
        }
        Err(e) => fail(&e),
    }
}
