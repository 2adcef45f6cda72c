//! The input corpus: every folder under `tests/invalid/` is a data set (or a
//! model file with its data) with one kind of fault, and its `expected.txt`
//! lists every diagnostic it must produce, one per line, as
//! `FILE[:LINE[:COLUMN]]: substring of the message` (FILE relative to the
//! case folder). Every folder under `tests/valid/` must load.

use std::path::{Path, PathBuf};

use accord::input::{load_instance, load_model};
use accord::{Diagnostic, Error};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Loads a case: its `model.toml` when there is one, else the folder.
fn load(dir: &Path) -> accord::Result<accord::domain::Instance> {
    let model = dir.join("model.toml");
    if model.exists() {
        load_model(&model).map(|(_, inst)| inst)
    } else {
        load_instance(dir)
    }
}

#[derive(Debug)]
struct Expected {
    file: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    text: String,
}

fn parse_expected(dir: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", dir.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (loc, msg) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("{}: bad expected line {l:?}", dir.display()));
            let mut parts = loc.split(':');
            let file = PathBuf::from(parts.next().unwrap());
            let mut num = || parts.next().map(|n| n.parse::<usize>().expect(l));
            let line = num();
            let column = num();
            Expected {
                file,
                line,
                column,
                text: msg.to_string(),
            }
        })
        .collect()
}

fn matches(dir: &Path, e: &Expected, d: &Diagnostic) -> bool {
    let file = d.file.strip_prefix(dir).unwrap_or(&d.file);
    file == e.file && d.line == e.line && d.column == e.column && d.message.contains(&e.text)
}

#[test]
fn invalid_cases_report_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    let all = cases("invalid");
    assert!(all.len() >= 30, "only {} invalid cases", all.len());
    for dir in &all {
        let name = dir.file_name().unwrap().to_string_lossy();
        let expected = parse_expected(dir);
        let diags = match load(dir) {
            Ok(_) => {
                failures.push(format!("{name}: loaded without error"));
                continue;
            }
            Err(Error::Invalid(d)) => d.0,
            Err(e) => {
                failures.push(format!("{name}: not Error::Invalid but {e}"));
                continue;
            }
        };
        let shown = || {
            diags
                .iter()
                .map(|d| {
                    let f = d.file.strip_prefix(dir).unwrap_or(&d.file);
                    format!(
                        "    {}",
                        Diagnostic {
                            file: f.into(),
                            ..d.clone()
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        for e in &expected {
            if !diags.iter().any(|d| matches(dir, e, d)) {
                failures.push(format!(
                    "{name}: no diagnostic matches {e:?}; got:\n{}",
                    shown()
                ));
            }
        }
        if diags.len() != expected.len() {
            failures.push(format!(
                "{name}: {} diagnostics, {} expected; got:\n{}",
                diags.len(),
                expected.len(),
                shown()
            ));
        }
        let mut sorted = diags.clone();
        sorted.sort_by(|x, y| (&x.file, x.line, x.column).cmp(&(&y.file, y.line, y.column)));
        if sorted != diags {
            failures.push(format!("{name}: diagnostics are not sorted"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn valid_cases_load() {
    let all = cases("valid");
    assert!(!all.is_empty());
    for dir in &all {
        if let Err(e) = load(dir) {
            panic!("{}: {e}", dir.display());
        }
    }
}
