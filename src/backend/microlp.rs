//! `microlp`: pure-Rust simplex and branch-and-bound (microlp 0.7, called
//! directly: good_lp 1.15 pins microlp 0.6, which lacks 0.7's correctness
//! fixes). The default backend: a fresh machine needs nothing but cargo.
//!
//! Limits: integer columns need bounds that fit in `i32`; one thread; no duals.

use std::time::Instant;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome, TerminationReason};

use super::{Backend, Capabilities, Outcome, SolveOptions, Status};
use crate::program::{Objective, Program, Sense};
use crate::{Error, Result};

/// The microlp backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Microlp;

const ID: &str = "microlp";

fn fail(message: impl Into<String>) -> Error {
    Error::Solver {
        backend: ID.into(),
        message: message.into(),
    }
}

impl Backend for Microlp {
    fn id(&self) -> &'static str {
        ID
    }

    fn version(&self) -> String {
        "0.7.0".into()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            integers: true,
            duals: false,
            time_limit: true,
            mip_gap: true,
            warm_start: false,
            parallel_safe: true,
        }
    }

    // Columns are indexed in step across the program's parallel arrays.
    #[allow(clippy::needless_range_loop)]
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        options.validate()?;
        let direction = match objective.sense {
            Sense::Min => OptimizationDirection::Minimize,
            Sense::Max => OptimizationDirection::Maximize,
        };
        let mut problem = Problem::new(direction);
        let cost = objective.dense(program.num_cols());
        let mut vars = Vec::with_capacity(program.num_cols());
        for j in 0..program.num_cols() {
            let (lo, up) = (program.col_lower[j], program.col_upper[j]);
            let v = if program.integer[j] {
                let lo = lo.max(-f64::from(i32::MAX)).ceil();
                let up = up.min(f64::from(i32::MAX)).floor();
                if lo == 0.0 && up == 1.0 {
                    problem.add_binary_var(cost[j])
                } else if lo > up {
                    // An empty integer domain: keep it as an infeasible real column.
                    problem.add_var(cost[j], (lo, up))
                } else {
                    problem.add_integer_var(cost[j], (lo as i32, up as i32))
                }
            } else {
                problem.add_var(cost[j], (lo, up))
            };
            vars.push(v);
        }
        for i in 0..program.num_rows() {
            let terms: Vec<(microlp::Variable, f64)> =
                program.row(i).map(|(j, a)| (vars[j], a)).collect();
            let (lo, up) = (program.row_lower[i], program.row_upper[i]);
            if lo == up {
                problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, lo);
            } else {
                if lo > f64::NEG_INFINITY {
                    problem.add_constraint(terms.as_slice(), ComparisonOp::Ge, lo);
                }
                if up < f64::INFINITY {
                    problem.add_constraint(terms.as_slice(), ComparisonOp::Le, up);
                }
            }
        }
        let mut opts = microlp::SolveOptions::default();
        opts.time_limit = options.time_limit_duration();
        opts.mip_gap = options.mip_gap;
        opts.presolve = options.presolve;
        let started = Instant::now();
        let result = problem.solve_with(opts);
        let seconds = started.elapsed().as_secs_f64();
        let outcome = match result {
            Err(microlp::Error::Infeasible) => {
                return Ok(Outcome::without_solution(Status::Infeasible, seconds))
            }
            Err(microlp::Error::Unbounded) => {
                return Ok(Outcome::without_solution(Status::Unbounded, seconds))
            }
            Err(e) => return Err(fail(e.to_string())),
            Ok(o) => o,
        };
        let stats = outcome.stats();
        match outcome {
            SolveOutcome::Interrupted(_) => Ok(Outcome {
                iterations: Some(stats.lp_iterations),
                nodes: Some(stats.nodes_solved),
                ..Outcome::without_solution(Status::TimeLimitNoSolution, seconds)
            }),
            SolveOutcome::Solution(sol) => {
                let status = match sol.termination_reason() {
                    TerminationReason::ProvenOptimal | TerminationReason::MipGap => Status::Optimal,
                    _ => Status::TimeLimitFeasible,
                };
                let x: Vec<f64> = vars.iter().map(|&v| sol.var_value(v)).collect();
                Ok(Outcome {
                    status,
                    objective: Some(sol.objective() + objective.constant),
                    bound: stats.best_bound.map(|b| b + objective.constant),
                    gap: stats.gap,
                    x: Some(x),
                    seconds,
                    iterations: Some(stats.lp_iterations),
                    nodes: Some(stats.nodes_solved),
                    duals: None,
                })
            }
        }
    }
}
