//! solves.csv: one row per re-solve of `accord sensitivity` (a parameter
//! at a value: the optimum, status, projects going ahead), streamed as the
//! run goes and read back by `--resume` ([`crate::engine::stream`]). A
//! resumed run asks the same questions in the same order (the bisections
//! depend only on the answers), so every re-solve already made is read,
//! not solved again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Param, Point};
use crate::backend::Status;
use crate::domain::Instance;
use crate::engine::stream::{self, Stream};
use crate::error::Diagnostics;
use crate::{Error, Result};

/// The header of solves.csv.
pub const HEADER: [&str; 9] = [
    "param",
    "actor",
    "value",
    "objective",
    "status",
    "violation",
    "projects",
    "seconds",
    "run",
];

/// A re-solve's key: the parameter, the actor, the value's bits.
type Key = (Param, usize, u64);

/// The record of a sensitivity run: every re-solve known (read from an
/// earlier run with `--resume`, or made in this one: a value asked twice,
/// by a search and by the curve, is solved once) and the file each new one
/// is appended to, if any.
pub struct Log {
    /// Known answers, and whether each came from an earlier run.
    known: Mutex<HashMap<Key, (Point, bool)>>,
    earlier: usize,
    stream: Option<Stream>,
    run: String,
    resumed: AtomicUsize,
}

/// The fingerprint of a sensitivity run: the input checksums, the
/// objective and the demands.
pub fn fingerprint(inputs: &[String], objective: &str, demands: &[String]) -> String {
    let parts: Vec<&str> = ["sensitivity", objective]
        .into_iter()
        .chain(inputs.iter().map(String::as_str))
        .chain(demands.iter().map(String::as_str))
        .collect();
    stream::fingerprint(&parts)
}

/// One row of solves.csv: its key and answer, or the first bad field.
fn parse(path: &Path, inst: &Instance, line: u64, rec: &csv::StringRecord) -> Result<(Key, Point)> {
    let at = |what: String| stream::error_at(path, line, what);
    let param = Param::parse(&rec[0])
        .ok_or_else(|| at(format!("column param: unknown parameter `{}`", &rec[0])))?;
    let actor = inst
        .actor_index(&rec[1])
        .ok_or_else(|| at(format!("column actor: unknown actor `{}`", &rec[1])))?;
    let num = |k: usize| stream::number(path, &HEADER, line, rec, k);
    let value = num(2)?.ok_or_else(|| at("column value: expected a number".into()))?;
    let status: Status = serde_json::from_value(serde_json::Value::String(rec[4].into()))
        .map_err(|_| at(format!("column status: unknown status `{}`", &rec[4])))?;
    let mut projects = vec![false; inst.projects.len()];
    if !rec[6].is_empty() {
        for id in rec[6].split('+') {
            let p = inst
                .project_index(id)
                .ok_or_else(|| at(format!("column projects: unknown project `{id}`")))?;
            projects[p] = true;
        }
    }
    let point = Point {
        value: num(3)?,
        projects,
        status,
        violation: num(5)?.unwrap_or(0.0),
    };
    Ok(((param, actor, value.to_bits()), point))
}

impl Log {
    /// Opens solves.csv at `path` for the run `run`: with `resume`, its
    /// earlier rows are read (rows of another run refused with their
    /// line) and kept in the file; without, the file starts anew.
    pub fn open(path: &Path, inst: &Instance, run: &str, resume: bool) -> Result<Log> {
        let records = if resume {
            stream::read(path, &HEADER, "a solves.csv of accord sensitivity", run)?
        } else {
            Vec::new()
        };
        let mut earlier = HashMap::new();
        let mut rows = Vec::new();
        // Every bad row is reported, not the first only.
        let mut problems = Vec::new();
        for (line, rec) in records {
            match parse(path, inst, line, &rec) {
                Ok((key, point)) => {
                    rows.push(rec.iter().map(str::to_string).collect());
                    earlier.insert(key, (point, true));
                }
                Err(Error::Invalid(d)) => problems.extend(d.0),
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(Diagnostics(problems)));
        }
        Ok(Log {
            earlier: earlier.len(),
            known: Mutex::new(earlier),
            stream: Some(Stream::open(path, &HEADER, &rows)?),
            run: run.into(),
            resumed: AtomicUsize::new(0),
        })
    }

    /// A log kept in memory only (no `--out`).
    pub fn memory() -> Log {
        Log {
            known: Mutex::new(HashMap::new()),
            earlier: 0,
            stream: None,
            run: String::new(),
            resumed: AtomicUsize::new(0),
        }
    }

    /// Re-solves read from the earlier run.
    pub fn earlier(&self) -> usize {
        self.earlier
    }

    /// Re-solves answered from the earlier run so far.
    pub fn resumed(&self) -> usize {
        self.resumed.load(Ordering::SeqCst)
    }

    /// The known answer for `param` of `actor` at `value`, if any.
    pub(super) fn get(&self, param: Param, actor: usize, value: f64) -> Option<Point> {
        let mut known = self.known.lock().expect("no worker panicked");
        let (p, earlier) = known.get_mut(&(param, actor, value.to_bits()))?;
        // Counted once: asked again, it is an answer of this run.
        if std::mem::take(earlier) {
            self.resumed.fetch_add(1, Ordering::SeqCst);
        }
        Some(p.clone())
    }

    /// Appends a new re-solve.
    pub(super) fn put(
        &self,
        inst: &Instance,
        (param, actor, value): (Param, usize, f64),
        p: &Point,
        seconds: f64,
    ) {
        self.known
            .lock()
            .expect("no worker panicked")
            .insert((param, actor, value.to_bits()), (p.clone(), false));
        let Some(stream) = &self.stream else {
            return;
        };
        let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
        let projects: Vec<&str> = (0..inst.projects.len())
            .filter(|&k| p.projects.get(k).copied().unwrap_or(false))
            .map(|k| inst.projects[k].id.as_str())
            .collect();
        stream.append(&[
            param.as_str().to_string(),
            inst.actors[actor].id.clone(),
            format!("{value}"),
            f(p.value),
            p.status.as_str().into(),
            format!("{}", p.violation),
            projects.join("+"),
            format!("{seconds}"),
            self.run.clone(),
        ]);
    }

    /// Closes the file: the first error of an append, if any.
    pub fn finish(self) -> Result<()> {
        self.stream.map_or(Ok(()), Stream::finish)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    /// Rows put are read back by a resumed log (and counted once); every
    /// bad row of a file is reported with its line and column, and the
    /// file is left as it was.
    #[test]
    fn rows_round_trip_and_every_bad_row_is_reported() {
        let inst = generate(&GenerateOptions::new(4, 5, 0.6).with_seed(2)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("solves.csv");
        let log = Log::open(&path, &inst, "r", false).unwrap();
        let p = Point {
            value: Some(12.5),
            projects: vec![true, false, true, false, false],
            status: Status::Optimal,
            violation: 1e-12,
        };
        log.put(&inst, (Param::Budget, 2, 0.1 + 0.2), &p, 0.5);
        log.finish().unwrap();
        let log = Log::open(&path, &inst, "r", true).unwrap();
        assert_eq!(log.earlier(), 1);
        let q = log.get(Param::Budget, 2, 0.1 + 0.2).unwrap();
        assert_eq!(
            (q.value, &q.projects, q.status),
            (p.value, &p.projects, p.status)
        );
        assert!(
            log.get(Param::Budget, 2, 0.3).is_none(),
            "the value's exact bits"
        );
        assert!(log.get(Param::Budget, 2, 0.1 + 0.2).is_some());
        assert_eq!(log.resumed(), 1);
        log.finish().unwrap();
        let bad = format!(
            "{}\nbudget,nobody,1,,optimal,0,,0,r\ncost,{a},1,,optimal,0,,0,r\nbudget,{a},1,,optimal,0,zz,0,r\n",
            HEADER.join(","),
            a = inst.actors[0].id
        );
        std::fs::write(&path, &bad).unwrap();
        let err = Log::open(&path, &inst, "r", true)
            .err()
            .unwrap()
            .to_string();
        for want in [
            "solves.csv:2",
            "unknown actor",
            "solves.csv:3",
            "param",
            "solves.csv:4",
            "zz",
        ] {
            assert!(err.contains(want), "{want}: {err}");
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
    }
}
