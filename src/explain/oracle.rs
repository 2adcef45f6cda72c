//! The feasibility oracles of `accord explain`: a domain model with some of
//! its rules dropped ([`DomainOracle`], rules in the vocabulary of
//! [`crate::domain::rules`]), and a program file with some rows and column
//! bounds dropped ([`ProgramOracle`], for the IIS of an infeasible LP).
//! Every check is a solve with a zero objective on a fresh program; a
//! feasible answer is re-checked against that program like every solution.

use std::time::Instant;

use super::search::{Feasibility, Oracle};
use crate::backend::{Backend, SolveOptions, Status};
use crate::check::{check, CheckTolerances};
use crate::domain::rules::{relax, Demand, Rule};
use crate::domain::Instance;
use crate::formulation;
use crate::program::{Objective, Program};
use crate::{Error, Result};

/// Time left before `deadline`, as a solver time limit; `Some(0)` when it
/// has passed.
pub fn remaining(deadline: Option<Instant>, base: Option<f64>) -> Option<f64> {
    match deadline {
        None => base,
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            Some(base.map_or(left, |b| b.min(left)))
        }
    }
}

/// Solves `program` for feasibility within the deadline; a feasible point
/// is checked against it. A solver failure, or a point that fails the
/// check, decides nothing: [`Feasibility::Unknown`], never a claim.
pub fn feasibility(
    backend: &dyn Backend,
    program: &Program,
    options: &SolveOptions,
    deadline: Option<Instant>,
) -> Result<(Feasibility, Option<Vec<f64>>)> {
    let mut opts = options.clone();
    opts.time_limit = remaining(deadline, options.time_limit);
    if opts.time_limit.is_some_and(|t| t <= 0.0) {
        return Ok((Feasibility::Unknown, None));
    }
    let zero = Objective::zero();
    // The LP relaxation first: when it is infeasible so is the program,
    // and when its point happens to be integral it is a plan (checked).
    if program.is_mip() {
        let mut lp = program.clone();
        lp.integer.iter_mut().for_each(|i| *i = false);
        if let Ok(out) = backend.solve(&lp, &zero, &opts) {
            match out.status {
                Status::Infeasible => return Ok((Feasibility::Infeasible, None)),
                Status::Optimal => {
                    if let Some(x) = out.x {
                        let c = check(program, &zero, &x, None, &CheckTolerances::default());
                        if c.passed {
                            return Ok((Feasibility::Feasible, Some(x)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let out = match backend.solve(program, &zero, &opts) {
        Ok(o) => o,
        Err(Error::Solver { .. }) => return Ok((Feasibility::Unknown, None)),
        Err(e) => return Err(e),
    };
    Ok(match out.status {
        Status::Optimal | Status::TimeLimitFeasible => {
            let Some(x) = out.x else {
                return Ok((Feasibility::Unknown, None));
            };
            let c = check(program, &zero, &x, None, &CheckTolerances::default());
            if !c.passed {
                return Ok((Feasibility::Unknown, None));
            }
            (Feasibility::Feasible, Some(x))
        }
        // A zero objective cannot improve without limit.
        Status::Infeasible | Status::InfeasibleOrUnbounded | Status::Unbounded => {
            (Feasibility::Infeasible, None)
        }
        Status::TimeLimitNoSolution => (Feasibility::Unknown, None),
    })
}

/// A domain model with every rule of `universe` that is not kept dropped
/// (rules::relax) and only the kept demands made.
pub struct DomainOracle<'a> {
    /// The data.
    pub inst: &'a Instance,
    /// The demands that `Rule::Demand` indices refer to.
    pub demands: &'a [Demand],
    /// The rules a check keeps or drops, by index.
    pub universe: &'a [Rule],
    /// The solver.
    pub backend: &'a dyn Backend,
    /// Its options (threads, gap, presolve).
    pub options: SolveOptions,
    /// When every check must stop.
    pub deadline: Option<Instant>,
}

impl DomainOracle<'_> {
    /// The instance and demands with exactly `kept` in force.
    pub fn relaxed(&self, kept: &[usize]) -> (Instance, Vec<Demand>) {
        let mut keep = vec![false; self.universe.len()];
        for &k in kept {
            keep[k] = true;
        }
        let dropped: Vec<Rule> = self
            .universe
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| !k)
            .map(|(r, _)| *r)
            .collect();
        let demands = self
            .universe
            .iter()
            .zip(&keep)
            .filter_map(|(r, &k)| match r {
                Rule::Demand(d) if k => Some(self.demands[*d].clone()),
                _ => None,
            })
            .collect();
        (relax(self.inst, &dropped), demands)
    }
}

impl Oracle for DomainOracle<'_> {
    fn check(&self, kept: &[usize]) -> Result<Feasibility> {
        let (inst, demands) = self.relaxed(kept);
        let form = formulation::build_with(&inst, &demands).map_err(Error::Usage)?;
        Ok(feasibility(self.backend, &form.program, &self.options, self.deadline)?.0)
    }
}

/// One element of a program that an IIS may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// Row `i` (both its bounds).
    Row(usize),
    /// The finite lower bound of column `j`.
    Lower(usize),
    /// The finite upper bound of column `j`.
    Upper(usize),
}

impl Element {
    /// `row:NAME`, `lower:COL`, `upper:COL`.
    pub fn name(&self, p: &Program) -> String {
        match *self {
            Element::Row(i) => format!("row:{}", p.row_name(i)),
            Element::Lower(j) => format!("lower:{}", p.col_name(j)),
            Element::Upper(j) => format!("upper:{}", p.col_name(j)),
        }
    }

    /// The element as an inequality.
    pub fn sentence(&self, p: &Program) -> String {
        let num = |v: f64| {
            let s = format!("{v}");
            s
        };
        match *self {
            Element::Row(i) => {
                let (lo, up) = (p.row_lower[i], p.row_upper[i]);
                let expr = p
                    .row(i)
                    .take(6)
                    .map(|(j, a)| format!("{} {}", num(a), p.col_name(j)))
                    .collect::<Vec<_>>()
                    .join(" + ");
                let more = if p.row(i).count() > 6 { " + ..." } else { "" };
                match (lo.is_finite(), up.is_finite()) {
                    (true, true) if lo == up => format!("{expr}{more} = {}", num(lo)),
                    (true, true) => format!("{} <= {expr}{more} <= {}", num(lo), num(up)),
                    (true, false) => format!("{expr}{more} >= {}", num(lo)),
                    _ => format!("{expr}{more} <= {}", num(up)),
                }
            }
            Element::Lower(j) => format!("{} >= {}", p.col_name(j), num(p.col_lower[j])),
            Element::Upper(j) => format!("{} <= {}", p.col_name(j), num(p.col_upper[j])),
        }
    }
}

/// Every row and finite column bound of `p`: rows first.
pub fn elements(p: &Program) -> Vec<Element> {
    let mut v: Vec<Element> = (0..p.num_rows()).map(Element::Row).collect();
    for j in 0..p.num_cols() {
        if p.col_lower[j].is_finite() {
            v.push(Element::Lower(j));
        }
        if p.col_upper[j].is_finite() {
            v.push(Element::Upper(j));
        }
    }
    v
}

/// A program with every element of `universe` that is not kept dropped (its
/// bounds made infinite).
pub struct ProgramOracle<'a> {
    /// The program.
    pub program: &'a Program,
    /// The elements a check keeps or drops.
    pub universe: &'a [Element],
    /// The solver.
    pub backend: &'a dyn Backend,
    /// Its options.
    pub options: SolveOptions,
    /// When every check must stop.
    pub deadline: Option<Instant>,
}

impl ProgramOracle<'_> {
    /// The program with exactly `kept` in force.
    pub fn relaxed(&self, kept: &[usize]) -> Program {
        let mut p = self.program.clone();
        let mut keep = vec![false; self.universe.len()];
        for &k in kept {
            keep[k] = true;
        }
        for (e, &k) in self.universe.iter().zip(&keep) {
            if k {
                continue;
            }
            match *e {
                Element::Row(i) => {
                    p.row_lower[i] = f64::NEG_INFINITY;
                    p.row_upper[i] = f64::INFINITY;
                }
                Element::Lower(j) => p.col_lower[j] = f64::NEG_INFINITY,
                Element::Upper(j) => p.col_upper[j] = f64::INFINITY,
            }
        }
        p
    }
}

impl Oracle for ProgramOracle<'_> {
    fn check(&self, kept: &[usize]) -> Result<Feasibility> {
        let p = self.relaxed(kept);
        Ok(feasibility(self.backend, &p, &self.options, self.deadline)?.0)
    }
}
