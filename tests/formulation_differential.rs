//! Differential test of the formulation: accord's program (with every
//! reduction of `src/formulation`: merged all-or-nothing columns, `z` only
//! where a rule needs it, tightened caps, domain presolve) against the
//! program of docs/model.md written out literally here, every variable and
//! every row of constraint families 1-12 and nothing else. Both are solved
//! lexicographically (stability, then cost) on the same backend and must
//! give the same optimal values. Generated sets on microlp; with HiGHS
//! compiled in, also the 30 x 100 planner-scale sets (density 0.05, seeds
//! 1-3) on HiGHS.

use accord::backend::{self, Backend, Status};
use accord::domain::{Instance, Mode, RelationKind};
use accord::formulation;
use accord::generate::{generate, GenerateOptions};
use accord::program::{Objective, Program, Sense};
use accord::request::Request;
use accord::solve::solve;

const INF: f64 = f64::INFINITY;

/// The program of docs/model.md, constraint by constraint.
fn literal(inst: &Instance) -> Program {
    let mut p = Program::new("literal");
    let np = inst.projects.len();
    let x: Vec<usize> = (0..np).map(|_| p.add_col(0.0, 1.0, false)).collect();
    let y: Vec<usize> = (0..np).map(|_| p.add_col(0.0, 1.0, true)).collect();
    let f: Vec<usize> = inst
        .interests
        .iter()
        .map(|_| p.add_col(0.0, INF, false))
        .collect();
    let s: Vec<usize> = inst
        .interests
        .iter()
        .map(|_| p.add_col(0.0, INF, false))
        .collect();
    let z: Vec<usize> = inst
        .interests
        .iter()
        .map(|_| p.add_col(0.0, 1.0, true))
        .collect();
    let by_project = inst.pairs_by_project();
    for (q, proj) in inst.projects.iter().enumerate() {
        let pairs = &by_project[q];
        // 1, 2: funding and staffing.
        let mut t: Vec<(usize, f64)> = pairs.iter().map(|&e| (f[e], 1.0)).collect();
        t.push((x[q], -proj.cost));
        p.add_row(0.0, 0.0, &t);
        let mut t: Vec<(usize, f64)> = pairs.iter().map(|&e| (s[e], 1.0)).collect();
        t.push((x[q], -proj.personnel));
        p.add_row(0.0, 0.0, &t);
        // 6: go-ahead.
        p.add_row(-INF, 0.0, &[(x[q], 1.0), (y[q], -1.0)]);
        p.add_row(0.0, INF, &[(x[q], 1.0), (y[q], -proj.min_fraction)]);
        if proj.mode == Mode::AllOrNothing {
            p.add_row(0.0, 0.0, &[(x[q], 1.0), (y[q], -1.0)]);
        }
        // 7: coalition size.
        let mut t: Vec<(usize, f64)> = pairs.iter().map(|&e| (z[e], 1.0)).collect();
        t.push((y[q], -f64::from(proj.min_actors)));
        p.add_row(0.0, INF, &t);
        // 8: coalition breadth, a w for every vector.
        if proj.min_vectors > 0 {
            let mut ws = Vec::new();
            for v in 0..inst.vectors.len() {
                let w = p.add_col(0.0, 1.0, true);
                let mut t = vec![(w, 1.0)];
                t.extend(
                    pairs
                        .iter()
                        .filter(|&&e| inst.actors[inst.interests[e].actor].vector == v)
                        .map(|&e| (z[e], -1.0)),
                );
                p.add_row(-INF, 0.0, &t);
                ws.push((w, 1.0));
            }
            ws.push((y[q], -f64::from(proj.min_vectors)));
            p.add_row(0.0, INF, &ws);
        }
        // 9: dependencies.
        for &r in &proj.requires {
            p.add_row(-INF, 0.0, &[(y[q], 1.0), (y[r], -1.0)]);
        }
    }
    // 3: budgets.
    for (a, actor) in inst.actors.iter().enumerate() {
        let mine: Vec<usize> = (0..inst.interests.len())
            .filter(|&e| inst.interests[e].actor == a)
            .collect();
        let t: Vec<(usize, f64)> = mine.iter().map(|&e| (f[e], 1.0)).collect();
        p.add_row(-INF, actor.budget, &t);
        let t: Vec<(usize, f64)> = mine.iter().map(|&e| (s[e], 1.0)).collect();
        p.add_row(-INF, actor.personnel, &t);
    }
    for (e, i) in inst.interests.iter().enumerate() {
        let actor = &inst.actors[i.actor];
        let q = i.project;
        // 4: share cap.
        p.add_row(
            -INF,
            0.0,
            &[
                (f[e], 1.0),
                (x[q], -actor.max_share * inst.projects[q].cost),
            ],
        );
        // 5: pair caps and participation.
        p.add_row(-INF, 0.0, &[(f[e], 1.0), (z[e], -inst.max_funding(e))]);
        p.add_row(-INF, 0.0, &[(s[e], 1.0), (z[e], -inst.max_personnel(e))]);
        p.add_row(0.0, INF, &[(f[e], 1.0), (z[e], -i.min_funding)]);
        p.add_row(-INF, 0.0, &[(z[e], 1.0), (y[q], -1.0)]);
        // 12: veto.
        if i.veto {
            p.add_row(0.0, 0.0, &[(y[q], 1.0)]);
        }
    }
    // 10, 11: rivals and required partners.
    for r in &inst.relations {
        for (ea, ia) in inst.interests.iter().enumerate() {
            if ia.actor != r.a {
                continue;
            }
            let eb = inst
                .interests
                .iter()
                .position(|ib| ib.actor == r.b && ib.project == ia.project);
            match (r.kind, eb) {
                (RelationKind::Rival, Some(eb)) => {
                    p.add_row(-INF, 1.0, &[(z[ea], 1.0), (z[eb], 1.0)]);
                }
                (RelationKind::Rival, None) => {}
                (RelationKind::Requires, Some(eb)) => {
                    p.add_row(-INF, 0.0, &[(z[ea], 1.0), (z[eb], -1.0)]);
                }
                (RelationKind::Requires, None) => {
                    p.add_row(0.0, 0.0, &[(z[ea], 1.0)]);
                }
            }
        }
    }
    p.objectives = vec![
        Objective {
            name: "stability".into(),
            sense: Sense::Max,
            terms: inst
                .projects
                .iter()
                .enumerate()
                .map(|(q, proj)| (x[q], proj.benefit))
                .collect(),
            constant: 0.0,
        },
        Objective {
            name: "cost".into(),
            sense: Sense::Min,
            terms: f.iter().map(|&c| (c, 1.0)).collect(),
            constant: 0.0,
        },
    ];
    p
}

/// Lexicographic stability then cost of `program`: (status, values).
fn optimum(b: &dyn Backend, program: &Program) -> (Status, Vec<f64>) {
    let ans = solve(
        b,
        program,
        &Request::lexicographic(&["stability", "cost"]),
        None,
    )
    .unwrap();
    if let Some(c) = &ans.check {
        assert!(c.passed, "checker: {}", c.summary());
    }
    (ans.status, ans.values.iter().map(|(_, v)| *v).collect())
}

/// Both programs of `inst` on `b`: the literal program's status, and a
/// description of the difference, if any.
fn compare(b: &dyn Backend, name: &str, inst: &Instance) -> (Status, Option<String>) {
    let (s1, v1) = optimum(b, &formulation::build(inst).program);
    let (s2, v2) = optimum(b, &literal(inst));
    if s1 != s2 {
        let msg = format!("{name}: status {s1:?} (accord) against {s2:?} (literal)");
        return (s2, Some(msg));
    }
    let far = v1
        .iter()
        .zip(&v2)
        .any(|(a, l)| (a - l).abs() > 1e-6 * l.abs().max(1.0));
    let msg = far.then(|| format!("{name}: {v1:?} (accord) against {v2:?} (literal)"));
    (s2, msg)
}

#[test]
fn the_reduced_formulation_keeps_the_literal_programs_optima() {
    let b = backend::by_name("microlp").unwrap();
    let mut failures = Vec::new();
    let mut optimal = 0;
    for (actors, projects, density) in [(6, 10, 0.5), (10, 20, 0.3), (15, 30, 0.2)] {
        for seed in 0..8 {
            let inst = generate(&GenerateOptions {
                seed,
                ..GenerateOptions::new(actors, projects, density)
            })
            .unwrap();
            let name = format!("{actors}x{projects} d{density} seed {seed}");
            let (status, failure) = compare(b.as_ref(), &name, &inst);
            if status == Status::Optimal {
                optimal += 1;
            }
            failures.extend(failure);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The comparison means something only where there is an optimum.
    assert!(optimal >= 20, "only {optimal} of 24 sets have an optimum");
}

#[test]
fn the_planner_scale_sets_agree_on_highs() {
    let Ok(b) = backend::by_name("highs") else {
        eprintln!("skipped: built without the highs feature");
        return;
    };
    let mut failures = Vec::new();
    for seed in 1..=3 {
        let inst = generate(&GenerateOptions {
            seed,
            ..GenerateOptions::new(30, 100, 0.05)
        })
        .unwrap();
        failures.extend(compare(b.as_ref(), &format!("30x100 seed {seed}"), &inst).1);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
