//! `accord bench` as users run it: tables, CSV, JSON, SVGs and manifest in
//! the out folder; time-outs, crashes and wrong answers as rows; exit codes.
//! Most cases use tiny MPS files written here; one runs a few Netlib
//! instances from `../shared/instances` and skips when that folder is absent.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn accord() -> Command {
    let mut c = Command::cargo_bin("accord").unwrap();
    c.env_remove("ACCORD_TEST_PERTURB")
        .env_remove("ACCORD_TEST_BENCH_FAULT");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// min -x - 2y s.t. x + y <= 4, x + 3y <= 6, 0 <= x <= 10, y >= 0:
/// optimum -5 at (3, 1).
const TINY: &str = "NAME tiny\nROWS\n N  obj\n L  c1\n L  c2\nCOLUMNS\n    x  obj  -1  c1  1\n    x  c2  1\n    y  obj  -2  c1  1\n    y  c2  3\nRHS\n    RHS  c1  4  c2  6\nBOUNDS\n UP BND x 10\nENDATA\n";

/// x + y <= 1 and x + y >= 2: infeasible.
const INFEAS: &str = "NAME infeas\nROWS\n N  obj\n L  c1\n G  c2\nCOLUMNS\n    x  obj  1  c1  1\n    x  c2  1\n    y  obj  1  c1  1\n    y  c2  1\nRHS\n    RHS  c1  1  c2  2\nENDATA\n";

/// A collection: lp/tiny.mps (optimum -5), lp/infeas.mps (infeasible),
/// lp/wrong.mps (same as tiny, but the manifest claims -4), and a row for
/// a file accord cannot read.
fn collection() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("lp")).unwrap();
    std::fs::write(d.path().join("lp/tiny.mps"), TINY).unwrap();
    std::fs::write(d.path().join("lp/wrong.mps"), TINY).unwrap();
    std::fs::write(d.path().join("lp/infeas.mps"), INFEAS).unwrap();
    std::fs::write(
        d.path().join("MANIFEST.csv"),
        "path,kind,objectives,rows,cols,integers,known_optimum\n\
         lp/tiny.mps,lp,1,2,2,0,-5\n\
         lp/infeas.mps,lp,1,2,2,0,infeasible\n\
         lp/wrong.mps,lp,1,2,2,0,-4\n\
         mo/x.dat,momilp,2,1,2,2,mo/x.front.txt\n",
    )
    .unwrap();
    d
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (h, rows)
}

fn col(h: &[String], name: &str) -> usize {
    h.iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {h:?}"))
}

fn assert_svg(path: &Path) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(
        s.contains("<svg") && s.trim_end().ends_with("</svg>"),
        "{}",
        path.display()
    );
    assert!(s.contains("<title>"), "{}", path.display());
    // Balanced text elements: a cheap well-formedness check.
    assert_eq!(s.matches("<text").count(), s.matches("</text>").count());
}

#[test]
fn manifest_collection_gives_table_csv_json_and_plots() {
    let d = collection();
    let out = d.path().join("out");
    let o = accord()
        .arg("bench")
        .arg(d.path().join("MANIFEST.csv"))
        .args([
            "--backends",
            "microlp",
            "--repeat",
            "2",
            "--time-limit",
            "20",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{stderr}");
    // Table: one line per instance, footer with totals.
    for name in ["lp/tiny.mps", "lp/infeas.mps", "lp/wrong.mps"] {
        assert!(stdout.contains(name), "{stdout}");
    }
    assert!(
        stdout.contains("sgm(10s)") && stdout.contains("2/3"),
        "{stdout}"
    );
    assert!(stdout.contains("WRONG"), "{stdout}");
    // The row accord cannot read is named; the wrong answer is loud.
    assert!(stderr.contains("1 manifest rows left out"), "{stderr}");
    assert!(stderr.contains("WARNING: 1 wrong answer"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no progress bar off a terminal");

    let (h, rows) = read_csv(&out.join("runs.csv"));
    assert_eq!(h, accord::bench::RUN_COLUMNS);
    assert_eq!(rows.len(), 6, "3 instances x 1 backend x 2 repeats");
    let (inst, status, wrong, solved, rel, mem, wall, solver) = (
        col(&h, "instance"),
        col(&h, "status"),
        col(&h, "wrong"),
        col(&h, "solved"),
        col(&h, "rel_error"),
        col(&h, "peak_rss_kib"),
        col(&h, "wall_seconds"),
        col(&h, "solver_seconds"),
    );
    let mut repeats: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[inst].clone(), r[col(&h, "repeat")].clone()))
        .collect();
    repeats.sort();
    repeats.dedup();
    assert_eq!(repeats.len(), 6, "every instance twice");
    for r in &rows {
        let w: f64 = r[wall].parse().unwrap();
        let s: f64 = r[solver].parse().unwrap();
        assert!(w > 0.0 && s >= 0.0 && s <= w, "{r:?}");
        assert!(r[mem].parse::<u64>().unwrap() > 1000, "{r:?}");
        match r[inst].as_str() {
            "lp/tiny.mps" => {
                assert_eq!(
                    (&*r[status], &*r[solved], &*r[wrong]),
                    ("optimal", "true", "false")
                );
                assert!(r[rel].parse::<f64>().unwrap() <= 1e-9);
            }
            "lp/infeas.mps" => {
                assert_eq!((&*r[status], &*r[solved]), ("infeasible", "true"));
                assert_eq!(r[rel], "");
            }
            "lp/wrong.mps" => {
                assert_eq!(
                    (&*r[status], &*r[solved], &*r[wrong]),
                    ("optimal", "false", "true")
                );
                // |-5 - (-4)| / max(1, 4)
                let e: f64 = r[rel].parse().unwrap();
                assert!((e - 0.25).abs() < 1e-9, "{e}");
                assert!(r[col(&h, "reason")].contains("known optimum"));
            }
            other => panic!("unexpected instance {other}"),
        }
    }

    let (h, cells) = read_csv(&out.join("summary.csv"));
    assert_eq!(h, accord::bench::CELL_COLUMNS);
    assert_eq!(cells.len(), 3);
    assert!(cells.iter().all(|c| c[col(&h, "runs")] == "2"));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["runs"].as_array().unwrap().len(), 6);
    assert_eq!(json["cells"].as_array().unwrap().len(), 3);
    let t = &json["totals"][0];
    assert_eq!(t["backend"], "microlp");
    assert_eq!(
        (t["solved"].as_u64(), t["wrong"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(json["time"], "solver");

    let (h, prof) = read_csv(&out.join("profile.csv"));
    assert_eq!(h, ["backend", "tau", "fraction"]);
    assert_eq!(prof.len(), 1, "one backend: a single step at tau 1");
    let f: f64 = prof[0][2].parse().unwrap();
    assert!((f - 2.0 / 3.0).abs() < 1e-9, "{f}");
    let (_, chart) = read_csv(&out.join("instances.csv"));
    assert_eq!(chart.len(), 3);
    assert_svg(&out.join("profile.svg"));
    assert_svg(&out.join("instances.svg"));

    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(
        inputs.len(),
        4,
        "three MPS files and the manifest: {inputs:?}"
    );
    assert!(inputs
        .iter()
        .all(|i| i["sha256"].as_str().unwrap().len() == 64));
    assert_eq!(m["backends"][0]["id"], "microlp");
    assert!(m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o == "profile.svg"));
    // No temporary files left behind.
    for e in std::fs::read_dir(&out).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!n.starts_with(".accord-"), "{n}");
    }

    // --fail-on-wrong turns the wrong answer into exit code 4.
    accord()
        .arg("bench")
        .arg(d.path().join("lp/wrong.mps"))
        .args(["--backends", "microlp", "--fail-on-wrong"])
        .assert()
        .code(4);
}

#[test]
fn time_outs_and_crashes_are_rows() {
    let d = collection();
    let out = d.path().join("out");
    let started = std::time::Instant::now();
    let o = accord()
        .env("ACCORD_TEST_BENCH_FAULT", "hang:tiny.mps,crash:infeas.mps")
        .arg("bench")
        .arg(d.path().join("lp"))
        .args([
            "--backends",
            "microlp",
            "--time-limit",
            "0.5",
            "--grace",
            "0.5",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        started.elapsed().as_secs_f64() < 30.0,
        "the hanging worker was killed"
    );
    let (h, rows) = read_csv(&out.join("runs.csv"));
    let find = |name: &str| {
        rows.iter()
            .find(|r| r[col(&h, "instance")] == name)
            .unwrap_or_else(|| panic!("{name}: {rows:?}"))
            .clone()
    };
    let hang = find("lp/tiny.mps");
    assert_eq!(hang[col(&h, "status")], "time_limit");
    assert_eq!(hang[col(&h, "solved")], "false");
    assert!(hang[col(&h, "reason")].contains("killed after"), "{hang:?}");
    let wall: f64 = hang[col(&h, "wall_seconds")].parse().unwrap();
    assert!(
        (0.9..20.0).contains(&wall),
        "killed at limit + grace: {wall}"
    );
    let crash = find("lp/infeas.mps");
    assert_eq!(crash[col(&h, "status")], "crashed");
    assert!(crash[col(&h, "reason")].contains("SIGABRT"), "{crash:?}");
    // The third instance ran normally (a wrong known optimum, see the manifest).
    assert_eq!(find("lp/wrong.mps")[col(&h, "status")], "optimal");
    assert!(
        stdout.contains("TL-kill") && stdout.contains("CRASH"),
        "{stdout}"
    );
    assert_svg(&out.join("instances.svg"));
}

#[test]
fn a_solution_failing_the_checker_is_a_wrong_answer() {
    let d = collection();
    let out = d.path().join("out");
    let o = accord()
        .env("ACCORD_TEST_PERTURB", "1")
        .arg("bench")
        .arg(d.path().join("lp/tiny.mps"))
        .args(["--backends", "microlp", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("WARNING: 1 wrong answer"), "{stderr}");
    let (h, rows) = read_csv(&out.join("runs.csv"));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r[col(&h, "check_passed")], "false");
    assert_eq!(r[col(&h, "wrong")], "true");
    assert!(r[col(&h, "reason")].contains("checker FAILED"), "{r:?}");
    assert!(r[col(&h, "max_violation")].parse::<f64>().unwrap() > 0.5);
}

#[test]
fn usage_and_input_errors() {
    let d = collection();
    let tiny = d.path().join("lp/tiny.mps");
    accord()
        .arg("bench")
        .arg(&tiny)
        .args(["--backends", "nosuch"])
        .assert()
        .code(2);
    accord()
        .arg("bench")
        .arg(&tiny)
        .args(["--repeat", "0"])
        .assert()
        .code(2);
    accord()
        .arg("bench")
        .arg(&tiny)
        .args(["--time-limit", "-1"])
        .assert()
        .code(2);
    accord()
        .arg("bench")
        .arg(&tiny)
        .args(["--backends", "microlp,microlp"])
        .assert()
        .code(2);
    accord()
        .arg("bench")
        .arg(d.path().join("missing.mps"))
        .assert()
        .code(3);
    accord()
        .arg("bench")
        .arg(d.path().join("lp"))
        .args(["--filter", "nomatch"])
        .assert()
        .code(2);
    accord().arg("bench").assert().code(2);
}

#[test]
fn domain_model_and_netlib_instances() {
    let shared = root().join("../shared/instances");
    let mut inputs = vec![root().join("models/central_asia.toml")];
    let netlib = ["afiro.mps", "sc50a.mps", "infeasible/bgdbg1.mps"];
    if shared.join("MANIFEST.csv").is_file() {
        inputs.extend(netlib.iter().map(|n| shared.join("netlib").join(n)));
    } else {
        println!(
            "SKIP (Netlib part): {} not found; running the domain model only",
            shared.display()
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = accord()
        .arg("bench")
        .args(&inputs)
        .args([
            "--backends",
            "microlp",
            "--repeat",
            "2",
            "--time-limit",
            "60",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (h, rows) = read_csv(&out.join("runs.csv"));
    assert_eq!(rows.len(), inputs.len() * 2);
    let model: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col(&h, "instance")] == "central_asia.toml")
        .collect();
    assert_eq!(model.len(), 2);
    for r in &model {
        assert_eq!(r[col(&h, "kind")], "model");
        assert_eq!(r[col(&h, "status")], "optimal");
        assert_eq!(r[col(&h, "solved")], "true");
        assert_eq!(r[col(&h, "known")], "");
        // Lexicographic stability then cost: two solves; stability 462.08.
        assert_eq!(r[col(&h, "solves")], "2");
        let v: f64 = r[col(&h, "objective")].parse().unwrap();
        assert!((v - 462.08).abs() < 1e-6, "{v}");
        assert_eq!(r[col(&h, "integers")], "297");
    }
    if inputs.len() > 1 {
        for n in netlib {
            let name = format!("netlib/{n}");
            let r: Vec<&Vec<String>> = rows
                .iter()
                .filter(|r| r[col(&h, "instance")] == name)
                .collect();
            assert_eq!(r.len(), 2, "{name}");
            for r in r {
                assert_eq!(r[col(&h, "solved")], "true", "{r:?}");
                assert_ne!(r[col(&h, "known")], "", "known answer from MANIFEST: {r:?}");
            }
        }
        assert!(stdout.contains("netlib/afiro.mps"), "{stdout}");
    }
    // The manifest lists the model's TOML and its CSV files.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let paths: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("central_asia.toml")));
    assert!(paths.iter().any(|p| p.ends_with("actors.csv")));
}
