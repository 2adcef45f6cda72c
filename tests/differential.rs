//! Differential test: every compiled-in solver backend against microlp on
//! seeded generated instances of a few sizes, for lexicographic stability
//! then cost and for a weighted sum of all five built-in objectives. The
//! backends must agree on the status and on every optimal value (the scalar
//! value for the weighted sum, whose terms may differ between alternative
//! optima), and each answer must pass the checker.
//!
//! Instances on which backends were found to disagree are kept as data
//! folders in `tests/disagreements/` (written from the generator, named
//! after the finding); the CBC ones are run by the ignored test
//! `known_cbc_disagreements` (un-ignore it once CBC is fixed):
//!
//! | folder prefix | finding |
//! |---|---|
//! | `lex_level_highs_*`, `lex_level_microlp_*` | (fixed, run by `lexicographic_level_cases_agree`) the first lexicographic level's optimum, as the solver reports it, exceeds the true optimum by 1e-8 to 1e-7 relative (solver feasibility tolerances); the level row `stability >= g* - 1e-9 max(1, g*)` then made the second level infeasible. accord now widens that row to the checker's tolerance and re-solves |
//! | `cbc_presolve_infeasible_optimum_*` | with presolve on, CBC returns a point violating bounds and rows by up to 17 as optimal (stability 19.46 against 18.04); correct with presolve off |
//! | `cbc_suboptimal_*` | CBC returns a feasible point as optimal with stability 195.21 where HiGHS and microlp prove 199.65 (with presolve on or off) |
//!
//! Backends without integer support (clarabel) are compared on the **LP
//! relaxations** of the same generated instances instead
//! (`backends_agree_on_lp_relaxations`), where every compiled-in backend
//! runs, microlp being the reference.
//!
//! Only built with a second backend: `cargo test --features highs --test
//! differential` (or `--features cbc`, `--features clarabel`, or several).
#![cfg(any(feature = "highs", feature = "cbc", feature = "clarabel"))]

mod support;

use std::path::Path;

use accord::backend;
use accord::domain::Instance;
use accord::input::load_instance;
use accord::request::Request;

use support::{close, gen, lexicographic, solve_on, solve_relaxed_on, weighted, weighted_value};

const RTOL: f64 = 1e-6;

/// (actors, projects, density, first seed), small enough for microlp.
const SIZES: [(usize, usize, f64, u64); 3] = [(4, 4, 0.7, 0), (8, 8, 0.5, 100), (12, 20, 0.3, 200)];

/// Seeds per size: 10 (30 instances), or `ACCORD_DIFF_SEEDS` to hunt wider.
fn seeds_per_size() -> u64 {
    std::env::var("ACCORD_DIFF_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

fn requests() -> Vec<(&'static str, Request)> {
    vec![
        ("lexicographic", lexicographic(&["stability", "cost"])),
        (
            "weighted",
            weighted(&[
                ("stability", 1.0),
                ("cost", 0.2),
                ("equity", 0.5),
                ("dominance", 0.1),
                ("satisfaction", 3.0),
            ]),
        ),
    ]
}

/// The values to compare: every level for lexicographic, the scalar for weighted.
fn compared(kind: &str, req: &Request, values: &[f64]) -> Vec<f64> {
    match kind {
        "weighted" => vec![weighted_value(req, values)],
        _ => values.to_vec(),
    }
}

/// Backends other than microlp that take `inst` as it is (integers) or,
/// with `relaxed`, every one.
fn others(relaxed: bool) -> Vec<&'static str> {
    backend::available()
        .into_iter()
        .filter(|&b| b != "microlp")
        .filter(|&b| relaxed || backend::by_name(b).unwrap().capabilities().integers)
        .collect()
}

fn differ(name: &str, inst: &Instance, failures: &mut Vec<String>) {
    differ_on(name, inst, false, failures)
}

/// Compares every backend in [`others`] with microlp on `inst` (its LP
/// relaxation with `relaxed`).
fn differ_on(name: &str, inst: &Instance, relaxed: bool, failures: &mut Vec<String>) {
    let run = |b: &str, req: &Request| {
        if relaxed {
            solve_relaxed_on(b, inst, req)
        } else {
            solve_on(b, inst, req)
        }
    };
    for (kind, req) in requests() {
        let reference = run("microlp", &req);
        for other in others(relaxed) {
            let got = run(other, &req);
            let mut fail = |what: String| failures.push(format!("{name} {kind} {other}: {what}"));
            if got.status != reference.status {
                fail(format!(
                    "status {} vs microlp {}",
                    got.status, reference.status
                ));
                continue;
            }
            for (b, answer) in [("microlp", &reference), (other, &got)] {
                if let Some(c) = answer.check.as_ref().filter(|c| !c.passed) {
                    fail(format!("{b} check {}", c.summary()));
                }
            }
            let want = compared(
                kind,
                &req,
                &reference.values.iter().map(|v| v.1).collect::<Vec<_>>(),
            );
            let have = compared(
                kind,
                &req,
                &got.values.iter().map(|v| v.1).collect::<Vec<_>>(),
            );
            if want.len() != have.len() || want.iter().zip(&have).any(|(a, b)| !close(*a, *b, RTOL))
            {
                fail(format!("values {have:?} vs microlp {want:?}"));
            }
        }
    }
}

#[test]
fn backends_agree_on_generated_instances() {
    let mut failures = Vec::new();
    let per_size = seeds_per_size();
    for (na, np, d, first) in SIZES {
        for seed in first..first + per_size {
            let inst = gen(na, np, d, seed);
            differ(&format!("{na}x{np}x{d} seed {seed}"), &inst, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The LP relaxations of the same instances on every backend, clarabel
/// included (the only place its answers on accord's own programs are
/// compared with another solver's).
#[test]
fn backends_agree_on_lp_relaxations() {
    let mut failures = Vec::new();
    let per_size = seeds_per_size();
    for (na, np, d, first) in SIZES {
        for seed in first..first + per_size {
            let inst = gen(na, np, d, seed);
            differ_on(
                &format!("relaxed {na}x{np}x{d} seed {seed}"),
                &inst,
                true,
                &mut failures,
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run_dirs(prefix: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disagreements");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no case starts with {prefix}");
    let mut failures = Vec::new();
    for dir in dirs {
        let inst = load_instance(&dir).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        differ(&name, &inst, &mut failures);
    }
    failures
}

/// Fixed: a lexicographic level that cuts off every exactly feasible point
/// is widened to the checker's tolerance and the level re-solved.
#[test]
fn lexicographic_level_cases_agree() {
    let failures = run_dirs("lex_level");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "known CBC bugs (wrong optimum with presolve; a suboptimal optimum), see the module docs"]
fn known_cbc_disagreements() {
    let failures = run_dirs("cbc_");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
