//! `accord sweep` and `accord merge` as users (and Slurm jobs) run them:
//! a sweep killed with SIGKILL and resumed loses and duplicates nothing;
//! bad scenario files are refused before anything runs; failed scenarios
//! are rows; shards merge into exactly the table of an unsharded run.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("accord")
}

fn accord() -> Command {
    let mut c = Command::new(bin());
    for v in [
        "ACCORD_TEST_PERTURB",
        "ACCORD_TEST_SWEEP_DELAY_MS",
        "ACCORD_TEST_SWEEP_FAIL",
    ] {
        c.env_remove(v);
    }
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn small() -> PathBuf {
    root().join("tests/valid/small")
}

const SCENARIOS: &str = "scenario,table,key,column,op,value,note\n\
base,,,,,,the data as it is\n\
kaz_poor,actors,kaz,budget,scale,0.2,\n\
eu_rich,actors,eu,budget,add,100,\n\
road_dear,projects,road,cost,scale,1.5,\n\
no_rival,relations,rus/eu,,remove_row,,\n\
veto,interests,uzb/water,veto,set,true,\n\
new_pair,interests,rus/water,,add_row,,\n\
new_pair,interests,rus/water,min_funding,set,5,\n\
weighted,options,method,,set,weighted,\n\
weighted,options,weight,cost,set,0.1,\n\
cheap_first,options,objectives,,set,cost;stability,\n";

/// `accord sweep` of the small model over the scenarios in `file`.
fn sweep_small(file: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = accord();
    c.args(["sweep"]).arg(small()).arg("--scenarios").arg(file);
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The rows of a results table without its timing columns (the last two).
fn rows_without_timing(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let n = rec.len();
            rec.iter().take(n - 2).map(String::from).collect()
        })
        .collect()
}

fn data_lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|t| t.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

#[test]
fn sweep_writes_every_file_and_a_planner_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", SCENARIOS);
    let out = dir.path().join("out");
    sweep_small(&file)
        .args(["--jobs", "2", "--allocations", "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("veto"))
        .stdout(predicate::str::contains("baseline"));
    for f in [
        "results.csv",
        "deltas.csv",
        "manifest.json",
        "tornado.svg",
        "tornado.csv",
        "allocations/base.csv",
        "allocations/new_pair.csv",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let rows = rows_without_timing(&out.join("results.csv"));
    assert_eq!(
        rows[0],
        [
            "scenario",
            "status",
            "stability",
            "cost",
            "equity",
            "dominance",
            "satisfaction",
            "projects",
            "check",
            "max_violation",
            "reason"
        ]
    );
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        [
            "base",
            "kaz_poor",
            "eu_rich",
            "road_dear",
            "no_rival",
            "veto",
            "new_pair",
            "weighted",
            "cheap_first"
        ]
    );
    for r in &rows[1..] {
        assert_eq!(r[1], "optimal", "{r:?}");
        assert_eq!(r[8], "passed", "{r:?}");
    }
    // Vetoing water takes it out; minimizing cost first does nothing at all.
    let veto = &rows[6];
    assert!(!veto[7].contains("water"), "{veto:?}");
    assert_eq!(rows[9][3], "0");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], true);
    assert_eq!(manifest["sweep"]["inputs"].as_array().unwrap().len(), 5);
    // A second run into the same folder must not silently overwrite it.
    sweep_small(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
}

#[test]
fn bad_scenario_rows_are_all_reported_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "bad.csv",
        "scenario,table,key,column,op,value\n\
         a,actors,kazz,budget,scale,2\n\
         b,actors,kaz,budget,scale,much\n\
         c,actors,kaz,name,add,1\n\
         d,interests,kaz/water,,remove_row,\n\
         e,interests,kaz/road,,add_row,\n\
         f,actors,kaz,budget,add,-100\n",
    );
    let out = dir.path().join("out");
    let assert = sweep_small(&file).arg("--out").arg(&out).assert().code(3);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for expect in [
        "bad.csv:2:3: key: no actor \"kazz\"",
        "bad.csv:3:6: value: expected a factor >= 0 for scale, found \"much\"",
        "bad.csv:4:5: op: add needs a numeric column",
        "bad.csv:5:3: key: remove_row: interests.csv has no pair \"kaz/water\"",
        "bad.csv:6:3: key: add_row: interests.csv already has the pair \"kaz/road\"",
        "bad.csv:7:6: value: add budget 40 by -100 gives -60",
    ] {
        assert!(err.contains(expect), "missing {expect:?} in\n{err}");
    }
    assert!(err.contains("6 problems"), "{err}");
    assert!(!out.exists(), "nothing may be written");
    // A bad --grid is reported the same way.
    accord()
        .args(["sweep"])
        .arg(small())
        .args(["--grid", "actors.kaz.budgt*=1:2:0.5"])
        .arg("--out")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "--grid actors.kaz.budgt*=1:2:0.5: column: expected a column of actors",
        ));
}

#[test]
fn a_failed_scenario_is_a_row_with_its_status_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", SCENARIOS);
    let out = dir.path().join("out");
    accord()
        .env("ACCORD_TEST_SWEEP_FAIL", "road_dear,veto")
        .args(["sweep"])
        .arg(small())
        .arg("--scenarios")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "2 scenario(s) without a valid solution",
        ));
    let rows = rows_without_timing(&out.join("results.csv"));
    let road = rows.iter().find(|r| r[0] == "road_dear").unwrap();
    assert_eq!(road[1], "error");
    assert!(road[10].contains("failed"), "{road:?}");
    assert_eq!(road[2], "");
    let deltas = std::fs::read_to_string(out.join("deltas.csv")).unwrap();
    assert!(deltas.contains("veto,error,,,,,"), "{deltas}");
    let tornado = std::fs::read_to_string(out.join("tornado.svg")).unwrap();
    assert!(tornado.contains("no solution: road_dear (error), veto (error)"));
}

/// Polls until `path` has at least `n` data rows.
fn wait_for_rows(path: &Path, n: usize, limit: Duration) {
    let t = Instant::now();
    while data_lines(path) < n {
        assert!(
            t.elapsed() < limit,
            "no {n} rows in {} after {limit:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_sweep_killed_twice_with_sigkill_resumes_to_the_uninterrupted_table() {
    let dir = tempfile::tempdir().unwrap();
    let grid = ["--grid", "actors.kaz.budget*=0.5:2:0.05"]; // 31 points + baseline
    let reference = dir.path().join("reference");
    accord()
        .args(["sweep"])
        .arg(small())
        .args(grid)
        .args(["--jobs", "2", "--out"])
        .arg(&reference)
        .assert()
        .code(0);
    let expected = rows_without_timing(&reference.join("results.csv"));
    assert_eq!(expected.len(), 33);

    let out = dir.path().join("killed");
    let results = out.join("results.csv");
    let spawn = |resume: bool| {
        let mut c = std::process::Command::new(bin());
        c.arg("sweep")
            .arg(small())
            .args(grid)
            .args(["--jobs", "2", "--out"])
            .arg(&out)
            .env("ACCORD_TEST_SWEEP_DELAY_MS", "120")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if resume {
            c.arg("--resume");
        }
        c.spawn().unwrap()
    };
    // First run: killed after a few rows.
    let mut child = spawn(false);
    wait_for_rows(&results, 3, Duration::from_secs(60));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let after_first = data_lines(&results);
    assert!(after_first < 32, "the run finished before it was killed");
    // A kill in the middle of a write leaves a torn line; resume must drop it.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&results)
        .unwrap();
    std::io::Write::write_all(&mut f, b"actors.kaz.budget*=1.95,optim").unwrap();
    drop(f);
    // Second run: resumed, and killed again.
    let mut child = spawn(true);
    wait_for_rows(&results, after_first + 3, Duration::from_secs(60));
    child.kill().unwrap();
    child.wait().unwrap();
    let after_second = data_lines(&results);
    assert!(
        after_second < 32,
        "the resumed run finished before it was killed"
    );
    // Third run: resumed to the end.
    let assert = accord()
        .args(["sweep"])
        .arg(small())
        .args(grid)
        .args(["--jobs", "2", "--resume", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let recorded = format!("{} already recorded", after_second);
    assert!(stdout.contains(&recorded), "{stdout}");
    let got = rows_without_timing(&results);
    assert_eq!(
        got, expected,
        "the resumed table differs from the uninterrupted one"
    );
    let mut ids: Vec<&String> = got.iter().map(|r| &r[0]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 33, "every scenario exactly once");
    // The grid chart and its data are there too.
    assert!(out.join("grid.svg").exists() && out.join("grid.csv").exists());
}

#[test]
fn resume_refuses_results_of_other_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", SCENARIOS);
    let out = dir.path().join("out");
    let run = |resume: bool| {
        let mut c = accord();
        c.args(["sweep"])
            .arg(small())
            .arg("--scenarios")
            .arg(&file)
            .arg("--out")
            .arg(&out);
        if resume {
            c.arg("--resume");
        }
        c.assert()
    };
    run(false).code(0);
    run(true)
        .code(0)
        .stdout(predicate::str::contains("0 solved, 9 already recorded"));
    write(dir.path(), "s.csv", &SCENARIOS.replace("0.2", "0.3"));
    run(true)
        .code(2)
        .stderr(predicate::str::contains("s.csv (SHA-256 differs) changed"));
}

fn run_shards(file: &Path, out: &Path, n: usize) {
    for i in 0..n {
        sweep_small(file)
            .args(["--shard", &format!("{i}/{n}"), "--out"])
            .arg(out)
            .assert()
            .code(0);
        assert!(out.join(format!("shard-{i}-of-{n}.csv")).exists());
        assert!(out.join(format!("shard-{i}-of-{n}.manifest.json")).exists());
        assert!(!out.join(format!(".shard-{i}-of-{n}.partial.csv")).exists());
    }
}

#[test]
fn shards_merge_into_the_unsharded_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", SCENARIOS);
    let whole = dir.path().join("whole");
    sweep_small(&file).arg("--out").arg(&whole).assert().code(0);
    let shards = dir.path().join("shards");
    run_shards(&file, &shards, 4);
    // A shard task re-run by the scheduler simply overwrites its files.
    sweep_small(&file)
        .args(["--shard", "2/4", "--out"])
        .arg(&shards)
        .assert()
        .code(0);
    // With --resume, a completed shard is not solved again.
    sweep_small(&file)
        .args(["--shard", "1/4", "--resume", "--out"])
        .arg(&shards)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 solved, 2 already recorded"));
    accord()
        .arg("merge")
        .arg(&shards)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("4 shards, 9 scenarios"));
    assert_eq!(
        rows_without_timing(&shards.join("results.csv")),
        rows_without_timing(&whole.join("results.csv"))
    );
    assert_eq!(
        std::fs::read(shards.join("deltas.csv")).unwrap(),
        std::fs::read(whole.join("deltas.csv")).unwrap()
    );
    assert!(shards.join("merge.manifest.json").exists());
    // --out FILE writes the table there with its manifest beside it.
    let merged = dir.path().join("merged.csv");
    accord()
        .arg("merge")
        .arg(&shards)
        .arg("--out")
        .arg(&merged)
        .assert()
        .code(0);
    assert_eq!(
        rows_without_timing(&merged),
        rows_without_timing(&whole.join("results.csv"))
    );
    assert!(dir.path().join("merged.csv.manifest.json").exists());
}

#[test]
fn merge_lists_missing_shards_and_refuses_mixed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", SCENARIOS);
    let out = dir.path().join("shards");
    for i in [0, 2] {
        sweep_small(&file)
            .args(["--shard", &format!("{i}/4"), "--out"])
            .arg(&out)
            .assert()
            .code(0);
    }
    accord()
        .arg("merge")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("missing shards: 1, 3 (of 4)"));
    assert!(!out.join("results.csv").exists());

    // Shard 1 from other inputs (a changed scenarios file), shard 3 from other options.
    let other = write(dir.path(), "other.csv", &SCENARIOS.replace("0.2", "0.25"));
    sweep_small(&other)
        .args(["--shard", "1/4", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    sweep_small(&file)
        .args(["--mip-gap", "0.01", "--shard", "3/4", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let assert = accord().arg("merge").arg(&out).assert().code(3);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains(
            "shard-1-of-4.manifest.json: shards of different sweeps: the contents of input"
        ),
        "{err}"
    );
    assert!(
        err.contains("shard-3-of-4.manifest.json: shards of different sweeps: the solve options"),
        "{err}"
    );

    // A duplicated row in a shard table is refused too.
    run_shards(&file, &out, 4);
    let p = out.join("shard-1-of-4.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let dup = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&p, format!("{text}{dup}\n")).unwrap();
    accord()
        .arg("merge")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("duplicate scenario"));
}

#[test]
fn scenario_rows_state_demands_checked_against_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "d.csv",
        "scenario,table,key,column,op,value\n\
         no_road,options,never,road,set,\n\
         half_water,options,must,water,set,0.5\n\
         capped,options,cap,cost,set,50\n",
    );
    let out = dir.path().join("out");
    accord()
        .args(["sweep"])
        .arg(small())
        .arg("--scenarios")
        .arg(&good)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let table = std::fs::read_to_string(out.join("results.csv")).unwrap();
    let row = |id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string()
    };
    assert!(!row("no_road,").contains("road;") && !row("no_road,").ends_with("road"));
    assert!(row("half_water,").contains("water"), "{table}");
    let bad = write(
        dir.path(),
        "bad.csv",
        "scenario,table,key,column,op,value\n\
         a,options,must,rood,set,\n\
         b,options,cap,equity,set,3\n",
    );
    accord()
        .args(["sweep"])
        .arg(small())
        .arg("--scenarios")
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("bad"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "bad.csv:2:4: column: expected the project this must names",
        ))
        .stderr(predicate::str::contains(
            "bad.csv:3:4: column: a cap on equity cannot be stated",
        ));
}
