//! What `accord sensitivity` answers: parameters, their re-solved
//! effects, stability intervals and local prices, the binding rules; plain
//! data that reports render.

use serde::Serialize;

use crate::backend::Status;
use crate::domain::Instance;
use crate::program::Sense;

/// A parameter kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    /// An actor's budget.
    Budget,
    /// An actor's personnel.
    Personnel,
}

impl Param {
    /// Its id (`budget`, `personnel`).
    pub fn as_str(self) -> &'static str {
        match self {
            Param::Budget => "budget",
            Param::Personnel => "personnel",
        }
    }
    /// Parses an id.
    pub fn parse(s: &str) -> Option<Param> {
        match s {
            "budget" => Some(Param::Budget),
            "personnel" => Some(Param::Personnel),
            _ => None,
        }
    }
    /// Its value for actor `a`.
    pub fn get(self, inst: &Instance, a: usize) -> f64 {
        match self {
            Param::Budget => inst.actors[a].budget,
            Param::Personnel => inst.actors[a].personnel,
        }
    }
    /// Sets its value for actor `a`.
    pub fn set(self, inst: &mut Instance, a: usize, v: f64) {
        match self {
            Param::Budget => inst.actors[a].budget = v,
            Param::Personnel => inst.actors[a].personnel = v,
        }
    }
    /// Past this value more of the parameter cannot matter: the actor's
    /// value plus everything its eligible projects need.
    pub(crate) fn ceiling(self, inst: &Instance, a: usize) -> f64 {
        let need: f64 = inst
            .interests
            .iter()
            .filter(|i| i.actor == a)
            .map(|i| match self {
                Param::Budget => inst.projects[i.project].cost,
                Param::Personnel => inst.projects[i.project].personnel,
            })
            .sum();
        self.get(inst, a) + need
    }
}

/// How big a change `delta` is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delta {
    /// A fraction of the parameter's value (`10%` is 0.1).
    Relative(f64),
    /// An absolute amount.
    Absolute(f64),
}

impl Delta {
    pub(crate) fn of(self, value: f64) -> f64 {
        match self {
            Delta::Relative(r) => r * value,
            Delta::Absolute(d) => d,
        }
    }
}

/// The re-solved effect of one change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The change applied (the parameter's new value minus the old).
    pub delta: f64,
    /// The new optimum (`None` without a solution).
    pub objective: Option<f64>,
    /// New optimum minus the base optimum.
    pub change: Option<f64>,
    /// Projects that go ahead after the change but not before.
    pub projects_in: Vec<String>,
    /// Projects that went ahead before but not after.
    pub projects_out: Vec<String>,
    /// How the solve ended.
    pub status: Status,
    /// Largest violation the checker found in the new plan.
    pub violation: f64,
}

/// Where the chosen projects stay the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// Lowest value found with the same projects (within `precision`).
    pub lo: f64,
    /// Highest value found with the same projects; `None` when they stay the
    /// same up to the point past which more cannot matter (`ceiling`).
    pub hi: Option<f64>,
    /// The point past which the parameter cannot matter.
    pub ceiling: f64,
    /// Absolute precision of `lo` and `hi`.
    pub precision: f64,
    /// False when the run's time budget left a re-solve of the search
    /// unproven: the interval is then only what was shown before it (the
    /// projects are the same at least over `[lo, hi]`).
    pub complete: bool,
    /// The optimum at `lo` and at `hi` (the value curve's ends inside it).
    pub objective_lo: Option<f64>,
    /// The optimum at `hi` (or at the ceiling).
    pub objective_hi: Option<f64>,
}

/// One parameter's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// `budget` or `personnel`.
    pub param: Param,
    /// Actor id.
    pub actor: String,
    /// Where the value comes from (`actors.csv:LINE:COLUMN`).
    pub place: Option<String>,
    /// Its value.
    pub value: f64,
    /// `+delta`.
    pub plus: Effect,
    /// `-delta` (never below 0).
    pub minus: Effect,
    /// The stability interval of the plan.
    pub interval: Option<Interval>,
    /// The local price: `d optimum / d value` of the LP with the plan's
    /// integer decisions fixed; `None` where the backend reports no duals or
    /// the parameter has no row.
    pub dual: Option<f64>,
    /// The values of the parameter over which `dual` stays the price (the
    /// fixed-plan LP keeps its optimal basis), where the backend ranges
    /// its solves (HiGHS); `None` otherwise.
    pub dual_range: Option<DualRange>,
}

/// Where a local price holds: the parameter's values with the same optimal
/// basis of the fixed-plan LP; an end is `None` when unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DualRange {
    /// Lowest value (`None`: no lower end).
    pub lo: Option<f64>,
    /// Highest value (`None`: no upper end).
    pub hi: Option<f64>,
}

impl DualRange {
    /// From a backend's `(dn, up)`; infinite ends (and HiGHS's 1e20 and
    /// past) become `None`.
    pub fn new((lo, hi): (f64, f64)) -> Self {
        let end = |v: f64| (v.is_finite() && v.abs() < 1e20).then_some(v);
        DualRange {
            lo: end(lo),
            hi: end(hi),
        }
    }

    /// `[lo, hi]` with `-inf`/`inf` for open ends.
    pub fn text(&self, num: impl Fn(f64) -> String) -> String {
        format!(
            "[{}, {}]",
            self.lo.map_or("-inf".into(), &num),
            self.hi.map_or("inf".into(), &num)
        )
    }
}

/// A rule that binds in the plan, with its local price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Binding {
    /// Rule name (`budget:eu`).
    pub rule: String,
    /// Where it comes from.
    pub place: Option<String>,
    /// What it says.
    pub text: String,
    /// Local price (`d optimum / d bound`), where duals are reported.
    pub price: Option<f64>,
}

/// The answer of `accord sensitivity`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Model name.
    pub model: String,
    /// The primary objective.
    pub objective: String,
    /// Its sense.
    pub sense: Sense,
    /// The base optimum.
    pub base: f64,
    /// Projects going ahead in the base plan.
    pub base_projects: Vec<String>,
    /// Parameters, sorted by the value of `+delta` (best first).
    pub parameters: Vec<Parameter>,
    /// Rules binding in the plan.
    pub binding: Vec<Binding>,
    /// How the local prices were found, or why there are none.
    pub duals: String,
    /// Largest dual-feasibility violation of the fixed-plan LP's duals.
    pub dual_violation: Option<f64>,
    /// Solves made.
    pub solves: usize,
    /// Of those, solves of a program whose shape the change altered, built
    /// and solved anew instead of changed on a warm session.
    pub rebuilt: usize,
    /// Re-solves read from an earlier run's solves.csv (`--resume`) instead
    /// of solved.
    pub resumed: usize,
    /// Seconds of the whole analysis.
    pub seconds: f64,
    /// Backend id.
    pub backend: String,
}
