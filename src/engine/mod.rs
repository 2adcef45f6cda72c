//! The many-solves engine: hundreds to thousands of solves of one program
//! that differ only in bounds and coefficients (a coalition removes actors:
//! column bounds; a sensitivity run moves a budget: row bounds and
//! coefficients), on warm backend sessions.
//!
//! One session per worker keeps the model (HiGHS changes it in place and
//! re-solves; backends without warm sessions rebuild behind the same trait);
//! a job's [`Changes`] are made, solved and undone. An engine that
//! [`Engine::reduce`]s solves each job instead on the changed program
//! without its fixed columns, cold (what pays for coalitions, which fix
//! many columns of a MIP). Every solution is
//! checked against the program as the job changed it, and the largest
//! violation is kept with it. A start offered with a job is a hint: the
//! backend discards it when it is not feasible.

pub mod stream;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;

use crate::backend::{Backend, Outcome, Status};
use crate::check::{check, Check, CheckTolerances};
use crate::program::{Changes, Objective, Program};
use crate::request::SolveOptions;
use crate::{Error, Result};

/// The progress bar of a many-solves run on stderr (`{pos}/{len} UNIT`,
/// elapsed and ETA), hidden unless `show`.
pub fn progress_bar(show: bool, len: u64, unit: &str) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{elapsed_precise}} [{{bar:32}}] {{pos}}/{{len}} {unit}  ETA {{eta}}"
    ))
    .expect("valid template")
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// One solve: changes of the base program (column bounds for a coalition;
/// row bounds and coefficients for a moved budget) and an optional start.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// What this job changes in the base program.
    pub changes: Changes,
    /// A start solution (all columns), offered to backends that take one.
    pub start: Option<Vec<f64>>,
}

/// What one job gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solved {
    /// How it ended (`time_limit_no_solution` for a job the run's deadline
    /// left no time for).
    pub status: Status,
    /// The objective at the solution, recomputed from its values.
    pub value: Option<f64>,
    /// The best bound the solver proved (equal to `value` when optimal; the
    /// other end of the interval when a time limit stopped it).
    pub bound: Option<f64>,
    /// The solution.
    #[serde(skip)]
    pub x: Option<Vec<f64>>,
    /// Seconds inside the solver.
    pub seconds: f64,
    /// Largest violation the checker found (bounds, rows, integrality).
    pub violation: f64,
    /// True when the solution passed the check.
    pub passed: bool,
}

impl Solved {
    /// The interval the optimum lies in, for an objective of `sense`, when
    /// the job found a checked solution: `[value, bound]` for a max
    /// objective, `[bound, value]` for a min one (a point when optimal).
    pub fn interval(&self, max: bool) -> Option<(f64, f64)> {
        let v = self.value.filter(|_| self.passed)?;
        let b = match self.status {
            Status::Optimal => v,
            _ => self.bound.unwrap_or(if max {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }),
        };
        Some(if max { (v, b.max(v)) } else { (b.min(v), v) })
    }
}

/// The engine: a program, the objective every job optimizes, options and
/// the number of workers.
pub struct Engine<'a> {
    /// Backend the sessions are opened on.
    pub backend: &'a dyn Backend,
    /// The base program.
    pub program: &'a Program,
    /// The objective of every job.
    pub objective: &'a Objective,
    /// Options of each solve (its time limit is per solve).
    pub options: SolveOptions,
    /// Tolerances of the check.
    pub tolerances: CheckTolerances,
    /// Worker threads, each with its own session (at least 1).
    pub workers: usize,
    /// No job starts after this instant (the run's time budget).
    pub deadline: Option<Instant>,
    /// Solve each job cold on the program without its fixed columns
    /// ([`Program::without_fixed`]) instead of on the worker's warm session:
    /// for jobs that fix many columns (a coalition fixes every outsider's
    /// columns at 0) the solver then works on the smaller program, as it
    /// would for edited data; a warm MIP session keeps nothing worth more.
    pub reduce: bool,
}

/// Runs `f(state, i, item)` over `items` on `workers` threads, each with its
/// own state from `init` (made before its first item: a solver session, a
/// scratch program); returns the results in item order, or the first error
/// (after which no new item starts).
pub fn parallel<T, R, S>(
    items: &[T],
    workers: usize,
    init: impl Fn() -> Result<S> + Sync,
    f: impl Fn(&mut S, usize, &T) -> Result<R> + Sync,
) -> Result<Vec<R>>
where
    T: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let workers = workers.max(1).min(items.len().max(1));
    let work = || -> Result<()> {
        let mut state = None;
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(item) = items.get(i) else {
                return Ok(());
            };
            if state.is_none() {
                state = Some(init()?);
            }
            let r = f(state.as_mut().expect("made"), i, item)?;
            results.lock().expect("no worker panicked")[i] = Some(r);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                if let Err(e) = work() {
                    failure.lock().expect("no worker panicked").get_or_insert(e);
                    next.store(items.len(), Ordering::SeqCst);
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().expect("no worker panicked") {
        return Err(e);
    }
    Ok(results
        .into_inner()
        .expect("no worker panicked")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect())
}

impl<'e> Engine<'e> {
    /// Runs `jobs`, `done(i, solved)` called as each finishes (from the
    /// worker threads, in any order); returns the results in job order.
    pub fn run(&self, jobs: &[Job], done: &(dyn Fn(usize, &Solved) + Sync)) -> Result<Vec<Solved>> {
        parallel(
            jobs,
            self.workers,
            || Ok(self.worker()),
            |w, i, job| {
                let solved = w.solve(job)?;
                done(i, &solved);
                Ok(solved)
            },
        )
    }

    /// A worker: one session (opened at its first real solve) and its copy
    /// of the program for the check. Use one per thread
    /// ([`parallel`]'s state) for jobs that are made as answers come in.
    pub fn worker(&self) -> Worker<'_, 'e> {
        Worker {
            engine: self,
            session: None,
            checked: self.program.clone(),
        }
    }
}

/// The session of one worker of an [`Engine`] ([`Engine::worker`]).
pub struct Worker<'w, 'e> {
    engine: &'w Engine<'e>,
    session: Option<Box<dyn crate::backend::Session + 'w>>,
    checked: Program,
}

impl Worker<'_, '_> {
    /// Solves one job: its changes made on the session, solved, checked
    /// against the program as changed, and undone.
    pub fn solve(&mut self, job: &Job) -> Result<Solved> {
        let e = self.engine;
        let mut options = e.options.clone();
        if let Some(d) = e.deadline {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            options.time_limit = Some(options.time_limit.map_or(left, |t| t.min(left)));
        }
        if options.time_limit.is_some_and(|t| t <= 0.0) {
            return Ok(Solved::from_outcome(
                Outcome::without_solution(Status::TimeLimitNoSolution, 0.0),
                e.objective,
                &self.checked,
                &e.tolerances,
            ));
        }
        job.changes.apply(&mut self.checked);
        let solved = self.solve_changed(job, &options);
        // Undone whatever happened, so the next job starts from the base.
        let undo = job.changes.undo(e.program);
        undo.apply(&mut self.checked);
        let Ok(solved) = solved else {
            self.session = None;
            return solved;
        };
        if let Some(s) = self.session.as_mut() {
            s.apply(&undo)?;
        }
        Ok(solved)
    }

    /// A session with `job`'s changes (a fresh one when `fresh`).
    fn prepare(&mut self, job: &Job, fresh: bool) -> Result<()> {
        let e = self.engine;
        if fresh || self.session.is_none() {
            self.session = None;
            let mut s = e.backend.open(e.program.clone())?;
            s.set_objective(e.objective)?;
            self.session = Some(s);
        }
        self.session.as_mut().expect("opened").apply(&job.changes)
    }

    fn solve_changed(&mut self, job: &Job, options: &SolveOptions) -> Result<Solved> {
        let mut solved = self.attempt(job, job.start.as_deref(), false, options)?;
        if job.start.is_some() && solved.x.is_some() && !solved.passed {
            // HiGHS 1.16 can return the start as its solution with the
            // objective of another point after bounds changed (the check
            // catches it: the values disagree). Solve the job again on a
            // fresh session without the start, and keep that session.
            solved = self.attempt(job, None, true, options)?;
        }
        Ok(solved)
    }

    /// One solve of `job` from `start`, on the warm session (a fresh one
    /// when `fresh`) or, when the engine reduces, on the program without
    /// its fixed columns; checked against the program as the job changed it.
    fn attempt(
        &mut self,
        job: &Job,
        start: Option<&[f64]>,
        fresh: bool,
        options: &SolveOptions,
    ) -> Result<Solved> {
        let e = self.engine;
        let outcome = if e.reduce {
            self.solve_reduced(start, options)?
        } else {
            // On an error the caller drops the session (its changes unknown).
            self.prepare(job, fresh)?;
            let s = self.session.as_mut().expect("opened");
            if let Some(x) = start {
                s.set_start(x)?;
            }
            s.solve(options)?
        };
        Ok(Solved::from_outcome(
            outcome,
            e.objective,
            &self.checked,
            &e.tolerances,
        ))
    }

    /// Solves the changed program without its fixed columns on a new
    /// session and expands the answer back (no duals: its rows are not the
    /// program's). A row that the fixed columns alone violate makes the
    /// job infeasible without a solve.
    fn solve_reduced(&self, start: Option<&[f64]>, options: &SolveOptions) -> Result<Outcome> {
        let e = self.engine;
        let mut reduced = self.checked.without_fixed(e.objective);
        if reduced.infeasible.is_some() {
            return Ok(Outcome::without_solution(Status::Infeasible, 0.0));
        }
        if reduced.program.num_cols() == 0 {
            let mut o = Outcome::without_solution(Status::Optimal, 0.0);
            o.x = Some(reduced.expand(&[]));
            o.objective = Some(reduced.objective.constant);
            o.bound = o.objective;
            return Ok(o);
        }
        let mut s = e.backend.open(std::mem::take(&mut reduced.program))?;
        s.set_objective(&reduced.objective)?;
        if let Some(x) = start {
            s.set_start(&reduced.restrict(x))?;
        }
        let mut outcome = s.solve(options)?;
        outcome.x = outcome.x.map(|x| reduced.expand(&x));
        outcome.duals = None;
        Ok(outcome)
    }
}

impl Solved {
    fn from_outcome(
        outcome: Outcome,
        objective: &Objective,
        program: &Program,
        tol: &CheckTolerances,
    ) -> Solved {
        let verdict = outcome
            .x
            .as_ref()
            .map(|x| check(program, objective, x, outcome.objective, tol));
        let value = verdict.as_ref().map(|c| c.objective_recomputed);
        Solved {
            status: outcome.status,
            value,
            bound: match outcome.status {
                Status::Optimal => value,
                _ => outcome.bound,
            },
            x: outcome.x,
            seconds: outcome.seconds,
            violation: verdict.as_ref().map_or(0.0, Check::max_violation),
            passed: verdict.as_ref().is_some_and(|c| c.passed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Sense;

    /// `x, y` integer in `[0, 2]`, `x + y <= 3`; max `x + wy y + constant`.
    fn small(wy: f64, constant: f64) -> (Program, Objective) {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 2.0, true);
        let y = p.add_col(0.0, 2.0, true);
        p.add_row(f64::NEG_INFINITY, 3.0, &[(x, 1.0), (y, 1.0)]);
        let obj = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.0), (y, wy)],
            constant,
        };
        (p, obj)
    }

    /// An engine with the default options and no deadline.
    fn engine<'a>(
        backend: &'a dyn Backend,
        program: &'a Program,
        objective: &'a Objective,
        workers: usize,
        reduce: bool,
    ) -> Engine<'a> {
        Engine {
            backend,
            program,
            objective,
            options: SolveOptions::default(),
            tolerances: CheckTolerances::default(),
            workers,
            deadline: None,
            reduce,
        }
    }

    /// max x + y, x + y <= 3, integer; jobs fix x's upper bound. Warm
    /// sessions and reduced programs (x fixed at 0 leaves the program) give
    /// the same answers.
    #[test]
    fn jobs_change_bounds_and_restore_them_on_every_worker() {
        let (p, obj) = small(1.0, 0.0);
        let (x, y) = (0, 1);
        let backend = crate::backend::by_name("microlp").unwrap();
        for (workers, reduce) in [(1, false), (2, false), (1, true), (2, true)] {
            let engine = engine(backend.as_ref(), &p, &obj, workers, reduce);
            let jobs: Vec<Job> = (0..6)
                .map(|k| Job {
                    changes: Changes {
                        cols: if k % 2 == 0 {
                            vec![(x, 0.0, 0.0), (y, 0.0, 1.0)]
                        } else {
                            vec![]
                        },
                        ..Changes::default()
                    },
                    start: None,
                })
                .collect();
            let count = AtomicUsize::new(0);
            let out = engine
                .run(&jobs, &|_, _| {
                    count.fetch_add(1, Ordering::SeqCst);
                })
                .unwrap();
            assert_eq!(count.load(Ordering::SeqCst), 6);
            for (k, s) in out.iter().enumerate() {
                assert!(s.passed);
                let want = if k % 2 == 0 { 1.0 } else { 3.0 };
                assert!((s.value.unwrap() - want).abs() < 1e-9, "job {k}: {s:?}");
                assert_eq!(s.interval(true), Some((want, want)));
            }
        }
    }

    /// max x + y, x + 2y <= 4, x, y in [0, 3] integer; odd jobs make the
    /// row `x + y <= 5` (a coefficient and a row bound), even ones keep it.
    #[test]
    fn jobs_change_rows_and_coefficients_and_undo_them() {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 3.0, true);
        let y = p.add_col(0.0, 3.0, true);
        p.add_row(f64::NEG_INFINITY, 4.0, &[(x, 1.0), (y, 2.0)]);
        let obj = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.0), (y, 1.0)],
            constant: 0.0,
        };
        for name in crate::backend::available() {
            let backend = crate::backend::by_name(name).unwrap();
            if !backend.capabilities().integers {
                continue;
            }
            let engine = engine(backend.as_ref(), &p, &obj, 1, false);
            let mut w = engine.worker();
            for k in 0..4 {
                let job = Job {
                    changes: if k % 2 == 1 {
                        Changes {
                            rows: vec![(0, f64::NEG_INFINITY, 5.0)],
                            coefs: vec![(0, y, 1.0)],
                            ..Changes::default()
                        }
                    } else {
                        Changes::default()
                    },
                    start: None,
                };
                let s = w.solve(&job).unwrap();
                // x + 2y <= 4: (3, 0) or (2, 1) -> 3; x + y <= 5: (3, 2) -> 5.
                let want = if k % 2 == 1 { 5.0 } else { 3.0 };
                assert!(s.passed, "{name} job {k}");
                assert!(
                    (s.value.unwrap() - want).abs() < 1e-9,
                    "{name} job {k}: {s:?}"
                );
            }
        }
    }

    #[test]
    fn a_spent_deadline_starts_no_job() {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 1.0, false);
        let obj = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.0)],
            constant: 0.0,
        };
        let backend = crate::backend::by_name("microlp").unwrap();
        let engine = Engine {
            deadline: Some(Instant::now()),
            ..engine(backend.as_ref(), &p, &obj, 1, false)
        };
        let out = engine.run(&[Job::default()], &|_, _| {}).unwrap();
        assert_eq!(out[0].status, Status::TimeLimitNoSolution);
        assert_eq!(out[0].interval(true), None);
    }

    /// A reduced job whose columns are all fixed is answered without a
    /// solve (the fixed point, checked), and one whose fixed columns break
    /// a row is infeasible; a start is carried over to the kept columns.
    #[test]
    fn reduced_jobs_with_every_column_fixed_or_a_broken_row() {
        let (p, obj) = small(2.0, 0.5);
        let (x, y) = (0, 1);
        let backend = crate::backend::by_name("microlp").unwrap();
        let engine = engine(backend.as_ref(), &p, &obj, 1, true);
        let mut w = engine.worker();
        let fix = |cols: Vec<(usize, f64, f64)>, start: Option<Vec<f64>>| Job {
            changes: Changes {
                cols,
                ..Changes::default()
            },
            start,
        };
        let all = w
            .solve(&fix(vec![(x, 1.0, 1.0), (y, 1.0, 1.0)], None))
            .unwrap();
        assert_eq!(all.status, Status::Optimal);
        assert!(all.passed);
        assert_eq!(all.value, Some(3.5));
        let broken = w
            .solve(&fix(vec![(x, 2.0, 2.0), (y, 2.0, 2.0)], None))
            .unwrap();
        assert_eq!(broken.status, Status::Infeasible);
        assert!(broken.x.is_none());
        let started = w
            .solve(&fix(vec![(x, 1.0, 1.0)], Some(vec![1.0, 2.0])))
            .unwrap();
        assert!(started.passed);
        assert_eq!(started.value, Some(5.5));
        // The base program is back for the next job: y = 2, x = 1.
        let base = w.solve(&Job::default()).unwrap();
        assert_eq!(base.value, Some(5.5));
    }
}
