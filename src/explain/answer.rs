//! What `accord explain` answers: the explanation and its parts (rules
//! with their places, conflicts, repairs, why-not), plain data that
//! reports render without reaching into the analysis.

use serde::Serialize;

use crate::backend::{Info, Status};

/// A rule as reported: its name, where it comes from, a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRef {
    /// `budget:eu`, `rival:usa:iran`, `must:termez_power`, `row:c1`.
    pub rule: String,
    /// `data/central_asia/actors.csv:5:6`, `--must termez_power`.
    #[serde(rename = "where")]
    pub place: Option<String>,
    /// The rule in plain words.
    pub text: String,
}

/// A minimal set of rules that cannot all hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Its rules.
    pub rules: Vec<RuleRef>,
    /// The set is proven infeasible and each member proven necessary
    /// (dropping it gave a checked plan).
    pub proven: bool,
    /// Members not proven necessary (a check hit the time limit).
    pub unproven: Vec<String>,
}

/// One change of a repair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The rule changed.
    pub rule: RuleRef,
    /// What is done: `drop`, `raise`, `lower`.
    pub action: String,
    /// Its value before, where it has one.
    pub from: Option<f64>,
    /// Its value after (`None`: dropped).
    pub to: Option<f64>,
}

/// A way out of an infeasible model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair {
    /// `fewest_rules`, `extra_money`, `give_up_demand`, `soften_demand`.
    pub kind: String,
    /// One sentence.
    pub text: String,
    /// The changes.
    pub changes: Vec<Change>,
    /// Objective values of the plan the repair allows (the model's
    /// objectives, optimized as asked).
    pub objectives: serde_json::Map<String, serde_json::Value>,
    /// That plan was solved and passed the check.
    pub verified: bool,
}

/// What insisting on a project left out would cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotChosen {
    /// Project id.
    pub project: String,
    /// Status of the plan with `--must` on it.
    pub forced_status: Status,
    /// Its objective values.
    pub forced_objectives: serde_json::Map<String, serde_json::Value>,
    /// How much worse the first objective is than in the plan (>= 0).
    pub loss: Option<f64>,
    /// Why it cannot go ahead at all, when it cannot.
    pub conflict: Option<Conflict>,
}

/// What keeps a chosen project in, and what limits its coalition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chosen {
    /// Project id.
    pub project: String,
    /// Demands that name it and rules of its coalition at their limit.
    pub binding: Vec<RuleRef>,
}

/// The answer of `accord explain` (JSON with stable names).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Model name.
    pub model: String,
    /// Status of the model with its demands.
    pub status: Status,
    /// Its objective values, when it has a plan.
    pub objectives: serde_json::Map<String, serde_json::Value>,
    /// The demands made.
    pub demands: Vec<RuleRef>,
    /// Minimal conflicts (infeasible models).
    pub conflicts: Vec<Conflict>,
    /// Ways out, best first (infeasible models).
    pub repairs: Vec<Repair>,
    /// Projects left out of the plan, the costliest to insist on first.
    pub not_chosen: Vec<NotChosen>,
    /// Projects in the plan.
    pub chosen: Vec<Chosen>,
    /// Everything asked was finished within the time limit.
    pub complete: bool,
    /// What was left undone, and why.
    pub notes: Vec<String>,
    /// Scalar solves made.
    pub solves: usize,
    /// Rules the conflict search could drop.
    pub rules: usize,
    /// Seconds.
    pub wall_seconds: f64,
    /// The backend.
    pub backend: Info,
}
