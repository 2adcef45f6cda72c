//! Helpers shared by the integration tests that solve generated instances.
#![allow(dead_code)] // each test binary uses its own subset

use accord::backend::{self, Status};
use accord::domain::objectives::builtin;
use accord::domain::Instance;
use accord::formulation;
use accord::generate::{generate, GenerateOptions};
use accord::request::Request;
use accord::solve::{solve, Answer};

/// A generated instance.
pub fn gen(actors: usize, projects: usize, density: f64, seed: u64) -> Instance {
    generate(&GenerateOptions::new(actors, projects, density).with_seed(seed))
        .expect("valid generator options")
}

/// Lexicographic optimization of `names` in order, zero tolerances.
pub fn lexicographic(names: &[&str]) -> Request {
    Request::lexicographic(names)
}

/// Weighted sum of `(name, weight)`, not normalized.
pub fn weighted(terms: &[(&str, f64)]) -> Request {
    Request::weighted(terms)
}

/// Builds and solves `inst` on `backend`, with the built-in objectives
/// evaluated from their definitions.
pub fn solve_on(backend: &str, inst: &Instance, req: &Request) -> Answer {
    let form = formulation::build(inst);
    let b = backend::by_name(backend).expect("backend compiled in");
    let eval = |x: &[f64]| form.values(inst, x);
    solve(b.as_ref(), &form.program, req, Some(&eval)).expect("solve runs")
}

/// As [`solve_on`], on the LP relaxation (every column continuous).
pub fn solve_relaxed_on(backend: &str, inst: &Instance, req: &Request) -> Answer {
    let mut form = formulation::build(inst);
    form.program.integer.iter_mut().for_each(|i| *i = false);
    let b = backend::by_name(backend).expect("backend compiled in");
    let eval = |x: &[f64]| form.values(inst, x);
    solve(b.as_ref(), &form.program, req, Some(&eval)).expect("solve runs")
}

/// The optimal objective values of an answer that must be optimal and checked.
pub fn optimal_values(answer: &Answer) -> Result<Vec<f64>, String> {
    if answer.status != Status::Optimal {
        return Err(format!("status {}", answer.status));
    }
    match &answer.check {
        Some(c) if c.passed => {}
        Some(c) => return Err(format!("check {}", c.summary())),
        None => return Err("no check".into()),
    }
    Ok(answer.values.iter().map(|(_, v)| *v).collect())
}

/// The weighted objective `sum_k w_k sign_k g_k` of an answer to `req`.
pub fn weighted_value(req: &Request, values: &[f64]) -> f64 {
    req.objectives
        .iter()
        .zip(values)
        .map(|(o, v)| {
            let sense = builtin(&o.name).expect("built-in objective").sense.sign();
            o.weight * sense * v
        })
        .sum()
}

/// `a` and `b` agree within `rtol` relative to `max(1, |a|, |b|)`.
pub fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a - b).abs() <= rtol * a.abs().max(b.abs()).max(1.0)
}

/// Proptest settings for solver properties: `cases` cases from a fixed seed
/// (`salt`, one per property so that they draw different instances), so
/// that a run is reproducible (a rare numerical failure of a backend must
/// not make the suite flaky). `PROPTEST_CASES` and `PROPTEST_RNG_SEED`
/// override both, to explore further.
pub fn proptest_config(cases: u32, salt: u64) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x00ac_c0bd ^ salt);
    }
    config
}
