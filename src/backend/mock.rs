//! Test doubles that wrap a real backend (in the spirit of
//! MultiObjectiveAlgorithms.jl's mock solver): one that corrupts its
//! answers, to prove that the checker catches a lying solver, and one that
//! fails after `n` solves, to test partial results, one that is slow, to
//! interrupt a run. Only the binary reads test switches from the
//! environment (`ACCORD_TEST_*`, see `src/cli/`) and injects these; the
//! library never does.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Backend, Capabilities, Outcome, SolveOptions};
use crate::program::{Objective, Program};
use crate::{Error, Result};

/// The identity of a wrapper is its inner backend's; warm sessions are off
/// so that every solve goes through the wrapper.
macro_rules! delegate_identity {
    () => {
        fn id(&self) -> &'static str {
            self.inner.id()
        }
        fn version(&self) -> String {
            self.inner.version()
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities {
                warm_start: false,
                ..self.inner.capabilities()
            }
        }
    };
}

/// Adds `delta` to column 0 of every solution the inner backend returns,
/// without changing the objective it reports.
pub struct Perturb {
    /// The real backend.
    pub inner: Box<dyn Backend>,
    /// How far to move column 0.
    pub delta: f64,
}

impl Backend for Perturb {
    delegate_identity!();
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        let mut out = self.inner.solve(program, objective, options)?;
        if let Some(x) = out.x.as_mut() {
            if let Some(v) = x.first_mut() {
                *v += self.delta;
            }
        }
        Ok(out)
    }
}

/// Answers like the inner backend for `n` solves, then fails every solve.
pub struct FailAfter {
    /// The real backend.
    pub inner: Box<dyn Backend>,
    /// Solves allowed before failing.
    pub n: usize,
    /// Solves made so far.
    pub count: AtomicUsize,
}

impl FailAfter {
    /// Wraps `inner`, failing from solve `n + 1` on.
    pub fn new(inner: Box<dyn Backend>, n: usize) -> Self {
        FailAfter {
            inner,
            n,
            count: AtomicUsize::new(0),
        }
    }
}

impl Backend for FailAfter {
    delegate_identity!();
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        if self.count.fetch_add(1, Ordering::SeqCst) >= self.n {
            return Err(Error::Solver {
                backend: self.id().into(),
                message: format!("mock failure after {} solves", self.n),
            });
        }
        self.inner.solve(program, objective, options)
    }
}

/// Answers like the inner backend, each solve taking at least `delay`
/// (so that a test can interrupt a run mid-way).
pub struct Slow {
    /// The real backend.
    pub inner: Box<dyn Backend>,
    /// Least time per solve.
    pub delay: std::time::Duration,
}

impl Backend for Slow {
    delegate_identity!();
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        std::thread::sleep(self.delay);
        self.inner.solve(program, objective, options)
    }
}

/// Reports every optimum better than it is by `rel * max(1, |value|)`, as a
/// solver does whose solution meets the rows only within its feasibility
/// tolerance. The values are left alone.
pub struct Optimistic {
    /// The real backend.
    pub inner: Box<dyn Backend>,
    /// Relative optimism.
    pub rel: f64,
}

impl Backend for Optimistic {
    delegate_identity!();
    fn solve(
        &self,
        program: &Program,
        objective: &Objective,
        options: &SolveOptions,
    ) -> Result<Outcome> {
        let mut out = self.inner.solve(program, objective, options)?;
        if let Some(v) = out.objective.as_mut() {
            *v += objective.sense.sign() * self.rel * v.abs().max(1.0);
        }
        Ok(out)
    }
}
