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

/// Changes one row's cells (row index, cells, header).
type Edit<'a> = dyn Fn(usize, &mut Vec<String>, &[String]) + 'a;

/// The Central Asia data with money spread over 16 orders of magnitude:
/// budgets x 1e10 (up to 5e12), every other project's cost x 1e-5 (down to
/// 3e-4) and the rest x 1e9, funding caps and floors cleared.
fn badly_scaled(dir: &std::path::Path) {
    let src = root().join("data/central_asia");
    std::fs::copy(src.join("relations.csv"), dir.join("relations.csv")).unwrap();
    let edit = |name: &str, f: &Edit<'_>| {
        let text = std::fs::read_to_string(src.join(name)).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        let mut out = vec![header.join(",")];
        for (i, line) in lines.enumerate() {
            let mut rec = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let mut cells: Vec<String> = rec
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(String::from)
                .collect();
            f(i, &mut cells, &header);
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&cells).unwrap();
            out.push(
                String::from_utf8(w.into_inner().unwrap())
                    .unwrap()
                    .trim_end()
                    .to_string(),
            );
        }
        std::fs::write(dir.join(name), out.join("\n") + "\n").unwrap();
    };
    let col = |h: &[String], c: &str| h.iter().position(|x| x == c).unwrap();
    edit("actors.csv", &|_, cells, h| {
        let b = col(h, "budget");
        cells[b] = format!("{}", cells[b].parse::<f64>().unwrap() * 1e10);
    });
    edit("projects.csv", &|i, cells, h| {
        let c = col(h, "cost");
        let f = if i % 2 == 1 { 1e-5 } else { 1e9 };
        cells[c] = format!("{:.4e}", cells[c].parse::<f64>().unwrap() * f);
    });
    edit("interests.csv", &|_, cells, h| {
        for c in ["max_funding", "min_funding"] {
            cells[col(h, c)].clear();
        }
    });
}

#[test]
fn check_names_the_columns_and_cells_of_a_badly_scaled_model() {
    let dir = tempfile::tempdir().unwrap();
    badly_scaled(dir.path());
    let out = Command::cargo_bin("accord")
        .unwrap()
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warning = err
        .lines()
        .find(|l| l.contains("money figures"))
        .unwrap_or_else(|| panic!("no scaling warning:\n{err}"));
    assert!(warning.contains("16.2 orders of magnitude"), "{warning}");
    assert!(
        warning.contains("smallest projects.cost 3e-4 of mountain_training"),
        "{warning}"
    );
    assert!(warning.contains("projects.csv:11:5)"), "{warning}");
    assert!(
        warning.contains("largest actors.budget 5e12 of energy_west"),
        "{warning}"
    );
    assert!(warning.contains("actors.csv:17:6)"), "{warning}");
    // The Central Asia data itself is within the limit.
    let out = Command::cargo_bin("accord")
        .unwrap()
        .args(["check", "data/central_asia"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("orders of magnitude"));
}

/// Either a plan that passes the check, or exit 4 blaming the scaling with
/// the columns named; never a wrong plan reported as right.
#[test]
fn a_badly_scaled_model_is_solved_and_verified_or_refused_with_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    badly_scaled(dir.path());
    for backend in accord::backend::available() {
        if backend == "clarabel" {
            continue; // continuous only: the model has integers
        }
        let out = Command::cargo_bin("accord")
            .unwrap()
            .args(["solve", "--backend", backend])
            .arg(dir.path())
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let (so, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        match out.status.code() {
            Some(0) => assert!(so.contains("check: passed"), "{backend}: {so}"),
            Some(4) => assert!(
                err.contains("likely cause: money figures (actors.budget, projects.cost"),
                "{backend}: {err}"
            ),
            other => panic!("{backend}: exit {other:?}\n{so}\n{err}"),
        }
    }
}

#[test]
fn the_size_guard_refuses_a_large_folder_and_generate_at_once() {
    // The guard lowered to 5 pairs: the Central Asia data has more.
    let out = Command::cargo_bin("accord")
        .unwrap()
        .args(["check", "data/central_asia"])
        .env("ACCORD_MAX_PAIRS", "5")
        .current_dir(root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("interests.csv:7: ")
            && err.contains("past the size guard of 5 (ACCORD_MAX_PAIRS)"),
        "{err}"
    );
    // generate refuses before it allocates anything: at the default guard,
    // 100,000 x 100,000 pairs would need hundreds of GiB.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("accord")
        .unwrap()
        .args([
            "generate",
            "--actors",
            "100000",
            "--projects",
            "100000",
            "--density",
            "1",
            "--out",
        ])
        .arg(dir.path().join("g"))
        .env_remove("ACCORD_MAX_PAIRS")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("past the size guard of 2000000 (ACCORD_MAX_PAIRS, default)"),
        "{err}"
    );
    assert!(!dir.path().join("g").exists());
}
