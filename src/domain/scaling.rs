//! Scaling: how far apart the figures of one unit lie. Money figures
//! (budgets, costs, funding caps and floors) meet in the same rows (an
//! actor's budget row sums its funding of every project), so a project
//! whose cost is below the rounding of the largest budget cannot be told
//! from nothing, by any backend or by the checker.
//!
//! The limit is [`SPREAD_LIMIT`], `1e6`, the inverse of the checker's
//! feasibility tolerance (`1e-6`, relative to a row's largest term, see
//! [`crate::check::CheckTolerances`]): past it, the smallest figure of a
//! unit is smaller than what the check lets a row with the largest one be
//! off by. It is also the span HiGHS asks of costs and bounds before it
//! warns ("excessively large/small", `kExcessivelySmallBoundValue` 1e-4 to
//! `kExcessivelyLargeBoundValue` 1e6 in HiGHS's `HConst.h`, a span of 1e10
//! around the scaled optimum, of which a model in one unit gets about 1e6).

use std::fmt;

use serde::Serialize;

use super::{Instance, TableSource};

/// Largest ratio between the largest and the smallest nonzero figure of a
/// unit that a model may have before `accord check` warns and a failed
/// check is blamed on scaling.
pub const SPREAD_LIMIT: f64 = 1e6;

/// One figure: its value, its table column and row, and its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The value.
    pub value: f64,
    /// `projects.cost`, `actors.budget`, ...
    pub column: String,
    /// The row's id (`termez_power`, `eu`, `eu/termez_power`).
    pub row: String,
    /// `file:line:column` of the cell, when read from a file.
    pub place: Option<String>,
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value;
        if v != 0.0 && (v.abs() >= 1e6 || v.abs() < 1e-3) {
            write!(f, "{} {v:e} of {}", self.column, self.row)?;
        } else {
            write!(f, "{} {v} of {}", self.column, self.row)?;
        }
        if let Some(p) = &self.place {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

/// The figures of one unit that lie further apart than [`SPREAD_LIMIT`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub struct Spread {
    /// `money`, `personnel` or `benefit`.
    pub unit: &'static str,
    /// The data columns of the unit.
    pub columns: &'static [&'static str],
    /// Its smallest nonzero figure.
    pub smallest: Figure,
    /// Its largest figure.
    pub largest: Figure,
}

impl Spread {
    /// Largest over smallest.
    pub fn ratio(&self) -> f64 {
        self.largest.value.abs() / self.smallest.value.abs()
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} figures ({}) span {:.1} orders of magnitude, more than the {} within which backends and the check resolve them (past it the smallest is below the check's tolerance on the largest): smallest {}, largest {}; state {} in a unit that brings them within a factor of {:e} of each other, or drop the smallest figures",
            self.unit,
            self.columns.join(", "),
            self.ratio().log10(),
            SPREAD_LIMIT.log10(),
            self.smallest,
            self.largest,
            self.unit,
            SPREAD_LIMIT,
        )
    }
}

/// The units whose nonzero figures span more than [`SPREAD_LIMIT`].
pub fn spreads(inst: &Instance) -> Vec<Spread> {
    let s = &inst.sources;
    let place = |t: &Option<TableSource>, line: Option<usize>, c: &str| {
        t.as_ref().and_then(|t| t.place(line, Some(c)))
    };
    let actor = |column: &'static str, get: fn(&super::Actor) -> f64| {
        inst.actors.iter().map(move |a| Figure {
            value: get(a),
            column: format!("actors.{column}"),
            row: a.id.clone(),
            place: place(&s.actors, a.line.0, column),
        })
    };
    let project = |column: &'static str, get: fn(&super::Project) -> f64| {
        inst.projects.iter().map(move |p| Figure {
            value: get(p),
            column: format!("projects.{column}"),
            row: p.id.clone(),
            place: place(&s.projects, p.line.0, column),
        })
    };
    let pair = |column: &'static str, get: fn(&super::Interest) -> Option<f64>| {
        inst.interests.iter().filter_map(move |i| {
            Some(Figure {
                value: get(i)?,
                column: format!("interests.{column}"),
                row: format!(
                    "{}/{}",
                    inst.actors[i.actor].id, inst.projects[i.project].id
                ),
                place: place(&s.interests, i.line.0, column),
            })
        })
    };
    let mut out = Vec::new();
    let mut unit = |unit: &'static str, columns: &'static [&'static str], figures: Vec<Figure>| {
        let nonzero = || {
            figures
                .iter()
                .filter(|f| f.value.is_finite() && f.value != 0.0)
        };
        let abs = |f: &&Figure| f.value.abs();
        let (Some(smallest), Some(largest)) = (
            nonzero().min_by(|a, b| abs(a).total_cmp(&abs(b))),
            nonzero().max_by(|a, b| abs(a).total_cmp(&abs(b))),
        ) else {
            return;
        };
        let spread = Spread {
            unit,
            columns,
            smallest: smallest.clone(),
            largest: largest.clone(),
        };
        if spread.ratio() > SPREAD_LIMIT {
            out.push(spread);
        }
    };
    unit(
        "money",
        &[
            "actors.budget",
            "projects.cost",
            "interests.max_funding",
            "interests.min_funding",
        ],
        actor("budget", |a| a.budget)
            .chain(project("cost", |p| p.cost))
            .chain(pair("max_funding", |i| i.max_funding))
            .chain(pair("min_funding", |i| Some(i.min_funding)))
            .collect(),
    );
    unit(
        "personnel",
        &[
            "actors.personnel",
            "projects.personnel",
            "interests.max_personnel",
        ],
        actor("personnel", |a| a.personnel)
            .chain(project("personnel", |p| p.personnel))
            .chain(pair("max_personnel", |i| i.max_personnel))
            .collect(),
    );
    unit(
        "benefit",
        &["projects.benefit"],
        project("benefit", |p| p.benefit).collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    #[test]
    fn generated_data_is_within_the_limit() {
        let inst = generate(&GenerateOptions::default()).unwrap();
        assert!(spreads(&inst).is_empty(), "{:?}", spreads(&inst));
    }

    #[test]
    fn a_tiny_cost_beside_huge_budgets_is_named() {
        let mut inst = generate(&GenerateOptions::default()).unwrap();
        inst.actors[0].budget = 1e12;
        inst.projects[1].cost = 1e-3;
        let s = spreads(&inst);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].unit, "money");
        assert_eq!(s[0].smallest.column, "projects.cost");
        assert_eq!(s[0].smallest.row, inst.projects[1].id);
        assert_eq!(s[0].largest.column, "actors.budget");
        assert!((s[0].ratio() - 1e15).abs() < 1.0);
        let text = s[0].to_string();
        assert!(text.contains("15.0 orders of magnitude"), "{text}");
        assert!(text.contains("projects.cost 0.001 of"), "{text}");
        assert!(text.contains("actors.budget 1e12"), "{text}");
    }

    #[test]
    fn zeros_do_not_count() {
        let mut inst = generate(&GenerateOptions::default()).unwrap();
        inst.projects[0].benefit = 0.0;
        assert!(spreads(&inst).iter().all(|s| s.unit != "benefit"));
    }
}
