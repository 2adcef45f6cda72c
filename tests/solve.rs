//! The solve pipeline through the library: lexicographic tolerances,
//! weighted sums with normalization, and failures surfacing cleanly.

use std::path::Path;

use accord::backend::{self, mock, SolveOptions, Status};
use accord::check::CheckTolerances;
use accord::formulation;
use accord::input;
use accord::request::{Method, ObjectiveSpec, Request};
use accord::solve::solve;

fn small() -> (accord::domain::Instance, formulation::Formulation) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid/small");
    let inst = input::load_instance(&dir).unwrap();
    let form = formulation::build(&inst);
    (inst, form)
}

fn req(objectives: Vec<ObjectiveSpec>, method: Method, normalize: bool) -> Request {
    Request {
        objectives,
        method,
        normalize,
        options: SolveOptions::default(),
        tolerances: CheckTolerances::default(),
        demands: Vec::new(),
        time_budget: None,
    }
}

fn value(ans: &accord::solve::Answer, name: &str) -> f64 {
    ans.values.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn lexicographic_tolerance_trades_the_first_level_for_the_second() {
    let (inst, form) = small();
    let b = backend::by_name("microlp").unwrap();
    let eval = |x: &[f64]| form.values(&inst, x);
    let strict = solve(
        b.as_ref(),
        &form.program,
        &Request::lexicographic(&["stability", "cost"]),
        Some(&eval),
    )
    .unwrap();
    assert_eq!(strict.status, Status::Optimal);
    assert_eq!(strict.stages.len(), 2);
    // Giving away all of stability lets cost fall to zero.
    let loose = solve(
        b.as_ref(),
        &form.program,
        &req(
            vec![
                ObjectiveSpec {
                    abs_tol: 1e6,
                    ..ObjectiveSpec::named("stability")
                },
                ObjectiveSpec::named("cost"),
            ],
            Method::Lexicographic,
            false,
        ),
        Some(&eval),
    )
    .unwrap();
    assert!(value(&loose, "cost") < value(&strict, "cost"));
    assert!(value(&loose, "cost").abs() < 1e-6);
    // A relative tolerance of 10% keeps stability within 10% of its optimum.
    let rel = solve(
        b.as_ref(),
        &form.program,
        &req(
            vec![
                ObjectiveSpec {
                    rel_tol: 0.1,
                    ..ObjectiveSpec::named("stability")
                },
                ObjectiveSpec::named("cost"),
            ],
            Method::Lexicographic,
            false,
        ),
        Some(&eval),
    )
    .unwrap();
    assert!(value(&rel, "stability") >= 0.9 * value(&strict, "stability") - 1e-6);
    assert!(value(&rel, "cost") <= value(&strict, "cost") + 1e-6);
}

#[test]
fn normalized_weighted_sum_computes_a_payoff_table() {
    let (inst, form) = small();
    let b = backend::by_name("microlp").unwrap();
    let eval = |x: &[f64]| form.values(&inst, x);
    let ans = solve(
        b.as_ref(),
        &form.program,
        &Request {
            normalize: true,
            ..Request::weighted(&[("stability", 1.0), ("cost", 1.0)])
        },
        Some(&eval),
    )
    .unwrap();
    let p = ans.payoff.as_ref().expect("payoff table");
    assert_eq!(p.names, vec!["stability", "cost"]);
    // Row 0 is the best stability, row 1 the best (lowest) cost.
    assert!((p.ideal[0] - p.values[0][0]).abs() < 1e-9);
    assert!((p.ideal[1] - p.values[1][1]).abs() < 1e-9);
    assert!(p.ideal[0] >= p.nadir[0] && p.ideal[1] <= p.nadir[1]);
    assert!(ans.check.as_ref().unwrap().passed);
    // 2 lexicographic rows of 2 solves each, then the weighted solve.
    assert_eq!(ans.stages.len(), 5);
}

#[test]
fn a_failing_solver_is_an_error_not_a_status() {
    let (_, form) = small();
    let b = mock::FailAfter::new(backend::by_name("microlp").unwrap(), 1);
    let err = solve(
        &b,
        &form.program,
        &Request::lexicographic(&["stability", "cost"]),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("mock failure"), "{err}");
}

#[test]
fn a_lying_solver_fails_the_check() {
    let (_, form) = small();
    let b = mock::Perturb {
        inner: backend::by_name("microlp").unwrap(),
        delta: 0.5,
    };
    let ans = solve(
        &b,
        &form.program,
        &req(
            vec![ObjectiveSpec::named("stability")],
            Method::Lexicographic,
            false,
        ),
        None,
    )
    .unwrap();
    assert!(!ans.check.unwrap().passed);
}

#[test]
fn unknown_and_duplicate_objectives_are_usage_errors() {
    let (_, form) = small();
    let b = backend::by_name("microlp").unwrap();
    for objs in [
        vec![ObjectiveSpec::named("nope")],
        vec![ObjectiveSpec::named("cost"), ObjectiveSpec::named("cost")],
        vec![ObjectiveSpec {
            weight: -1.0,
            ..ObjectiveSpec::named("cost")
        }],
    ] {
        let e = solve(
            b.as_ref(),
            &form.program,
            &req(objs, Method::Weighted, false),
            None,
        )
        .unwrap_err();
        assert!(matches!(e, accord::Error::Usage(_)), "{e}");
    }
}

#[test]
fn lexicographic_levels_survive_solver_tolerances() {
    // Instances where microlp's first-level optimum sat 1e-8 above the true
    // one, which made the second level infeasible before levels were widened.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disagreements");
    let b = backend::by_name("microlp").unwrap();
    for name in [
        "lex_level_microlp_8x8x0.5_s215",
        "lex_level_microlp_7x3_s4583989591886268126",
    ] {
        let inst = input::load_instance(&root.join(name)).unwrap();
        let form = formulation::build(&inst);
        let ans = solve(
            b.as_ref(),
            &form.program,
            &Request::lexicographic(&["stability", "cost"]),
            None,
        )
        .unwrap();
        assert_eq!(ans.status, Status::Optimal, "{name}: {:?}", ans.stages);
        assert!(ans.check.unwrap().passed, "{name}");
    }
}

#[test]
fn an_optimistic_level_is_widened_instead_of_ending_infeasible() {
    let (_, form) = small();
    let b = mock::Optimistic {
        inner: backend::by_name("microlp").unwrap(),
        rel: 1e-7,
    };
    let ans = solve(
        &b,
        &form.program,
        &Request::lexicographic(&["stability", "cost"]),
        None,
    )
    .unwrap();
    assert_eq!(ans.status, Status::Optimal, "{:?}", ans.stages);
    assert_eq!(ans.stages.len(), 3, "{:?}", ans.stages);
    assert_eq!(ans.stages[1].status, Status::Infeasible);
    assert!(ans.stages[2].label.contains("widened"), "{:?}", ans.stages);
    assert!(ans.check.unwrap().passed);
}

#[test]
fn the_time_limit_is_a_budget_for_every_level_together() {
    let (inst, form) = small();
    let eval = |x: &[f64]| form.values(&inst, x);
    // Every solve takes at least 0.3 s: a 0.25 s budget is spent by the
    // first level, so the second is not started and the first level's plan
    // stands, feasible but not proven optimal for the second objective.
    let slow = mock::Slow {
        inner: backend::by_name("microlp").unwrap(),
        delay: std::time::Duration::from_millis(300),
    };
    let mut r = Request::lexicographic(&["stability", "cost"]);
    r.time_budget = Some(0.25);
    let a = solve(&slow, &form.program, &r, Some(&eval)).unwrap();
    assert_eq!(a.status, Status::TimeLimitFeasible);
    assert_eq!(a.stages.len(), 2, "{:?}", a.stages);
    assert!(a.stages[1].label.contains("not started"), "{:?}", a.stages);
    assert!(a.check.as_ref().unwrap().passed);
    assert!((value(&a, "stability") - 30.0).abs() < 1e-6);
    // Without a budget both levels run.
    r.time_budget = None;
    let full = solve(&slow, &form.program, &r, Some(&eval)).unwrap();
    assert_eq!(full.status, Status::Optimal);
    assert_eq!(full.stages.len(), 2);
    // A per-solve limit of its own still exists.
    r.options.time_limit = Some(60.0);
    assert_eq!(
        solve(&slow, &form.program, &r, Some(&eval)).unwrap().status,
        Status::Optimal
    );
}
