//! `accord bench INPUT... --backends a,b --repeat N --time-limit S --out DIR`:
//! every instance on every backend, each run in its own child process (the
//! hidden `accord bench-worker`), then a table, CSV, JSON and two SVG
//! charts. The definitions are in `docs/bench.md`; the work is in
//! [`accord::bench`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};

use accord::backend::Info as BackendInfo;
use accord::backend::SolveOptions;
use accord::bench::plot::{instances_svg, profile_svg, ProfileLabels};
use accord::bench::profile::Profile;
use accord::bench::run::{self as bench_run, Settings, WorkerCommand};
use accord::bench::{self, BenchInstance, Run, TimeMeasure};
use accord::report::{self, InputFile};
use accord::Error;

use super::{exit, fail};

/// Which time the profile and the means use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeArg {
    /// Seconds inside the backend's solve calls (no process start, no reading).
    Solver,
    /// The child process's lifetime (start, read, build, solve, check).
    Wall,
}

/// Arguments of `accord bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// MPS or .mop files, model TOML files, data folders, folders (searched
    /// recursively for all of these) or a MANIFEST.csv (its rows).
    #[arg(value_name = "MODEL_OR_DIR", required = true)]
    inputs: Vec<PathBuf>,
    /// Backends to compare, comma-separated (default: every one compiled in).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    backends: Vec<String>,
    /// Runs per instance and backend (times are their median).
    #[arg(long, default_value_t = 1, value_name = "N")]
    repeat: usize,
    /// Time limit per run in seconds (passed to the solver; the run is killed
    /// at the limit plus --grace).
    #[arg(long, default_value_t = 60.0, value_name = "S")]
    time_limit: f64,
    /// Seconds after the time limit at which a run is killed (default: 10%
    /// of the limit, between 1 and 10 s).
    #[arg(long, value_name = "S")]
    grace: Option<f64>,
    /// Solver threads per run.
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Keep instances whose name contains this (or matches it as a glob with
    /// `*` and `?`); repeat for several.
    #[arg(long = "filter", value_name = "PATTERN")]
    filters: Vec<String>,
    /// Time used by the profile, the means and the table.
    #[arg(long = "time", value_enum, default_value_t = TimeArg::Solver)]
    time: TimeArg,
    /// Shift of the shifted geometric mean, seconds (Mittelmann: 10).
    #[arg(long, default_value_t = 10.0, value_name = "S")]
    shift: f64,
    /// Write runs.csv, summary.csv, summary.json, profile.svg/.csv,
    /// instances.svg/.csv and manifest.json here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Exit with code 4 when any answer was wrong (default: 0 with a warning).
    #[arg(long)]
    fail_on_wrong: bool,
    /// Print one line per run on stderr.
    #[arg(long, short)]
    verbose: bool,
}

/// Arguments of the hidden `accord bench-worker` (one run, one JSON line).
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The instance.
    path: PathBuf,
    /// Backend id.
    #[arg(long)]
    backend: String,
    /// Time limit per solve, seconds.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Solver threads.
    #[arg(long, default_value_t = 1)]
    threads: u32,
}

/// Test hook: `ACCORD_TEST_BENCH_FAULT=hang:PAT,crash:PAT` makes the worker
/// sleep (so that the parent kills it) or abort on instances whose path
/// contains PAT.
fn test_fault(path: &Path) {
    let Ok(spec) = std::env::var("ACCORD_TEST_BENCH_FAULT") else {
        return;
    };
    let p = path.to_string_lossy();
    for item in spec.split(',') {
        match item.split_once(':') {
            Some(("hang", pat)) if p.contains(pat) => std::thread::sleep(Duration::from_secs(3600)),
            Some(("crash", pat)) if p.contains(pat) => std::process::abort(),
            _ => {}
        }
    }
}

/// Runs `accord bench-worker`: solves one instance and prints its report.
pub fn run_worker(args: &WorkerArgs) -> i32 {
    let options = SolveOptions {
        time_limit: args.time_limit,
        threads: args.threads,
        ..SolveOptions::default()
    };
    if let Err(e) = options.validate() {
        return fail(&e);
    }
    let backend = match super::hooks::open(&args.backend, None) {
        Ok(b) => b,
        Err(e) => return fail(&e),
    };
    test_fault(&args.path);
    let report = bench_run::solve_instance(&args.path, backend.as_ref(), &options);
    println!(
        "{}",
        serde_json::to_string(&report).expect("worker report serializes")
    );
    exit::OK
}

fn machine() -> serde_json::Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    serde_json::json!({
        "os": std::env::consts::OS,
        "arch": std::env::consts::ARCH,
        "cpu": cpu,
        "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "loadavg": load,
    })
}

/// Every input file of the benchmark (instances, the model files and data
/// they read, the manifests giving known answers), for checksums.
fn input_files(instances: &[BenchInstance]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut push = |p: PathBuf| {
        if p.is_file() && !files.contains(&p) {
            files.push(p);
        }
    };
    for i in instances {
        match accord::model::Model::load(&i.path, &Default::default()) {
            Ok(m) => m.files.into_iter().for_each(&mut push),
            Err(_) => push(i.path.clone()),
        }
        if let Some(m) = &i.manifest {
            push(m.clone());
        }
    }
    files
}

struct Outputs<'a> {
    dir: &'a Path,
    runs: &'a [Run],
    cells: &'a [bench::Cell],
    totals: &'a [bench::Totals],
    profile: &'a Profile,
    labels: &'a ProfileLabels,
    settings: &'a Settings,
    infos: &'a [BackendInfo],
    instances: &'a [BenchInstance],
    unreadable: &'a [String],
    shift: f64,
    started_load: serde_json::Value,
}

const OUT_FILES: &[&str] = &[
    "runs.csv",
    "summary.csv",
    "summary.json",
    "profile.svg",
    "profile.csv",
    "instances.svg",
    "instances.csv",
];

fn write_outputs(o: &Outputs) -> Result<(), Error> {
    let dir = o.dir;
    let measure = o.labels.measure;
    report::write_atomic(&dir.join("runs.csv"), bench::runs_csv(o.runs)?.as_bytes())?;
    report::write_atomic(
        &dir.join("summary.csv"),
        bench::cells_csv(o.cells)?.as_bytes(),
    )?;
    let summary = serde_json::json!({
        "settings": o.settings,
        "time": measure.as_str(),
        "shift_seconds": o.shift,
        "time_floor_seconds": bench::profile::TIME_FLOOR,
        "rel_tol": bench::REL_TOL,
        "backends": o.infos,
        "totals": o.totals,
        "cells": o.cells,
        "runs": o.runs,
        "unreadable": o.unreadable,
    });
    report::write_atomic(
        &dir.join("summary.json"),
        (serde_json::to_string_pretty(&summary).expect("summary serializes") + "\n").as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("profile.svg"),
        profile_svg(o.profile, o.labels)?.as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("profile.csv"),
        bench::profile_csv(o.profile, &o.settings.backends)?.as_bytes(),
    )?;
    let order = bench::chart_order(o.cells, &o.settings.backends, measure);
    report::write_atomic(
        &dir.join("instances.svg"),
        instances_svg(&order, o.cells, o.labels)?.as_bytes(),
    )?;
    report::write_atomic(
        &dir.join("instances.csv"),
        bench::instances_csv(&order, o.cells, &o.settings.backends, measure)?.as_bytes(),
    )?;
    let inputs = InputFile::hash_all(&input_files(o.instances))?;
    let mut outputs: Vec<&str> = OUT_FILES.to_vec();
    outputs.push("manifest.json");
    let mut m = machine();
    m["loadavg_at_start"] = o.started_load.clone();
    let manifest = serde_json::json!({
        "tool": "accord",
        "version": env!("CARGO_PKG_VERSION"),
        "command": std::env::args().collect::<Vec<_>>(),
        "backends": o.infos,
        "options": {
            "settings": o.settings,
            "time": measure.as_str(),
            "shift_seconds": o.shift,
        },
        "machine": m,
        "inputs": inputs,
        "outputs": outputs,
    });
    report::write_atomic(
        &dir.join("manifest.json"),
        (serde_json::to_string_pretty(&manifest).expect("manifest serializes") + "\n").as_bytes(),
    )
}

/// Runs `accord bench`.
pub fn run(args: &BenchArgs) -> i32 {
    let backends: Vec<String> = if args.backends.is_empty() {
        accord::backend::available()
            .into_iter()
            .map(String::from)
            .collect()
    } else {
        args.backends.iter().map(|b| b.trim().to_string()).collect()
    };
    let settings = Settings {
        backends,
        repeat: args.repeat,
        time_limit: args.time_limit,
        grace: args
            .grace
            .unwrap_or_else(|| Settings::default_grace(args.time_limit)),
        threads: args.threads,
    };
    if let Err(e) = bench_run::validate(&settings) {
        return fail(&e);
    }
    if !(args.shift.is_finite() && args.shift >= 0.0) {
        return fail(&Error::Usage(format!(
            "--shift: expected a number of seconds >= 0, found {}",
            args.shift
        )));
    }
    if args.threads == 0 {
        return fail(&Error::Usage("--threads: expected at least 1".into()));
    }
    let mut infos = Vec::new();
    for b in &settings.backends {
        match accord::backend::by_name(b) {
            Ok(b) => infos.push(accord::backend::Info::of(b.as_ref())),
            Err(e) => return fail(&e),
        }
    }
    let found = match bench::discover(&args.inputs, &args.filters) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    if !found.unreadable.is_empty() {
        eprintln!(
            "accord bench: {} manifest rows left out (not MPS or .mop files), e.g. {}",
            found.unreadable.len(),
            found.unreadable[0]
        );
    }
    let instances = found.instances;
    if instances.is_empty() {
        eprintln!(
            "error: no instance to benchmark in {}{}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if args.filters.is_empty() {
                String::new()
            } else {
                format!(" matching {}", args.filters.join(" or "))
            }
        );
        return if args.filters.is_empty() {
            exit::INVALID
        } else {
            exit::USAGE
        };
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot find the accord executable to start workers: {e}");
            return exit::FAILURE;
        }
    };
    let worker = WorkerCommand {
        exe,
        args: vec!["bench-worker".into()],
    };
    let total = instances.len() * settings.backends.len() * settings.repeat;
    eprintln!(
        "accord bench: {} instances x {} backends ({}) x {} repeats = {} runs; time limit {} s per run (killed at {} s)",
        instances.len(),
        settings.backends.len(),
        settings.backends.join(", "),
        settings.repeat,
        total,
        settings.time_limit,
        settings.time_limit + settings.grace
    );
    let started_load = machine()["loadavg"].clone();
    let bar = if total > 1 && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{elapsed_precise} [{bar:32}] {pos}/{len} eta {eta} {wide_msg}",
            )
            .expect("progress template")
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let verbose = args.verbose;
    let mut progress = |r: &Run, _done: usize| {
        let line = format!(
            "{} {} #{}: {} {}{}",
            r.instance,
            r.backend,
            r.repeat,
            r.status,
            bench::fmt_seconds(r.wall_seconds),
            if r.wrong { " WRONG" } else { "" }
        );
        match &bar {
            Some(b) => {
                if verbose {
                    b.println(&line);
                }
                b.set_message(line);
                b.inc(1);
            }
            None if verbose => eprintln!("{line}"),
            None => {}
        }
    };
    let runs = bench_run::run(&worker, &settings, &instances, &mut progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let measure = match args.time {
        TimeArg::Solver => TimeMeasure::Solver,
        TimeArg::Wall => TimeMeasure::Wall,
    };
    let cells = bench::summarize(&runs, &settings.backends);
    let totals = bench::totals(
        &cells,
        &settings.backends,
        measure,
        settings.time_limit,
        args.shift,
    );
    print!(
        "{}",
        bench::table(
            &cells,
            &settings.backends,
            &totals,
            measure,
            args.shift,
            settings.time_limit
        )
    );
    let wrong: Vec<&bench::Cell> = cells.iter().filter(|c| c.wrong).collect();
    if !wrong.is_empty() {
        eprintln!(
            "WARNING: {} wrong answer{}:",
            wrong.len(),
            if wrong.len() == 1 { "" } else { "s" }
        );
        for c in &wrong {
            eprintln!(
                "  {} on {}: {} ({})",
                c.instance, c.backend, c.status, c.reason
            );
        }
    }
    if let Some(dir) = &args.out {
        let (_, times) = bench::time_matrix(&cells, &settings.backends, measure);
        let profile = Profile::new(&times);
        let labels = ProfileLabels {
            backends: settings.backends.clone(),
            versions: infos.iter().map(|i| i.version.clone()).collect(),
            measure,
            repeat: settings.repeat,
            time_limit: settings.time_limit,
        };
        let outputs = Outputs {
            dir,
            runs: &runs,
            cells: &cells,
            totals: &totals,
            profile: &profile,
            labels: &labels,
            settings: &settings,
            infos: &infos,
            instances: &instances,
            unreadable: &found.unreadable,
            shift: args.shift,
            started_load,
        };
        if let Err(e) = write_outputs(&outputs) {
            eprintln!("error: {e}");
            return exit::FAILURE;
        }
        eprintln!("accord bench: wrote {}", dir.display());
    }
    if args.fail_on_wrong && !wrong.is_empty() {
        exit::FAILURE
    } else {
        exit::OK
    }
}
