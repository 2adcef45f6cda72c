//! `accord merge DIR`: the shards of one sweep -> one table, identical to
//! the table of the same sweep run on one machine (timing columns apart).
//!
//! Refused, with every problem listed: a missing shard (`missing shards:
//! 2, 5 (of 8)`), shards of different sweeps (inputs, options, scenario list
//! or shard count), a shard CSV without its manifest or the other way round,
//! a shard whose rows are not exactly its slice (missing or duplicate
//! scenarios), or a header that is not the sweep's.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::output::{write_final, SweepInfo, SweepManifest};
use super::run::shard_names;
use super::{parse_results, Row};
use crate::error::{Diagnostic, Diagnostics};
use crate::{Error, Result};

/// What a merge wrote.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The sweep's identity.
    pub info: SweepInfo,
    /// Every row in table order.
    pub rows: Vec<Row>,
    /// Number of shards merged.
    pub shards: usize,
    /// Files written.
    pub outputs: Vec<String>,
}

/// Where a merge writes: a folder (`results.csv`, `merge.manifest.json`,
/// `deltas.csv`, charts) or one CSV file (its manifest beside it as
/// `FILE.manifest.json`).
#[derive(Debug, Clone)]
pub enum Target {
    /// A folder.
    Dir(PathBuf),
    /// A CSV file.
    File(PathBuf),
}

/// Merges the shards in `dir` into `target`.
pub fn merge(dir: &Path, target: &Target) -> Result<Merged> {
    let mut diags = Diagnostics::default();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    // (index, count) -> (csv?, manifest?)
    let mut found: BTreeMap<(usize, usize), (bool, bool)> = BTreeMap::new();
    for e in entries {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((i, n, is_manifest)) = parse_name(&name) {
            let slot = found.entry((i, n)).or_default();
            if is_manifest {
                slot.1 = true;
            } else {
                slot.0 = true;
            }
        }
    }
    if found.is_empty() {
        diags.push(Diagnostic::at(
            dir,
            None,
            None,
            "no shard files (shard-I-of-N.csv with shard-I-of-N.manifest.json) in this folder",
        ));
        return Err(Error::Invalid(diags));
    }
    let counts: Vec<usize> = {
        let mut c: Vec<usize> = found.keys().map(|&(_, n)| n).collect();
        c.dedup();
        c
    };
    if counts.len() > 1 {
        diags.push(Diagnostic::at(
            dir,
            None,
            None,
            format!(
                "shards of different sweeps: shard counts {} are mixed in one folder",
                counts
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return Err(Error::Invalid(diags));
    }
    let n = counts[0];
    for (&(i, _), &(csv, manifest)) in &found {
        let (c, m) = shard_names(i, n);
        if i >= n {
            diags.push(Diagnostic::at(
                dir.join(&c),
                None,
                None,
                format!("shard index {i} is out of range for {n} shards"),
            ));
        } else if !csv {
            diags.push(Diagnostic::at(
                dir.join(&c),
                None,
                None,
                format!("file not found, but {m} is there"),
            ));
        } else if !manifest {
            diags.push(Diagnostic::at(
                dir.join(&m),
                None,
                None,
                format!("file not found, but {c} is there"),
            ));
        }
    }
    // A shard is missing unless both its table and its manifest are there.
    let missing: Vec<usize> = (0..n)
        .filter(|i| found.get(&(*i, n)) != Some(&(true, true)))
        .collect();
    // Read every manifest and table that is there.
    let mut info: Option<(SweepInfo, PathBuf)> = None;
    let mut rows: HashMap<String, (Row, usize)> = HashMap::new();
    for i in 0..n {
        let (c, m) = shard_names(i, n);
        let (csv_path, man_path) = (dir.join(&c), dir.join(&m));
        if !(csv_path.exists() && man_path.exists()) {
            continue;
        }
        let man = match SweepManifest::read(&man_path) {
            Ok(m) => m,
            Err(Error::Invalid(d)) => {
                diags.0.extend(d.0);
                continue;
            }
            Err(e) => return Err(e),
        };
        if man.shard.map(|s| (s.index, s.count)) != Some((i, n)) || !man.complete {
            diags.push(Diagnostic::at(
                &man_path,
                None,
                None,
                format!("not the complete manifest of shard {i} of {n}"),
            ));
            continue;
        }
        match &info {
            None => info = Some((man.sweep.clone(), man_path.clone())),
            Some((first, first_path)) => {
                if let Some(what) = first.difference(&man.sweep) {
                    diags.push(Diagnostic::at(
                        &man_path,
                        None,
                        None,
                        format!(
                            "shards of different sweeps: {what} differ from {}",
                            first_path.display()
                        ),
                    ));
                    continue;
                }
            }
        }
        let columns = &man.sweep.columns;
        let expected_slice: Vec<&str> = man
            .sweep
            .scenarios
            .iter()
            .skip(i)
            .step_by(n)
            .map(|s| s.id.as_str())
            .collect();
        if man
            .slice
            .iter()
            .map(String::as_str)
            .ne(expected_slice.iter().copied())
        {
            diags.push(Diagnostic::at(
                &man_path,
                None,
                None,
                format!("the slice is not every {n}th scenario from number {i}"),
            ));
            continue;
        }
        let text = std::fs::read(&csv_path).map_err(|e| Error::io(&csv_path, e))?;
        let (read, problems) = parse_results(&text, &csv_path, columns);
        diags.0.extend(problems.0);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, row) in read {
            if let Some(first) = seen.get(&row.scenario) {
                diags.push(Diagnostic::at(
                    &csv_path,
                    Some(line),
                    Some(1),
                    format!(
                        "duplicate scenario {:?} (first at line {first})",
                        row.scenario
                    ),
                ));
                continue;
            }
            if !expected_slice.contains(&row.scenario.as_str()) {
                diags.push(Diagnostic::at(
                    &csv_path,
                    Some(line),
                    Some(1),
                    format!(
                        "scenario {:?} does not belong to shard {i} of {n}",
                        row.scenario
                    ),
                ));
                continue;
            }
            seen.insert(row.scenario.clone(), line);
            rows.insert(row.scenario.clone(), (row, i));
        }
        let absent: Vec<&str> = expected_slice
            .iter()
            .filter(|id| !seen.contains_key(**id))
            .copied()
            .collect();
        if !absent.is_empty() {
            diags.push(Diagnostic::at(
                &csv_path,
                None,
                None,
                format!(
                    "missing scenarios: {}",
                    absent
                        .iter()
                        .map(|s| format!("{s:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if !missing.is_empty() {
        diags.push(Diagnostic::at(
            dir,
            None,
            None,
            format!(
                "missing shards: {} (of {n})",
                missing
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let (info, _) = info.expect("at least one shard was read");
    let ordered: Vec<Row> = info
        .scenarios
        .iter()
        .map(|s| rows.remove(&s.id).expect("every scenario checked above").0)
        .collect();
    let refs: Vec<&Row> = ordered.iter().collect();
    let mut manifest = SweepManifest::new(
        "merge",
        &info,
        None,
        info.scenarios.iter().map(|s| s.id.clone()).collect(),
    );
    manifest.complete = true;
    let outputs = match target {
        Target::Dir(out) => {
            std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
            let mut w = write_final(out, &out.join("results.csv"), &info, &refs)?;
            w.push("merge.manifest.json".into());
            manifest.outputs = w.clone();
            manifest.write(&out.join("merge.manifest.json"))?;
            w
        }
        Target::File(file) => {
            crate::report::write_atomic(
                file,
                super::output::table_csv(&info.columns, &refs).as_bytes(),
            )?;
            let name = file
                .file_name()
                .map_or("results.csv".into(), |n| n.to_string_lossy().into_owned());
            let man_path = file.with_file_name(format!("{name}.manifest.json"));
            manifest.outputs = vec![name.clone()];
            manifest.write(&man_path)?;
            vec![file.display().to_string(), man_path.display().to_string()]
        }
    };
    Ok(Merged {
        info,
        rows: ordered,
        shards: n,
        outputs,
    })
}

/// `shard-I-of-N.csv` -> (I, N, false); `shard-I-of-N.manifest.json` -> (I, N, true).
fn parse_name(name: &str) -> Option<(usize, usize, bool)> {
    let rest = name.strip_prefix("shard-")?;
    let (rest, manifest) = if let Some(r) = rest.strip_suffix(".manifest.json") {
        (r, true)
    } else {
        (rest.strip_suffix(".csv")?, false)
    };
    let (i, n) = rest.split_once("-of-")?;
    let (i, n): (usize, usize) = (i.parse().ok()?, n.parse().ok()?);
    (n > 0).then_some((i, n, manifest))
}

#[cfg(test)]
mod tests {
    #[test]
    fn shard_names_parse() {
        assert_eq!(super::parse_name("shard-2-of-8.csv"), Some((2, 8, false)));
        assert_eq!(
            super::parse_name("shard-2-of-8.manifest.json"),
            Some((2, 8, true))
        );
        assert_eq!(super::parse_name(".shard-2-of-8.partial.csv"), None);
        assert_eq!(super::parse_name("shard-x-of-8.csv"), None);
    }
}
