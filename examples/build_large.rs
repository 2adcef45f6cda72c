//! Generates the large data set (2,000 actors x 10,000 projects x 5% by
//! default; `build_large ACTORS PROJECTS DENSITY [SEED]` for another size),
//! builds its program and prints the times, the program's size and the peak
//! resident memory (VmHWM, Linux only).
//!
//! `cargo run --release --example build_large`

use std::time::Instant;

use accord::formulation;
use accord::generate::{generate, GenerateOptions};

/// `VmHWM` (peak resident set) and `VmRSS` of this process in MiB, where known.
fn memory_mib() -> (Option<f64>, Option<f64>) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn show(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |m| format!("{m:.0} MiB"))
}

fn main() -> accord::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let parse = |s: &str| {
        s.parse::<f64>()
            .map_err(|_| accord::Error::Usage(format!("expected a number, found {s:?}")))
    };
    let opts = GenerateOptions {
        actors: arg(0).map(parse).transpose()?.map_or(2_000, |v| v as usize),
        projects: arg(1)
            .map(parse)
            .transpose()?
            .map_or(10_000, |v| v as usize),
        density: arg(2).map(parse).transpose()?.unwrap_or(0.05),
        seed: arg(3).map(parse).transpose()?.map_or(0, |v| v as u64),
    };

    let t = Instant::now();
    let inst = generate(&opts)?;
    let gen_s = t.elapsed().as_secs_f64();
    let (hwm_gen, _) = memory_mib();

    let t = Instant::now();
    let form = formulation::build(&inst);
    let build_s = t.elapsed().as_secs_f64();
    let (hwm_build, rss_build) = memory_mib();
    let p = &form.program;

    println!(
        "instance: {} actors x {} projects x {} (seed {}): {} pairs, {} relations",
        opts.actors,
        opts.projects,
        opts.density,
        opts.seed,
        inst.interests.len(),
        inst.relations.len()
    );
    println!("generate: {gen_s:.3} s (peak RSS after: {})", show(hwm_gen));
    println!(
        "build:    {build_s:.3} s: {} columns ({} integer), {} rows, {} nonzeros",
        p.num_cols(),
        p.num_integers(),
        p.num_rows(),
        p.num_nonzeros()
    );
    println!(
        "memory:   peak RSS {} (RSS now {})",
        show(hwm_build),
        show(rss_build)
    );
    Ok(())
}
