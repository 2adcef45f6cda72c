//! What `accord cooperation` answers: values with their intervals and
//! exactness, the bloc game, the actors' values, the value of cooperation,
//! the core and the checks; plain data that reports render.

use std::collections::BTreeMap;

use serde::Serialize;

/// A value computed from coalition values: the best estimate, the interval
/// the exact value lies in (from the coalitions' intervals), the standard
/// error of a sampled value, and whether it is exact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The estimate (from the coalitions' best plans), `None` when a
    /// coalition it needs has no value.
    pub value: Option<f64>,
    /// Lower end of the interval.
    pub lo: Option<f64>,
    /// Upper end of the interval.
    pub hi: Option<f64>,
    /// Standard error of a sampled value (`None`: not sampled).
    pub stderr: Option<f64>,
    /// Exact: every coalition it needs is exact, and it is not sampled.
    pub exact: bool,
}

/// A coalition that would do better alone than the Shapley split gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocking {
    /// Bloc ids joined by `+`.
    pub coalition: String,
    /// What it reaches alone.
    pub value: f64,
    /// What the Shapley split gives its members together.
    pub shapley: f64,
}

/// Whether the Shapley split of the blocs lies in the core.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Core {
    /// True when no coalition of blocs reaches more alone (`None` when a
    /// value is missing).
    pub in_core: Option<bool>,
    /// The coalitions that would, largest shortfall first.
    pub blocking: Vec<Blocking>,
}

/// A pair of disjoint bloc coalitions that together reach less than apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotSuperadditive {
    /// One coalition.
    pub a: String,
    /// The other.
    pub b: String,
    /// `v(a + b)`.
    pub together: f64,
    /// `v(a) + v(b)`.
    pub apart: f64,
}

/// The bloc game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocs {
    /// Bloc ids, sorted.
    pub ids: Vec<String>,
    /// Members of each bloc (actor ids).
    pub members: BTreeMap<String, Vec<String>>,
    /// `v(S)` of every non-empty set of blocs (key: ids sorted, joined by `+`).
    pub values: BTreeMap<String, Value>,
    /// Each bloc alone.
    pub alone: BTreeMap<String, Value>,
    /// `v(N) - v(N without the bloc)`.
    pub marginal: BTreeMap<String, Value>,
    /// Exact Shapley values of the blocs.
    pub shapley: BTreeMap<String, Value>,
    /// Superadditivity: `None` when a value is missing; the violations.
    pub superadditive: Option<bool>,
    /// Pairs that break superadditivity (at most 10, largest first).
    pub not_superadditive: Vec<NotSuperadditive>,
}

/// The actors' values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actors {
    /// `v(N) - v(N without a)`.
    pub leave_one_out: BTreeMap<String, Value>,
    /// Owen values with the blocs as unions (empty when it needs more than
    /// `max_coalitions`; see `owen_note`).
    pub owen: BTreeMap<String, Value>,
    /// Why the Owen values are missing, when they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owen_note: Option<String>,
    /// Shapley values: exact, or sampled with a standard error.
    pub shapley: BTreeMap<String, Value>,
    /// How the Shapley values were found.
    pub shapley_method: String,
}

/// The value of cooperation among the blocs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dividend {
    /// `v(N)`.
    pub grand: Option<f64>,
    /// Sum of what each bloc reaches alone.
    pub sum_alone: Option<f64>,
    /// The best single bloc and its value.
    pub best_alone: Option<(String, f64)>,
    /// `v(N) - sum alone`.
    pub over_sum: Option<f64>,
    /// `v(N) - best alone`.
    pub over_best: Option<f64>,
}

/// Checks of the game itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checks {
    /// `sum of bloc Shapley values - v(N)`.
    pub bloc_efficiency: Option<f64>,
    /// `sum of Owen values - v(N)`.
    pub owen_efficiency: Option<f64>,
    /// Largest `|sum of a bloc's Owen values - its Shapley value|`.
    pub quotient: Option<f64>,
    /// `sum of actor Shapley values - v(N)`.
    pub actor_efficiency: Option<f64>,
}

/// The answer of `accord cooperation`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooperation {
    /// The model's name.
    pub model: String,
    /// The primary objective (maximized).
    pub objective: String,
    /// `v(N)`.
    pub grand: Value,
    /// The bloc game.
    pub blocs: Blocs,
    /// The actors' values.
    pub actors: Actors,
    /// The value of cooperation.
    pub cooperation_dividend: Dividend,
    /// Whether the blocs' Shapley split is in the core.
    pub core: Core,
    /// Checks of the game.
    pub checks: Checks,
    /// Coalitions valued.
    pub coalitions: usize,
    /// Solver calls.
    pub solves: usize,
    /// Coalitions valued without a solve, by how.
    pub shortcuts: BTreeMap<String, usize>,
    /// Seconds inside the solver.
    pub solver_seconds: f64,
    /// Seconds of the whole run.
    pub seconds: f64,
    /// Backend id.
    pub backend: String,
}
