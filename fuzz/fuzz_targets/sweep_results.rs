//! The sweep's `results.csv` as `--resume`, `merge` and `report --sweep`
//! read it back (one reader, `accord::sweep::parse_results`), for two
//! objective columns. Every row read is written again and read back the same.
#![no_main]
mod common;

use std::path::Path;

use accord::sweep::output::table_csv;
use accord::sweep::parse_results;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let columns: Vec<String> = vec!["stability".into(), "cost".into()];
    let path = Path::new("results.csv");
    let (rows, problems) = parse_results(data, path, &columns);
    if !problems.is_empty() {
        common::assert_placed(&accord::Error::Invalid(problems), false);
    }
    let written: Vec<_> = rows.iter().map(|(_, row)| row).collect();
    let bytes = table_csv(&columns, &written).into_bytes();
    let (again, problems) = parse_results(&bytes, path, &columns);
    assert!(
        problems.is_empty(),
        "a written row does not read back: {problems}"
    );
    assert_eq!(again.len(), rows.len());
    for ((_, a), (_, b)) in rows.iter().zip(&again) {
        assert_eq!(
            (&a.scenario, &a.status, &a.projects),
            (&b.scenario, &b.status, &b.projects)
        );
    }
});
