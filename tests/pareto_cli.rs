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
