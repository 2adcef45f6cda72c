//! central_asia against an independent implementation of docs/model.md
//! (scripts/reference_highspy.py; tests/data/reference/README.md): the bloc
//! game of `accord cooperation` and the +/-10% budget effects of `accord
//! sensitivity`, on HiGHS (the reference's solver; both are exact MILP
//! optima, so they agree to rounding). Skipped without the highs feature.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference(name: &str) -> Value {
    let path = root().join("tests/data/reference").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn highs() -> bool {
    let here = accord::backend::available().contains(&"highs");
    if !here {
        eprintln!(
            "skipped: built without the highs feature (the reference answers are HiGHS optima)"
        );
    }
    here
}

fn accord(args: &[&str]) -> Value {
    let o = Command::cargo_bin("accord")
        .unwrap()
        .args(args)
        .arg(root().join("models/central_asia.toml"))
        .args(["--backend", "highs", "--jobs", "2", "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A number, or the `value` of a `{value, ...}` object.
fn number(v: &Value) -> f64 {
    v.as_f64()
        .or_else(|| v["value"].as_f64())
        .unwrap_or_else(|| panic!("no number in {v}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn bloc_game_agrees_with_the_reference() {
    if !highs() {
        return;
    }
    let want = reference("central_asia_blocs.json");
    let got = accord(&["cooperation", "--blocs-only"]);
    let values = want["values"].as_object().unwrap();
    assert_eq!(values.len(), 31);
    for (key, v) in values {
        let g = number(&got["blocs"]["values"][key]);
        assert!(
            close(g, v.as_f64().unwrap()),
            "v({key}): accord {g}, reference {v}"
        );
    }
    for part in ["alone", "marginal", "shapley"] {
        for (bloc, v) in want[part].as_object().unwrap() {
            let g = number(&got["blocs"][part][bloc]);
            assert!(
                close(g, v.as_f64().unwrap()),
                "{part} {bloc}: accord {g}, reference {v}"
            );
        }
    }
}

#[test]
fn budget_effects_agree_with_the_reference() {
    if !highs() {
        return;
    }
    let want = reference("central_asia_budgets.json");
    let got = accord(&["sensitivity", "--param", "budget", "--no-intervals"]);
    assert!(close(number(&got["base"]), want["base"].as_f64().unwrap()));
    let params = want["parameters"].as_array().unwrap();
    assert_eq!(params.len(), 24);
    for w in params {
        let g = got["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["actor"] == w["actor"] && p["param"] == "budget")
            .unwrap_or_else(|| panic!("no budget of {}", w["actor"]));
        for side in ["plus", "minus"] {
            let value = w["value"].as_f64().unwrap() + number(&g[side]["delta"]);
            let (a, b) = (number(&g[side]["objective"]), w[side].as_f64().unwrap());
            assert!(
                close(a, b),
                "{} {side} (budget {value}): accord {a}, reference {b}",
                w["actor"]
            );
        }
    }
}
