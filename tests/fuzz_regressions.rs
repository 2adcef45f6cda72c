//! Inputs the fuzz targets in `fuzz/` found, minimized, and the properties
//! they check, kept as ordinary tests (see docs/fuzzing.md).

use std::path::{Path, PathBuf};

use accord::model::{LoadOptions, Model};
use accord::sweep::{header, parse_results};
use accord::Error;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fuzzers' property: invalid input, every problem inside an existing
/// file at a line.
fn assert_placed(e: &Error) {
    let Error::Invalid(d) = e else {
        panic!("expected invalid input, got {e}")
    };
    for p in &d.0 {
        assert!(p.line.is_some() || !p.file.is_file(), "no line: {p}");
    }
}

/// model_toml, crash-c2a6e86e: a TOML syntax error made the reader look
/// for the data folder the file names (`data = "."`, the scratch folder)
/// even though `--data` replaced it, and report that folder's missing CSVs.
#[test]
fn data_flag_replaces_the_folder_of_a_model_file_with_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.toml");
    std::fs::write(&path, "data = \".\"\n[solve\n").unwrap();
    let options = LoadOptions {
        data: Some(root().join("tests/valid/small")),
        all_or_nothing: false,
    };
    let err = Model::load(&path, &options).unwrap_err();
    assert_placed(&err);
    let Error::Invalid(d) = &err else {
        unreachable!()
    };
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d.0[0].file, path);
    assert_eq!(d.0[0].line, Some(2));
    assert!(d.0[0].message.starts_with("TOML syntax"), "{err}");
}

/// data_folder, crash-da39a3ee (the empty input): a folder with none of
/// its files names each missing file, without a line (the file as a whole).
#[test]
fn an_empty_data_folder_names_each_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Model::load(dir.path(), &LoadOptions::default()).unwrap_err();
    assert_placed(&err);
    let text = err.to_string();
    for f in ["actors.csv", "projects.csv", "interests.csv"] {
        assert!(text.contains(&format!("{f}: file not found")), "{text}");
    }
}

/// sweep_results: a row whose reason spans two lines (a quoted newline)
/// shifted every later line number by one when lines were counted as
/// records; problems now carry the record's own line and the bad field.
#[test]
fn results_problems_carry_the_line_and_field_of_their_cell() {
    let columns: Vec<String> = vec!["stability".into(), "cost".into()];
    let text = format!(
        "{}\nbaseline,infeasible,,,,,,\"two\nlines\",0.1,0.2\nx,optimal,1,2,a,passed,0,,fast,0.2\n",
        header(&columns).join(",")
    );
    let (rows, problems) = parse_results(text.as_bytes(), Path::new("results.csv"), &columns);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, 2);
    assert_eq!(rows[0].1.reason, "two\nlines");
    assert_eq!(problems.len(), 1, "{problems}");
    let p = &problems.0[0];
    assert_eq!((p.line, p.column), (Some(4), Some(9)), "{p}");
    assert_eq!(
        p.to_string(),
        "results.csv:4:9: solve_seconds: expected a number, found \"fast\""
    );
}

/// sweep_results: a row of another width names its field count.
#[test]
fn a_results_row_of_another_width_is_placed() {
    let columns: Vec<String> = vec!["stability".into()];
    let text = format!("{}\nbaseline,optimal\n", header(&columns).join(","));
    let (rows, problems) = parse_results(text.as_bytes(), Path::new("r.csv"), &columns);
    assert!(rows.is_empty());
    assert_eq!(
        problems.0[0].to_string(),
        "r.csv:2:3: expected 9 fields as in the header, found 2"
    );
}

/// demands: every refused flag value is placed at its flag.
#[test]
fn demand_flags_are_placed_at_their_flag() {
    use accord::request::key;
    for (name, item) in [
        ("floor", "stability"),
        ("cap", "cost=x"),
        ("must", "p=2"),
        ("never", "p=1"),
    ] {
        let m = key(name).flag_demand(item).unwrap_err();
        assert!(m.starts_with(&format!("--{name} ")), "{m}");
    }
    let d = key("must").flag_demand("road=0.5").unwrap();
    assert_eq!(d.place.as_deref(), Some("--must road=0.5"));
}
