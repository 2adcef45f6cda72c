//! `accord report`: the planner's page through the binary: every section
//! present (or saying how to ask for it), every chosen project and every
//! actor with money in the page, the same bytes for the same inputs, no
//! reference to anything outside the file, a manifest beside it, errors
//! with nothing half-written, and an infeasible model reported as such.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn accord() -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.current_dir(root());
    c
}

fn report(out: &Path, extra: &[&str]) -> (i32, String) {
    let a = accord()
        .args([
            "report",
            "models/central_asia.toml",
            "--backend",
            "microlp",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    (
        a.status.code().unwrap(),
        String::from_utf8_lossy(&a.stderr).into_owned(),
    )
}

/// The plan of central_asia as `accord solve --format json` gives it.
fn plan() -> serde_json::Value {
    let a = accord()
        .args([
            "solve",
            "models/central_asia.toml",
            "--backend",
            "microlp",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(a.status.success());
    serde_json::from_slice(&a.stdout).unwrap()
}

#[test]
fn central_asia_page_holds_the_plan_and_is_the_same_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one/r.html"), dir.path().join("two/r.html"));
    let (code, err) = report(&one, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = report(&two, &[]);
    assert_eq!(code, 0, "{err}");
    let a = std::fs::read(&one).unwrap();
    let b = std::fs::read(&two).unwrap();
    assert!(a == b, "two runs with the same inputs gave different pages");
    assert!(a.len() < 1 << 20, "page of {} bytes", a.len());
    let page = String::from_utf8(a).unwrap();
    for section in [
        "1. Headline",
        "2. Money flows",
        "3. Projects",
        "4. Actors",
        "5. What more would buy",
        "6. Trade-offs",
        "7. Reproduce",
    ] {
        assert!(page.contains(section), "no section {section}");
    }
    // Sections not asked for say how to ask.
    for ask in [
        "accord report ... --explain",
        "accord report ... --cooperation",
        "accord report ... --sensitivity",
        "accord report ... --front stability,cost",
    ] {
        assert!(page.contains(ask), "no hint {ask}");
    }
    let plan = plan();
    let chosen: Vec<&str> = plan["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["goes_ahead"].as_bool().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(chosen.len(), 15);
    for p in &chosen {
        assert!(page.contains(&format!("<code>{p}</code>")), "{p}");
    }
    assert!(page.contains("<b>15 of 20</b>"));
    for a in plan["actors"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        assert!(page.contains(&format!("id=\"actor-{id}\"")), "{id}");
    }
    // The checker's verdict and the inputs' checksums.
    assert!(page.contains("passed"));
    let sha = accord::report::sha256_file(&root().join("data/central_asia/actors.csv")).unwrap();
    assert!(page.contains(&sha));
    // Nothing outside the file: no links, sources, imports or URLs other
    // than SVG's namespace names.
    let stripped = page
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http://www.w3.org/1999/xlink", "");
    for bad in [
        "http://", "https://", "<link", "src=", "@import", "url(http",
    ] {
        assert!(!stripped.contains(bad), "the page refers outside: {bad}");
    }
    assert!(page.contains("Content-Security-Policy"));
    // The manifest beside it carries the times; the page does not.
    let m: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("one/r.manifest.json")).unwrap(),
    )
    .unwrap();
    assert!(m["options"]["seconds"]["solve"].as_f64().unwrap() >= 0.0);
    assert_eq!(m["outputs"][0], "r.html");
    assert!(!page.contains("in the solver"));
}

#[test]
fn explain_sensitivity_and_front_fill_their_sections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let (code, err) = report(
        &out,
        &[
            "--explain",
            "--sensitivity",
            "--front",
            "stability,cost",
            "--timings",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    // Why not: each project left out with what insisting costs.
    for p in [
        "chahbahar_termez",
        "amu_darya_water",
        "waste_storage",
        "soil_erosion",
        "water_treatment",
    ] {
        assert!(page.contains(&format!("<code>{p}</code>")), "{p}");
    }
    assert!(page.contains("insisting costs"));
    // Sensitivity: a row per budget and the binding rules with places.
    assert!(page.contains("Rules at their limit in the plan"));
    assert!(page.contains("data/central_asia/actors.csv:"));
    assert!(!page.contains("accord report ... --sensitivity"));
    // Front: plot, knee and compromise.
    assert!(page.contains("stability vs cost front"));
    assert!(page.contains("Knee"));
    assert!(page.contains("Compromise"));
    assert!(page.contains("in the solver"));
    for c in [
        "accord explain models/central_asia.toml",
        "accord sensitivity models/central_asia.toml",
        "accord pareto models/central_asia.toml",
    ] {
        assert!(page.contains(c), "no command {c}");
    }
}

#[test]
fn cooperation_blocs_fill_the_actor_section() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let a = accord()
        .args([
            "report",
            "tests/data/three_blocs",
            "--objective",
            "stability",
            "--backend",
            "microlp",
            "--cooperation",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("What the blocs bring"));
    assert!(page.contains("Value of cooperation."));
    assert!(page.contains("leave-one-out <b>"));
    assert!(page.contains("Owen <b>"));
    assert!(page.contains("What each set of blocs reaches together"));
}

#[test]
fn a_sweep_folder_gives_its_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("sweep");
    let a = accord()
        .args([
            "sweep",
            "tests/data/three_blocs",
            "--objective",
            "stability",
            "--backend",
            "microlp",
            "--grid",
            "actors.w1.budget=5,10,20",
            "--out",
        ])
        .arg(&sweep)
        .output()
        .unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let out = dir.path().join("r.html");
    let a = accord()
        .args([
            "report",
            "tests/data/three_blocs",
            "--objective",
            "stability",
            "--backend",
            "microlp",
            "--sweep",
        ])
        .arg(&sweep)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("What-if sweep"));
    assert!(page.contains("against the baseline"));
}

#[test]
fn infeasible_demands_give_a_page_that_says_so_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let (code, err) = report(&out, &["--floor", "stability=10000"]);
    assert_eq!(code, 1, "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("infeasible"));
    assert!(page.contains("There is no plan to show"));
    assert!(page.contains("<b>0 of 20</b>"));
}

#[test]
fn bad_input_is_exit_3_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["actors.csv", "projects.csv", "interests.csv"] {
        std::fs::copy(root().join("tests/data/three_blocs").join(f), data.join(f)).unwrap();
    }
    let actors = std::fs::read_to_string(data.join("actors.csv")).unwrap();
    std::fs::write(
        data.join("actors.csv"),
        actors.replace(
            "w2,West Two,western,false,10",
            "w2,West Two,western,false,ten",
        ),
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let a = accord()
        .args(["report"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(a.status.code(), Some(3));
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(err.contains("actors.csv:3:5"), "{err}");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn out_must_be_html_and_curve_needs_sensitivity() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = report(&dir.path().join("r.txt"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ending in .html"), "{err}");
    let (code, err) = report(&dir.path().join("r.html"), &["--curve", "eu.budget=0:100"]);
    assert_eq!(code, 2);
    assert!(err.contains("--curve needs --sensitivity"), "{err}");
}
