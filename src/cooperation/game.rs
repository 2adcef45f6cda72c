//! The coalition game of a model (docs/cooperation.md): `v(S)` is the
//! optimum of the primary objective when only the actors of `S` may fund or
//! staff. Coalitions are column-bound changes of one program (an outsider's
//! money, people and participation columns get upper bound 0), solved on
//! the many-solves engine (each on its program without the fixed columns,
//! without the backend's presolve) with every shortcut that is sound:
//!
//! - **screen**: without demands, a coalition for which the screen proves
//!   that no project can go ahead has the value of the empty plan, 0 for
//!   every built-in objective (the only feasible plan delivers nothing);
//! - **monotonicity**: adding actors only relaxes bounds, so the feasible
//!   set of `S` contains that of every subset and `v` is monotone for a
//!   maximized objective. A subset's plan is a feasible start for `S` and a
//!   lower bound; a solved superset's bound is an upper bound; when they
//!   meet, `v(S)` is known without a solve;
//! - **restriction**: the grand coalition's plan with every project that
//!   uses an outsider dropped (and what requires it) is offered as a start.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;

use crate::backend::{Backend, Status};
use crate::check::CheckTolerances;
use crate::domain::greedy::Plan;
use crate::domain::screen::blocked_projects;
use crate::domain::Instance;
use crate::engine::{Engine, Job, Solved};
use crate::formulation::Formulation;
use crate::program::{Objective, Program};
use crate::request::{Heuristics, SolveOptions};
use crate::Result;

/// A set of actors, as bits over actors.csv order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Coalition(Vec<u64>);

impl Coalition {
    /// No actor of `n`.
    pub fn empty(n: usize) -> Self {
        Coalition(vec![0; n.div_ceil(64).max(1)])
    }
    /// Every actor of `n`.
    pub fn all(n: usize) -> Self {
        let mut c = Coalition::empty(n);
        for a in 0..n {
            c.insert(a);
        }
        c
    }
    /// Adds actor `a`.
    pub fn insert(&mut self, a: usize) {
        self.0[a / 64] |= 1 << (a % 64);
    }
    /// Removes actor `a`.
    pub fn remove(&mut self, a: usize) {
        self.0[a / 64] &= !(1 << (a % 64));
    }
    /// True when actor `a` is in.
    pub fn contains(&self, a: usize) -> bool {
        self.0[a / 64] >> (a % 64) & 1 == 1
    }
    /// Number of actors in.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// True when no actor is in.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
    /// True when every actor of `self` is in `other`.
    pub fn is_subset(&self, other: &Coalition) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & !b == 0)
    }
    /// The union.
    pub fn union(&self, other: &Coalition) -> Coalition {
        Coalition(self.0.iter().zip(&other.0).map(|(a, b)| a | b).collect())
    }
    /// The members in actors.csv order.
    pub fn members(&self, n: usize) -> Vec<usize> {
        (0..n).filter(|&a| self.contains(a)).collect()
    }
}

/// How a coalition's value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Solved (and checked).
    Solve,
    /// No project can go ahead (the screen), value of the empty plan.
    Screen,
    /// A subset's plan reaches a superset's bound (monotonicity).
    Bounds,
    /// Read back from an earlier run's coalitions.csv.
    Resumed,
    /// The empty coalition: the empty plan, by definition.
    Empty,
}

/// The worth of one coalition: an interval that is a point when exact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worth {
    /// The best value found (the plan's), `None` when the coalition has no
    /// feasible plan (demands it cannot meet) or none was found in time.
    pub value: Option<f64>,
    /// Lower end of the interval the optimum lies in.
    pub lo: Option<f64>,
    /// Upper end.
    pub hi: Option<f64>,
    /// The solve's status (`optimal` for values found without a solve).
    pub status: Status,
    /// Seconds inside the solver.
    pub seconds: f64,
    /// Largest violation the checker found in its plan.
    pub violation: f64,
    /// How it was found.
    pub how: How,
}

impl Worth {
    /// An exact value found without a solve.
    pub fn exact(v: f64, how: How) -> Worth {
        Worth {
            value: Some(v),
            lo: Some(v),
            hi: Some(v),
            status: Status::Optimal,
            seconds: 0.0,
            violation: 0.0,
            how,
        }
    }
    /// True when the interval is a point.
    pub fn is_exact(&self) -> bool {
        matches!((self.lo, self.hi), (Some(l), Some(h)) if h - l <= 1e-9 * l.abs().max(1.0))
    }
}

/// The game of one model and objective: its program, where each actor's
/// columns are, and the values found so far.
pub struct Game<'a> {
    inst: &'a Instance,
    form: &'a Formulation,
    program: &'a Program,
    objective: &'a Objective,
    /// True when demands are part of the program (the screen shortcut then
    /// does not apply: the empty plan may not meet them).
    demands: bool,
    /// Columns of each actor's pairs (money, people, participation).
    columns: Vec<Vec<usize>>,
    /// Values found, by coalition.
    pub worth: HashMap<Coalition, Worth>,
    /// Plans of solved coalitions (program points), for starts and bounds.
    plans: HashMap<Coalition, Vec<f64>>,
    /// The actors each plan uses (any money, people or participation).
    uses: HashMap<Coalition, Coalition>,
    /// Solver calls made.
    pub solves: usize,
    /// Seconds inside the solver over all solves.
    pub solver_seconds: f64,
}

/// The coalitions still to value, shared by the workers of
/// [`Game::evaluate`].
struct Queue<'g, 'a> {
    game: &'g mut Game<'a>,
    /// Largest first.
    todo: Vec<Coalition>,
    /// Being solved.
    flying: Vec<Coalition>,
    /// The first error; no coalition is taken after it.
    failure: Option<crate::Error>,
}

/// How the game's solves run.
pub struct Run<'a> {
    /// Backend.
    pub backend: &'a dyn Backend,
    /// Options of each solve.
    pub options: SolveOptions,
    /// Check tolerances.
    pub tolerances: CheckTolerances,
    /// Worker threads.
    pub workers: usize,
    /// No solve starts after this.
    pub deadline: Option<Instant>,
}

impl<'a> Game<'a> {
    /// The game of `program` (the model's program with its demands, if any)
    /// for `objective`, a maximized objective of it.
    pub fn new(
        inst: &'a Instance,
        form: &'a Formulation,
        program: &'a Program,
        objective: &'a Objective,
        demands: bool,
    ) -> Self {
        let mut columns = vec![Vec::new(); inst.actors.len()];
        for (e, i) in inst.interests.iter().enumerate() {
            let cols = &mut columns[i.actor];
            cols.push(form.f[e]);
            cols.extend(form.s[e]);
            cols.extend(form.z[e]);
        }
        let n = inst.actors.len();
        let mut worth = HashMap::new();
        if !demands {
            worth.insert(Coalition::empty(n), Worth::exact(0.0, How::Empty));
        }
        Game {
            inst,
            form,
            program,
            objective,
            demands,
            columns,
            worth,
            plans: HashMap::new(),
            uses: HashMap::new(),
            solves: 0,
            solver_seconds: 0.0,
        }
    }

    /// The objective's name.
    pub fn objective_name(&self) -> &str {
        &self.objective.name
    }

    /// Number of actors.
    pub fn actors(&self) -> usize {
        self.inst.actors.len()
    }

    /// The bound changes that leave only the actors of `s`.
    fn bounds(&self, s: &Coalition) -> Vec<(usize, f64, f64)> {
        (0..self.actors())
            .filter(|&a| !s.contains(a))
            .flat_map(|a| self.columns[a].iter().map(|&c| (c, 0.0, 0.0)))
            .collect()
    }

    /// True when the screen proves that no project can go ahead with `s`.
    fn nothing_can_go_ahead(&self, s: &Coalition) -> bool {
        let mut restricted = self.inst.clone();
        restricted
            .interests
            .retain(|i| s.contains(i.actor) || i.veto);
        blocked_projects(&restricted).len() == self.inst.projects.len()
    }

    /// The plan at `x` with every project that uses an actor outside `s`
    /// dropped (and every project that requires a dropped one), as a point.
    fn restrict(&self, x: &[f64], s: &Coalition) -> Vec<f64> {
        let inst = self.inst;
        let mut plan = Plan {
            allocation: self.form.allocation(x),
            part: self
                .form
                .z
                .iter()
                .map(|z| z.is_some_and(|c| x[c] > 0.5))
                .collect(),
        };
        let a = &mut plan.allocation;
        let mut drop = vec![false; inst.projects.len()];
        for (e, i) in inst.interests.iter().enumerate() {
            if !s.contains(i.actor) && (a.funding[e] > 0.0 || a.personnel[e] > 0.0 || plan.part[e])
            {
                drop[i.project] = true;
            }
        }
        loop {
            let mut changed = false;
            for (p, proj) in inst.projects.iter().enumerate() {
                if !drop[p] && proj.requires.iter().any(|&q| drop[q]) {
                    drop[p] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (e, i) in inst.interests.iter().enumerate() {
            if drop[i.project] || !s.contains(i.actor) {
                a.funding[e] = 0.0;
                a.personnel[e] = 0.0;
                plan.part[e] = false;
            }
        }
        for (p, d) in drop.iter().enumerate() {
            if *d {
                a.go[p] = false;
                a.fraction[p] = 0.0;
            }
        }
        self.form.point(inst, &plan)
    }

    /// Finds the value of every coalition of `wanted` not known yet (and
    /// the grand coalition's, whose bound caps every other value), largest
    /// first, `on_solved` and `progress(k)` as they are valued.
    ///
    /// The workers share one queue. A worker takes the first coalition that
    /// no coalition in flight contains (so that a superset's plan can
    /// decide it without a solve), or the first of all when every one waits
    /// on one in flight: a worker never idles. Each coalition taken is
    /// tried against the shortcuts with what is known at that moment, then
    /// solved. With one worker the order, and so every answer, is fixed;
    /// with more, which coalitions a shortcut decides may vary from run to
    /// run, never their values.
    pub fn evaluate(
        &mut self,
        wanted: &[Coalition],
        run: &Run<'_>,
        on_solved: &(dyn Fn(&Coalition, &Worth) + Sync),
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<()> {
        let grand = Coalition::all(self.actors());
        let mut todo: Vec<Coalition> = wanted
            .iter()
            .chain(std::iter::once(&grand))
            .filter(|c| !self.worth.contains_key(*c))
            .cloned()
            .collect();
        todo.sort_by_key(|c| (std::cmp::Reverse(c.len()), c.clone()));
        todo.dedup();
        if todo.is_empty() {
            return Ok(());
        }
        let engine = Engine {
            backend: run.backend,
            program: self.program,
            objective: self.objective,
            // A coalition's program is solved without the columns it fixes
            // (`reduce`), without the backend's presolve, and with lean
            // heuristics unless the user chose (every solve is offered a
            // subset's plan): docs/cooperation.md, "Speed", measures them.
            options: SolveOptions {
                presolve: false,
                heuristics: run.options.heuristics.or_auto(Heuristics::Lean),
                ..run.options.clone()
            },
            tolerances: run.tolerances,
            workers: run.workers,
            deadline: run.deadline,
            reduce: true,
        };
        let workers = run.workers.max(1).min(todo.len());
        let shared = Mutex::new(Queue {
            game: self,
            todo,
            flying: Vec::new(),
            failure: None,
        });
        let work = || {
            let mut worker = engine.worker();
            loop {
                let (c, job) = {
                    let mut q = shared.lock().expect("no worker panicked");
                    if q.failure.is_some() || q.todo.is_empty() {
                        return;
                    }
                    let k = q
                        .todo
                        .iter()
                        .position(|c| !q.flying.iter().any(|f| c.is_subset(f)))
                        .unwrap_or(0);
                    let c = q.todo.remove(k);
                    if let Some(w) = q.game.shortcut(&c) {
                        on_solved(&c, &w);
                        progress(1);
                        q.game.worth.insert(c, w);
                        continue;
                    }
                    let job = q.game.job(&c, run, &grand);
                    q.flying.push(c.clone());
                    (c, job)
                };
                let solved = worker.solve(&job);
                let mut q = shared.lock().expect("no worker panicked");
                q.flying.retain(|f| *f != c);
                match solved {
                    Ok(s) => {
                        on_solved(&c, &worth_of(&s));
                        progress(1);
                        q.game.record(c, s);
                    }
                    Err(e) => {
                        q.failure.get_or_insert(e);
                        return;
                    }
                }
            }
        };
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(work);
            }
        });
        match shared.into_inner().expect("no worker panicked").failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The value of `c` without a solve, when a shortcut gives it: the
    /// screen (no demands, no project can go ahead: the empty plan's 0), or
    /// monotonicity.
    fn shortcut(&mut self, c: &Coalition) -> Option<Worth> {
        if !self.demands && self.nothing_can_go_ahead(c) {
            return Some(Worth::exact(0.0, How::Screen));
        }
        self.by_bounds(c)
    }

    /// The value of `c` without a solve, by monotonicity: a known plan that
    /// uses only actors of `c` is feasible for `c`, and `v(c)` is at most a
    /// known superset's bound; when the plan reaches the bound, that is
    /// `v(c)` (a solved superset whose optimal plan uses only actors of `c`
    /// is the common case).
    fn by_bounds(&mut self, c: &Coalition) -> Option<Worth> {
        // Lower: the best known plan that uses only actors of `c` (feasible
        // for `c`); ties go to the smallest coalition, then the first in
        // order, so the answer does not depend on the hash order. Upper: the
        // least bound of a known superset (monotonicity).
        let mut lo: Option<(f64, &Coalition)> = None;
        let mut hi = f64::INFINITY;
        for (k, w) in &self.worth {
            if let (Some(u), Some(v)) = (self.uses.get(k), w.value) {
                let better =
                    lo.is_none_or(|(b, bk)| v > b || (v == b && (k.len(), k) < (bk.len(), bk)));
                if u.is_subset(c) && better {
                    lo = Some((v, k));
                }
            }
            if c.is_subset(k) {
                if let Some(h) = w.hi {
                    hi = hi.min(h);
                }
            }
        }
        let (v, from) = lo?;
        if v < hi - 1e-9 * hi.abs().max(1.0) {
            return None;
        }
        let from = from.clone();
        self.uses.insert(c.clone(), self.uses[&from].clone());
        self.plans.insert(c.clone(), self.plans[&from].clone());
        Some(Worth::exact(v, How::Bounds))
    }

    /// The job of `c`: its outsiders' columns fixed at 0, with the best
    /// start known (a subset's plan, or a solved superset's restricted).
    fn job(&self, c: &Coalition, run: &Run<'_>, grand: &Coalition) -> Job {
        Job {
            changes: crate::program::Changes {
                cols: self.bounds(c),
                ..Default::default()
            },
            start: run
                .backend
                .accepts_start()
                .then(|| self.start(c, grand))
                .flatten(),
        }
    }

    /// Records the solve of `c`: its worth, and its plan when checked.
    fn record(&mut self, c: Coalition, s: Solved) {
        self.solves += 1;
        self.solver_seconds += s.seconds;
        let w = worth_of(&s);
        if let (Some(x), true) = (s.x, s.passed) {
            self.uses.insert(c.clone(), self.used_by(&x));
            self.plans.insert(c.clone(), x);
        }
        self.worth.insert(c, w);
    }

    /// The actors a plan uses.
    fn used_by(&self, x: &[f64]) -> Coalition {
        let mut u = Coalition::empty(self.actors());
        for (a, cols) in self.columns.iter().enumerate() {
            if cols.iter().any(|&c| x[c].abs() > 1e-9) {
                u.insert(a);
            }
        }
        u
    }

    /// The best start for `c`: the best known plan that uses only actors of
    /// `c`, or the plan of one of the few best solved supersets (the grand
    /// coalition's among them) restricted to `c`, whichever has the higher
    /// value.
    fn start(&self, c: &Coalition, grand: &Coalition) -> Option<Vec<f64>> {
        const SUPERSETS: usize = 4;
        let mut best: Option<(f64, Vec<f64>)> = None;
        let mut offer = |x: Vec<f64>| {
            let v = self.objective.eval(&x);
            if best.as_ref().is_none_or(|(b, _)| v > *b) {
                best = Some((v, x));
            }
        };
        let mut supersets: Vec<(&Coalition, f64)> = Vec::new();
        for (k, x) in &self.plans {
            if self.uses.get(k).is_some_and(|u| u.is_subset(c)) {
                offer(x.clone());
            } else if c.is_subset(k) && k != grand {
                supersets.push((k, self.objective.eval(x)));
            }
        }
        supersets.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let chosen = supersets
            .iter()
            .take(SUPERSETS)
            .map(|(k, _)| *k)
            .chain(self.plans.contains_key(grand).then_some(grand));
        for k in chosen {
            offer(self.restrict(&self.plans[k], c));
        }
        best.map(|(_, x)| x)
    }

    /// Records a value read back from an earlier run.
    pub fn resume(&mut self, c: Coalition, w: Worth) {
        self.worth.insert(
            c,
            Worth {
                how: How::Resumed,
                ..w
            },
        );
    }
}

/// The worth a solve gives: its interval when it found a checked plan.
fn worth_of(s: &Solved) -> Worth {
    let interval = s.interval(true);
    Worth {
        value: interval.map(|(lo, _)| lo),
        lo: interval.map(|(lo, _)| lo),
        hi: match s.status {
            Status::Infeasible => None,
            _ => interval.map(|(_, hi)| hi).or(s.bound),
        },
        status: s.status,
        seconds: s.seconds,
        violation: s.violation,
        how: How::Solve,
    }
}
