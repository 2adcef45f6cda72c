//! Known answers on the default data set, on every compiled-in backend.
//! Reference values come from an independent implementation of the model
//! (`scripts/reference_highspy.py`, HiGHS 1.16 at zero gap).

use std::path::Path;

use accord::backend::{self, SolveOptions, Status};
use accord::check::CheckTolerances;
use accord::formulation;
use accord::input;
use accord::request::{Method, ObjectiveSpec, Request};
use accord::solve::solve;

fn request(names: &[&str], method: Method, weights: &[f64]) -> Request {
    Request {
        objectives: names
            .iter()
            .enumerate()
            .map(|(k, n)| ObjectiveSpec {
                weight: weights.get(k).copied().unwrap_or(1.0),
                ..ObjectiveSpec::named(*n)
            })
            .collect(),
        method,
        normalize: false,
        options: SolveOptions::default(),
        tolerances: CheckTolerances::default(),
        demands: Vec::new(),
        time_budget: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn central_asia_known_answers_on_every_backend() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/central_asia.toml");
    let (_, inst) = input::load_model(&dir).expect("the default model is valid");
    assert_eq!(
        (
            inst.actors.len(),
            inst.projects.len(),
            inst.interests.len(),
            inst.relations.len()
        ),
        (24, 20, 207, 7)
    );
    let form = formulation::build(&inst);
    let eval = |x: &[f64]| form.values(&inst, x);
    // (objectives, method, weights, the value checked and its expected value)
    type Case<'a> = (&'a [&'a str], Method, &'a [f64], &'a str, f64);
    let cases: &[Case] = &[
        (
            &["stability", "cost"],
            Method::Lexicographic,
            &[],
            "stability",
            462.08,
        ),
        (
            &["stability", "cost"],
            Method::Lexicographic,
            &[],
            "cost",
            2853.0,
        ),
        (
            &["equity"],
            Method::Lexicographic,
            &[],
            "equity",
            7957.0 / 35.0,
        ),
        (
            &["satisfaction"],
            Method::Lexicographic,
            &[],
            "satisfaction",
            19.1762227825,
        ),
        (&["cost"], Method::Lexicographic, &[], "cost", 0.0),
        (&["dominance"], Method::Lexicographic, &[], "dominance", 0.0),
        (
            &["stability", "cost"],
            Method::Weighted,
            &[1.0, 0.01],
            "stability",
            462.08,
        ),
        (
            &["stability", "cost"],
            Method::Weighted,
            &[1.0, 0.01],
            "cost",
            2853.0,
        ),
    ];
    for name in backend::available() {
        let b = backend::by_name(name).unwrap();
        if !b.capabilities().integers {
            // clarabel: continuous only, refuses the MILP before solving.
            let req = request(cases[0].0, cases[0].1, cases[0].2);
            let got = solve(b.as_ref(), &form.program, &req, Some(&eval));
            assert!(
                matches!(got, Err(accord::Error::Unsupported { .. })),
                "{name}: {got:?}"
            );
            continue;
        }
        for (names, method, weights, which, want) in cases {
            let req = request(names, *method, weights);
            let ans = solve(b.as_ref(), &form.program, &req, Some(&eval)).unwrap();
            assert_eq!(ans.status, Status::Optimal, "{name} {names:?}");
            let check = ans.check.as_ref().unwrap();
            assert!(check.passed, "{name} {names:?}: {}", check.summary());
            let got = ans.values.iter().find(|(n, _)| n == which).unwrap().1;
            assert!(
                close(got, *want),
                "{name} {names:?} {method:?}: {which} = {got}, expected {want}"
            );
            if *method == Method::Weighted {
                let scalar = ans.stages.last().unwrap().value.unwrap();
                assert!(close(scalar, 433.55), "{name}: weighted value {scalar}");
            }
        }
    }
}
