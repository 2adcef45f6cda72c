//! Solving (the program is built outside the timed closure): lexicographic
//! stability then cost through `solve::solve`, on every compiled-in backend
//! (`backend::available()`), for the default data set and generated sets:
//! ids `solve/<backend>/<instance>`.
//!
//! - `tiny` (20 actors x 40 projects x 30%) is solved by every backend in
//!   well under a second;
//! - `small` (50 x 200 x 10%, the smallest size of the build bench) takes
//!   HiGHS about 10 s and CBC 6-9 s, and microlp did not finish in 10
//!   minutes: it is skipped on microlp (with a note) unless
//!   `ACCORD_BENCH_SLOW=1`.
//!
//! With HiGHS compiled in, `planner/highs/<heuristics>/g60_s<seed>` solves
//! the planner-scale sets of docs/benchmarks.md that decide the median
//! there (generated 60 actors x 250 projects at density 0.05, seeds 2 and
//! 3) the way `accord solve` does (through `Model::solve`, greedy start
//! included) with `--heuristics full` and with `auto` (`no_submip` on the
//! first level, `minimal` on the second).
//!
//! `cargo bench --bench solve` (add `--features highs,cbc` for the others).

use std::path::Path;
use std::time::Duration;

use accord::backend;
use accord::domain::Instance;
use accord::formulation;
use accord::generate::{generate, GenerateOptions};
use accord::request::Request;
use accord::solve::solve;
use criterion::{criterion_group, criterion_main, Criterion};

/// The default data set, if this checkout has it.
fn central_asia() -> Option<Instance> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/central_asia");
    if !dir.is_dir() {
        eprintln!(
            "note: {} not found: skipping solve/*/central_asia",
            dir.display()
        );
        return None;
    }
    Some(accord::input::load_instance(&dir).expect("data/central_asia is valid"))
}

fn request() -> Request {
    Request::lexicographic(&["stability", "cost"])
}

fn bench_solve(c: &mut Criterion) {
    let slow = std::env::var("ACCORD_BENCH_SLOW").is_ok_and(|v| v == "1");
    let mut instances: Vec<(&str, Instance)> = Vec::new();
    if let Some(inst) = central_asia() {
        instances.push(("central_asia", inst));
    }
    for (id, actors, projects, density) in [("tiny", 20, 40, 0.3), ("small", 50, 200, 0.1)] {
        let opts = GenerateOptions::new(actors, projects, density);
        instances.push((id, generate(&opts).expect("valid sizes")));
    }
    let req = request();
    let mut group = c.benchmark_group("solve");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for name in backend::available() {
        let b = backend::by_name(name).expect("compiled in");
        if !b.capabilities().integers {
            // accord's programs are MILPs: clarabel (LP only) is benched on
            // Netlib in benches/netlib.rs.
            eprintln!("note: skipping solve/{name}/*: {name} solves continuous programs only");
            continue;
        }
        for (id, inst) in &instances {
            if name == "microlp" && *id == "small" && !slow {
                eprintln!(
                    "note: skipping solve/microlp/small (did not finish in 10 minutes; \
                     ACCORD_BENCH_SLOW=1 to run it)"
                );
                continue;
            }
            let form = formulation::build(inst);
            let eval = |x: &[f64]| form.values(inst, x);
            group.bench_function(format!("{name}/{id}"), |bench| {
                bench.iter(|| solve(b.as_ref(), &form.program, &req, Some(&eval)))
            });
        }
    }
    group.finish();
}

/// Planner scale on HiGHS: `full` against `auto` heuristics.
#[cfg(feature = "highs")]
fn bench_planner(c: &mut Criterion) {
    use accord::input::ModelSpec;
    use accord::model::Model;
    use accord::request::Heuristics;
    let highs = backend::by_name("highs").expect("compiled in");
    let mut group = c.benchmark_group("planner");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    for seed in [2, 3] {
        let opts = GenerateOptions {
            seed,
            ..GenerateOptions::new(60, 250, 0.05)
        };
        let name = format!("g60_s{seed}");
        let model = Model::from_spec(
            ModelSpec::defaults(name, ""),
            generate(&opts).expect("valid sizes"),
        );
        for heuristics in [Heuristics::Full, Heuristics::Auto] {
            let mut req = request();
            req.options.heuristics = heuristics;
            group.bench_function(
                format!("highs/{}/g60_s{seed}", heuristics.as_str()),
                |bench| bench.iter(|| model.solve(highs.as_ref(), &req, None).expect("solved")),
            );
        }
    }
    group.finish();
}

#[cfg(not(feature = "highs"))]
fn bench_planner(_: &mut Criterion) {
    eprintln!("note: skipping planner/*: built without the highs feature");
}

criterion_group!(benches, bench_solve, bench_planner);
criterion_main!(benches);
