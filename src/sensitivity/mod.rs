//! `accord sensitivity`: what one more unit buys, honest for a MILP
//! (docs/sensitivity.md).
//!
//! For each parameter (an actor's budget or personnel): the exact effect of
//! `+delta` and `-delta` (the data changed and the program re-solved and
//! checked, with the projects that enter or leave), the interval over which
//! the chosen projects stay the same (bisection over re-solves to a stated
//! precision), and the local price: the dual of the LP with every integer
//! decision fixed at the plan, valid while the chosen projects stay the
//! same, where the backend reports duals (checked for dual feasibility).
//! `--curve` gives the exact optimum as a function of one parameter.
//!
//! A budget is a row's bound but also caps money columns and big-M
//! coefficients (the formulation tightens them to the budget), so each
//! change rebuilds the program from the edited data and takes its
//! difference from the base ([`crate::program::Program::changes_to`]):
//! bounds and coefficients, made on the warm session of an engine worker
//! ([`crate::engine::Engine::worker`]) and undone after; a change that
//! alters the program's shape is solved anew (counted in `rebuilt`).

pub mod answer;
pub mod store;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

pub use answer::{Binding, Delta, DualRange, Effect, Interval, Param, Parameter, Sensitivity};
pub use store::Log;

use crate::backend::{Backend, Status};
use crate::check::CheckTolerances;
use crate::domain::rules::Rule;
use crate::domain::Instance;
use crate::engine::{parallel, Engine, Job, Worker};
use crate::model::Model;
use crate::program::{Objective, Sense};
use crate::request::Request;
use crate::{Error, Result};

/// Options of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Options {
    /// Parameter kinds analysed for every actor.
    pub params: Vec<Param>,
    /// The change.
    pub delta: Delta,
    /// Precision of the interval search, as a fraction of the value (or of 1
    /// for a value below 1).
    pub precision: f64,
    /// Search the stability intervals (two bisections per parameter).
    pub intervals: bool,
    /// Worker threads.
    pub workers: usize,
}

/// One solve of `inst`: optimum, projects going ahead, status, violation.
#[derive(Debug, Clone)]
struct Point {
    value: Option<f64>,
    projects: Vec<bool>,
    status: Status,
    violation: f64,
}

impl Point {
    /// A point the run's time budget left no time for.
    fn timed_out() -> Point {
        Point {
            value: None,
            projects: Vec::new(),
            status: Status::TimeLimitNoSolution,
            violation: 0.0,
        }
    }

    /// True when its solve is proven (optimal or infeasible): an answer a
    /// search may act on and a resumed run may reuse.
    fn proven(&self) -> bool {
        matches!(self.status, Status::Optimal | Status::Infeasible)
    }
}

fn failed_check(backend: &dyn Backend, violation: f64) -> Error {
    Error::Solver {
        backend: backend.id().into(),
        message: format!(
            "a sensitivity solve's plan fails the check (largest violation {violation:.1e})"
        ),
    }
}

/// A cold solve of `inst` through the front door (rebuilt and solved anew).
fn solve_at(model: &Model, inst: Instance, backend: &dyn Backend, req: &Request) -> Result<Point> {
    let m = model.with_instance(inst)?;
    let a = m.solve(backend, req, None)?;
    let passed = a.check.as_ref().is_some_and(|c| c.passed);
    let violation = a
        .check
        .as_ref()
        .map_or(0.0, crate::check::Check::max_violation);
    if a.status.has_solution() && !passed {
        return Err(failed_check(backend, violation));
    }
    Ok(Point {
        value: a
            .values
            .first()
            .map(|v| v.1)
            .filter(|_| a.status.has_solution()),
        projects: a
            .allocation
            .as_ref()
            .map_or_else(Vec::new, |al| al.go.clone()),
        status: a.status,
        violation,
    })
}

/// Re-solves of one model with a parameter moved. The data are changed and
/// the program rebuilt (a budget is a row bound, but the formulation also
/// tightens money caps and big-M coefficients to it); when the rebuilt
/// program differs from the base only in bounds and coefficients, which is
/// the rule, those changes are made on the worker's warm session
/// ([`Engine::worker`]) and undone after; otherwise it is solved anew.
struct Mover<'a> {
    model: &'a Model,
    backend: &'a dyn Backend,
    req: &'a Request,
    /// The program every worker's session starts from.
    base: &'a crate::program::Program,
    /// The objective the sessions solve.
    objective: &'a Objective,
    /// The base plan, offered as a start where it stays feasible.
    start: Option<&'a [f64]>,
    solves: AtomicUsize,
    rebuilt: AtomicUsize,
    /// Earlier answers and the record of new ones (`--out`, `--resume`).
    log: Option<&'a Log>,
    /// The end of the run's time budget.
    deadline: Option<std::time::Instant>,
}

impl<'a> Mover<'a> {
    /// Re-solves of `model` from the program of `req` and the objective it
    /// solves, without a start, counting from 0.
    fn new(
        model: &'a Model,
        backend: &'a dyn Backend,
        req: &'a Request,
        (base, objective): (&'a crate::program::Program, &'a Objective),
        log: Option<&'a Log>,
        deadline: Option<std::time::Instant>,
    ) -> Self {
        Mover {
            model,
            backend,
            req,
            base,
            objective,
            start: None,
            solves: AtomicUsize::new(0),
            rebuilt: AtomicUsize::new(0),
            log,
            deadline,
        }
    }

    /// The engine whose workers' sessions the changes are made on.
    fn engine(&self, workers: usize) -> Engine<'a> {
        Engine {
            backend: self.backend,
            program: self.base,
            objective: self.objective,
            options: self.req.options.clone(),
            tolerances: self.req.tolerances,
            workers,
            deadline: self.deadline,
            reduce: false,
        }
    }

    /// The model with `param` of `actor` at `v`, solved (or read from the
    /// log of an earlier run) and recorded.
    fn at(&self, worker: &mut Worker<'_, '_>, param: Param, actor: usize, v: f64) -> Result<Point> {
        if let Some(p) = self.log.and_then(|l| l.get(param, actor, v)) {
            return Ok(p);
        }
        let started = std::time::Instant::now();
        if self.deadline.is_some_and(|d| started >= d) {
            // The run's budget is spent: nothing is solved or counted.
            return Ok(Point::timed_out());
        }
        let p = self.solve(worker, param, actor, v)?;
        self.solves.fetch_add(1, Ordering::SeqCst);
        // Only proven answers are kept: a resumed run with more time
        // solves the others again.
        if let (Some(log), Some(d), true) = (self.log, self.model.domain(), p.proven()) {
            log.put(
                &d.instance,
                (param, actor, v),
                &p,
                started.elapsed().as_secs_f64(),
            );
        }
        Ok(p)
    }

    fn solve(
        &self,
        worker: &mut Worker<'_, '_>,
        param: Param,
        actor: usize,
        v: f64,
    ) -> Result<Point> {
        let d = self.model.domain().expect("a domain model");
        let mut edited = d.instance.clone();
        param.set(&mut edited, actor, v);
        let m = self.model.with_instance(edited)?;
        let program = m.program_for(&self.req.demands)?;
        let same_objective = program
            .objective(&self.objective.name)
            .is_some_and(|o| o == self.objective);
        let Some(changes) = self.base.changes_to(&program).filter(|_| same_objective) else {
            self.rebuilt.fetch_add(1, Ordering::SeqCst);
            let mut req = self.req.clone();
            if let Some(d) = self.deadline {
                let left = d.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    return Ok(Point::timed_out());
                }
                req.time_budget = Some(left.as_secs_f64());
            }
            return solve_at(
                self.model,
                m.instance().expect("domain").clone(),
                self.backend,
                &req,
            );
        };
        let feasible = |x: &[f64]| {
            crate::check::check(
                &program,
                &Objective::zero(),
                x,
                None,
                &CheckTolerances::default(),
            )
            .passed
        };
        let start = if self.backend.accepts_start() {
            match self.start.filter(|x| feasible(x)) {
                Some(x) => Some(x.to_vec()),
                None => m.greedy_start(&program, &self.req.demands),
            }
        } else {
            None
        };
        let solved = worker.solve(&Job { changes, start })?;
        if solved.x.is_some() && !solved.passed {
            return Err(failed_check(self.backend, solved.violation));
        }
        let has = solved.status.has_solution();
        Ok(Point {
            value: solved.value.filter(|_| has),
            projects: solved
                .x
                .as_deref()
                .filter(|_| has)
                .map_or_else(Vec::new, |x| d.formulation.allocation(x).go),
            status: solved.status,
            violation: solved.violation,
        })
    }
}

fn effect(inst: &Instance, base: &[bool], base_value: f64, at: &Point, delta: f64) -> Effect {
    let names = |f: &dyn Fn(usize) -> bool| -> Vec<String> {
        (0..inst.projects.len())
            .filter(|&p| f(p))
            .map(|p| inst.projects[p].id.clone())
            .collect()
    };
    let had = |p: usize| base.get(p).copied().unwrap_or(false);
    let has = |p: usize| at.projects.get(p).copied().unwrap_or(false);
    Effect {
        delta,
        objective: at.value,
        change: at.value.map(|a| a - base_value),
        projects_in: names(&|p| has(p) && !had(p)),
        projects_out: names(&|p| had(p) && !has(p)),
        status: at.status,
        violation: at.violation,
    }
}

/// The sensitivity analysis of `model` for the first objective of `req`,
/// `progress(k)` as parameters finish.
pub fn analyse(
    model: &Model,
    backend: &dyn Backend,
    req: &Request,
    options: &Options,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Sensitivity> {
    analyse_logged(model, backend, req, options, progress, None)
}

/// [`analyse`], every re-solve read from `log` where an earlier run made
/// it and recorded there otherwise.
pub fn analyse_logged(
    model: &Model,
    backend: &dyn Backend,
    req: &Request,
    options: &Options,
    progress: &(dyn Fn(usize) + Sync),
    log: Option<&Log>,
) -> Result<Sensitivity> {
    let memory = Log::memory();
    let log = log.unwrap_or(&memory);
    let resumed_before = log.resumed();
    let started = std::time::Instant::now();
    let d = model
        .domain()
        .ok_or_else(|| Error::Usage("sensitivity needs a domain model".into()))?;
    let inst = &d.instance;
    let mut req = req.clone();
    req.objectives.truncate(1);
    let name = req.objectives[0].name.clone();
    let base_answer = model.solve(backend, &req, None)?;
    let base_projects = base_answer
        .allocation
        .as_ref()
        .map_or_else(Vec::new, |al| al.go.clone());
    let (Some(base_value), Some(x)) = (
        base_answer
            .values
            .first()
            .map(|v| v.1)
            .filter(|_| base_answer.status.has_solution()),
        base_answer.x.as_ref(),
    ) else {
        return Err(Error::Usage(format!(
            "the model has no plan to analyse ({}): `accord explain` says why",
            base_answer.status
        )));
    };
    if let Some(c) = base_answer.check.as_ref().filter(|c| !c.passed) {
        return Err(failed_check(backend, c.max_violation()));
    }
    let program = model.program_for(&req.demands)?;
    let objective: Objective = program.require_objective(&name)?.clone();
    // --time-limit is the budget of the whole analysis: no re-solve starts
    // after it, and each gets at most what is left.
    let deadline = req
        .time_budget
        .map(|s| started + std::time::Duration::from_secs_f64(s.max(0.0)));
    let mut mover = Mover::new(
        model,
        backend,
        &req,
        (&program, &objective),
        Some(log),
        deadline,
    );
    // The base plan starts every re-solve where it stays feasible; the
    // base solve is counted.
    mover.start = Some(x);
    mover.solves = AtomicUsize::new(1);
    let engine = mover.engine(options.workers);
    let same = |p: &Point| p.status.has_solution() && p.projects == base_projects;
    let jobs: Vec<(Param, usize)> = options
        .params
        .iter()
        .flat_map(|&k| (0..inst.actors.len()).map(move |a| (k, a)))
        .collect();
    let results = parallel(
        &jobs,
        options.workers,
        || Ok(engine.worker()),
        |w, _, &(param, a)| {
            let value = param.get(inst, a);
            let mut at = |v: f64| mover.at(w, param, a, v);
            let step = options.delta.of(value);
            let plus = effect(inst, &base_projects, base_value, &at(value + step)?, step);
            let down = (value - step).max(0.0);
            let minus = effect(inst, &base_projects, base_value, &at(down)?, down - value);
            let interval = if options.intervals {
                let precision = options.precision * value.abs().max(1.0);
                // From the data's value (the same projects) towards `end`:
                // the last value with the same projects, within the
                // precision, and the optimum there; the whole way when the
                // projects are still the same at `end`.
                // A point counts when its solve is proven (optimal or
                // infeasible); one the time budget left unproven ends the
                // search where it is, and the interval says so.
                let mut complete = true;
                let mut search = |end: f64| -> Result<(f64, Option<f64>, bool)> {
                    let far = at(end)?;
                    if same(&far) {
                        return Ok((end, far.value, true));
                    }
                    let (mut good, mut bad, mut last) = (value, end, Some(base_value));
                    if !far.proven() {
                        complete = false;
                        return Ok((good, last, false));
                    }
                    while (bad - good).abs() > precision {
                        let mid = 0.5 * (good + bad);
                        let p = at(mid)?;
                        if same(&p) {
                            (good, last) = (mid, p.value);
                        } else if p.proven() {
                            bad = mid;
                        } else {
                            complete = false;
                            break;
                        }
                    }
                    Ok((good, last, false))
                };
                let (lo, objective_lo, _) = search(0.0)?;
                let ceiling = param.ceiling(inst, a);
                let (top, objective_hi, whole) = search(ceiling)?;
                let hi = (!whole).then_some(top);
                Some(Interval {
                    lo,
                    hi,
                    ceiling,
                    precision,
                    complete,
                    objective_lo,
                    objective_hi,
                })
            } else {
                None
            };
            progress(1);
            Ok((plus, minus, interval))
        },
    )?;

    // Local prices: the LP with the plan's integer decisions fixed.
    let mut lp = program.as_ref().clone();
    for (j, xj) in x.iter().enumerate() {
        if lp.integer[j] {
            let v = xj.round();
            lp.col_lower[j] = v;
            lp.col_upper[j] = v;
            lp.integer[j] = false;
        }
    }
    // The formulation also caps each money (people) column at the actor's
    // budget (personnel); the budget row implies those caps (every term is
    // >= 0), so they are lifted here and the parameter lives in its row
    // alone: its dual is then the derivative.
    for (e, i) in inst.interests.iter().enumerate() {
        let actor = &inst.actors[i.actor];
        let f = d.formulation.f[e];
        if d.formulation.budget_rows[i.actor].is_some() && lp.col_upper[f] == actor.budget {
            lp.col_upper[f] = f64::INFINITY;
        }
        if let Some(c) = d.formulation.s[e] {
            if d.formulation.personnel_rows[i.actor].is_some() && lp.col_upper[c] == actor.personnel
            {
                lp.col_upper[c] = f64::INFINITY;
            }
        }
    }
    let fixed = backend.solve_ranged(&lp, &objective, &req.options)?;
    mover.solves.fetch_add(1, Ordering::SeqCst);
    let activities = lp.row_activities(fixed.x.as_deref().unwrap_or(x));
    let (prices, duals_note, dual_violation) = match &fixed.duals {
        Some(duals) if fixed.status == Status::Optimal => {
            // HiGHS states duals for the objective as given; a price here
            // is d optimum / d bound, positive when more of a bound helps.
            let sign = 1.0;
            let prices: Vec<f64> = duals.rows.iter().map(|v| sign * v).collect();
            let violation = dual_violation(&lp, &activities, &prices, objective.sense);
            (
                Some(prices),
                format!(
                    "duals of the LP with the plan's {} integer decisions fixed ({}); valid while the chosen projects stay the same",
                    program.num_integers(),
                    backend.id()
                ),
                Some(violation),
            )
        }
        _ => (
            None,
            format!(
                "backend `{}` reports no duals: no local prices (accord does not invent them; HiGHS gives them)",
                backend.id()
            ),
            None,
        ),
    };
    // The ranges HiGHS states for the rows' bounds: the parameter's values
    // over which its dual stays the price (the same optimal basis of the
    // fixed-plan LP). Only with a checked price.
    let ranges = prices
        .as_ref()
        .and(fixed.duals.as_ref())
        .and_then(|d| d.row_ranges.as_deref());
    let tol = |b: f64| 1e-7 * b.abs().max(1.0);
    let mut binding = Vec::new();
    let mut parameters = Vec::new();
    for (&(param, a), (plus, minus, interval)) in jobs.iter().zip(results) {
        let row = match param {
            Param::Budget => d.formulation.budget_rows[a],
            Param::Personnel => d.formulation.personnel_rows[a],
        };
        let rule = match param {
            Param::Budget => Rule::Budget(a),
            Param::Personnel => Rule::Personnel(a),
        };
        let price = row.and_then(|r| prices.as_ref().map(|p| p[r]));
        let at_bound = |r: usize| (activities[r] - lp.row_upper[r]).abs() <= tol(lp.row_upper[r]);
        // A row short of its bound keeps its price (0) for every bound from
        // its activity up: HiGHS ranges such a basic row's activity instead.
        let range = row.and_then(|r| {
            ranges.map(|g| {
                DualRange::new(if at_bound(r) {
                    g[r]
                } else {
                    (activities[r], f64::INFINITY)
                })
            })
        });
        if let Some(r) = row {
            if at_bound(r) {
                binding.push(Binding {
                    rule: rule.name(inst, &req.demands),
                    place: rule.place(inst, &req.demands),
                    text: rule.sentence(inst, &req.demands),
                    price,
                });
            }
        }
        parameters.push(Parameter {
            param,
            actor: inst.actors[a].id.clone(),
            place: rule.place(inst, &req.demands),
            value: param.get(inst, a),
            plus,
            minus,
            interval,
            dual: price,
            dual_range: range,
        });
    }
    let gain = |p: &Parameter| {
        p.plus
            .change
            .map_or(f64::NEG_INFINITY, |c| c * objective.sense.sign())
    };
    parameters.sort_by(|a, b| {
        gain(b)
            .total_cmp(&gain(a))
            .then(a.actor.cmp(&b.actor))
            .then(a.param.as_str().cmp(b.param.as_str()))
    });
    binding.sort_by(|a, b| {
        b.price
            .map(f64::abs)
            .unwrap_or(0.0)
            .total_cmp(&a.price.map(f64::abs).unwrap_or(0.0))
            .then(a.rule.cmp(&b.rule))
    });
    Ok(Sensitivity {
        model: model.name.clone(),
        objective: name,
        sense: objective.sense,
        base: base_value,
        base_projects: base_projects
            .iter()
            .enumerate()
            .filter(|(_, g)| **g)
            .map(|(p, _)| inst.projects[p].id.clone())
            .collect(),
        parameters,
        binding,
        duals: duals_note,
        dual_violation,
        solves: mover.solves.load(Ordering::SeqCst),
        rebuilt: mover.rebuilt.load(Ordering::SeqCst),
        resumed: log.resumed() - resumed_before,
        seconds: started.elapsed().as_secs_f64(),
        backend: backend.id().into(),
    })
}

/// Largest violation of dual feasibility: a price on a row that is not at
/// a bound (complementary slackness), or a price of the wrong sign at a
/// bound (for a max objective, loosening an upper bound cannot hurt:
/// `d optimum / d upper >= 0`, and `d optimum / d lower <= 0`).
fn dual_violation(lp: &crate::program::Program, act: &[f64], prices: &[f64], sense: Sense) -> f64 {
    let mut worst: f64 = 0.0;
    for i in 0..lp.num_rows() {
        let (lo, up) = (lp.row_lower[i], lp.row_upper[i]);
        let tol = |b: f64| 1e-7 * b.abs().max(1.0);
        let at_up = up.is_finite() && (act[i] - up).abs() <= tol(up);
        let at_lo = lo.is_finite() && (act[i] - lo).abs() <= tol(lo);
        let y = prices[i] * sense.sign();
        let v = if at_up && at_lo {
            0.0
        } else if at_up {
            (-y).max(0.0)
        } else if at_lo {
            y.max(0.0)
        } else {
            y.abs()
        };
        worst = worst.max(v);
    }
    worst
}

/// `(value, optimum)` points of a staircase.
pub type Steps = Vec<(f64, Option<f64>)>;

/// The exact optimum of the first objective of `req` as a function of one
/// parameter over `[lo, hi]`: `points` evenly spaced values, then every
/// interval whose ends differ bisected down to `precision` (a breakpoint of
/// a step function is found within `precision`). Returns `(value, optimum)`
/// sorted by value, and the number of solves made (values known to `log`
/// are read, not solved).
#[allow(clippy::too_many_arguments)]
pub fn curve(
    model: &Model,
    backend: &dyn Backend,
    req: &Request,
    param: Param,
    actor: usize,
    (lo, hi): (f64, f64),
    points: usize,
    precision: f64,
    workers: usize,
    log: Option<&Log>,
) -> Result<(Steps, usize)> {
    if !model.is_domain() {
        return Err(Error::Usage("sensitivity needs a domain model".into()));
    }
    let mut req = req.clone();
    req.objectives.truncate(1);
    let program = model.program_for(&req.demands)?;
    let objective = program.require_objective(&req.objectives[0].name)?.clone();
    let mover = Mover::new(model, backend, &req, (&program, &objective), log, None);
    let engine = mover.engine(workers);
    let at = |w: &mut Worker<'_, '_>, v: f64| -> Result<Option<f64>> {
        Ok(mover.at(w, param, actor, v)?.value)
    };
    let n = points.max(2);
    let grid: Vec<f64> = (0..n)
        .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
        .collect();
    let values = parallel(&grid, workers, || Ok(engine.worker()), |w, _, &v| at(w, v))?;
    let mut out: Vec<(f64, Option<f64>)> = grid.into_iter().zip(values).collect();
    let differ = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => {
            (a - b).abs() > CheckTolerances::default().feasibility * a.abs().max(1.0)
        }
        (None, None) => false,
        _ => true,
    };
    type Pair = ((f64, Option<f64>), (f64, Option<f64>));
    let pairs: Vec<Pair> = out
        .windows(2)
        .filter(|w| differ(w[0].1, w[1].1))
        .map(|w| (w[0], w[1]))
        .collect();
    let refined = parallel(
        &pairs,
        workers,
        || Ok(engine.worker()),
        |w, _, &(a, b)| {
            let (mut a, mut b) = (a, b);
            let mut found = Vec::new();
            while b.0 - a.0 > precision {
                let mid = 0.5 * (a.0 + b.0);
                let v = at(w, mid)?;
                found.push((mid, v));
                if differ(v, a.1) {
                    b = (mid, v);
                } else {
                    a = (mid, v);
                }
            }
            Ok(found)
        },
    )?;
    out.extend(refined.into_iter().flatten());
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok((out, mover.solves.load(Ordering::SeqCst)))
}
