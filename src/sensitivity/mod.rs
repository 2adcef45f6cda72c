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
//! change is a rebuilt program (tens of microseconds), solved on the
//! parallel workers of [`crate::engine::parallel`].

pub mod answer;

use serde::Serialize;

pub use answer::{Binding, Delta, DualRange, Effect, Interval, Param, Parameter, Sensitivity};

use crate::backend::{Backend, Status};
use crate::check::CheckTolerances;
use crate::domain::rules::Rule;
use crate::domain::Instance;
use crate::engine::parallel;
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
struct Point {
    value: Option<f64>,
    projects: Vec<bool>,
    status: Status,
    violation: f64,
}

fn solve_at(model: &Model, inst: Instance, backend: &dyn Backend, req: &Request) -> Result<Point> {
    let m = model.with_instance(inst)?;
    let a = m.solve(backend, req, None)?;
    let passed = a.check.as_ref().is_some_and(|c| c.passed);
    let violation = a.check.as_ref().map_or(0.0, |c| {
        c.max_bound_violation
            .max(c.max_row_violation)
            .max(c.max_integrality_violation)
    });
    if a.status.has_solution() && !passed {
        return Err(Error::Solver {
            backend: backend.id().into(),
            message: format!(
                "a sensitivity solve's plan fails the check (largest violation {violation:.1e})"
            ),
        });
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

fn effect(inst: &Instance, base: &Point, at: &Point, delta: f64) -> Effect {
    let names = |f: &dyn Fn(usize) -> bool| -> Vec<String> {
        (0..inst.projects.len())
            .filter(|&p| f(p))
            .map(|p| inst.projects[p].id.clone())
            .collect()
    };
    let had = |p: usize| base.projects.get(p).copied().unwrap_or(false);
    let has = |p: usize| at.projects.get(p).copied().unwrap_or(false);
    Effect {
        delta,
        objective: at.value,
        change: at.value.zip(base.value).map(|(a, b)| a - b),
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
    let started = std::time::Instant::now();
    let d = model
        .domain()
        .ok_or_else(|| Error::Usage("sensitivity needs a domain model".into()))?;
    let inst = &d.instance;
    let mut req = req.clone();
    req.objectives.truncate(1);
    let name = req.objectives[0].name.clone();
    let solves = std::sync::atomic::AtomicUsize::new(1);
    let base = solve_at(model, inst.clone(), backend, &req)?;
    let Some(base_value) = base.value else {
        return Err(Error::Usage(format!(
            "the model has no plan to analyse ({}): `accord explain` says why",
            base.status
        )));
    };
    let same = |p: &Point| p.status.has_solution() && p.projects == base.projects;
    let jobs: Vec<(Param, usize)> = options
        .params
        .iter()
        .flat_map(|&k| (0..inst.actors.len()).map(move |a| (k, a)))
        .collect();
    let count = || solves.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let results = parallel(
        &jobs,
        options.workers,
        || Ok(()),
        |_, _, &(param, a)| {
            let value = param.get(inst, a);
            let at = |v: f64| -> Result<Point> {
                let mut edited = inst.clone();
                param.set(&mut edited, a, v);
                count();
                solve_at(model, edited, backend, &req)
            };
            let step = options.delta.of(value);
            let plus = effect(inst, &base, &at(value + step)?, step);
            let down = (value - step).max(0.0);
            let minus = effect(inst, &base, &at(down)?, down - value);
            let interval = if options.intervals {
                let precision = options.precision * value.abs().max(1.0);
                // From `good` (the data's value: the same projects) towards
                // `end`: the last value with the same projects, within the
                // precision, and the optimum there; the whole way when the
                // projects are still the same at `end`.
                let search = |end: f64| -> Result<(f64, Option<f64>, bool)> {
                    let far = at(end)?;
                    if same(&far) {
                        return Ok((end, far.value, true));
                    }
                    let (mut good, mut bad, mut last) = (value, end, base.value);
                    while (bad - good).abs() > precision {
                        let mid = 0.5 * (good + bad);
                        let p = at(mid)?;
                        if same(&p) {
                            (good, last) = (mid, p.value);
                        } else {
                            bad = mid;
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
    let program = model.program_for(&req.demands)?;
    let objective: Objective = program.require_objective(&name)?.clone();
    let base_answer = model.solve(backend, &req, None)?;
    count();
    let x = base_answer
        .x
        .as_ref()
        .ok_or_else(|| Error::Usage("the base plan has no solution".into()))?;
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
    count();
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
        .and_then(|_| fixed.duals.as_ref())
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
        base_projects: base
            .projects
            .iter()
            .enumerate()
            .filter(|(_, g)| **g)
            .map(|(p, _)| inst.projects[p].id.clone())
            .collect(),
        parameters,
        binding,
        duals: duals_note,
        dual_violation,
        solves: solves.load(std::sync::atomic::Ordering::SeqCst),
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

/// The exact optimum of the first objective of `req` as a function of one
/// parameter over `[lo, hi]`: `points` evenly spaced values, then every
/// interval whose ends differ bisected down to `precision` (a breakpoint of
/// a step function is found within `precision`). Returns `(value, optimum)`
/// sorted by value.
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
) -> Result<Vec<(f64, Option<f64>)>> {
    let d = model
        .domain()
        .ok_or_else(|| Error::Usage("sensitivity needs a domain model".into()))?;
    let inst = &d.instance;
    let mut req = req.clone();
    req.objectives.truncate(1);
    let at = |v: f64| -> Result<Option<f64>> {
        let mut edited = inst.clone();
        param.set(&mut edited, actor, v);
        Ok(solve_at(model, edited, backend, &req)?.value)
    };
    let n = points.max(2);
    let grid: Vec<f64> = (0..n)
        .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
        .collect();
    let values = parallel(&grid, workers, || Ok(()), |_, _, &v| at(v))?;
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
        || Ok(()),
        |_, _, &(a, b)| {
            let (mut a, mut b) = (a, b);
            let mut found = Vec::new();
            while b.0 - a.0 > precision {
                let mid = 0.5 * (a.0 + b.0);
                let v = at(mid)?;
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
    Ok(out)
}
