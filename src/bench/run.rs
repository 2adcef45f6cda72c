//! Running a benchmark: every (instance, backend, repeat) in its own child
//! process.
//!
//! The parent starts the worker (for the CLI: the `accord` binary itself
//! with the hidden `bench-worker` subcommand), which solves one instance in
//! process with [`solve_instance`] and prints one [`WorkerReport`] as JSON.
//! The parent measures the child's lifetime (wall time), reaps it with
//! `wait4` to read its own peak resident memory (`ru_maxrss`, per child,
//! not cumulative), and kills it at the time limit plus a grace period:
//! microlp has no time limit of its own, and a solver that overruns its
//! limit must not stall the benchmark. Every outcome becomes a [`Run`].
//!
//! Order: repeat-major (every instance and backend once, then again), and
//! within an instance the backends in an order rotated by the instance
//! index and the repeat, so that no backend always runs right after a given
//! other one. One run at a time, so timings do not compete for cores.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{judge, rel_error, BenchInstance, Known, Run};
use crate::backend::{Backend, SolveOptions, Status};
use crate::check::Verdict;
use crate::model::{LoadOptions, Model};
use crate::program::{Program, Sense};
use crate::Error;

/// Size of the program solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    /// Constraint rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Integer columns.
    pub integers: usize,
    /// Nonzeros.
    pub nonzeros: usize,
}

impl Size {
    fn of(p: &Program) -> Size {
        Size {
            rows: p.num_rows(),
            cols: p.num_cols(),
            integers: p.num_integers(),
            nonzeros: p.num_nonzeros(),
        }
    }
}

/// What a worker prints: the answer of one solve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerReport {
    /// Final status; `None` when the solve failed with an error.
    pub status: Option<Status>,
    /// The error, when the solve failed (unreadable input, solver failure,
    /// unsupported program).
    pub error: Option<String>,
    /// Sense of the first objective.
    pub sense: Sense,
    /// Value of the first objective at the solution (with its constant).
    pub objective: Option<f64>,
    /// The checker's verdict, when there is a solution.
    pub check: Option<Verdict>,
    /// Seconds inside the solver, summed over stages.
    pub solver_seconds: f64,
    /// Seconds of the whole worker job (read, build, solve, check).
    pub worker_seconds: f64,
    /// Scalar solves made.
    pub solves: usize,
    /// Size of the program, once read.
    pub size: Option<Size>,
}

/// Solves one instance in this process, as `accord solve` would, through
/// the front door ([`Model`]): an MPS file for every objective it has
/// (lexicographic, in file order), a domain model with the objectives,
/// method and gap of its model file. `options` carries the time limit (per
/// solve) and threads; a domain model keeps its own MIP gap.
pub fn solve_instance(path: &Path, backend: &dyn Backend, options: &SolveOptions) -> WorkerReport {
    let started = Instant::now();
    let mut report = WorkerReport {
        status: None,
        error: None,
        sense: Sense::Min,
        objective: None,
        check: None,
        solver_seconds: 0.0,
        worker_seconds: 0.0,
        solves: 0,
        size: None,
    };
    let result = Model::load(path, &LoadOptions::default()).and_then(|model| {
        report.size = Some(Size::of(model.program()));
        let mut req = model.defaults.request.clone();
        let mip_gap = if model.is_domain() {
            req.options.mip_gap
        } else {
            options.mip_gap
        };
        req.options = SolveOptions {
            mip_gap,
            ..options.clone()
        };
        // The run's limit is its budget: every level together.
        req.time_budget = options.time_limit;
        if let Some(o) = req
            .objectives
            .first()
            .and_then(|s| model.program().objective(&s.name))
        {
            report.sense = o.sense;
        }
        model.solve(backend, &req, None)
    });
    match result {
        Ok(answer) => {
            report.status = Some(answer.status);
            report.objective = answer.values.first().map(|(_, v)| *v);
            report.check = answer.check.as_ref().map(Verdict::from);
            report.solver_seconds = answer.solver_seconds;
            report.solves = answer.stages.len();
        }
        Err(e) => report.error = Some(e.to_string()),
    }
    report.worker_seconds = started.elapsed().as_secs_f64();
    report
}

// ---------------------------------------------------------------------------
// Child processes

/// How a child process ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildOutcome {
    /// Seconds from spawn to exit.
    pub wall_seconds: f64,
    /// Killed by us at the deadline.
    pub killed: bool,
    /// Exit code, when it exited.
    pub exit_code: Option<i32>,
    /// Signal, when a signal ended it.
    pub signal: Option<i32>,
    /// Its standard output.
    pub stdout: String,
    /// The end of its standard error (at most 8 KiB).
    pub stderr_tail: String,
    /// Its peak resident memory, KiB.
    pub peak_rss_kib: Option<u64>,
}

fn drain<R: Read + Send + 'static>(
    r: Option<R>,
    keep_tail: usize,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = r.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                if keep_tail > 0 && buf.len() > 4 * keep_tail {
                    buf.drain(..buf.len() - keep_tail);
                }
            }
        }
        if keep_tail > 0 && buf.len() > keep_tail {
            buf.drain(..buf.len() - keep_tail);
        }
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Runs `cmd` to completion or until `kill_after` has passed (then kills it
/// with SIGKILL), capturing its output, exit and peak memory.
#[cfg(unix)]
pub fn run_child(cmd: &mut Command, kill_after: Duration) -> std::io::Result<ChildOutcome> {
    use std::sync::mpsc;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let out = drain(child.stdout.take(), 0);
    let err = drain(child.stderr.take(), 8192);
    let (tx, rx) = mpsc::channel();
    // Reaps the child with wait4, which also gives its own resource usage.
    std::thread::spawn(move || loop {
        let mut status: libc::c_int = 0;
        // SAFETY: rusage is plain data; wait4 fills it for this pid only.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            let _ = tx.send(Ok((status, usage, Instant::now())));
            return;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            let _ = tx.send(Err(e));
            return;
        }
    });
    let (reaped, killed) = match rx.recv_timeout(kill_after) {
        Ok(r) => (r, false),
        Err(_) => {
            // SAFETY: the child has not been reaped (the waiter has not
            // answered), so the pid is still ours.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
            (
                rx.recv()
                    .map_err(|_| std::io::Error::other("waiter thread lost"))?,
                true,
            )
        }
    };
    let (status, usage, ended) = reaped?;
    // The child is reaped: std's handle must not wait for it again.
    drop(child);
    let stdout = out.join().unwrap_or_default();
    let stderr_tail = err.join().unwrap_or_default();
    let rss = usage.ru_maxrss.max(0) as u64;
    // Linux reports KiB, macOS bytes.
    let rss = if cfg!(target_os = "macos") {
        rss / 1024
    } else {
        rss
    };
    Ok(ChildOutcome {
        wall_seconds: ended.duration_since(started).as_secs_f64(),
        killed,
        exit_code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stdout,
        stderr_tail,
        peak_rss_kib: Some(rss),
    })
}

/// Runs `cmd` to completion or until `kill_after` has passed (polling; no
/// peak memory off Unix).
#[cfg(not(unix))]
pub fn run_child(cmd: &mut Command, kill_after: Duration) -> std::io::Result<ChildOutcome> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let out = drain(child.stdout.take(), 0);
    let err = drain(child.stderr.take(), 8192);
    let mut killed = false;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if started.elapsed() >= kill_after {
            killed = true;
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(ChildOutcome {
        wall_seconds: started.elapsed().as_secs_f64(),
        killed,
        exit_code: status.code(),
        signal: None,
        stdout: out.join().unwrap_or_default(),
        stderr_tail: err.join().unwrap_or_default(),
        peak_rss_kib: None,
    })
}

fn signal_name(sig: i32) -> String {
    let name = match sig {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "",
    };
    if name.is_empty() {
        format!("signal {sig}")
    } else {
        format!("signal {sig} ({name})")
    }
}

/// The last non-empty line of `s`, shortened.
fn last_line(s: &str) -> String {
    let line = s
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut l: String = line.chars().take(300).collect();
    if line.chars().count() > 300 {
        l.push_str("...");
    }
    l
}

// ---------------------------------------------------------------------------
// The benchmark loop

/// The program to start for one run: `exe args... --backend B
/// --time-limit S --threads T PATH`.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerCommand {
    /// The executable.
    pub exe: PathBuf,
    /// Arguments before the per-run ones (e.g. `["bench-worker"]`).
    pub args: Vec<String>,
}

/// Settings of a benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Backend ids, in report order.
    pub backends: Vec<String>,
    /// Runs per instance and backend.
    pub repeat: usize,
    /// Seconds per run given to the solver (per solve).
    pub time_limit: f64,
    /// Seconds after the limit at which the child is killed.
    pub grace: f64,
    /// Solver threads.
    pub threads: u32,
}

impl Settings {
    /// The default grace: 10% of the limit, at least 1 s and at most 10 s.
    pub fn default_grace(time_limit: f64) -> f64 {
        (0.1 * time_limit).clamp(1.0, 10.0)
    }
}

/// One planned run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// Index into the instances.
    pub instance: usize,
    /// Index into the backends.
    pub backend: usize,
    /// 1-based repeat.
    pub repeat: usize,
}

/// The run order (see the module documentation).
pub fn plan(instances: usize, backends: usize, repeat: usize) -> Vec<Planned> {
    let mut v = Vec::with_capacity(instances * backends * repeat);
    for r in 0..repeat {
        for i in 0..instances {
            for k in 0..backends {
                v.push(Planned {
                    instance: i,
                    backend: (k + i + r) % backends,
                    repeat: r + 1,
                });
            }
        }
    }
    v
}

/// Runs one planned run in a child and turns whatever happened into a row.
pub fn run_one(
    worker: &WorkerCommand,
    settings: &Settings,
    inst: &BenchInstance,
    backend: &str,
    repeat: usize,
    order: usize,
) -> Run {
    let mut row = Run {
        instance: inst.name.clone(),
        kind: inst.kind,
        backend: backend.to_string(),
        repeat,
        order,
        status: "error".into(),
        solved: false,
        wrong: false,
        reason: String::new(),
        objective: None,
        known: inst.known.as_ref().map(Known::label),
        abs_error: None,
        rel_error: None,
        check_passed: None,
        max_violation: None,
        wall_seconds: 0.0,
        solver_seconds: None,
        solves: None,
        peak_rss_kib: None,
        rows: None,
        cols: None,
        integers: None,
        nonzeros: None,
    };
    let mut cmd = Command::new(&worker.exe);
    cmd.args(&worker.args)
        .arg("--backend")
        .arg(backend)
        .arg("--time-limit")
        .arg(settings.time_limit.to_string())
        .arg("--threads")
        .arg(settings.threads.to_string())
        .arg(&inst.path);
    let kill_after = Duration::from_secs_f64(settings.time_limit + settings.grace);
    let child = match run_child(&mut cmd, kill_after) {
        Ok(c) => c,
        Err(e) => {
            row.reason = format!("could not start the worker {}: {e}", worker.exe.display());
            return row;
        }
    };
    row.wall_seconds = child.wall_seconds;
    row.peak_rss_kib = child.peak_rss_kib;
    if child.killed {
        row.status = "time_limit".into();
        row.reason = format!(
            "killed after {:.1} s (time limit {} s + grace {} s)",
            child.wall_seconds, settings.time_limit, settings.grace
        );
        return row;
    }
    let report = child
        .stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .and_then(|l| serde_json::from_str::<WorkerReport>(l).ok());
    let Some(report) = report else {
        row.status = "crashed".into();
        let how = match (child.signal, child.exit_code) {
            (Some(s), _) => signal_name(s),
            (None, Some(c)) => format!("exit code {c}"),
            (None, None) => "no exit status".into(),
        };
        let tail = last_line(&child.stderr_tail);
        row.reason = if tail.is_empty() {
            format!("worker died without a report: {how}")
        } else {
            format!("worker died without a report: {how}: {tail}")
        };
        return row;
    };
    row.solver_seconds = Some(report.solver_seconds);
    row.solves = Some(report.solves);
    if let Some(s) = report.size {
        row.rows = Some(s.rows);
        row.cols = Some(s.cols);
        row.integers = Some(s.integers);
        row.nonzeros = Some(s.nonzeros);
    }
    let status = match (report.status, &report.error) {
        (Some(s), None) => s,
        (_, e) => {
            row.status = "error".into();
            row.reason = e.clone().unwrap_or_else(|| "no status".into());
            return row;
        }
    };
    row.status = status.as_str().into();
    row.objective = report.objective;
    row.check_passed = report.check.as_ref().map(|c| c.passed);
    row.max_violation = report.check.as_ref().map(Verdict::max_violation);
    if let (Some(Known::Optimum(want)), Some(v)) = (&inst.known, report.objective) {
        if status.has_solution() {
            row.abs_error = Some((v - want).abs());
            row.rel_error = Some(rel_error(v, *want));
        }
    }
    let j = judge(
        inst.known.as_ref(),
        report.sense,
        status,
        report.objective,
        report.check.as_ref(),
    );
    let over = report.solver_seconds > settings.time_limit;
    row.wrong = j.wrong;
    row.solved = j.finished && !j.wrong && !over;
    let mut notes = j.notes;
    if over && j.finished {
        notes.push(format!(
            "finished after the time limit ({:.2} s > {} s): not counted as solved",
            report.solver_seconds, settings.time_limit
        ));
    }
    if !j.finished && notes.is_empty() {
        notes.push(format!("stopped at the time limit ({status})"));
    }
    row.reason = notes.join("; ");
    row
}

/// Runs the whole plan, one child at a time, calling `progress` after each
/// run with the run and the number done.
pub fn run(
    worker: &WorkerCommand,
    settings: &Settings,
    instances: &[BenchInstance],
    progress: &mut dyn FnMut(&Run, usize),
) -> Vec<Run> {
    let order = plan(instances.len(), settings.backends.len(), settings.repeat);
    let mut runs = Vec::with_capacity(order.len());
    for (n, p) in order.iter().enumerate() {
        let r = run_one(
            worker,
            settings,
            &instances[p.instance],
            &settings.backends[p.backend],
            p.repeat,
            n + 1,
        );
        progress(&r, n + 1);
        runs.push(r);
    }
    runs
}

/// Validates the settings before any work.
pub fn validate(settings: &Settings) -> Result<(), Error> {
    if settings.backends.is_empty() {
        return Err(Error::Usage("--backends: at least one backend".into()));
    }
    if settings.repeat == 0 {
        return Err(Error::Usage("--repeat: at least 1".into()));
    }
    for (what, v) in [
        ("--time-limit", settings.time_limit),
        ("--grace", settings.grace),
    ] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::Usage(format!(
                "{what}: expected a number of seconds > 0, found {v}"
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for b in &settings.backends {
        if !seen.insert(b) {
            return Err(Error::Usage(format!("--backends: `{b}` is given twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_repeat_major_and_rotates_backends() {
        let p = plan(2, 2, 2);
        let t: Vec<(usize, usize, usize)> = p
            .iter()
            .map(|p| (p.repeat, p.instance, p.backend))
            .collect();
        assert_eq!(
            t,
            [
                (1, 0, 0),
                (1, 0, 1),
                (1, 1, 1),
                (1, 1, 0),
                (2, 0, 1),
                (2, 0, 0),
                (2, 1, 0),
                (2, 1, 1)
            ]
        );
        // Every (instance, backend, repeat) exactly once.
        let mut seen = std::collections::HashSet::new();
        for q in plan(5, 3, 4) {
            assert!(seen.insert((q.instance, q.backend, q.repeat)));
        }
        assert_eq!(seen.len(), 60);
    }

    #[cfg(unix)]
    #[test]
    fn child_runner_kills_at_the_deadline_and_reports_exits() {
        let mut c = Command::new("sh");
        c.args(["-c", "echo '{\"a\":1}'; echo oops >&2; exit 3"]);
        let o = run_child(&mut c, Duration::from_secs(20)).unwrap();
        assert_eq!(o.exit_code, Some(3));
        assert!(!o.killed);
        assert_eq!(o.stdout.trim(), "{\"a\":1}");
        assert_eq!(o.stderr_tail.trim(), "oops");
        assert!(o.peak_rss_kib.unwrap() > 0);
        let mut c = Command::new("sleep");
        c.arg("30");
        let started = Instant::now();
        let o = run_child(&mut c, Duration::from_millis(200)).unwrap();
        assert!(o.killed);
        assert_eq!(o.signal, Some(libc::SIGKILL));
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(o.wall_seconds >= 0.2);
    }

    #[test]
    fn grace_is_bounded() {
        assert_eq!(Settings::default_grace(0.5), 1.0);
        assert!((Settings::default_grace(60.0) - 6.0).abs() < 1e-12);
        assert_eq!(Settings::default_grace(3600.0), 10.0);
    }
}
