//! Conformance of every compiled-in backend on tiny analytic programs:
//! status, objective within tolerance, and the checker passes. A backend
//! without integer support (clarabel) must refuse the integer cases with
//! `Error::Unsupported` instead.

use accord::backend::{self, SolveOptions, Status};
use accord::check::{check, CheckTolerances};
use accord::program::{Objective, Program, Sense};
use accord::Error;

const INF: f64 = f64::INFINITY;

fn obj(sense: Sense, terms: &[(usize, f64)], constant: f64) -> Objective {
    Objective {
        name: "obj".into(),
        sense,
        terms: terms.to_vec(),
        constant,
    }
}

struct Case {
    name: &'static str,
    program: Program,
    objective: Objective,
    status: Status,
    value: Option<f64>,
    /// Statuses also accepted (e.g. infeasible-or-unbounded for unbounded).
    also: &'static [Status],
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();

    // max 3x + 2y s.t. x + y <= 4, x + 3y <= 6, x <= 3 -> x=3, y=1, 11.
    let mut p = Program::new("lp");
    let x = p.add_col(0.0, 3.0, false);
    let y = p.add_col(0.0, INF, false);
    p.add_row(-INF, 4.0, &[(x, 1.0), (y, 1.0)]);
    p.add_row(-INF, 6.0, &[(x, 1.0), (y, 3.0)]);
    v.push(Case {
        name: "optimal_lp",
        objective: obj(Sense::Max, &[(x, 3.0), (y, 2.0)], 0.0),
        program: p,
        status: Status::Optimal,
        value: Some(11.0),
        also: &[],
    });

    // Free variable: min x s.t. x >= -5 as a row, x free -> -5.
    let mut p = Program::new("free");
    let x = p.add_col(-INF, INF, false);
    p.add_row(-5.0, INF, &[(x, 1.0)]);
    v.push(Case {
        name: "free_variable",
        objective: obj(Sense::Min, &[(x, 1.0)], 0.0),
        program: p,
        status: Status::Optimal,
        value: Some(-5.0),
        also: &[],
    });

    // Equalities only: x + y = 2, x - y = 0, min x + 2y -> 3.
    let mut p = Program::new("eq");
    let x = p.add_col(-INF, INF, false);
    let y = p.add_col(-INF, INF, false);
    p.add_row(2.0, 2.0, &[(x, 1.0), (y, 1.0)]);
    p.add_row(0.0, 0.0, &[(x, 1.0), (y, -1.0)]);
    v.push(Case {
        name: "equality_only",
        objective: obj(Sense::Min, &[(x, 1.0), (y, 2.0)], 0.0),
        program: p,
        status: Status::Optimal,
        value: Some(3.0),
        also: &[],
    });

    // Ranged row: 1 <= x + y <= 3, max x + y -> 3; min -> 1.
    for (sense, value) in [(Sense::Max, 3.0), (Sense::Min, 1.0)] {
        let mut p = Program::new("ranged");
        let x = p.add_col(0.0, 10.0, false);
        let y = p.add_col(0.0, 10.0, false);
        p.add_row(1.0, 3.0, &[(x, 1.0), (y, 1.0)]);
        v.push(Case {
            name: if sense == Sense::Max {
                "ranged_max"
            } else {
                "ranged_min"
            },
            objective: obj(sense, &[(x, 1.0), (y, 1.0)], 0.0),
            program: p,
            status: Status::Optimal,
            value: Some(value),
            also: &[],
        });
    }

    // Infeasible: x + y >= 5 with x, y in [0, 2].
    let mut p = Program::new("infeasible");
    let x = p.add_col(0.0, 2.0, false);
    let y = p.add_col(0.0, 2.0, false);
    p.add_row(5.0, INF, &[(x, 1.0), (y, 1.0)]);
    v.push(Case {
        name: "infeasible_lp",
        objective: obj(Sense::Max, &[(x, 1.0)], 0.0),
        program: p,
        status: Status::Infeasible,
        value: None,
        also: &[Status::InfeasibleOrUnbounded],
    });

    // Unbounded: max x + y with x - y <= 1.
    let mut p = Program::new("unbounded");
    let x = p.add_col(0.0, INF, false);
    let y = p.add_col(0.0, INF, false);
    p.add_row(-INF, 1.0, &[(x, 1.0), (y, -1.0)]);
    v.push(Case {
        name: "unbounded_lp",
        objective: obj(Sense::Max, &[(x, 1.0), (y, 1.0)], 0.0),
        program: p,
        status: Status::Unbounded,
        value: None,
        also: &[Status::InfeasibleOrUnbounded],
    });

    // Degenerate: objective only (no rows), bounded columns.
    let mut p = Program::new("objective_only");
    let x = p.add_col(-1.0, 2.0, false);
    let y = p.add_col(0.0, 1.0, false);
    v.push(Case {
        name: "objective_only",
        objective: obj(Sense::Max, &[(x, 2.0), (y, -1.0)], 0.0),
        program: p,
        status: Status::Optimal,
        value: Some(4.0),
        also: &[],
    });

    // MILP with a fractional relaxation: max 5x + 4y, 6x + 4y <= 24,
    // x + 2y <= 6, integers -> (4, 0) = 20 (LP relaxation 21 at (3, 1.5)).
    let mut p = Program::new("milp");
    let x = p.add_col(0.0, 10.0, true);
    let y = p.add_col(0.0, 10.0, true);
    p.add_row(-INF, 24.0, &[(x, 6.0), (y, 4.0)]);
    p.add_row(-INF, 6.0, &[(x, 1.0), (y, 2.0)]);
    v.push(Case {
        name: "milp_fractional_relaxation",
        objective: obj(Sense::Max, &[(x, 5.0), (y, 4.0)], 0.0),
        program: p,
        status: Status::Optimal,
        value: Some(20.0),
        also: &[],
    });

    // Infeasible MILP: 2x = 1 with x integer.
    let mut p = Program::new("milp_infeasible");
    let x = p.add_col(0.0, 5.0, true);
    p.add_row(1.0, 1.0, &[(x, 2.0)]);
    v.push(Case {
        name: "milp_infeasible",
        objective: obj(Sense::Min, &[(x, 1.0)], 0.0),
        program: p,
        status: Status::Infeasible,
        value: None,
        also: &[Status::InfeasibleOrUnbounded],
    });

    // Zero objective with a constant: any feasible point, value = constant.
    let mut p = Program::new("zero_objective");
    let x = p.add_col(0.0, 1.0, false);
    p.add_row(0.5, INF, &[(x, 1.0)]);
    v.push(Case {
        name: "zero_objective_constant",
        objective: obj(Sense::Min, &[], 7.5),
        program: p,
        status: Status::Optimal,
        value: Some(7.5),
        also: &[],
    });

    // Objective constant on a real objective: min x + 10 with x >= 1 -> 11.
    let mut p = Program::new("constant");
    let x = p.add_col(1.0, 4.0, false);
    v.push(Case {
        name: "objective_constant",
        objective: obj(Sense::Min, &[(x, 1.0)], 10.0),
        program: p,
        status: Status::Optimal,
        value: Some(11.0),
        also: &[],
    });

    // Empty model: no rows, no columns.
    v.push(Case {
        name: "empty_model",
        objective: obj(Sense::Min, &[], 0.0),
        program: Program::new("empty"),
        status: Status::Optimal,
        value: Some(0.0),
        also: &[],
    });
    v
}

#[test]
fn every_backend_passes_the_analytic_cases() {
    let names = backend::available();
    assert!(!names.is_empty(), "no backend compiled in");
    let mut failures = Vec::new();
    for name in names {
        let b = backend::by_name(name).unwrap();
        for case in cases() {
            let tag = format!("{name}/{}", case.name);
            let result = b.solve(&case.program, &case.objective, &SolveOptions::default());
            if case.program.is_mip() && !b.capabilities().integers {
                match (result, b.check_supported(&case.program)) {
                    (Err(Error::Unsupported { .. }), Err(Error::Unsupported { .. })) => {}
                    (r, c) => failures.push(format!(
                        "{tag}: integer program on a continuous backend: solve gave {r:?}, check_supported {c:?}; expected two refusals"
                    )),
                }
                continue;
            }
            let out = match result {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{tag}: error {e}"));
                    continue;
                }
            };
            if out.status != case.status && !case.also.contains(&out.status) {
                failures.push(format!(
                    "{tag}: status {} expected {}",
                    out.status, case.status
                ));
                continue;
            }
            if let Some(want) = case.value {
                let got = out.objective.unwrap_or(f64::NAN);
                if (got - want).abs() > 1e-6 * want.abs().max(1.0) {
                    failures.push(format!("{tag}: objective {got} expected {want}"));
                }
                let x = out.x.as_ref().expect("optimal has values");
                let c = check(
                    &case.program,
                    &case.objective,
                    x,
                    out.objective,
                    &CheckTolerances::default(),
                );
                if !c.passed {
                    failures.push(format!("{tag}: check {}", c.summary()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sessions_resolve_after_changes() {
    for name in backend::available() {
        let b = backend::by_name(name).unwrap();
        let mut p = Program::new("s");
        let x = p.add_col(0.0, 10.0, false);
        let y = p.add_col(0.0, 10.0, false);
        p.add_row(-INF, 8.0, &[(x, 1.0), (y, 1.0)]);
        p.objectives
            .push(obj(Sense::Max, &[(x, 1.0), (y, 2.0)], 0.0));
        let mut s = b.open(p).unwrap();
        let o = s.solve(&SolveOptions::default()).unwrap();
        assert!((o.objective.unwrap() - 16.0).abs() < 1e-6, "{name}");
        let r = s.add_row(-INF, 3.0, &[(y, 1.0)]).unwrap();
        let o = s.solve(&SolveOptions::default()).unwrap();
        assert!((o.objective.unwrap() - 11.0).abs() < 1e-6, "{name}: {o:?}");
        s.set_row_bounds(r, -INF, 1.0).unwrap();
        s.set_objective(&obj(Sense::Min, &[(x, 1.0), (y, -1.0)], 1.0))
            .unwrap();
        let o = s.solve(&SolveOptions::default()).unwrap();
        assert!((o.objective.unwrap() - 0.0).abs() < 1e-6, "{name}: {o:?}");
        s.set_col_bounds(y, 0.0, 0.5).unwrap();
        let o = s.solve(&SolveOptions::default()).unwrap();
        assert!((o.objective.unwrap() - 0.5).abs() < 1e-6, "{name}: {o:?}");
        assert_eq!(s.program().num_rows(), 2);
    }
}

#[test]
fn auto_never_picks_a_continuous_only_backend() {
    let b = backend::by_name("auto").unwrap();
    assert!(b.capabilities().integers, "auto picked {}", b.id());
    assert_ne!(b.id(), "clarabel");
    assert!(backend::all().contains(&"clarabel"));
    assert!(!backend::auto_order().contains(&"clarabel"));
}

/// The version every output names is the one Cargo.lock builds.
#[cfg(feature = "clarabel")]
#[test]
fn clarabel_version_is_the_locked_crate_version() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let at = lock
        .find("name = \"clarabel\"\nversion = \"")
        .expect("clarabel in Cargo.lock");
    let rest = &lock[at + "name = \"clarabel\"\nversion = \"".len()..];
    let locked = &rest[..rest.find('"').unwrap()];
    assert_eq!(accord::backend::clarabel::CLARABEL_VERSION, locked);
    let b = backend::by_name("clarabel").unwrap();
    assert_eq!(b.version(), locked);
    let caps = b.capabilities();
    assert!(!caps.integers && !caps.mip_gap && !caps.warm_start && caps.time_limit);
}
