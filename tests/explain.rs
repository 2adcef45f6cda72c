//! `accord explain` against known answers: hand-made data sets whose
//! minimal conflict is known and unique, asserted exactly; every reported
//! conflict re-checked with fresh solves (infeasible, and feasible without
//! each member) on generated data with random demands; why-not values equal
//! a plain solve with `--must P`; the IIS of infeasible LPs.

#[path = "support/shared.rs"]
mod shared;
mod support;

use std::path::{Path, PathBuf};

use accord::backend::{self, Backend, Status};
use accord::domain::rules::{relax, universe, Demand, DemandKind, Rule};
use accord::explain::{explain, Explanation, Options};
use accord::formulation;
use accord::model::{LoadOptions, Model};
use accord::program::Objective;
use accord::request::Settings;
use proptest::prelude::*;

fn backend_id() -> &'static str {
    if backend::available().contains(&"highs") {
        "highs"
    } else {
        "microlp"
    }
}

fn open() -> accord::Result<Box<dyn Backend>> {
    backend::by_name(backend_id())
}

/// Writes a data set (actors, projects, interests, relations) to a folder.
fn data(dir: &Path, actors: &str, projects: &str, interests: &str, relations: &str) -> PathBuf {
    std::fs::write(dir.join("actors.csv"), actors).unwrap();
    std::fs::write(dir.join("projects.csv"), projects).unwrap();
    std::fs::write(dir.join("interests.csv"), interests).unwrap();
    if !relations.is_empty() {
        std::fs::write(dir.join("relations.csv"), relations).unwrap();
    }
    dir.to_path_buf()
}

fn demand(kind: DemandKind, target: &str) -> Demand {
    Demand {
        kind,
        target: target.into(),
        place: Some(format!("test {target}")),
    }
}

fn run(dir: &Path, demands: Vec<Demand>, conflicts: usize) -> Explanation {
    let model = Model::load(dir, &LoadOptions::default()).unwrap();
    let mut settings: Settings = model.defaults.clone();
    settings.request.demands = demands;
    let options = Options {
        conflicts,
        ..Options::default()
    };
    explain(&model, &settings, &options, &open).unwrap()
}

fn rules_of(e: &Explanation, k: usize) -> Vec<String> {
    let mut v: Vec<String> = e.conflicts[k]
        .rules
        .iter()
        .map(|r| r.rule.clone())
        .collect();
    v.sort();
    v
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

const ACTORS: &str = "id,name,vector,budget\na,A,west,200\nb,B,east,0\nc,C,east,0\n";

#[test]
fn budget_against_must() {
    let dir = tempfile::tempdir().unwrap();
    let d = data(
        dir.path(),
        "id,name,vector,budget\na,A,west,60\n",
        "id,name,cost,benefit\np,P,100,10\n",
        "actor,project\na,p\n",
        "",
    );
    let e = run(&d, vec![demand(DemandKind::Must(None), "p")], 1);
    assert_eq!(e.status, Status::Infeasible);
    assert_eq!(e.conflicts.len(), 1);
    assert!(e.conflicts[0].proven);
    assert_eq!(
        rules_of(&e, 0),
        sorted(&["must:p", "budget:a", "all_or_nothing:p"])
    );
    // Places: the budget cell and the demand's own place.
    let budget = e.conflicts[0]
        .rules
        .iter()
        .find(|r| r.rule == "budget:a")
        .unwrap();
    assert!(budget.place.as_deref().unwrap().ends_with("actors.csv:2:4"));
    assert_eq!(budget.text, "a can commit at most 60 in all");
    // The cheapest money: 40 more for a, checked by a re-solve.
    let money = e.repairs.iter().find(|r| r.kind == "extra_money").unwrap();
    assert!(money.verified);
    assert_eq!(money.changes.len(), 1);
    assert_eq!(money.changes[0].to, Some(100.0));
}

#[test]
fn rivals_against_min_actors() {
    let dir = tempfile::tempdir().unwrap();
    let d = data(
        dir.path(),
        "id,name,vector,budget\na,A,west,1000\nb,B,east,1000\n",
        "id,name,cost,benefit,min_actors\np,P,100,10,2\n",
        "actor,project\na,p\nb,p\n",
        "a,b,kind\na,b,rival\n",
    );
    let e = run(&d, vec![demand(DemandKind::Must(None), "p")], 1);
    assert_eq!(
        rules_of(&e, 0),
        sorted(&["must:p", "min_actors:p", "rival:a:b"])
    );
    assert!(e.conflicts[0].proven);
    // The fewest rules to drop keep the demand: one of the data's two.
    let fewest = e.repairs.iter().find(|r| r.kind == "fewest_rules").unwrap();
    assert_eq!(fewest.changes.len(), 1);
    assert!(["min_actors:p", "rival:a:b"].contains(&fewest.changes[0].rule.rule.as_str()));
    assert!(fewest.verified);
}

#[test]
fn partner_chain_against_a_pair_that_cannot_take_part() {
    // a alone can fund p, but a takes part only with b, and b only with c;
    // c's min_funding is above its budget (0), so c never takes part.
    let dir = tempfile::tempdir().unwrap();
    let d = data(
        dir.path(),
        ACTORS,
        "id,name,cost,benefit\np,P,100,10\n",
        "actor,project,min_funding\na,p,\nb,p,\nc,p,10\n",
        "a,b,kind\na,b,requires\nb,c,requires\n",
    );
    let e = run(&d, vec![demand(DemandKind::Must(None), "p")], 1);
    assert_eq!(
        rules_of(&e, 0),
        sorted(&[
            "must:p",
            "all_or_nothing:p",
            "partner:a:b",
            "partner:b:c",
            "min_funding:c:p",
            "budget:c",
        ])
    );
    assert!(e.conflicts[0].proven);
}

#[test]
fn dependency_chain_against_never_and_a_veto() {
    let dir = tempfile::tempdir().unwrap();
    let d = data(
        dir.path(),
        "id,name,vector,budget\na,A,west,1000\nb,B,east,10\n",
        "id,name,cost,benefit,requires\np1,P1,10,1,p2\np2,P2,10,1,p3\np3,P3,10,1,\np4,P4,5,1,\n",
        "actor,project,veto\na,p1,\na,p2,\na,p3,\na,p4,\nb,p4,true\n",
        "",
    );
    let e = run(
        &d,
        vec![
            demand(DemandKind::Must(None), "p1"),
            demand(DemandKind::Never, "p3"),
            demand(DemandKind::Must(None), "p4"),
        ],
        3,
    );
    assert_eq!(e.conflicts.len(), 2, "{:?}", e.conflicts);
    let mut all: Vec<Vec<String>> = (0..2).map(|k| rules_of(&e, k)).collect();
    all.sort();
    assert_eq!(
        all,
        [
            sorted(&["must:p1", "never:p3", "requires:p1:p2", "requires:p2:p3"]),
            sorted(&["must:p4", "veto:b:p4"]),
        ]
    );
    // Two independent conflicts: the fewest rules to drop are two.
    let fewest = e.repairs.iter().find(|r| r.kind == "fewest_rules").unwrap();
    assert_eq!(fewest.changes.len(), 2);
    assert!(fewest.verified);
}

#[test]
fn floor_against_cap() {
    let dir = tempfile::tempdir().unwrap();
    let d = data(
        dir.path(),
        "id,name,vector,budget\na,A,west,1000\n",
        "id,name,cost,benefit\np1,P1,100,10\np2,P2,60,5\n",
        "actor,project\na,p1\na,p2\n",
        "",
    );
    let e = run(
        &d,
        vec![
            demand(DemandKind::Floor(12.0), "stability"),
            demand(DemandKind::Cap(150.0), "cost"),
        ],
        1,
    );
    assert_eq!(
        rules_of(&e, 0),
        sorted(&[
            "floor:stability",
            "cap:cost",
            "all_or_nothing:p1",
            "all_or_nothing:p2"
        ])
    );
    // Softening: the floor down to 10 (p1 alone), or the cap up to 160.
    let lower = e
        .repairs
        .iter()
        .find(|r| r.kind == "soften_demand" && r.changes[0].rule.rule == "floor:stability")
        .unwrap();
    assert_eq!(lower.changes[0].to, Some(10.0));
    let raise = e
        .repairs
        .iter()
        .find(|r| r.kind == "soften_demand" && r.changes[0].rule.rule == "cap:cost")
        .unwrap();
    assert_eq!(raise.changes[0].to, Some(160.0));
    assert!(lower.verified && raise.verified);
}

/// Feasible with exactly `kept` of `rules`, by a fresh build and solve.
fn fresh_feasible(
    inst: &accord::domain::Instance,
    demands: &[Demand],
    rules: &[Rule],
    kept: &[&str],
) -> bool {
    let names: Vec<String> = rules.iter().map(|r| r.name(inst, demands)).collect();
    let dropped: Vec<Rule> = rules
        .iter()
        .zip(&names)
        .filter(|(_, n)| !kept.contains(&n.as_str()))
        .map(|(r, _)| *r)
        .collect();
    let active: Vec<Demand> = demands
        .iter()
        .filter(|d| kept.contains(&d.name().as_str()))
        .cloned()
        .collect();
    let form = formulation::build_with(&relax(inst, &dropped), &active).unwrap();
    let b = open().unwrap();
    let out = b
        .solve(&form.program, &Objective::zero(), &Default::default())
        .unwrap();
    match out.status {
        Status::Optimal => true,
        Status::Infeasible | Status::InfeasibleOrUnbounded => false,
        s => panic!("unexpected {s}"),
    }
}

proptest! {
    // A fixed seed, as the other solver properties (support::proptest_config):
    // a random one found seed 853 (the test below).
    #![proptest_config(support::proptest_config(12, 7))]
    #[test]
    fn every_conflict_is_infeasible_and_minimal(seed in 0u64..1000, picks in proptest::collection::vec((0usize..6, 0usize..3), 3..6)) {
        let inst = support::gen(6, 6, 0.5, seed);
        let mut demands = Vec::new();
        for (p, kind) in picks {
            let target = inst.projects[p].id.clone();
            let kind = match kind {
                0 => DemandKind::Never,
                _ => DemandKind::Must(None),
            };
            if !demands.iter().any(|d: &Demand| d.target == target) {
                demands.push(demand(kind, &target));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        accord::input::write_instance(&inst, dir.path()).unwrap();
        let e = run(dir.path(), demands.clone(), 2);
        let model = Model::load(dir.path(), &LoadOptions::default()).unwrap();
        let inst = model.instance().unwrap();
        let rules = universe(inst, &demands);
        for c in &e.conflicts {
            prop_assert!(c.proven);
            let names: Vec<&str> = c.rules.iter().map(|r| r.rule.as_str()).collect();
            prop_assert!(!fresh_feasible(inst, &demands, &rules, &names), "{names:?} is feasible");
            for skip in 0..names.len() {
                let fewer: Vec<&str> = names.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, n)| *n).collect();
                prop_assert!(fresh_feasible(inst, &demands, &rules, &fewer), "{names:?} without {} is infeasible", names[skip]);
            }
        }
        if e.status == Status::Infeasible {
            prop_assert!(!e.conflicts.is_empty());
        }
    }
}

#[test]
fn why_not_agrees_with_a_plain_solve_with_must() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid/small");
    let model = Model::load(&dir, &LoadOptions::default()).unwrap();
    let settings = model.defaults.clone();
    let e = explain(&model, &settings, &Options::default(), &open).unwrap();
    assert_eq!(e.status, Status::Optimal);
    let b = open().unwrap();
    let inst = model.instance().unwrap();
    let left_out = inst.projects.len() - e.chosen.len();
    assert_eq!(e.not_chosen.len(), left_out);
    for n in &e.not_chosen {
        let mut req = settings.request.clone();
        req.demands = vec![demand(DemandKind::Must(None), &n.project)];
        let a = model.solve(b.as_ref(), &req, None).unwrap();
        assert_eq!(a.status, n.forced_status, "{}", n.project);
        for (name, v) in &a.values {
            let got = n.forced_objectives[name].as_f64().unwrap();
            assert!(
                (got - v).abs() <= 1e-6 * v.abs().max(1.0),
                "{} {name}: {got} vs {v}",
                n.project
            );
        }
    }
}

#[test]
fn the_iis_of_infeasible_lps_is_irreducible() {
    let Some(root) = shared::instances("the IIS tests") else {
        return;
    };
    // HiGHS's check/TestIis.cpp asserts that the IIS of galenet and
    // woodinfe is irreducible and has rows and columns in it.
    for name in ["galenet", "woodinfe", "itest2", "itest6", "box1", "ex72a"] {
        let path = root.join(format!("netlib/infeasible/{name}.mps"));
        let model = Model::load(&path, &LoadOptions::default()).unwrap();
        let e = explain(&model, &model.defaults, &Options::default(), &open).unwrap();
        assert!(
            matches!(e.status, Status::Infeasible | Status::InfeasibleOrUnbounded),
            "{name}: {}",
            e.status
        );
        assert_eq!(e.conflicts.len(), 1, "{name}: {:?}", e.notes);
        let c = &e.conflicts[0];
        assert!(c.proven, "{name}: unproven {:?}", c.unproven);
        let rows: Vec<&str> = c
            .rules
            .iter()
            .filter_map(|r| r.rule.strip_prefix("row:"))
            .collect();
        let bounds = c.rules.len() - rows.len();
        assert!(!rows.is_empty(), "{name}: no row in {:?}", c.rules);
        if matches!(name, "galenet" | "woodinfe") {
            assert!(bounds > 0, "{name}: no bound in the IIS");
        }
    }
}

/// Found by the property above on a random seed (CI, 2026-12-05): on HiGHS,
/// explaining this demand set failed with "the solution of level
/// `stability` fails the check: ... objective error 2.2e-1": a warm re-solve
/// of the changed MIP reported the objective of another point than its
/// plan. The checker caught it (exit 4, never a wrong answer); the HiGHS
/// session now solves such an answer again from scratch.
#[test]
fn highs_explain_seed_853_does_not_fail_the_check() {
    let inst = support::gen(6, 6, 0.5, 853);
    let demands = vec![
        demand(DemandKind::Never, &inst.projects[2].id),
        demand(DemandKind::Must(None), &inst.projects[5].id),
    ];
    let dir = tempfile::tempdir().unwrap();
    accord::input::write_instance(&inst, dir.path()).unwrap();
    let e = run(dir.path(), demands, 2);
    assert_eq!(e.status, Status::Optimal);
}
