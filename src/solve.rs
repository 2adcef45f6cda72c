//! Scalar solves over several objectives: weighted sums (optionally
//! normalized by the payoff table's ideal-nadir ranges) and lexicographic
//! optimization with explicit tolerances. Works on any [`Program`] with
//! named objectives: domain models and MPS files alike.
//!
//! Every final solution is checked against the program it was solved on
//! (the input program plus the lexicographic level rows) before it is
//! returned.

use std::time::Instant;

use nalgebra::DMatrix;
use serde::Serialize;

use crate::backend::{Backend, Info, Outcome, Status};
use crate::check::{check, Check};
use crate::domain::Allocation;
use crate::program::{Objective, Program, Sense};
use crate::request::{self, Heuristics, Method, ObjectiveSpec, Request, SolveOptions};
use crate::{Error, Result};

/// One scalar solve made on the way to the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    /// What was optimized (`stability`, `weighted`, `payoff[cost]/stability`, ...).
    pub label: String,
    /// How it ended.
    pub status: Status,
    /// Its optimal (or best) value, where it has one.
    pub value: Option<f64>,
    /// Seconds inside the solver.
    pub seconds: f64,
    /// Branch-and-bound nodes, where the backend reports them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u64>,
}

impl Stage {
    /// The stage `label` that ended in `outcome`.
    fn of(label: String, outcome: &Outcome) -> Self {
        Stage {
            label,
            status: outcome.status,
            value: outcome.objective,
            seconds: outcome.seconds,
            nodes: outcome.nodes,
        }
    }
}

/// The payoff table: row k is the lexicographic optimum of objective k, then
/// of the others in their listed order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payoff {
    /// Objective names (columns and rows).
    pub names: Vec<String>,
    /// `values[k][i]`: objective i at row k's solution.
    pub values: Vec<Vec<f64>>,
    /// Best value of each objective.
    pub ideal: Vec<f64>,
    /// Worst value of each objective over the table's rows.
    pub nadir: Vec<f64>,
    /// `|ideal - nadir|`, with 1 where that is 0.
    pub range: Vec<f64>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Final status.
    pub status: Status,
    /// Final column values, when there is a solution.
    pub x: Option<Vec<f64>>,
    /// Objective values at the final solution, in request order.
    pub values: Vec<(String, f64)>,
    /// The checker's verdict on the final solution.
    pub check: Option<Check>,
    /// Every scalar solve made.
    pub stages: Vec<Stage>,
    /// The payoff table, when one was computed (`normalize`).
    pub payoff: Option<Payoff>,
    /// Seconds inside the solver, summed over stages.
    pub solver_seconds: f64,
    /// The solution of the first scalar solve (the first lexicographic
    /// level, or the weighted solve): a start for related programs that,
    /// unlike the final `x`, carries no later level's slack.
    #[serde(skip)]
    pub first_x: Option<Vec<f64>>,
    /// Wall seconds of the whole request.
    pub wall_seconds: f64,
    /// The backend that solved it.
    pub backend: Info,
    /// The allocation behind the final solution, for domain models (filled
    /// by [`crate::model::Model::solve`]).
    #[serde(skip)]
    pub allocation: Option<Allocation>,
}

/// Computes objective values at a solution; the default is the linear
/// objectives of the program. Domain models pass exact evaluations (equity
/// as a minimum, dominance as a maximum).
pub type Evaluator<'a> = &'a dyn Fn(&[f64]) -> Vec<f64>;

/// The time a request may still spend: its budget (`Request::time_budget`)
/// from the start, split over its solves, each also held to the per-solve
/// limit (`options.time_limit`).
struct Budget<'r> {
    base: &'r SolveOptions,
    deadline: Option<Instant>,
}

impl Budget<'_> {
    /// The options of the next solve; `None` when the budget is spent.
    fn options(&self) -> Option<SolveOptions> {
        let mut o = self.base.clone();
        if let Some(d) = self.deadline {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 {
                return None;
            }
            o.time_limit = Some(o.time_limit.map_or(left, |l| l.min(left)));
        }
        Some(o)
    }

    /// The options of lexicographic level `level` (0 first; a weighted
    /// solve is level 0). `auto` heuristics are `no_submip` on the first
    /// level and `minimal` after it: a later level's row holds the earlier
    /// objectives at their optimum, and there HiGHS's sub-MIPs and
    /// feasibility jump spend most of the time and find little; on the first
    /// level RENS and RINS cost more than they find on mid-sized models
    /// while feasibility jump still pays (docs/benchmarks.md, "Planner
    /// scale: heuristics per level").
    fn level_options(&self, level: usize) -> Option<SolveOptions> {
        self.options().map(|mut o| {
            o.heuristics = o.heuristics.or_auto(if level == 0 {
                Heuristics::NoSubmip
            } else {
                Heuristics::Minimal
            });
            o
        })
    }

    /// Solves level `level` on `session`, or says the budget was spent.
    fn solve_level(
        &self,
        session: &mut dyn crate::backend::Session,
        level: usize,
    ) -> Result<Outcome> {
        match self.level_options(level) {
            Some(o) => session.solve(&o),
            None => Ok(Outcome::without_solution(Status::TimeLimitNoSolution, 0.0)),
        }
    }
}

fn resolve<'p>(program: &'p Program, req: &Request) -> Result<Vec<&'p Objective>> {
    request::validate(req).map_err(Error::Usage)?;
    req.objectives
        .iter()
        .map(|spec| program.require_objective(&spec.name))
        .collect()
}

/// Solves `program` as `req` asks, on `backend`, verifying the answer.
pub fn solve(
    backend: &dyn Backend,
    program: &Program,
    req: &Request,
    evaluate: Option<Evaluator<'_>>,
) -> Result<Answer> {
    solve_from(backend, program, req, evaluate, None)
}

/// [`solve`], offering `start` (one value per column, for example the
/// solution of a related program) to backends that accept a start
/// ([`Backend::accepts_start`]): it is given to the first solve, and each
/// later lexicographic level starts from the previous level's solution. A
/// start of the wrong length is ignored. The answer is checked as always;
/// only the path to it may change.
pub fn solve_from(
    backend: &dyn Backend,
    program: &Program,
    req: &Request,
    evaluate: Option<Evaluator<'_>>,
    start: Option<&[f64]>,
) -> Result<Answer> {
    let start = start.filter(|x| backend.accepts_start() && x.len() == program.num_cols());
    backend.check_supported(program)?;
    let started = Instant::now();
    let objectives = resolve(program, req)?;
    let budget = Budget {
        base: &req.options,
        deadline: req
            .time_budget
            .map(|t| started + std::time::Duration::from_secs_f64(t)),
    };
    let linear = |x: &[f64]| objectives.iter().map(|o| o.eval(x)).collect::<Vec<_>>();
    let all_values = |x: &[f64]| -> Vec<f64> {
        match evaluate {
            Some(f) => {
                let v = f(x);
                objectives
                    .iter()
                    .map(|o| {
                        program
                            .objectives
                            .iter()
                            .position(|p| p.name == o.name)
                            .map_or(f64::NAN, |k| v[k])
                    })
                    .collect()
            }
            None => linear(x),
        }
    };
    let mut stages = Vec::new();
    let mut payoff = None;
    let mut first_x = None;
    let (outcome, final_program, final_objective) = match req.method {
        Method::Lexicographic => {
            let order: Vec<usize> = (0..objectives.len()).collect();
            let (o, p, obj) = lexicographic(
                backend,
                program,
                &objectives,
                req,
                &budget,
                &order,
                "",
                &mut stages,
                start,
                &mut first_x,
            )?;
            (o, p, obj)
        }
        Method::Weighted => {
            let range = if req.normalize && objectives.len() > 1 {
                let table = payoff_table(
                    backend,
                    program,
                    &objectives,
                    req,
                    &budget,
                    &all_values,
                    &mut stages,
                )?;
                match table {
                    Some(t) => {
                        let r = t.range.clone();
                        payoff = Some(t);
                        r
                    }
                    None => {
                        // A payoff row had no solution: report that stage's status.
                        let last = stages.last().expect("a stage was solved");
                        return Ok(Answer {
                            status: last.status,
                            x: None,
                            values: Vec::new(),
                            check: None,
                            solver_seconds: stages.iter().map(|s| s.seconds).sum(),
                            stages,
                            payoff: None,
                            first_x: None,
                            wall_seconds: started.elapsed().as_secs_f64(),
                            backend: Info::of(backend),
                            allocation: None,
                        });
                    }
                }
            } else {
                vec![1.0; objectives.len()]
            };
            let scalar = weighted_objective(program.num_cols(), &objectives, req, &range);
            let outcome = match (start, budget.level_options(0)) {
                (_, None) => Outcome::without_solution(Status::TimeLimitNoSolution, 0.0),
                (Some(x), Some(o)) => {
                    let mut session = backend.open(program.clone())?;
                    session.set_objective(&scalar)?;
                    session.set_start(x)?;
                    session.solve(&o)?
                }
                (None, Some(o)) => backend.solve(program, &scalar, &o)?,
            };
            first_x.clone_from(&outcome.x);
            stages.push(Stage::of("weighted".into(), &outcome));
            (outcome, program.clone(), scalar)
        }
    };
    let check = outcome.x.as_ref().map(|x| {
        check(
            &final_program,
            &final_objective,
            x,
            outcome.objective,
            &req.tolerances,
        )
    });
    let values = outcome.x.as_ref().map_or_else(Vec::new, |x| {
        objectives
            .iter()
            .map(|o| o.name.clone())
            .zip(all_values(x))
            .collect()
    });
    Ok(Answer {
        status: outcome.status,
        x: outcome.x,
        values,
        check,
        solver_seconds: stages.iter().map(|s| s.seconds).sum(),
        stages,
        payoff,
        first_x,
        wall_seconds: started.elapsed().as_secs_f64(),
        backend: Info::of(backend),
        allocation: None,
    })
}

/// How far the LP relaxation of a program is from its integer optimum: the
/// first thing to look at when a solve is slow (`accord solve --diagnose`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The objective diagnosed (the first level's).
    pub objective: String,
    /// How the relaxation solve ended.
    pub relaxation_status: Status,
    /// The relaxation's optimum: a bound on the integer optimum.
    pub relaxation_bound: Option<f64>,
    /// Seconds of the relaxation solve.
    pub relaxation_seconds: f64,
    /// The integer optimum (the first stage's value).
    pub optimum: Option<f64>,
    /// `|bound - optimum| / max(1, |optimum|)`: the root gap before cuts.
    pub root_gap: Option<f64>,
    /// Branch-and-bound nodes over all stages, where reported.
    pub nodes: Option<u64>,
}

/// Solves the LP relaxation of `program` for `objective` and sets it
/// against the first stage of `answer`.
pub fn diagnose(
    backend: &dyn Backend,
    program: &Program,
    objective: &Objective,
    options: &SolveOptions,
    answer: &Answer,
) -> Result<Diagnosis> {
    let mut lp = program.clone();
    lp.integer.iter_mut().for_each(|i| *i = false);
    let out = backend.solve(&lp, objective, options)?;
    let bound = (out.status == Status::Optimal)
        .then_some(out.objective)
        .flatten();
    let optimum = answer
        .stages
        .iter()
        .find(|s| s.label == objective.name)
        .and_then(|s| s.value);
    let nodes = answer
        .stages
        .iter()
        .map(|s| s.nodes)
        .try_fold(0u64, |acc, n| n.map(|n| acc + n));
    Ok(Diagnosis {
        objective: objective.name.clone(),
        relaxation_status: out.status,
        relaxation_bound: bound,
        relaxation_seconds: out.seconds,
        optimum,
        root_gap: bound
            .zip(optimum)
            .map(|(b, o)| (b - o).abs() / o.abs().max(1.0)),
        nodes,
    })
}

/// The weighted-sum objective `max sum_k w_k sign_k g_k / range_k`.
fn weighted_objective(
    n: usize,
    objectives: &[&Objective],
    req: &Request,
    range: &[f64],
) -> Objective {
    Objective::weighted_sum(
        "weighted",
        Sense::Max,
        n,
        objectives
            .iter()
            .zip(&req.objectives)
            .zip(range)
            .map(|((o, spec), r)| (spec.weight * o.sense.sign() / r, *o)),
    )
}

/// The bound that keeps level `g*` within tolerance, widened by at most
/// `1e-9 * max(1, |g*|)` for numerical safety (model.md).
fn level_bound(sense: Sense, best: f64, spec: &ObjectiveSpec) -> f64 {
    let tol = spec.abs_tol.max(spec.rel_tol * best.abs()) + 1e-9 * best.abs().max(1.0);
    match sense {
        Sense::Max => best - tol,
        Sense::Min => best + tol,
    }
}

/// Lexicographic optimization over `order` (indices into `objectives`).
/// Returns the final outcome with the program (plus level rows) and the
/// objective it was solved for. With a `start`, the first level starts from
/// it and each later level from the previous level's solution.
#[allow(clippy::too_many_arguments)]
fn lexicographic(
    backend: &dyn Backend,
    program: &Program,
    objectives: &[&Objective],
    req: &Request,
    budget: &Budget<'_>,
    order: &[usize],
    prefix: &str,
    stages: &mut Vec<Stage>,
    start: Option<&[f64]>,
    first_x: &mut Option<Vec<f64>>,
) -> Result<(Outcome, Program, Objective)> {
    let mut session = backend.open(program.clone())?;
    let mut warm: Option<Vec<f64>> = start.map(<[f64]>::to_vec);
    let mut last = None;
    // The level row of the previous objective: (row, sense, optimum, objective index).
    let mut previous: Option<(usize, Sense, f64, usize)> = None;
    for (level, &k) in order.iter().enumerate() {
        let obj = objectives[k];
        session.set_objective(obj)?;
        if let Some(x) = warm.take() {
            session.set_start(&x)?;
        }
        let options = budget.level_options(level);
        let started = options.is_some();
        let mut outcome = match options {
            Some(o) => session.solve(&o)?,
            None => Outcome::without_solution(Status::TimeLimitNoSolution, 0.0),
        };
        let label = if started {
            format!("{prefix}{}", obj.name)
        } else {
            format!(
                "{prefix}{} (not started: the time budget was spent)",
                obj.name
            )
        };
        stages.push(Stage::of(label, &outcome));
        if outcome.status == Status::Infeasible {
            if let Some((row, sense, best, pk)) = previous {
                // The previous level's optimum came from a solution that meets
                // the rows only within the solver's feasibility tolerance, so
                // the level row can cut off every exactly feasible point.
                // Widen it to the checker's tolerance once and retry.
                let widen = req.tolerances.feasibility * best.abs().max(1.0);
                let spec = &req.objectives[pk];
                let bound = level_bound(sense, best, spec);
                let (lo, up) = match sense {
                    Sense::Max => (bound - widen, f64::INFINITY),
                    Sense::Min => (f64::NEG_INFINITY, bound + widen),
                };
                session.set_row_bounds(row, lo, up)?;
                outcome = budget.solve_level(session.as_mut(), level)?;
                let label = format!(
                    "{prefix}{} (level {} widened by {widen:.1e}: the first try was infeasible)",
                    obj.name, objectives[pk].name
                );
                stages.push(Stage::of(label, &outcome));
            }
        }
        if level == 0 {
            first_x.clone_from(&outcome.x);
        }
        let best = match (outcome.status, outcome.objective) {
            (Status::Optimal, Some(v)) => v,
            // The budget ran out before this level found anything: the
            // previous level's plan stands, not proven optimal for this one.
            (Status::TimeLimitNoSolution, _) if last.is_some() => {
                let (mut prev, pobj): (Outcome, Objective) = last.take().expect("checked");
                prev.status = Status::TimeLimitFeasible;
                return Ok((prev, session.program().clone(), pobj));
            }
            _ => {
                return Ok((outcome, session.program().clone(), obj.clone()));
            }
        };
        if level + 1 < order.len() {
            // Intermediate levels are checked too: a wrong level poisons the next.
            if let Some(x) = &outcome.x {
                let c = check(
                    session.program(),
                    obj,
                    x,
                    outcome.objective,
                    &req.tolerances,
                );
                if !c.passed {
                    return Err(Error::Solver {
                        backend: backend.id().into(),
                        message: format!(
                            "the solution of level `{}` fails the check: {}",
                            obj.name,
                            c.summary()
                        ),
                    });
                }
            }
            let best = best - obj.constant;
            let bound = level_bound(obj.sense, best, &req.objectives[k]);
            let (lo, up) = match obj.sense {
                Sense::Max => (bound, f64::INFINITY),
                Sense::Min => (f64::NEG_INFINITY, bound),
            };
            let row = session.add_row(lo, up, &obj.terms)?;
            previous = Some((row, obj.sense, best, k));
            if start.is_some() {
                warm = outcome.x.clone();
            }
        }
        last = Some((outcome, obj.clone()));
    }
    let (outcome, obj) = last.expect("at least one objective");
    Ok((outcome, session.program().clone(), obj))
}

/// Computes the payoff table with nalgebra; `None` when a row has no solution
/// (its stage is the last one pushed).
fn payoff_table(
    backend: &dyn Backend,
    program: &Program,
    objectives: &[&Objective],
    req: &Request,
    budget: &Budget<'_>,
    values: &dyn Fn(&[f64]) -> Vec<f64>,
    stages: &mut Vec<Stage>,
) -> Result<Option<Payoff>> {
    let k = objectives.len();
    let mut table = DMatrix::<f64>::zeros(k, k);
    for row in 0..k {
        let order: Vec<usize> = std::iter::once(row)
            .chain((0..k).filter(|&i| i != row))
            .collect();
        let prefix = format!("payoff[{}]/", objectives[row].name);
        let (outcome, _, _) = lexicographic(
            backend, program, objectives, req, budget, &order, &prefix, stages, None, &mut None,
        )?;
        match (outcome.status, &outcome.x) {
            (Status::Optimal, Some(x)) => {
                for (i, v) in values(x).into_iter().enumerate() {
                    table[(row, i)] = v;
                }
            }
            _ => return Ok(None),
        }
    }
    // Signed so that larger is better in every column.
    let signs = DMatrix::from_diagonal(&nalgebra::DVector::from_iterator(
        k,
        objectives.iter().map(|o| o.sense.sign()),
    ));
    let signed = &table * &signs;
    let ideal_s: Vec<f64> = (0..k).map(|i| signed.column(i).max()).collect();
    let nadir_s: Vec<f64> = (0..k).map(|i| signed.column(i).min()).collect();
    let ideal: Vec<f64> = ideal_s
        .iter()
        .zip(objectives)
        .map(|(v, o)| v * o.sense.sign())
        .collect();
    let nadir: Vec<f64> = nadir_s
        .iter()
        .zip(objectives)
        .map(|(v, o)| v * o.sense.sign())
        .collect();
    let range = ideal_s
        .iter()
        .zip(&nadir_s)
        .map(|(i, n)| {
            let r = (i - n).abs();
            if r > 1e-12 * i.abs().max(1.0) {
                r
            } else {
                1.0
            }
        })
        .collect();
    Ok(Some(Payoff {
        names: objectives.iter().map(|o| o.name.clone()).collect(),
        values: (0..k)
            .map(|r| table.row(r).iter().copied().collect())
            .collect(),
        ideal,
        nadir,
        range,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_heuristics_are_chosen_per_level_and_a_choice_is_kept() {
        let mut base = SolveOptions::default();
        let budget = Budget {
            base: &base,
            deadline: None,
        };
        let h = |b: &Budget<'_>, level| b.level_options(level).unwrap().heuristics;
        assert_eq!(h(&budget, 0), Heuristics::NoSubmip);
        assert_eq!(h(&budget, 1), Heuristics::Minimal);
        assert_eq!(h(&budget, 2), Heuristics::Minimal);
        base.heuristics = Heuristics::Full;
        let budget = Budget {
            base: &base,
            deadline: None,
        };
        assert_eq!(h(&budget, 0), Heuristics::Full);
        assert_eq!(h(&budget, 1), Heuristics::Full);
        let spent = Budget {
            base: &base,
            deadline: Some(Instant::now()),
        };
        assert!(spent.level_options(1).is_none());
    }
}
