//! Fronts on shared `.mop` instances, for every compiled-in backend:
//! `epsilon` on a bi-objective knapsack (Modolib BOKP 2KP50-1A, 34 points)
//! and `tamby` on a 3-objective knapsack (Kirlik KP p-3 n-20 ins-1, 35
//! points). Reading the file and setting up the problem (model building) is
//! timed apart from computing the front (solving). Without the shared
//! instances folder next to the crate the bench prints SKIP.

use std::path::{Path, PathBuf};
use std::time::Duration;

use accord::backend;
use accord::moo::{self, FrontOptions, MooProblem};
use accord::mps;
use accord::program::Program;
use criterion::{criterion_group, criterion_main, Criterion};

const CASES: &[(&str, &str)] = &[
    ("Modolib_BOKP_2KP50-1A", "epsilon"),
    ("Kirlik_KP_p-3_n-20_ins-1", "tamby"),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/instances/multiobjective/mop")
}

fn objectives(p: &Program) -> Vec<String> {
    p.objectives.iter().map(|o| o.name.clone()).collect()
}

fn fronts(c: &mut Criterion) {
    let dir = dir();
    if !dir.is_dir() {
        println!("SKIP: {} not found", dir.display());
        return;
    }
    let mut g = c.benchmark_group("fronts");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for &(name, method) in CASES {
        let path = dir.join(format!("{name}.mop"));
        let program = mps::read(&path).expect("instance reads");
        let names = objectives(&program);
        for id in backend::available() {
            let b = backend::by_name(id).expect("compiled in");
            if program.is_mip() && !b.capabilities().integers {
                println!(
                    "note: skipping fronts/*/{name}/{id}: {id} solves continuous programs only"
                );
                continue;
            }
            g.bench_function(format!("build/{name}/{id}"), |bench| {
                bench.iter(|| {
                    let p = mps::read(&path).unwrap();
                    MooProblem::new(b.as_ref(), &p, &names, None, FrontOptions::default())
                        .unwrap()
                        .k()
                })
            });
            let m = moo::method(method).unwrap();
            g.bench_function(format!("{method}/{name}/{id}"), |bench| {
                bench.iter_batched(
                    || {
                        MooProblem::new(b.as_ref(), &program, &names, None, FrontOptions::default())
                            .unwrap()
                    },
                    |mut pb| m.run(&mut pb).unwrap().points.len(),
                    criterion::BatchSize::PerIteration,
                )
            });
        }
    }
    g.finish();
}

criterion_group!(benches, fronts);
criterion_main!(benches);
