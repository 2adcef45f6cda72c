//! The runner: a rayon pool of `--jobs` threads solves scenarios while the
//! calling thread appends each finished row to the stream file (synced to
//! disk row by row), so that a run killed at any moment loses at most the
//! scenarios being solved. `--resume` reads the rows already there (a torn
//! last line is dropped), checks that they come from the same inputs and
//! options, and solves only the rest. The final files are rewritten in table
//! order at the end.
//!
//! Files in the out folder:
//! - local run: `results.csv` (the stream, then the final table),
//!   `manifest.json` (written first with `complete: false`), `deltas.csv`,
//!   charts, `allocations/` (with `--allocations`);
//! - shard `I/N`: `.shard-I-of-N.partial.csv` and `.shard-I-of-N.partial.json`
//!   while running, then `shard-I-of-N.csv` and `shard-I-of-N.manifest.json`,
//!   each written atomically (temporary file + rename), and the partial files
//!   removed.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use super::output::{table_csv, write_final, ShardInfo, SweepInfo, SweepManifest};
use super::{header, Done, Plan, Row, Timing};
use crate::report::write_atomic;
use crate::{Error, Result};

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct Config {
    /// Solver threads in parallel (one solve each).
    pub jobs: usize,
    /// The out folder.
    pub out: PathBuf,
    /// Keep the rows already recorded and solve only the rest.
    pub resume: bool,
    /// Run only shard `(index, count)`.
    pub shard: Option<(usize, usize)>,
    /// Write each scenario's allocation to `allocations/`.
    pub allocations: bool,
    /// Draw a progress bar on stderr (when it is a terminal).
    pub progress: bool,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The rows of the run's slice, in table order.
    pub rows: Vec<Row>,
    /// Scenarios solved in this run.
    pub solved: usize,
    /// Scenarios skipped because their rows were already recorded.
    pub resumed: usize,
    /// Time split of each scenario solved in this run.
    pub timings: Vec<Timing>,
    /// Files written (relative to the out folder).
    pub outputs: Vec<String>,
    /// Wall seconds of the run.
    pub seconds: f64,
}

/// The names of shard `index` of `count`'s files.
pub fn shard_names(index: usize, count: usize) -> (String, String) {
    (
        format!("shard-{index}-of-{count}.csv"),
        format!("shard-{index}-of-{count}.manifest.json"),
    )
}

/// The file name of a scenario's allocation: its id with every character
/// outside `[A-Za-z0-9_.,=+-]` percent-encoded (so `/` and `*` are safe),
/// and a leading `.` encoded too.
pub fn allocation_file(id: &str) -> String {
    let mut s = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_alphanumeric() || "_,=+-".contains(c) || (c == '.' && i > 0) {
            s.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                s.push_str(&format!("%{b:02X}"));
            }
        }
    }
    s + ".csv"
}

/// Runs the sweep `plan` (identity `info`) as `cfg` says.
pub fn run(plan: &Plan, info: &SweepInfo, cfg: &Config) -> Result<Report> {
    let started = std::time::Instant::now();
    let dir = &cfg.out;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let slice: Vec<usize> = match cfg.shard {
        Some((i, n)) => plan.shard(i, n),
        None => (0..plan.scenarios.len()).collect(),
    };
    let (stream_path, identity_path) = match cfg.shard {
        Some((i, n)) => (
            dir.join(format!(".shard-{i}-of-{n}.partial.csv")),
            dir.join(format!(".shard-{i}-of-{n}.partial.json")),
        ),
        None => (dir.join("results.csv"), dir.join("manifest.json")),
    };
    let shard = cfg.shard.map(|(index, count)| ShardInfo { index, count });
    let slice_ids: Vec<String> = slice
        .iter()
        .map(|&k| plan.scenarios[k].id.clone())
        .collect();
    let kind = if shard.is_some() { "shard" } else { "sweep" };
    let mut manifest = SweepManifest::new(kind, info, shard, slice_ids);

    // A completed shard resumed (a scheduler re-running a finished task with
    // --resume): its final files stand when they are of this sweep.
    if let (Some((i, n)), true) = (cfg.shard, cfg.resume) {
        let (csv_name, manifest_name) = shard_names(i, n);
        if let Ok(old) = SweepManifest::read(&dir.join(&manifest_name)) {
            if old.complete && old.shard == shard && info.difference(&old.sweep).is_none() {
                if let Ok(rows) = read_stream(&dir.join(&csv_name), plan, &slice) {
                    if rows.len() == slice.len() {
                        return Ok(Report {
                            resumed: rows.len(),
                            rows,
                            solved: 0,
                            timings: Vec::new(),
                            outputs: vec![csv_name, manifest_name],
                            seconds: started.elapsed().as_secs_f64(),
                        });
                    }
                }
            }
        }
    }

    // What is already there.
    let mut recorded: Vec<Row> = Vec::new();
    if cfg.resume {
        if identity_path.exists() {
            let old = SweepManifest::read(&identity_path)?;
            if let Some(what) = info.difference(&old.sweep) {
                return Err(Error::Usage(format!(
                    "cannot resume in {}: {what} changed since these results were started; \
                     use a fresh --out folder",
                    dir.display()
                )));
            }
            if old.shard != shard {
                return Err(Error::Usage(format!(
                    "cannot resume in {}: the results there are of another shard",
                    dir.display()
                )));
            }
            recorded = read_stream(&stream_path, plan, &slice)?;
        } else if stream_path.exists() {
            return Err(Error::Usage(format!(
                "cannot resume: {} has no {} to prove which inputs its rows come from",
                dir.display(),
                identity_path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
            )));
        }
    } else if shard.is_none() && stream_path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: add --resume to complete it, or choose another --out folder",
            stream_path.display()
        )));
    }
    manifest.write(&identity_path)?;
    let mut stream = Stream::open(&stream_path, &plan.columns, cfg.resume)?;

    let done_ids: HashSet<&str> = recorded.iter().map(|r| r.scenario.as_str()).collect();
    let pending: Vec<usize> = slice
        .iter()
        .copied()
        .filter(|&k| !done_ids.contains(plan.scenarios[k].id.as_str()))
        .collect();
    let resumed = slice.len() - pending.len();
    let alloc_dir = dir.join("allocations");
    if cfg.allocations {
        std::fs::create_dir_all(&alloc_dir).map_err(|e| Error::io(&alloc_dir, e))?;
    }

    let bar = crate::engine::progress_bar(cfg.progress, pending.len() as u64, "scenarios");
    let mut new_rows: Vec<Row> = Vec::new();
    let mut timings = Vec::new();
    let mut record = |d: Done, stream: &mut Stream| -> Result<()> {
        if let Some(text) = &d.allocations {
            write_atomic(
                &alloc_dir.join(allocation_file(&d.row.scenario)),
                text.as_bytes(),
            )?;
        }
        stream.append(&d.row)?;
        bar.inc(1);
        timings.push(d.timing);
        new_rows.push(d.row);
        Ok(())
    };

    // The baseline's solution is the start of every other scenario (for
    // backends that take one), so it is solved first: with its row when it is
    // pending here, silently otherwise.
    let mut rest = pending.clone();
    let needs_start = plan.warm_start
        && pending.iter().any(|&k| {
            k != plan.baseline
                && plan
                    .settings_for(&plan.scenarios[k])
                    .ok()
                    .and_then(|s| crate::backend::by_name(&s.backend).ok())
                    .is_some_and(|b| b.accepts_start())
        });
    let mut start: Option<Vec<f64>> = None;
    if let Some(pos) = rest.iter().position(|&k| k == plan.baseline) {
        rest.remove(pos);
        let d = plan.run_one(plan.baseline, None, cfg.allocations);
        start = d.x.clone();
        record(d, &mut stream)?;
    } else if needs_start {
        start = plan.run_one(plan.baseline, None, false).x;
    }
    let start = start.as_deref();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs.max(1))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", cfg.jobs)))?;
    let stop = AtomicBool::new(false);
    let mut failure: Option<Error> = None;
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Done>();
        let rest = &rest;
        let stop = &stop;
        scope.spawn(move || {
            pool.install(|| {
                rest.par_iter().with_max_len(1).for_each_with(tx, |tx, &k| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let _ = tx.send(plan.run_one(k, start, cfg.allocations));
                });
            });
        });
        for d in rx {
            if failure.is_some() {
                continue;
            }
            if let Err(e) = record(d, &mut stream) {
                stop.store(true, Ordering::Relaxed);
                failure = Some(e);
            }
        }
    });
    bar.finish_and_clear();
    if let Some(e) = failure {
        return Err(e);
    }
    drop(stream);

    // Every row of the slice, in table order.
    let mut by_id: HashMap<String, Row> = HashMap::new();
    for r in recorded.into_iter().chain(new_rows) {
        by_id.entry(r.scenario.clone()).or_insert(r);
    }
    let rows: Vec<Row> = slice
        .iter()
        .map(|&k| {
            by_id
                .remove(&plan.scenarios[k].id)
                .expect("every scenario of the slice has a row")
        })
        .collect();
    let refs: Vec<&Row> = rows.iter().collect();
    let mut outputs = Vec::new();
    match cfg.shard {
        None => {
            outputs = write_final(dir, &stream_path, info, &refs)?;
            manifest.outputs = outputs.clone();
            manifest.outputs.push("manifest.json".into());
            manifest.complete = true;
            manifest.write(&identity_path)?;
        }
        Some((i, n)) => {
            let (csv_name, manifest_name) = shard_names(i, n);
            write_atomic(
                &dir.join(&csv_name),
                table_csv(&plan.columns, &refs).as_bytes(),
            )?;
            manifest.complete = true;
            manifest.outputs = vec![csv_name.clone(), manifest_name.clone()];
            manifest.write(&dir.join(&manifest_name))?;
            for p in [&stream_path, &identity_path] {
                std::fs::remove_file(p).map_err(|e| Error::io(p, e))?;
            }
            outputs.push(csv_name);
            outputs.push(manifest_name);
        }
    }
    if cfg.allocations {
        outputs.push("allocations/".into());
    }
    Ok(Report {
        rows,
        solved: pending.len(),
        resumed,
        timings,
        outputs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Reads the rows already streamed to `path`: complete lines only (a torn
/// last line, from a run killed while writing, is dropped), each of the
/// table's shape and naming a scenario of the slice; the first row of a
/// scenario counts.
fn read_stream(path: &Path, plan: &Plan, slice: &[usize]) -> Result<Vec<Row>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let complete = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(end) => &bytes[..=end],
        None => return Ok(Vec::new()),
    };
    let (read, problems) = super::parse_results(complete, path, &plan.columns);
    let bad = |line: usize, column: Option<usize>, why: String| {
        Error::Invalid(crate::Diagnostics(vec![crate::Diagnostic::at(
            path,
            Some(line),
            column,
            format!("cannot resume from this file: {why}"),
        )]))
    };
    if let Some(d) = problems.0.into_iter().next() {
        return Err(bad(d.line.unwrap_or(1), d.column, d.message));
    }
    let ids: HashSet<&str> = slice
        .iter()
        .map(|&k| plan.scenarios[k].id.as_str())
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut seen = HashSet::new();
    for (line, row) in read {
        if !ids.contains(row.scenario.as_str()) {
            return Err(bad(
                line,
                Some(1),
                format!("scenario {:?} is not in this sweep", row.scenario),
            ));
        }
        if seen.insert(row.scenario.clone()) {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The stream file: rows appended and synced one by one.
struct Stream {
    file: File,
    path: PathBuf,
}

impl Stream {
    /// Opens `path` for appending. Fresh (not resuming, or nothing usable
    /// there): truncated and given the header. Resuming: cut after its last
    /// complete line, so that a torn line is not continued.
    fn open(path: &Path, columns: &[String], resume: bool) -> Result<Stream> {
        let io = |e| Error::io(path, e);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        let bytes = if resume {
            std::fs::read(path).map_err(io)?
        } else {
            Vec::new()
        };
        let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        file.set_len(keep as u64).map_err(io)?;
        file.seek(SeekFrom::Start(keep as u64)).map_err(io)?;
        let mut s = Stream {
            file,
            path: path.to_path_buf(),
        };
        if keep == 0 {
            s.write_record(&header(columns))?;
        }
        Ok(s)
    }

    fn write_record(&mut self, rec: &[String]) -> Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(rec).expect("in-memory write");
        let bytes = w.into_inner().expect("in-memory write");
        let io = |e| Error::io(&self.path, e);
        // One write of the whole line, then to disk before the next.
        self.file.write_all(&bytes).map_err(io)?;
        self.file.sync_data().map_err(io)
    }

    fn append(&mut self, row: &Row) -> Result<()> {
        self.write_record(&row.record())
    }
}
