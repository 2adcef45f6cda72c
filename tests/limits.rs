//! The limits a user can hit: numbers past what a backend takes are refused
//! before the call on every backend (exit 4 naming the number and the
//! limit; CLP would abort the process on a cost of 1e25), and a model file
//! with 100,000 objective tables is an error at once, not a quadratic walk.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn small_lp() -> String {
    std::fs::read_to_string(root().join("tests/data/lp.mps")).unwrap()
}

#[test]
fn huge_costs_and_entries_are_refused_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // A cost of -1e308 (the probe's gr4x6 mutation): CLP aborts on it.
        (
            "cost",
            small_lp().replace(
                "    Y         COST      3.0          RANGED    1.0",
                "    Y         COST      -1e308       RANGED    1.0",
            ),
            "column `Y` in objective",
        ),
        // A matrix entry of 1e22.
        (
            "matrix",
            small_lp().replace(
                "    Y         COVER     1.0",
                "    Y         COVER     1e22",
            ),
            "column `Y` in row `COVER`",
        ),
        // A finite bound of 1e25 (1e30 and more mean infinity in MPS).
        (
            "bound",
            small_lp().replace(
                " UP BND       X         3.0",
                " UP BND       X         1e25",
            ),
            "a bound of column `X`",
        ),
    ];
    for (name, text, what) in cases {
        let path = dir.path().join(format!("{name}.mps"));
        std::fs::write(&path, &text).unwrap();
        for backend in accord::backend::available() {
            let out = Command::cargo_bin("accord")
                .unwrap()
                .args(["solve", "--backend", backend])
                .arg(&path)
                .timeout(Duration::from_secs(60))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(4), "{name} on {backend}: {err}");
            assert!(err.contains(what), "{name} on {backend}: {err}");
            assert!(
                err.contains("takes magnitudes below"),
                "{name} on {backend}: {err}"
            );
        }
    }
    // The unchanged program solves everywhere (the guard is not a false alarm).
    for backend in accord::backend::available() {
        Command::cargo_bin("accord")
            .unwrap()
            .args(["solve", "--backend", backend])
            .arg(root().join("tests/data/lp.mps"))
            .assert()
            .success();
    }
}

#[test]
fn a_model_with_100000_objectives_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = format!(
        "name = \"many\"\ndata = \"{}\"\n",
        root().join("data/central_asia").display()
    );
    for k in 0..100_000 {
        toml.push_str(if k % 2 == 0 {
            "[[objective]]\nname = \"stability\"\n"
        } else {
            "[[objective]]\nname = \"cost\"\n"
        });
    }
    let path = dir.path().join("many.toml");
    std::fs::write(&path, toml).unwrap();
    let out = Command::cargo_bin("accord")
        .unwrap()
        .arg("check")
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    // The first duplicates with their lines, then a count of the rest.
    assert!(
        err.contains(
            "many.toml:8:8: objective.name: duplicate objective \"stability\" (first at line 4)"
        ),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("99798 more problems not shown"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert!(err.lines().count() < 300);
}
