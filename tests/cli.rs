//! The binary as users run it: every exit code, every output format, the
//! out folder, and the broken-data corpus through `accord check`.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn accord() -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env_remove("ACCORD_TEST_PERTURB");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn small() -> PathBuf {
    root().join("tests/valid/small")
}

#[test]
fn check_valid_model_exits_0() {
    accord()
        .args(["check"])
        .arg(root().join("models/central_asia.toml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("valid: 24 actors, 20 projects"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn check_warns_when_taking_part_is_free_where_participants_count() {
    // `water` asks for one participant and both its pairs have min_funding 0;
    // `road` counts participants too, but every pair of it has min_funding.
    accord()
        .args(["check"])
        .arg(small())
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: water counts participants (min_actors 1) but 2 of its pairs have min_funding 0 (uzb, eu)",
        ))
        .stderr(predicate::str::contains("warning: road").not());
}

#[test]
fn check_reports_every_corpus_case_with_exit_3() {
    let corpus = root().join("tests/invalid");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "corpus has {} cases", cases.len());
    for case in cases {
        // A case is either a data folder or holds a model.toml.
        let target = if case.join("model.toml").exists() {
            case.join("model.toml")
        } else {
            case.clone()
        };
        let out = accord().arg("check").arg(&target).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", case.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid input"), "{}: {err}", case.display());
        // The first expected line's file, line and column appear on stderr.
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let first = expected.lines().find(|l| !l.trim().is_empty()).unwrap();
        let (loc, _) = first.split_once(": ").unwrap();
        let file = loc.split(':').next().unwrap();
        assert!(err.contains(file), "{}: {err}", case.display());
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout for {}",
            case.display()
        );
    }
}

#[test]
fn solve_small_table_exits_0() {
    accord()
        .arg("solve")
        .arg(small())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("status optimal"))
        .stdout(predicate::str::contains("check: passed"))
        .stdout(predicate::str::contains("Projects going ahead"))
        .stdout(predicate::str::contains("Actors: spend against budget"));
}

#[test]
fn solve_json_has_the_stable_fields() {
    let out = accord()
        .args(["solve", "--format", "json"])
        .arg(small())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "status",
        "objectives",
        "projects",
        "allocations",
        "actors",
        "backend",
        "backend_version",
        "solve_seconds",
        "check",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["status"], "optimal");
    assert!((v["objectives"]["stability"].as_f64().unwrap() - 30.0).abs() < 1e-6);
    assert!((v["objectives"]["cost"].as_f64().unwrap() - 100.0).abs() < 1e-6);
    let p = &v["projects"][0];
    for key in ["id", "fraction", "goes_ahead"] {
        assert!(p.get(key).is_some(), "project lacks {key}");
    }
    let a = &v["allocations"][0];
    for key in ["actor", "project", "funding", "personnel"] {
        assert!(a.get(key).is_some(), "allocation lacks {key}");
    }
    assert_eq!(v["check"]["passed"], true);
    for key in [
        "max_bound_violation",
        "max_row_violation",
        "max_integrality_violation",
        "objective_error",
    ] {
        assert!(v["check"].get(key).is_some(), "check lacks {key}");
    }
    // Money balances: allocations add up to each going-ahead project's funding.
    for p in v["projects"].as_array().unwrap() {
        let sum: f64 = v["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["project"] == p["id"])
            .map(|a| a["funding"].as_f64().unwrap())
            .sum();
        assert!((sum - p["funding"].as_f64().unwrap()).abs() < 1e-6);
    }
}

#[test]
fn solve_csv_prints_allocations() {
    accord()
        .args(["solve", "--format", "csv"])
        .arg(small())
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "actor,project,funding,personnel\n",
        ));
}

#[test]
fn out_folder_has_every_file_and_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    accord()
        .arg("solve")
        .arg(root().join("tests/valid/small"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    for f in [
        "summary.json",
        "allocations.csv",
        "projects.csv",
        "actors.csv",
        "manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["tool"], "accord");
    assert!(m["backend"]["version"].as_str().is_some());
    let inputs = m["inputs"].as_array().unwrap();
    assert!(inputs.len() >= 3, "{inputs:?}");
    for i in inputs {
        assert_eq!(i["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn infeasible_program_exits_1() {
    accord()
        .arg("solve")
        .arg(root().join("tests/data/infeasible.mps"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("status infeasible"))
        .stderr(predicate::str::contains("no solution: infeasible"));
}

#[test]
fn usage_errors_exit_2() {
    accord().args(["solve", "--no-such-flag"]).assert().code(2);
    accord()
        .arg("solve")
        .arg(small())
        .args(["--heuristics", "none"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected \"auto\", \"full\", \"lean\", \"no_submip\" or \"minimal\", found \"none\"",
        ));
    accord()
        .arg("solve")
        .arg(small())
        .args(["--backend", "gurobi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "backend `gurobi` is not available",
        ));
    accord()
        .arg("solve")
        .arg(small())
        .args(["--objective", "happiness"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown objective `happiness`"));
    accord()
        .arg("solve")
        .arg(small())
        .args(["--weight", "cost"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected NAME=VALUE"));
    accord()
        .arg("solve")
        .arg(small())
        .args(["--weight", "equity=1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not among the objectives"));
    accord()
        .arg("solve")
        .arg(small())
        .args(["--time-limit", "-1"])
        .assert()
        .code(2);
    accord()
        .arg("solve")
        .arg(small())
        .args(["--method", "pareto"])
        .assert()
        .code(2);
}

#[test]
fn broken_csv_exits_3_with_location() {
    accord()
        .arg("solve")
        .arg(root().join("tests/invalid/nan"))
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("actors.csv:4:6: budget"));
}

#[test]
fn a_lying_solver_is_caught_with_exit_4() {
    accord()
        .env("ACCORD_TEST_PERTURB", "1")
        .arg("solve")
        .arg(small())
        .assert()
        .code(4)
        .stderr(predicate::str::contains("fails the check"));
}

#[test]
fn data_override_replaces_the_model_data_folder() {
    accord()
        .arg("solve")
        .arg(root().join("models/central_asia.toml"))
        .arg("--data")
        .arg(small())
        .args(["--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"model\": \"central_asia\""))
        .stdout(predicate::str::contains("\"kaz\""));
}

#[test]
fn mop_file_solves_lexicographically_over_its_objectives() {
    let out = accord()
        .args(["solve", "--format", "json"])
        .arg(root().join("tests/data/knapsack.mop"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // max obj1 = 6 only with items {1, 2, 4} (weight 5), where obj2 = 5.
    let o1 = v["objectives"]["obj1"].as_f64().unwrap();
    let o2 = v["objectives"]["obj2"].as_f64().unwrap();
    assert!((o1 - 6.0).abs() < 1e-6, "{o1}");
    assert!((o2 - 5.0).abs() < 1e-6, "{o2}");
}

#[test]
fn weighted_normalized_solve_prints_a_payoff_table() {
    accord()
        .arg("solve")
        .arg(small())
        .args([
            "--method",
            "weighted",
            "--normalize",
            "--objective",
            "stability",
            "--objective",
            "cost",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Payoff table"));
}

#[test]
fn generate_writes_a_valid_deterministic_data_set() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        accord()
            .args([
                "generate",
                "--actors",
                "12",
                "--projects",
                "15",
                "--density",
                "0.4",
                "--seed",
                "7",
                "--out",
            ])
            .arg(d)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("12 actors, 15 projects"));
    }
    for f in [
        "actors.csv",
        "projects.csv",
        "interests.csv",
        "relations.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    accord().arg("check").arg(&a).assert().code(0);
    accord()
        .arg("solve")
        .arg(&a)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("check: passed"));
    accord()
        .args(["generate", "--actors", "0", "--out"])
        .arg(dir.path().join("c"))
        .assert()
        .code(2);
}

#[test]
fn export_round_trips_through_mps_and_mop() {
    let dir = tempfile::tempdir().unwrap();
    let mps = dir.path().join("small.mps");
    accord()
        .args([
            "export",
            "--format",
            "mps",
            "--objective",
            "stability",
            "--out",
        ])
        .arg(&mps)
        .arg(small())
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&mps).unwrap();
    assert!(text.contains("fund[eu,road]"), "readable column names");
    assert!(text.contains("budget[eu]"), "readable row names");
    let direct = accord()
        .args(["solve", "--format", "json", "--objective", "stability"])
        .arg(small())
        .output()
        .unwrap();
    let via_file = accord()
        .args(["solve", "--format", "json"])
        .arg(&mps)
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    let f: serde_json::Value = serde_json::from_slice(&via_file.stdout).unwrap();
    let (a, b) = (
        d["objectives"]["stability"].as_f64().unwrap(),
        f["objectives"]["stability"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    // A .mop of two objectives with different senses: max ones negated.
    let mop = dir.path().join("small.mop");
    accord()
        .args([
            "export",
            "--format",
            "mop",
            "--objective",
            "stability",
            "--objective",
            "cost",
            "--out",
        ])
        .arg(&mop)
        .arg(small())
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&mop).unwrap();
    assert!(
        text.contains("neg_stability") && text.contains(" cost"),
        "{}",
        &text[..300]
    );
    let lp = dir.path().join("small.lp");
    accord()
        .args(["export", "--format", "lp", "--out"])
        .arg(&lp)
        .arg(small())
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&lp).unwrap();
    assert!(text.starts_with("\\ accord export") && text.trim_end().ends_with("End"));
}

/// clarabel solves continuous programs only: a MILP is refused before any
/// solve, with a usage error (exit 2) that says why.
#[cfg(feature = "clarabel")]
#[test]
fn clarabel_refuses_a_milp_with_exit_2() {
    for cmd in ["solve", "pareto"] {
        accord()
            .arg(cmd)
            .arg(root().join("models/central_asia.toml"))
            .args(["--backend", "clarabel"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "backend `clarabel` cannot solve this program: it solves continuous programs only \
                 and this one has 297 integer columns (backends in this build that solve integer programs: ",
            ));
    }
}

#[cfg(feature = "clarabel")]
#[test]
fn clarabel_solves_an_lp_and_proves_infeasibility() {
    accord()
        .arg("solve")
        .arg(root().join("tests/data/lp.mps"))
        .args(["--backend", "clarabel", "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(r#""backend": "clarabel""#))
        .stdout(predicate::str::contains(r#""backend_version": "0.11.1""#))
        .stdout(predicate::str::contains(r#""passed": true"#));
    let out = accord()
        .arg("solve")
        .arg(root().join("tests/data/lp.mps"))
        .args(["--backend", "clarabel", "--format", "json"])
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = j["objectives"]["COST"].as_f64().unwrap();
    assert!((v - 3.25).abs() < 1e-7, "{v}");
    accord()
        .arg("solve")
        .arg(root().join("tests/data/infeasible.mps"))
        .args(["--backend", "clarabel"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("status infeasible"));
}

#[cfg(not(feature = "clarabel"))]
#[test]
fn clarabel_not_compiled_in_says_how_to_get_it() {
    accord()
        .arg("solve")
        .arg(root().join("tests/data/lp.mps"))
        .args(["--backend", "clarabel"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rebuild with `--features clarabel`",
        ));
}

#[test]
fn min_funding_above_a_budget_is_a_warning_and_the_pair_never_takes_part() {
    // docs and numbers: tests/data/min_funding_above_budget/README.md.
    let data = root().join("tests/data/min_funding_above_budget");
    accord()
        .arg("check")
        .arg(&data)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "note: p1 cannot go ahead: eligible actors can fund at most 95 of the 100 needed \
             (1 more cannot meet their min_funding)",
        ))
        .stderr(predicate::str::contains(
            "warning: b can never take part in p1: its min_funding 70 is above its budget (50)",
        ));
    let out = accord()
        .args(["solve", "--format", "json"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("b can never take part in p1"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((v["objectives"]["stability"].as_f64().unwrap() - 8.0).abs() < 1e-6);
    assert!((v["objectives"]["cost"].as_f64().unwrap() - 50.0).abs() < 1e-6);
    assert!(v["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["project"] != "p1"));
    // Above a pair's max_funding: the same (the corpus case that used to be
    // an error is valid data now).
    accord()
        .arg("check")
        .arg(root().join("tests/valid/min_funding_above_max"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "rus can never take part in road: its min_funding 70 is above its max_funding for the project (60)",
        ));
}

#[test]
fn demands_from_flags_shape_the_plan_and_an_impossible_one_exits_1() {
    let json = |extra: &[&str]| -> serde_json::Value {
        let out = accord()
            .args(["solve", "--format", "json"])
            .arg(small())
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let going = |v: &serde_json::Value, p: &str| {
        v["projects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == p && x["goes_ahead"] == true)
    };
    let free = json(&[]);
    let stab = free["objectives"]["stability"].as_f64().unwrap();
    // Never the project the plan would choose: stability cannot rise.
    let chosen = ["road", "water", "grid"]
        .into_iter()
        .find(|p| going(&free, p))
        .expect("the plan chooses something");
    let without = json(&["--never", chosen]);
    assert!(!going(&without, chosen));
    assert!(without["objectives"]["stability"].as_f64().unwrap() <= stab + 1e-9);
    // A cap on cost holds.
    let capped = json(&["--cap", "cost=60"]);
    assert!(capped["objectives"]["cost"].as_f64().unwrap() <= 60.0 + 1e-6);
    // Must and never on the same project cannot both hold.
    accord()
        .args(["solve"])
        .arg(small())
        .args(["--must", "road", "--never", "road"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "infeasible with these demands: `accord explain`",
        ));
    // Unknown names and unstateable bounds are usage errors naming the flag.
    for (flag, value, why) in [
        ("--must", "rood", "--must rood: expected the id of a project in projects.csv, found \"rood\" (did you mean \"road\"?)"),
        ("--floor", "dominance=3", "a floor on dominance cannot be stated"),
        ("--cap", "profit=3", "expected a built-in objective"),
        ("--must", "road=1.5", "--must road=1.5: expected a delivered fraction in (0, 1]"),
        ("--floor", "stability", "expected OBJECTIVE=VALUE"),
    ] {
        accord()
            .args(["solve"])
            .arg(small())
            .args([flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
}

#[test]
fn explain_names_the_conflict_and_writes_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = accord()
        .args([
            "explain", "--format", "json", "--must", "road", "--never", "road", "--out",
        ])
        .arg(dir.path())
        .arg(small())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "status",
        "objectives",
        "conflicts",
        "repairs",
        "not_chosen",
        "chosen",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["status"], "infeasible");
    let rules: Vec<&str> = v["conflicts"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["must:road", "never:road"]);
    assert_eq!(v["conflicts"][0]["rules"][0]["where"], "--must road");
    assert_eq!(v["conflicts"][0]["proven"], true);
    for f in ["explanation.json", "explanation.txt", "manifest.json"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    // Without demands: the why-not table as CSV, one row per project left out.
    let out = accord()
        .args(["explain", "--format", "csv"])
        .arg(small())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("project,forced_status,stability,cost,loss,conflict"),
        "{text}"
    );
    // An infeasible LP: its IIS in row and bound names.
    accord()
        .arg("explain")
        .arg(root().join("tests/data/infeasible.mps"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Conflict 1 of 1"))
        .stdout(predicate::str::contains("row:"));
    accord()
        .args(["explain", "--all-conflicts", "0"])
        .arg(small())
        .assert()
        .code(2);
}

/// `--heuristics` is a solve option like `--threads`: accepted on every
/// backend (those without separate heuristics ignore it), same answer.
/// With HiGHS compiled in, each setting is also solved there (both levels
/// of a lexicographic solve, `auto` meaning `minimal` on the second) and
/// must give the default backend's optimal values.
#[test]
fn heuristics_leave_the_answer_unchanged() {
    let run = |backend: &str, which: &str| {
        let out = accord()
            .arg("solve")
            .arg(small())
            .args([
                "--backend",
                backend,
                "--heuristics",
                which,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let o = v["objectives"].as_object().unwrap().clone();
        o.into_iter()
            .map(|(k, v)| (k, v.as_f64().unwrap()))
            .collect::<Vec<_>>()
    };
    let reference = run("microlp", "full");
    let mut backends = vec!["microlp"];
    if cfg!(feature = "highs") {
        backends.push("highs");
    }
    for backend in backends {
        for which in ["auto", "full", "lean", "no_submip", "minimal"] {
            let got = run(backend, which);
            assert_eq!(got.len(), reference.len());
            for ((k, a), (_, b)) in got.iter().zip(&reference) {
                assert!(
                    (a - b).abs() <= 1e-6 * b.abs().max(1.0),
                    "{backend} --heuristics {which}: {k} {a} against {b}"
                );
            }
        }
    }
}
