//! `highs`: HiGHS (vendored by highs-sys, built by cmake), called through its
//! C API directly. One thread per solve by default; exact by default
//! (`mip_rel_gap = mip_abs_gap = 0`). Its session keeps the HiGHS instance
//! between solves so that a changed objective, bound or added row re-solves
//! warm from the previous basis.
#![allow(non_upper_case_globals)] // HiGHS C constants are matched by name

use std::ffi::{c_void, CStr, CString};
use std::os::raw::c_int;
use std::time::Instant;

use highs_sys::*;

use super::{Backend, Capabilities, Duals, Outcome, Session, SolveOptions, Status};
use crate::program::{Objective, Program, Sense};
use crate::request::Heuristics;
use crate::{Error, Result};

/// The HiGHS backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Highs;

const ID: &str = "highs";

fn fail(message: impl Into<String>) -> Error {
    Error::Solver {
        backend: ID.into(),
        message: message.into(),
    }
}

fn to_int(n: usize, what: &str) -> Result<HighsInt> {
    HighsInt::try_from(n).map_err(|_| fail(format!("too many {what} for HiGHS: {n}")))
}

/// An owned HiGHS instance.
struct Instance {
    ptr: *mut c_void,
    num_cols: usize,
}

// HiGHS instances are independent; one is only ever used from one thread at a time.
unsafe impl Send for Instance {}

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: ptr came from Highs_create and is destroyed once.
        unsafe { Highs_destroy(self.ptr) }
    }
}

impl Instance {
    fn new(program: &Program, objective: &Objective) -> Result<Self> {
        // SAFETY: Highs_create returns a fresh instance or null.
        let ptr = unsafe { Highs_create() };
        if ptr.is_null() {
            return Err(fail("Highs_create returned null"));
        }
        let inst = Instance {
            ptr,
            num_cols: program.num_cols(),
        };
        inst.set_bool("output_flag", false)?;
        let n = to_int(program.num_cols(), "columns")?;
        let m = to_int(program.num_rows(), "rows")?;
        let nz = to_int(program.num_nonzeros(), "nonzeros")?;
        let start: Vec<HighsInt> = program.row_start.iter().map(|&s| s as HighsInt).collect();
        let index: Vec<HighsInt> = program.index.iter().map(|&j| j as HighsInt).collect();
        let integrality: Vec<HighsInt> = program
            .integer
            .iter()
            .map(|&b| {
                if b {
                    kHighsVarTypeInteger
                } else {
                    kHighsVarTypeContinuous
                }
            })
            .collect();
        let cost = objective.dense(program.num_cols());
        let sense = match objective.sense {
            Sense::Min => kHighsObjSenseMinimize,
            Sense::Max => kHighsObjSenseMaximize,
        };
        let null_i: *const HighsInt = std::ptr::null();
        let null_f: *const f64 = std::ptr::null();
        // SAFETY: every array has the length HiGHS expects for (n, m, nz);
        // empty vectors give dangling but unread pointers.
        let status = unsafe {
            Highs_passModel(
                ptr,
                n,
                m,
                nz,
                0,
                kHighsMatrixFormatRowwise,
                0,
                sense,
                objective.constant,
                cost.as_ptr(),
                program.col_lower.as_ptr(),
                program.col_upper.as_ptr(),
                program.row_lower.as_ptr(),
                program.row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                program.value.as_ptr(),
                null_i,
                null_i,
                null_f,
                if program.is_mip() {
                    integrality.as_ptr()
                } else {
                    null_i
                },
            )
        };
        if status == kHighsStatusError {
            return Err(fail("Highs_passModel rejected the model"));
        }
        Ok(inst)
    }

    fn set_bool(&self, name: &str, v: bool) -> Result<()> {
        let c = CString::new(name).expect("option names have no NUL");
        // SAFETY: valid instance and C string.
        let s = unsafe { Highs_setBoolOptionValue(self.ptr, c.as_ptr(), c_int::from(v)) };
        check(s, name)
    }
    fn set_int(&self, name: &str, v: HighsInt) -> Result<()> {
        let c = CString::new(name).expect("option names have no NUL");
        // SAFETY: valid instance and C string.
        let s = unsafe { Highs_setIntOptionValue(self.ptr, c.as_ptr(), v) };
        check(s, name)
    }
    fn set_double(&self, name: &str, v: f64) -> Result<()> {
        let c = CString::new(name).expect("option names have no NUL");
        // SAFETY: valid instance and C string.
        let s = unsafe { Highs_setDoubleOptionValue(self.ptr, c.as_ptr(), v) };
        check(s, name)
    }
    fn set_string(&self, name: &str, v: &str) -> Result<()> {
        let c = CString::new(name).expect("option names have no NUL");
        let cv = CString::new(v).expect("option values have no NUL");
        // SAFETY: valid instance and C strings.
        let s = unsafe { Highs_setStringOptionValue(self.ptr, c.as_ptr(), cv.as_ptr()) };
        check(s, name)
    }
    fn info_f64(&self, name: &str) -> Option<f64> {
        let c = CString::new(name).expect("info names have no NUL");
        let mut v = 0.0;
        // SAFETY: valid instance, C string and out pointer.
        let s = unsafe { Highs_getDoubleInfoValue(self.ptr, c.as_ptr(), &mut v) };
        (s == kHighsStatusOk).then_some(v)
    }
    fn info_int(&self, name: &str) -> Option<i64> {
        let c = CString::new(name).expect("info names have no NUL");
        let mut v: HighsInt = 0;
        // SAFETY: valid instance, C string and out pointer.
        let s = unsafe { Highs_getIntInfoValue(self.ptr, c.as_ptr(), &mut v) };
        (s == kHighsStatusOk).then_some(i64::from(v))
    }
    fn info_i64(&self, name: &str) -> Option<i64> {
        let c = CString::new(name).expect("info names have no NUL");
        let mut v: i64 = 0;
        // SAFETY: valid instance, C string and out pointer.
        let s = unsafe { Highs_getInt64InfoValue(self.ptr, c.as_ptr(), &mut v) };
        (s == kHighsStatusOk).then_some(v)
    }

    fn apply_options(&self, options: &SolveOptions) -> Result<()> {
        options.validate()?;
        self.set_bool("output_flag", options.verbose)?;
        self.set_int("threads", options.threads as HighsInt)?;
        self.set_double("mip_rel_gap", options.mip_gap)?;
        self.set_double("mip_abs_gap", 0.0)?;
        self.set_double("time_limit", options.time_limit.unwrap_or(f64::INFINITY))?;
        self.set_string("presolve", if options.presolve { "choose" } else { "off" })?;
        // `search`: feasibility jump and root reduced cost, which look for
        // a plan from nothing; RINS and RENS: the sub-MIPs.
        let (search, rins, rens) = match options.heuristics {
            Heuristics::Auto | Heuristics::Full => (true, true, true),
            Heuristics::Lean => (false, false, true),
            Heuristics::NoSubmip => (true, false, false),
            Heuristics::Minimal => (false, false, false),
        };
        self.set_bool("mip_heuristic_run_feasibility_jump", search)?;
        self.set_bool("mip_heuristic_run_root_reduced_cost", search)?;
        self.set_bool("mip_heuristic_run_rins", rins)?;
        self.set_bool("mip_heuristic_run_rens", rens)?;
        if let Some(seed) = options.seed {
            self.set_int("random_seed", (seed % (i32::MAX as u64)) as HighsInt)?;
        }
        Ok(())
    }

    /// The ranges of the rows' bounds after an LP solved to optimality
    /// (`Highs_getRanging`: each row's active bound may move over
    /// `[dn, up]` with the same optimal basis); `None` when HiGHS cannot
    /// range the solve (no simplex basis).
    fn row_ranges(&self, rows: usize) -> Option<Vec<(f64, f64)>> {
        let mut up = vec![0.0; rows];
        let mut dn = vec![0.0; rows];
        let nf: *mut f64 = std::ptr::null_mut();
        let ni: *mut HighsInt = std::ptr::null_mut();
        // SAFETY: valid instance; the two arrays HiGHS fills have one entry
        // per row and every other output is null (HiGHS skips it).
        let status = unsafe {
            Highs_getRanging(
                self.ptr,
                nf,
                nf,
                ni,
                ni,
                nf,
                nf,
                ni,
                ni,
                nf,
                nf,
                ni,
                ni,
                nf,
                nf,
                ni,
                ni,
                up.as_mut_ptr(),
                nf,
                ni,
                ni,
                dn.as_mut_ptr(),
                nf,
                ni,
                ni,
            )
        };
        (status == kHighsStatusOk).then(|| dn.into_iter().zip(up).collect())
    }

    fn run(&mut self, options: &SolveOptions, is_mip: bool) -> Result<Outcome> {
        self.apply_options(options)?;
        let started = Instant::now();
        // SAFETY: valid instance.
        let run_status = unsafe { Highs_run(self.ptr) };
        let seconds = started.elapsed().as_secs_f64();
        // SAFETY: valid instance.
        let model_status = unsafe { Highs_getModelStatus(self.ptr) };
        if run_status == kHighsStatusError
            && !matches!(
                model_status,
                kHighsModelStatusTimeLimit
                    | kHighsModelStatusInfeasible
                    | kHighsModelStatusUnbounded
                    | kHighsModelStatusUnboundedOrInfeasible
            )
        {
            return Err(fail(format!(
                "Highs_run failed (model status {})",
                model_status_name(model_status)
            )));
        }
        let has_primal = self.info_int("primal_solution_status")
            == Some(i64::from(kHighsSolutionStatusFeasible));
        let status = match model_status {
            kHighsModelStatusOptimal | kHighsModelStatusModelEmpty => Status::Optimal,
            kHighsModelStatusInfeasible => Status::Infeasible,
            kHighsModelStatusUnbounded => Status::Unbounded,
            kHighsModelStatusUnboundedOrInfeasible => Status::InfeasibleOrUnbounded,
            kHighsModelStatusTimeLimit if has_primal => Status::TimeLimitFeasible,
            kHighsModelStatusTimeLimit => Status::TimeLimitNoSolution,
            other => {
                return Err(fail(format!(
                    "HiGHS stopped with model status {}",
                    model_status_name(other)
                )))
            }
        };
        let iterations = self
            .info_int("simplex_iteration_count")
            .map(|v| v.max(0) as u64);
        let nodes = if is_mip {
            self.info_i64("mip_node_count").map(|v| v.max(0) as u64)
        } else {
            None
        };
        if !status.has_solution() {
            return Ok(Outcome {
                iterations,
                nodes,
                ..Outcome::without_solution(status, seconds)
            });
        }
        // SAFETY: valid instance.
        let m = unsafe { Highs_getNumRow(self.ptr) } as usize;
        let mut x = vec![0.0; self.num_cols];
        let mut col_dual = vec![0.0; self.num_cols];
        let mut row_value = vec![0.0; m];
        let mut row_dual = vec![0.0; m];
        // SAFETY: buffers sized to the model's current dimensions.
        unsafe {
            Highs_getSolution(
                self.ptr,
                x.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                row_dual.as_mut_ptr(),
            )
        };
        // SAFETY: valid instance.
        let objective = unsafe { Highs_getObjectiveValue(self.ptr) };
        let (bound, gap) = if is_mip {
            (self.info_f64("mip_dual_bound"), self.info_f64("mip_gap"))
        } else {
            (None, None)
        };
        let duals = (!is_mip
            && self.info_int("dual_solution_status")
                == Some(i64::from(kHighsSolutionStatusFeasible)))
        .then_some(Duals {
            rows: row_dual,
            cols: col_dual,
            row_ranges: None,
        });
        Ok(Outcome {
            status,
            x: Some(x),
            objective: Some(objective),
            bound,
            gap,
            seconds,
            iterations,
            nodes,
            duals,
        })
    }
}

fn check(status: HighsInt, what: &str) -> Result<()> {
    if status == kHighsStatusError {
        Err(fail(format!("setting option `{what}` failed")))
    } else {
        Ok(())
    }
}

fn model_status_name(s: HighsInt) -> &'static str {
    match s {
        kHighsModelStatusNotset => "not set",
        kHighsModelStatusLoadError => "load error",
        kHighsModelStatusModelError => "model error",
        kHighsModelStatusPresolveError => "presolve error",
        kHighsModelStatusSolveError => "solve error",
        kHighsModelStatusPostsolveError => "postsolve error",
        kHighsModelStatusModelEmpty => "model empty",
        kHighsModelStatusOptimal => "optimal",
        kHighsModelStatusInfeasible => "infeasible",
        kHighsModelStatusUnboundedOrInfeasible => "unbounded or infeasible",
        kHighsModelStatusUnbounded => "unbounded",
        kHighsModelStatusObjectiveBound => "objective bound",
        kHighsModelStatusObjectiveTarget => "objective target",
        kHighsModelStatusTimeLimit => "time limit",
        kHighsModelStatusIterationLimit => "iteration limit",
        kHighsModelStatusSolutionLimit => "solution limit",
        kHighsModelStatusInterrupt => "interrupted",
        kHighsModelStatusMemoryLimit => "memory limit",
        _ => "unknown",
    }
}

impl Backend for Highs {
    fn id(&self) -> &'static str {
        ID
    }

    fn version(&self) -> String {
        // SAFETY: Highs_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(Highs_version()) };
        v.to_string_lossy().trim_start_matches('v').to_string()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            integers: true,
            duals: true,
            time_limit: true,
            mip_gap: true,
            warm_start: true,
            parallel_safe: true,
        }
    }

    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        let mut inst = Instance::new(program, objective)?;
        inst.run(options, program.is_mip())
    }

    fn solve_ranged(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        let mut inst = Instance::new(program, objective)?;
        let mut outcome = inst.run(options, program.is_mip())?;
        if outcome.status == Status::Optimal {
            if let Some(d) = outcome.duals.as_mut() {
                d.row_ranges = inst.row_ranges(program.num_rows());
            }
        }
        Ok(outcome)
    }

    /// HiGHS's own `infinite_cost` and `infinite_bound` (1e20: treated as
    /// infinite past them) and `large_matrix_value` (1e15: matrix entries
    /// past it are treated as infinite).
    fn limits(&self) -> super::Limits {
        super::Limits {
            cost: 1e20,
            matrix: 1e15,
            bound: 1e20,
        }
    }
    fn accepts_start(&self) -> bool {
        true
    }

    fn open(&self, program: Program) -> Result<Box<dyn Session + '_>> {
        let objective = program
            .objectives
            .first()
            .cloned()
            .unwrap_or_else(Objective::zero);
        let inst = Instance::new(&program, &objective)?;
        Ok(Box::new(HighsSession {
            inst,
            program,
            objective,
        }))
    }
}

/// A HiGHS instance kept in step with a [`Program`]: changes go to both.
struct HighsSession {
    inst: Instance,
    program: Program,
    /// The objective set last, to tell whether a reported value is its own.
    objective: Objective,
}

impl Session for HighsSession {
    fn program(&self) -> &Program {
        &self.program
    }

    fn set_objective(&mut self, objective: &Objective) -> Result<()> {
        let n = self.program.num_cols();
        let cost = objective.dense(n);
        let sense = match objective.sense {
            Sense::Min => kHighsObjSenseMinimize,
            Sense::Max => kHighsObjSenseMaximize,
        };
        // SAFETY: cost has n entries; valid instance.
        unsafe {
            if n > 0 {
                check(
                    Highs_changeColsCostByRange(self.inst.ptr, 0, n as HighsInt - 1, cost.as_ptr()),
                    "costs",
                )?;
            }
            check(Highs_changeObjectiveSense(self.inst.ptr, sense), "sense")?;
            check(
                Highs_changeObjectiveOffset(self.inst.ptr, objective.constant),
                "offset",
            )?;
        }
        self.objective = objective.clone();
        Ok(())
    }

    fn add_row(&mut self, lower: f64, upper: f64, terms: &[(usize, f64)]) -> Result<usize> {
        let idx: Vec<HighsInt> = terms.iter().map(|&(j, _)| j as HighsInt).collect();
        let val: Vec<f64> = terms.iter().map(|&(_, v)| v).collect();
        // SAFETY: idx and val have terms.len() entries.
        let s = unsafe {
            Highs_addRow(
                self.inst.ptr,
                lower,
                upper,
                to_int(terms.len(), "nonzeros")?,
                idx.as_ptr(),
                val.as_ptr(),
            )
        };
        check(s, "add row")?;
        Ok(self.program.add_row(lower, upper, terms))
    }

    fn set_row_bounds(&mut self, row: usize, lower: f64, upper: f64) -> Result<()> {
        // SAFETY: valid instance.
        let s = unsafe { Highs_changeRowBounds(self.inst.ptr, row as HighsInt, lower, upper) };
        check(s, "row bounds")?;
        self.program.row_lower[row] = lower;
        self.program.row_upper[row] = upper;
        Ok(())
    }

    fn set_col_bounds(&mut self, col: usize, lower: f64, upper: f64) -> Result<()> {
        // SAFETY: valid instance.
        let s = unsafe { Highs_changeColBounds(self.inst.ptr, col as HighsInt, lower, upper) };
        check(s, "column bounds")?;
        self.program.col_lower[col] = lower;
        self.program.col_upper[col] = upper;
        Ok(())
    }

    fn set_coefficient(&mut self, row: usize, col: usize, value: f64) -> Result<()> {
        // SAFETY: valid instance.
        let s = unsafe {
            Highs_changeCoeff(
                self.inst.ptr,
                to_int(row, "row")?,
                to_int(col, "column")?,
                value,
            )
        };
        check(s, "coefficient")?;
        self.program.set_coefficient(row, col, value);
        Ok(())
    }

    fn solve(&mut self, options: &SolveOptions) -> Result<Outcome> {
        let is_mip = self.program.is_mip();
        let outcome = self.inst.run(options, is_mip)?;
        // HiGHS 1.16 re-solving a changed MIP warm can report the objective
        // value of another point than the plan it returns (seen in explain:
        // off by 0.22 on a 6 x 6 model). Such an answer is solved again
        // from scratch, once; if the two still disagree, the checker says so.
        if let (true, Some(x), Some(v)) = (is_mip, &outcome.x, outcome.objective) {
            let own = self.objective.eval(x);
            if (own - v).abs() > 1e-9 * own.abs().max(1.0) {
                // SAFETY: valid instance.
                check(unsafe { Highs_clearSolver(self.inst.ptr) }, "clear solver")?;
                return self.inst.run(options, is_mip);
            }
        }
        Ok(outcome)
    }

    fn set_start(&mut self, x: &[f64]) -> Result<()> {
        if x.len() != self.program.num_cols() {
            return Err(fail(format!(
                "start solution has {} values for {} columns",
                x.len(),
                self.program.num_cols()
            )));
        }
        let null: *const f64 = std::ptr::null();
        // SAFETY: x has one value per column; the other arrays may be null.
        let s = unsafe { Highs_setSolution(self.inst.ptr, x.as_ptr(), null, null, null) };
        // A warning (the start is infeasible, say) is not an error: HiGHS drops it.
        check(s, "start solution")
    }
}
