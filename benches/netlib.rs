//! The Netlib subset: one LP solve from scratch on every compiled-in backend
//! (every backend solves LPs, clarabel included), ids
//! `netlib/<backend>/<instance>`, and the MPS reader itself, ids
//! `mps_read/<instance>`.
//!
//! Eight small and medium Netlib LPs (27 to 358 rows) read from
//! `../shared/instances/netlib` next to the crate; without that folder the
//! bench prints a SKIP line and measures nothing. Each file is parsed once,
//! outside the timed closure of the solve bench. Before timing, every
//! backend's answer is checked once (status optimal, checker passed,
//! objective within 1e-6 relative of MANIFEST's known optimum): a backend
//! that gets an instance wrong is not timed on it, with a note.
//!
//! `cargo bench --bench netlib` (add `--features highs,cbc,clarabel` for the
//! other backends; `-- --warm-up-time 1 --measurement-time 3` for a short run).

use std::path::{Path, PathBuf};

use accord::backend::{self, SolveOptions, Status};
use accord::check::{check, CheckTolerances};
use accord::mps;
use criterion::{criterion_group, criterion_main, Criterion};

/// Small to medium Netlib LPs (rows x columns in the comment).
const INSTANCES: &[&str] = &[
    "afiro",    // 27 x 32
    "sc105",    // 105 x 103
    "adlittle", // 56 x 97
    "blend",    // 74 x 83
    "share2b",  // 96 x 79
    "stocfor1", // 117 x 111
    "scagr25",  // 471 x 500
    "israel",   // 174 x 142
];

#[path = "../tests/support/shared.rs"]
mod shared;

fn instances() -> Option<PathBuf> {
    shared::instances("the Netlib benches")
}

/// MANIFEST's known optimum of `netlib/<name>.mps`.
fn known_optimum(dir: &Path, name: &str) -> Option<f64> {
    let mut r = csv::Reader::from_path(dir.join("MANIFEST.csv")).ok()?;
    let h = r.headers().ok()?.clone();
    let p = h.iter().position(|x| x == "path")?;
    let k = h.iter().position(|x| x == "known_optimum")?;
    let path = format!("netlib/{name}.mps");
    r.records()
        .filter_map(|rec| rec.ok())
        .find(|rec| rec[p] == path)
        .and_then(|rec| rec[k].parse().ok())
}

fn bench_netlib(c: &mut Criterion) {
    let Some(dir) = instances() else { return };
    let mut programs = Vec::new();
    for &name in INSTANCES {
        let path = dir.join(format!("netlib/{name}.mps"));
        if !path.is_file() {
            println!("note: {} not found: skipping {name}", path.display());
            continue;
        }
        let program = mps::read(&path).expect("Netlib instance reads");
        programs.push((name, path, program, known_optimum(&dir, name)));
    }

    let mut read = c.benchmark_group("mps_read");
    for (name, path, _, _) in &programs {
        read.bench_function(*name, |b| b.iter(|| mps::read(path).unwrap()));
    }
    read.finish();

    let options = SolveOptions::default();
    let mut solve = c.benchmark_group("netlib");
    for id in backend::available() {
        let b = backend::by_name(id).expect("compiled in");
        for (name, _, program, known) in &programs {
            let objective = &program.objectives[0];
            // One checked solve first: time right answers only.
            let verdict = match b.solve(program, objective, &options) {
                Err(e) => Err(format!("error: {e}")),
                Ok(out) if out.status != Status::Optimal => Err(format!("status {}", out.status)),
                Ok(out) => {
                    let x = out.x.as_deref().unwrap_or_default();
                    let chk = check(
                        program,
                        objective,
                        x,
                        out.objective,
                        &CheckTolerances::default(),
                    );
                    let value = out.objective.unwrap_or(f64::NAN);
                    match known {
                        _ if !chk.passed => Err(format!("check {}", chk.summary())),
                        Some(want) if (value - want).abs() > 1e-6 * want.abs().max(1.0) => {
                            Err(format!("objective {value:e}, known optimum {want:e}"))
                        }
                        _ => Ok(()),
                    }
                }
            };
            if let Err(why) = verdict {
                println!("note: not timing netlib/{id}/{name}: wrong answer ({why})");
                continue;
            }
            solve.bench_function(format!("{id}/{name}"), |bench| {
                bench.iter(|| b.solve(program, objective, &options).unwrap())
            });
        }
    }
    solve.finish();
}

criterion_group!(benches, bench_netlib);
criterion_main!(benches);
