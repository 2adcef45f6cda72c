//! The per-scenario overhead of a sweep against its solve, on central_asia:
//! `sweep/apply` (a scenario's changes applied to the base instance and the
//! result re-checked), `sweep/build` (its program), `sweep/check` (the
//! checker on its final solution) and `sweep/solve/<backend>` (lexicographic
//! stability then cost, every compiled-in backend). The scenario is
//! `eu_budget_cut_30` of `data/central_asia/scenarios.csv`.
//!
//! After the criterion groups it prints the overhead share
//! `(apply + build + check) / solve` per backend from medians of its own
//! timing loop, the figure docs/benchmarks.md quotes.
//!
//! `cargo bench --bench sweep` (add `--features highs` for HiGHS).

use std::path::Path;
use std::time::{Duration, Instant};

use accord::backend;
use accord::check::{check, CheckTolerances};
use accord::domain::Instance;
use accord::formulation;
use accord::request::Request;
use accord::scenario::{self, Scenario};
use accord::solve::solve;
use criterion::{criterion_group, criterion_main, Criterion};

fn setup() -> (Instance, Scenario) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inst = accord::input::load_instance(&root.join("data/central_asia")).expect("valid data");
    let objectives = vec!["stability".to_string(), "cost".to_string()];
    let all = scenario::load(
        &root.join("data/central_asia/scenarios.csv"),
        &inst,
        &objectives,
    )
    .expect("valid scenarios");
    let s = all
        .into_iter()
        .find(|s| s.id == "eu_budget_cut_30")
        .expect("the scenario is in the file");
    (inst, s)
}

fn request() -> Request {
    Request::lexicographic(&["stability", "cost"])
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<F: FnMut()>(n: usize, mut f: F) -> f64 {
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn bench_sweep(c: &mut Criterion) {
    let (base, s) = setup();
    let inst = s.apply(&base).unwrap();
    let form = formulation::build(&inst);
    let req = request();
    let mut g = c.benchmark_group("sweep");
    g.bench_function("apply", |b| b.iter(|| s.apply(&base).unwrap()));
    g.bench_function("build", |b| b.iter(|| formulation::build(&inst)));
    let mut shares = Vec::new();
    for id in backend::available() {
        let be = backend::by_name(id).unwrap();
        let answer = solve(be.as_ref(), &form.program, &req, None).unwrap();
        let x = answer.x.clone().expect("solved");
        let cost = form.program.objective("cost").unwrap().clone();
        if shares.is_empty() {
            g.bench_function("check", |b| {
                b.iter(|| check(&form.program, &cost, &x, None, &CheckTolerances::default()))
            });
        }
        g.sample_size(10)
            .measurement_time(Duration::from_secs(20))
            .bench_function(format!("solve/{id}"), |b| {
                b.iter(|| solve(be.as_ref(), &form.program, &req, None).unwrap())
            });
        let apply = time(200, || {
            s.apply(&base).unwrap();
        });
        let build = time(200, || {
            formulation::build(&inst);
        });
        let verify = time(200, || {
            check(&form.program, &cost, &x, None, &CheckTolerances::default());
        });
        let solve_s = time(5, || {
            solve(be.as_ref(), &form.program, &req, None).unwrap();
        });
        shares.push((id, apply, build, verify, solve_s));
    }
    g.finish();
    for (id, apply, build, verify, solve_s) in shares {
        let over = apply + build + verify;
        println!(
            "overhead {id}: apply {:.1} us + build {:.1} us + check {:.1} us = {:.1} us per scenario; solve {:.3} s; share {:.4}%",
            apply * 1e6,
            build * 1e6,
            verify * 1e6,
            over * 1e6,
            solve_s,
            100.0 * over / solve_s
        );
    }
}

criterion_group!(benches, bench_sweep);
criterion_main!(benches);
