//! `accord sensitivity` against known answers (tests/data/three_blocs,
//! whose README gives the plan: w1's budget of 10 is exactly what the joint
//! project p2 needs from it; at 20 it also funds p1), the staircase's
//! breakpoints, the fixed-plan duals against exact re-solves (HiGHS), and
//! the binary.

use std::path::PathBuf;

use accord::backend::{self, Backend};
use accord::model::{LoadOptions, Model};
use accord::request::Request;
use accord::sensitivity::{analyse, curve, Delta, Options, Param};
use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> Model {
    Model::load(&root().join(path), &LoadOptions::default()).unwrap()
}

fn options(params: Vec<Param>, intervals: bool) -> Options {
    Options {
        params,
        delta: Delta::Relative(0.1),
        precision: 0.01,
        intervals,
        workers: 2,
    }
}

#[test]
fn three_blocs_budget_effects_and_interval_match_the_hand_computation() {
    let model = load("tests/data/three_blocs");
    let b: Box<dyn Backend> = backend::by_name("microlp").unwrap();
    let req = Request::lexicographic(&["stability"]);
    let s = analyse(
        &model,
        b.as_ref(),
        &req,
        &options(vec![Param::Budget], true),
        &|_| {},
    )
    .unwrap();
    assert!((s.base - 35.0).abs() < 1e-6);
    let w1 = s.parameters.iter().find(|p| p.actor == "w1").unwrap();
    // -10%: 9 is too little for p2 (needs 10 from w1) and for p1: only p3.
    assert!((w1.minus.change.unwrap() + 30.0).abs() < 1e-6, "{w1:?}");
    assert_eq!(w1.minus.projects_out, vec!["p2"]);
    // +10%: 11 buys nothing (p1 needs 10 more).
    assert!(w1.plus.change.unwrap().abs() < 1e-6);
    let i = w1.interval.as_ref().unwrap();
    assert!(
        i.lo <= 10.0 + 1e-9 && i.lo >= 10.0 - i.precision - 1e-9,
        "{i:?}"
    );
    let hi = i.hi.unwrap();
    assert!(
        hi <= 20.0 + 1e-9 && hi >= 20.0 - i.precision - 1e-9,
        "{i:?}"
    );
    // l1's budget: p3 needs exactly its 10.
    let l1 = s.parameters.iter().find(|p| p.actor == "l1").unwrap();
    assert!((l1.minus.change.unwrap() + 5.0).abs() < 1e-6);
    assert_eq!(l1.minus.projects_out, vec!["p3"]);
    // Sorted by the value of +delta: nobody gains, so by actor id.
    assert!(s
        .parameters
        .windows(2)
        .all(|w| w[0].plus.change >= w[1].plus.change || w[0].actor < w[1].actor));
    assert!(s.binding.iter().any(|b| b.rule == "budget:w1"));
}

/// Every change is made on warm sessions (the rebuilt program differs from
/// the base only in bounds and coefficients: no program is solved anew),
/// and each +/-delta optimum equals a cold solve of the edited data through
/// the front door, on every backend that takes integers.
#[test]
fn warm_changes_agree_with_cold_solves_of_edited_data() {
    use accord::generate::{generate, GenerateOptions};
    let dir = tempfile::tempdir().unwrap();
    let inst = generate(&GenerateOptions::new(8, 12, 0.4).with_seed(5)).unwrap();
    let path = dir.path().join("g");
    accord::input::write_instance(&inst, &path).unwrap();
    let model = Model::load(&path, &LoadOptions::default()).unwrap();
    let req = Request::lexicographic(&["stability"]);
    for name in backend::available() {
        let b: Box<dyn Backend> = backend::by_name(name).unwrap();
        if !b.capabilities().integers {
            continue;
        }
        let o = options(vec![Param::Budget, Param::Personnel], false);
        let s = analyse(&model, b.as_ref(), &req, &o, &|_| {}).unwrap();
        assert_eq!(s.rebuilt, 0, "{name}: every change warm");
        let mut moved = 0;
        for p in &s.parameters {
            let a = inst.actor_index(&p.actor).unwrap();
            for e in [&p.plus, &p.minus] {
                let mut edited = inst.clone();
                p.param.set(&mut edited, a, p.value + e.delta);
                let cold = model
                    .with_instance(edited)
                    .unwrap()
                    .solve(b.as_ref(), &req, None)
                    .unwrap();
                let want = cold.values[0].1;
                let got = e.objective.unwrap();
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "{name} {}.{} {:+}: warm {got}, cold {want}",
                    p.actor,
                    p.param.as_str(),
                    e.delta
                );
                moved += usize::from(e.change.unwrap().abs() > 1e-9);
            }
        }
        assert!(moved >= 4, "{name}: only {moved} changes moved the optimum");
    }
}

#[test]
fn the_staircase_finds_the_breakpoints() {
    let model = load("tests/data/three_blocs");
    let b: Box<dyn Backend> = backend::by_name("microlp").unwrap();
    let req = Request::lexicographic(&["stability"]);
    let w1 = model.instance().unwrap().actor_index("w1").unwrap();
    let (pts, _) = curve(
        &model,
        b.as_ref(),
        &req,
        Param::Budget,
        w1,
        (0.0, 30.0),
        7,
        0.01,
        2,
        None,
    )
    .unwrap();
    let at = |x: f64| {
        pts.iter()
            .rev()
            .find(|p| p.0 <= x + 1e-12)
            .and_then(|p| p.1)
            .unwrap()
    };
    assert!((at(9.98) - 5.0).abs() < 1e-6);
    assert!((at(10.0) - 35.0).abs() < 1e-6);
    assert!((at(19.98) - 35.0).abs() < 1e-6);
    assert!((at(20.0) - 45.0).abs() < 1e-6);
    // A breakpoint is bracketed within the precision.
    let below10 = pts
        .iter()
        .filter(|p| p.0 < 10.0)
        .map(|p| p.0)
        .fold(0.0, f64::max);
    assert!(10.0 - below10 <= 0.011, "{pts:?}");
}

/// With duals (HiGHS), on data sets that are LPs once the go-ahead
/// decisions are fixed (every project scalable from 0, no coalition rules):
/// each fixed-plan price is a supergradient of the optimum, so the exact
/// change of +delta is at most price x delta and that of -delta at most
/// -price x delta while the chosen projects stay the same, and at least one
/// is an equality (the price is a one-sided derivative). The prices pass
/// the dual-feasibility check.
#[test]
fn fixed_plan_duals_bound_exact_changes_on_highs() {
    use accord::domain::Mode;
    use accord::generate::{generate, GenerateOptions};
    if !backend::available().contains(&"highs") {
        eprintln!("skipped: built without the highs feature (no backend here reports duals)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b: Box<dyn Backend> = backend::by_name("highs").unwrap();
    let (mut compared, mut ranged) = (0, 0);
    for seed in [1, 2, 3] {
        let mut inst = generate(&GenerateOptions::new(10, 15, 0.4).with_seed(seed)).unwrap();
        for p in &mut inst.projects {
            p.mode = Mode::Scalable;
            p.min_fraction = 0.0;
            p.min_actors = 0;
            p.min_vectors = 0;
            p.requires.clear();
        }
        for i in &mut inst.interests {
            i.min_funding = 0.0;
            i.veto = false;
        }
        inst.relations.clear();
        let path = dir.path().join(format!("lp{seed}"));
        accord::input::write_instance(&inst, &path).unwrap();
        let model = Model::load(&path, &LoadOptions::default()).unwrap();
        let req = Request::lexicographic(&["stability"]);
        let mut o = options(vec![Param::Budget, Param::Personnel], false);
        o.delta = Delta::Relative(0.01);
        let s = analyse(&model, b.as_ref(), &req, &o, &|_| {}).unwrap();
        assert!(s.dual_violation.unwrap() < 1e-6, "seed {seed}");
        let tol = 1e-6 * s.base.abs().max(1.0);
        for p in &s.parameters {
            let (Some(y), Some(up), Some(down)) = (p.dual, p.plus.change, p.minus.change) else {
                continue;
            };
            let same = |e: &accord::sensitivity::Effect| {
                e.projects_in.is_empty() && e.projects_out.is_empty()
            };
            if !(same(&p.plus) && same(&p.minus)) || p.value == 0.0 {
                continue;
            }
            let (dp, dm) = (p.plus.delta, p.minus.delta);
            assert!(
                up <= y * dp + tol,
                "seed {seed} {}.{:?}: +{dp} gives {up}, price {y}",
                p.actor,
                p.param
            );
            assert!(
                down <= y * dm + tol,
                "seed {seed} {}.{:?}: {dm} gives {down}, price {y}",
                p.actor,
                p.param
            );
            assert!(
                (up - y * dp).abs() <= tol || (down - y * dm).abs() <= tol,
                "seed {seed} {}.{:?}: price {y} matches neither side ({up}, {down})",
                p.actor,
                p.param
            );
            compared += 1;
            // Inside the price's range (the fixed-plan LP keeps its basis)
            // the change is the price times the step, on either side.
            let r = p.dual_range.expect("HiGHS ranges the fixed-plan LP");
            let within = |v: f64| r.lo.is_none_or(|lo| lo <= v) && r.hi.is_none_or(|hi| v <= hi);
            for (step, change) in [(dp, up), (dm, down)] {
                if within(p.value + step) {
                    assert!(
                        (change - y * step).abs() <= tol,
                        "seed {seed} {}.{:?}: {step} within {r:?} gives {change}, price {y}",
                        p.actor,
                        p.param
                    );
                    ranged += 1;
                }
            }
        }
    }
    assert!(compared >= 10, "only {compared} parameters compared");
    assert!(ranged >= 10, "only {ranged} steps inside a price's range");
}

#[test]
fn cli_json_keys_files_and_bad_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = Command::cargo_bin("accord")
        .unwrap()
        .args(["sensitivity"])
        .arg(root().join("tests/data/three_blocs"))
        .args(["--format", "json", "--curve", "w1.budget=0:30", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in ["objective", "base", "parameters", "binding"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    let p = &v["parameters"][0];
    for k in [
        "param",
        "actor",
        "value",
        "plus",
        "minus",
        "interval",
        "dual",
        "dual_range",
    ] {
        assert!(p.get(k).is_some(), "{k}");
    }
    for k in ["delta", "objective", "projects_in", "projects_out"] {
        assert!(p["plus"].get(k).is_some(), "plus.{k}");
    }
    for f in [
        "sensitivity.json",
        "parameters.csv",
        "curve.svg",
        "curve.csv",
        "solves.csv",
        "effects.svg",
        "effects.csv",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    for (flag, value) in [
        ("--delta", "ten"),
        ("--param", "cost"),
        ("--curve", "w9.budget=0:3"),
    ] {
        let o = Command::cargo_bin("accord")
            .unwrap()
            .args(["sensitivity"])
            .arg(root().join("tests/data/three_blocs"))
            .args([flag, value])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(flag));
    }
}

/// `--out` streams every re-solve to solves.csv; a run killed part-way
/// (the file cut inside a line) and resumed reads the re-solves it made
/// and gives the same answer; a run with other demands refuses the file.
#[test]
fn cli_resumes_from_solves_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let run = |extra: &[&str]| {
        Command::cargo_bin("accord")
            .unwrap()
            .args(["sensitivity"])
            .arg(root().join("tests/data/three_blocs"))
            .args(["--format", "json", "--curve", "w1.budget=0:30", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let solves = out.join("solves.csv");
    let text = std::fs::read_to_string(&solves).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("param,actor,value,objective,status"));
    let made = lines.len() - 1;
    // Every re-solve of the analysis is in the file (the curve's too).
    assert!(
        made + 2 >= first["solves"].as_u64().unwrap() as usize,
        "{made}"
    );
    // Killed after half the rows, in the middle of a line.
    let keep = 1 + made / 2;
    let mut cut = lines[..keep].join("\n") + "\n";
    cut += &lines[keep][..lines[keep].len() / 2];
    std::fs::write(&solves, cut).unwrap();
    let o = run(&["--resume"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let second: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(second["resumed"].as_u64().unwrap() as usize, keep - 1);
    for k in ["base", "parameters", "binding"] {
        assert_eq!(first[k], second[k], "{k}");
    }
    assert_eq!(
        std::fs::read_to_string(&solves).unwrap().lines().count(),
        made + 1,
        "the resumed run completes the file"
    );
    // Another run (a demand added) refuses the file with its place.
    let o = run(&["--resume", "--never", "p3"]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("solves.csv:2") && err.contains("another run"),
        "{err}"
    );
}
