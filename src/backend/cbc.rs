//! `cbc`: COIN-OR CBC 2.10 through good_lp's `coin_cbc` solver (system
//! package coinor-libcbc-dev). good_lp is the modelling layer here; its
//! statuses are lossy, so they are mapped to ours with care:
//! - an LP that CBC calls infeasible may be unbounded: it is re-solved with
//!   a zero objective, and a feasible answer there means unbounded;
//! - the time limit is in whole seconds (rounded up);
//! - CBC is not thread-safe: good_lp's `singlethread-cbc` lock serializes calls.

use std::time::Instant;

use good_lp::solvers::coin_cbc::coin_cbc;
use good_lp::{
    constraint, variable, Expression, ProblemVariables, ResolutionError, Solution as _,
    SolutionStatus, SolverModel, Variable, WithMipGap, WithTimeLimit,
};

use super::{Backend, Capabilities, Outcome, SolveOptions, Status};
use crate::program::{Objective, Program, Sense};
use crate::{Error, Result};

/// The CBC backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cbc;

const ID: &str = "cbc";

fn fail(message: impl Into<String>) -> Error {
    Error::Solver {
        backend: ID.into(),
        message: message.into(),
    }
}

enum Raw {
    Solved(SolutionStatus, Vec<f64>),
    Infeasible,
    Unbounded,
}

fn run(program: &Program, objective: &Objective, options: &SolveOptions) -> Result<Raw> {
    let mut vars = ProblemVariables::new();
    let cols: Vec<Variable> = (0..program.num_cols())
        .map(|j| {
            let mut def = variable();
            if program.col_lower[j] > f64::NEG_INFINITY {
                def = def.min(program.col_lower[j]);
            } else {
                def = def.min(f64::NEG_INFINITY);
            }
            if program.col_upper[j] < f64::INFINITY {
                def = def.max(program.col_upper[j]);
            }
            if program.integer[j] {
                def = def.integer();
            }
            vars.add(def)
        })
        .collect();
    let mut obj = Expression::with_capacity(objective.terms.len());
    for &(j, c) in &objective.terms {
        obj.add_mul(c, cols[j]);
    }
    let mut constraints = Vec::with_capacity(program.num_rows());
    for i in 0..program.num_rows() {
        let mut e = Expression::with_capacity(program.row_start[i + 1] - program.row_start[i]);
        for (j, a) in program.row(i) {
            e.add_mul(a, cols[j]);
        }
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        if lo == up {
            constraints.push(constraint::eq(e, lo));
        } else {
            if lo > f64::NEG_INFINITY && up < f64::INFINITY {
                constraints.push(constraint::geq(e.clone(), lo));
            } else if lo > f64::NEG_INFINITY {
                constraints.push(constraint::geq(e, lo));
                continue;
            }
            if up < f64::INFINITY {
                constraints.push(constraint::leq(e, up));
            }
        }
    }
    let mut model = match objective.sense {
        Sense::Min => vars.minimise(obj),
        Sense::Max => vars.maximise(obj),
    }
    .using(coin_cbc);
    model.set_parameter("log", if options.verbose { "1" } else { "0" });
    if let Some(seed) = options.seed {
        model.set_parameter("randomCbcSeed", &(seed % 1_000_000 + 1).to_string());
    }
    if !options.presolve {
        model.set_parameter("preprocess", "off");
        model.set_parameter("presolve", "off");
    }
    model.set_parameter("allowableGap", "0");
    let mut model = model
        .with_mip_gap(options.mip_gap as f32)
        .map_err(|e| fail(e.to_string()))?;
    if let Some(t) = options.time_limit {
        model = model.with_time_limit(t);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    match model.solve() {
        Ok(sol) => {
            let x = cols.iter().map(|&v| sol.value(v)).collect();
            Ok(Raw::Solved(sol.status(), x))
        }
        Err(ResolutionError::Infeasible) => Ok(Raw::Infeasible),
        Err(ResolutionError::Unbounded) => Ok(Raw::Unbounded),
        Err(e) => Err(fail(e.to_string())),
    }
}

impl Backend for Cbc {
    fn id(&self) -> &'static str {
        ID
    }

    fn version(&self) -> String {
        "2.10 (coinor-libcbc via good_lp 1.15)".into()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            integers: true,
            duals: false,
            time_limit: true,
            mip_gap: true,
            warm_start: false,
            parallel_safe: false,
        }
    }

    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        options.validate()?;
        // CLP aborts the process on a cost of 1e25 or more: never reach it.
        super::check_magnitudes(self.id(), self.limits(), program, objective)?;
        let started = Instant::now();
        let raw = run(program, objective, options)?;
        let raw = match raw {
            Raw::Infeasible if !program.is_mip() => {
                // CBC reports some unbounded LPs as infeasible: ask whether any point exists.
                let zero = Objective {
                    terms: Vec::new(),
                    constant: 0.0,
                    ..objective.clone()
                };
                match run(program, &zero, options)? {
                    Raw::Solved(SolutionStatus::Optimal, _) => Raw::Unbounded,
                    _ => Raw::Infeasible,
                }
            }
            other => other,
        };
        let seconds = started.elapsed().as_secs_f64();
        Ok(match raw {
            Raw::Infeasible => Outcome::without_solution(Status::Infeasible, seconds),
            Raw::Unbounded => Outcome::without_solution(Status::Unbounded, seconds),
            Raw::Solved(SolutionStatus::TimeLimit, x)
                if program.is_mip()
                    && x.iter()
                        .zip(&program.integer)
                        .any(|(v, &int)| int && (v - v.round()).abs() > 1e-6) =>
            {
                // good_lp reports every stop on time with CBC's current
                // columns: without an integer point those are the LP
                // relaxation's, not a solution.
                Outcome::without_solution(Status::TimeLimitNoSolution, seconds)
            }
            Raw::Solved(status, x) => {
                let status = match status {
                    SolutionStatus::Optimal | SolutionStatus::GapLimit => Status::Optimal,
                    SolutionStatus::TimeLimit => Status::TimeLimitFeasible,
                };
                let value = objective.eval(&x);
                Outcome {
                    status,
                    objective: Some(value),
                    x: Some(x),
                    ..Outcome::without_solution(status, seconds)
                }
            }
        })
    }
}
