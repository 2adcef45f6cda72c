//! `accord pareto` as users run it: JSON and CSV fields, --pick, exactness on
//! the central_asia stability-cost front (HiGHS builds only: 85 MILP solves).

use std::path::PathBuf;

use assert_cmd::Command;

fn accord() -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env_remove("ACCORD_TEST_PERTURB");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn pareto_json_has_the_stable_fields() {
    let out = accord()
        .args(["pareto", "--format", "json"])
        .arg(root().join("tests/valid/small"))
        .args([
            "--objective",
            "stability",
            "--objective",
            "cost",
            "--all-or-nothing",
        ])
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
        "method",
        "objectives",
        "points",
        "ideal",
        "nadir",
        "subproblems",
        "solver_seconds",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["status"], "complete");
    assert_eq!(v["method"], "epsilon");
    assert_eq!(v["objectives"][0]["name"], "stability");
    assert_eq!(v["objectives"][0]["sense"], "max");
    let points = v["points"].as_array().unwrap();
    assert!(points.len() >= 2);
    for p in points {
        assert!(p["id"].as_str().unwrap().starts_with('p'));
        assert!(p["objectives"]["stability"].is_number());
        assert!(p["objectives"]["cost"].is_number());
        assert!(["supported", "unsupported", "grid"].contains(&p["kind"].as_str().unwrap()));
        assert!(p["allocation"]["projects"].is_array());
    }
    // Non-dominated: stability strictly decreasing exactly when cost is.
    for w in points.windows(2) {
        let (s0, c0) = (
            w[0]["objectives"]["stability"].as_f64().unwrap(),
            w[0]["objectives"]["cost"].as_f64().unwrap(),
        );
        let (s1, c1) = (
            w[1]["objectives"]["stability"].as_f64().unwrap(),
            w[1]["objectives"]["cost"].as_f64().unwrap(),
        );
        assert!(s1 < s0 && c1 < c0, "{s0},{c0} then {s1},{c1}");
    }
}

#[test]
fn pareto_csv_has_one_row_per_point_named_by_objective() {
    let out = accord()
        .args(["pareto", "--format", "csv"])
        .arg(root().join("tests/data/knapsack.mop"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), "point,obj1,obj2,kind,allocation");
    assert_eq!(lines.next().unwrap(), "p1,6.0,5.0,supported,x1;x2;x4");
}

#[test]
fn pick_returns_a_full_allocation() {
    for pick in ["compromise", "p1"] {
        accord()
            .arg("pareto")
            .arg(root().join("tests/valid/small"))
            .args([
                "--objective",
                "stability",
                "--objective",
                "cost",
                "--all-or-nothing",
                "--pick",
                pick,
            ])
            .assert()
            .code(0)
            .stdout(predicates::str::contains("check: passed"))
            .stdout(predicates::str::contains("Actors: spend against budget"));
    }
    accord()
        .arg("pareto")
        .arg(root().join("tests/valid/small"))
        .args([
            "--objective",
            "stability",
            "--objective",
            "cost",
            "--all-or-nothing",
            "--pick",
            "p999",
        ])
        .assert()
        .code(2);
}

#[test]
fn continuous_objectives_are_refused_by_epsilon_with_advice() {
    accord()
        .arg("pareto")
        .arg(root().join("tests/valid/small"))
        .args([
            "--objective",
            "stability",
            "--objective",
            "dominance",
            "--method",
            "epsilon",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--method dichotomy"));
    // The default (`auto`) falls back to a grid and says so.
    accord()
        .arg("pareto")
        .arg(root().join("tests/valid/small"))
        .args(["--objective", "stability", "--objective", "dominance"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("method grid"))
        .stderr(predicates::str::contains("continuum of values"));
    accord()
        .arg("pareto")
        .arg(root().join("tests/valid/small"))
        .args([
            "--objective",
            "stability",
            "--objective",
            "dominance",
            "--method",
            "grid",
            "--count",
            "5",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("grid"));
}

#[cfg(feature = "highs")]
#[test]
fn central_asia_stability_cost_front_is_exact() {
    let out = accord()
        .args([
            "pareto",
            "--format",
            "csv",
            "--backend",
            "highs",
            "--all-or-nothing",
        ])
        .arg(root().join("models/central_asia.toml"))
        .args(["--objective", "stability", "--objective", "cost"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parse = |text: &str| -> Vec<(f64, f64)> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let h = r.headers().unwrap().clone();
        let (si, ci) = (
            h.iter().position(|c| c == "stability").unwrap(),
            h.iter().position(|c| c == "cost").unwrap(),
        );
        let mut v: Vec<(f64, f64)> = r
            .records()
            .map(|rec| {
                let rec = rec.unwrap();
                (rec[si].parse().unwrap(), rec[ci].parse().unwrap())
            })
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let got = parse(&String::from_utf8(out.stdout).unwrap());
    let want = parse(
        &std::fs::read_to_string(
            root().join("data/central_asia/reference_front_stability_cost.csv"),
        )
        .unwrap(),
    );
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.0 - w.0).abs() < 1e-6 && (g.1 - w.1).abs() < 1e-6,
            "{g:?} vs {w:?}"
        );
    }
}

#[test]
fn a_front_without_points_is_a_status_with_exit_1() {
    for (file, status) in [
        ("infeasible.mop", "infeasible"),
        ("unbounded.mop", "unbounded"),
    ] {
        for method in ["auto", "epsilon", "dichotomy", "grid"] {
            let out = accord()
                .args(["pareto", "--format", "json", "--method", method])
                .arg(root().join("tests/data").join(file))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if file == "unbounded.mop" && method == "epsilon" {
                // Continuous columns: the exact method refuses with advice.
                assert_eq!(out.status.code(), Some(2), "{stderr}");
                continue;
            }
            assert_eq!(out.status.code(), Some(1), "{file} {method}: {stderr}");
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["status"], status, "{file} {method}");
            assert_eq!(v["points"].as_array().map(Vec::len), Some(0));
            assert!(stderr.contains(&format!("no front: {status}")), "{stderr}");
        }
    }
    // The table says it too.
    accord()
        .arg("pareto")
        .arg(root().join("tests/data/infeasible.mop"))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("NO FRONT: infeasible"));
}

#[test]
fn method_options_the_method_ignores_are_refused() {
    let small = root().join("tests/valid/small");
    let both = ["--objective", "stability", "--objective", "cost"];
    for (extra, why) in [
        (
            vec!["--method", "epsilon", "--step", "5", "--all-or-nothing"],
            "--step applies to the grid method",
        ),
        (
            vec!["--method", "dichotomy", "--count", "5"],
            "--count applies to the grid method",
        ),
        // auto picks the exact method on an all-or-nothing model: no grid.
        (
            vec!["--all-or-nothing", "--step", "5"],
            "auto chose epsilon",
        ),
        (
            vec!["--method", "grid", "--step", "5", "--count", "3"],
            "give one",
        ),
        (
            vec![
                "--method",
                "epsilon",
                "--all-or-nothing",
                "--mip-gap",
                "0.1",
            ],
            "is exact",
        ),
        (
            vec!["--threads", "0"],
            "--threads: expected a whole number >= 1",
        ),
        (
            vec!["--time-limit", "-1"],
            "--time-limit: expected a number of seconds > 0",
        ),
    ] {
        accord()
            .arg("pareto")
            .arg(&small)
            .args(both)
            .args(&extra)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(why));
    }
}

#[test]
fn pareto_takes_the_solve_options_and_the_model_file_solve_table() {
    let small = root().join("tests/valid/small");
    let out = accord()
        .args([
            "pareto", "--format", "json", "--method", "grid", "--count", "3",
        ])
        .arg(&small)
        .args(["--objective", "stability", "--objective", "dominance"])
        .args([
            "--mip-gap",
            "0.001",
            "--threads",
            "1",
            "--time-limit",
            "600",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "complete");
    // A model file's [solve] table is read: its backend is the one asked for.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.toml");
    std::fs::write(
        &model,
        format!(
            "data = {:?}\n[solve]\nbackend = \"nosuch\"\n",
            small.display().to_string()
        ),
    )
    .unwrap();
    accord()
        .arg("pareto")
        .arg(&model)
        .args(["--objective", "stability", "--objective", "cost"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("backend `nosuch`"));
    // ... and its time limit bounds the whole front.
    std::fs::write(
        &model,
        format!(
            "data = {:?}\n[solve]\ntime_limit = 1e-9\nthreads = 1\n",
            small.display().to_string()
        ),
    )
    .unwrap();
    let out = accord()
        .args(["pareto", "--format", "json", "--all-or-nothing"])
        .arg(&model)
        .args(["--objective", "stability", "--objective", "cost"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "partial", "{v}");
    // --out writes a manifest like the other commands.
    let out_dir = dir.path().join("front");
    accord()
        .args(["pareto", "--all-or-nothing", "--out"])
        .arg(&out_dir)
        .arg(&small)
        .args(["--objective", "stability", "--objective", "cost"])
        .assert()
        .code(0);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["outputs"], serde_json::json!(["front.json", "front.csv"]));
    assert_eq!(m["options"]["method_used"], "epsilon");
}
