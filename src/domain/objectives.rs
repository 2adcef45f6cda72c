//! The built-in objectives, one row each: id, sense, unit, what it means,
//! its evaluator (the value at an allocation, from its definition in
//! `docs/model.md`, never from auxiliary columns) and its lattice unit
//! (where its values are multiples of a known step, which exact front
//! methods need).
//!
//! Adding a built-in objective is one row here and its terms in the
//! formulation (`crate::formulation`); every reader, report and front method
//! takes the list from [`BUILTIN`].

use crate::program::{decimal_unit, Sense};

use super::{Allocation, Instance, Mode};

/// One built-in objective.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// The id used in model files, flags, CSV columns and JSON.
    pub id: &'static str,
    /// Which way is better.
    pub sense: Sense,
    /// The unit of its values, for axis titles and tables.
    pub unit: &'static str,
    /// What it measures, in one line.
    pub meaning: &'static str,
    /// Its value at an allocation.
    pub evaluate: fn(&Instance, &Allocation) -> f64,
    /// The step its values take on the feasible allocations, when they take
    /// finitely many (`None`: a continuum may be reachable).
    pub lattice: fn(&Instance) -> Option<f64>,
    /// Whether a floor (`--floor`) and a cap (`--cap`) on it are linear
    /// constraints of the program. Equity is a minimum and dominance a
    /// maximum: only a floor on the one and a cap on the other are.
    pub bounds: Bounds,
}

/// Which bounds a demand may put on a built-in objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// `--floor OBJ=V` is allowed.
    pub floor: bool,
    /// `--cap OBJ=V` is allowed.
    pub cap: bool,
}

const BOTH: Bounds = Bounds {
    floor: true,
    cap: true,
};

/// The built-in objectives in documentation order (the order of the
/// program's objectives).
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        id: "stability",
        sense: Sense::Max,
        unit: "points",
        meaning: "stability benefit delivered: sum of benefit x delivered fraction",
        evaluate: stability,
        lattice: stability_lattice,
        bounds: BOTH,
    },
    Builtin {
        id: "cost",
        sense: Sense::Min,
        unit: "money",
        meaning: "money committed by all actors",
        evaluate: cost,
        lattice: cost_lattice,
        bounds: BOTH,
    },
    Builtin {
        id: "equity",
        sense: Sense::Max,
        unit: "points",
        meaning: "the least stability benefit any host state receives",
        evaluate: equity,
        lattice: equity_lattice,
        bounds: Bounds {
            floor: true,
            cap: false,
        },
    },
    Builtin {
        id: "dominance",
        sense: Sense::Min,
        unit: "money",
        meaning: "the most money any one non-local actor commits",
        evaluate: dominance,
        lattice: none,
        bounds: Bounds {
            floor: false,
            cap: true,
        },
    },
    Builtin {
        id: "satisfaction",
        sense: Sense::Max,
        unit: "weighted budget share",
        meaning: "sum of interest x funding / budget over actors with a budget",
        evaluate: satisfaction,
        lattice: none,
        bounds: BOTH,
    },
];

/// The built-in objective `id`.
///
/// ```
/// use accord::domain::objectives::builtin;
/// use accord::program::Sense;
/// assert_eq!(builtin("cost").map(|b| b.sense), Some(Sense::Min));
/// assert!(builtin("profit").is_none());
/// ```
pub fn builtin(id: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.id == id)
}

/// The position of `id` in [`BUILTIN`].
pub fn position(id: &str) -> Option<usize> {
    BUILTIN.iter().position(|b| b.id == id)
}

/// The ids of every built-in objective, in order.
pub fn ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|b| b.id).collect()
}

/// Every built-in objective at `alloc`, in [`BUILTIN`] order.
pub fn values(inst: &Instance, alloc: &Allocation) -> Vec<f64> {
    BUILTIN.iter().map(|b| (b.evaluate)(inst, alloc)).collect()
}

/// `sum_p benefit_p x_p`.
fn stability(inst: &Instance, a: &Allocation) -> f64 {
    inst.projects
        .iter()
        .zip(&a.fraction)
        .map(|(p, x)| p.benefit * x)
        .sum()
}

/// `sum f_ap`.
fn cost(_: &Instance, a: &Allocation) -> f64 {
    a.funding.iter().sum()
}

/// `min_l sum_{p hosts l} benefit_p x_p` over the hosts named by some
/// project (0 when no project names a host).
fn equity(inst: &Instance, a: &Allocation) -> f64 {
    let mut hosted = vec![None::<f64>; inst.actors.len()];
    for (p, proj) in inst.projects.iter().enumerate() {
        for &l in &proj.hosts {
            *hosted[l].get_or_insert(0.0) += proj.benefit * a.fraction[p];
        }
    }
    hosted
        .iter()
        .flatten()
        .copied()
        .reduce(f64::min)
        .unwrap_or(0.0)
}

/// Total funding of each actor.
fn spend(inst: &Instance, a: &Allocation) -> Vec<f64> {
    let mut spend = vec![0.0; inst.actors.len()];
    for (e, i) in inst.interests.iter().enumerate() {
        spend[i.actor] += a.funding[e];
    }
    spend
}

/// `max` over non-local actors of their total funding (0 if none funds).
fn dominance(inst: &Instance, a: &Allocation) -> f64 {
    inst.actors
        .iter()
        .zip(spend(inst, a))
        .filter(|(actor, _)| !actor.local)
        .map(|(_, s)| s)
        .fold(0.0, f64::max)
}

/// `sum interest_ap f_ap / budget_a` over actors with budget > 0.
fn satisfaction(inst: &Instance, a: &Allocation) -> f64 {
    inst.interests
        .iter()
        .enumerate()
        .map(|(e, i)| {
            let budget = inst.actors[i.actor].budget;
            if budget > 0.0 {
                i.interest * a.funding[e] / budget
            } else {
                0.0
            }
        })
        .sum()
}

/// The common decimal step of `benefit`-like values of `projects`, when
/// every one of them is all-or-nothing (their delivered fraction is then 0
/// or 1); `None` when a scalable project counts or none does.
fn all_or_nothing_unit(
    inst: &Instance,
    projects: impl Iterator<Item = (usize, f64)>,
) -> Option<f64> {
    let mut values = Vec::new();
    for (p, v) in projects {
        if v == 0.0 {
            continue;
        }
        if inst.projects[p].mode != Mode::AllOrNothing {
            return None;
        }
        values.push(v);
    }
    decimal_unit(&values)
}

fn stability_lattice(inst: &Instance) -> Option<f64> {
    all_or_nothing_unit(
        inst,
        inst.projects
            .iter()
            .enumerate()
            .map(|(p, q)| (p, q.benefit)),
    )
}

fn cost_lattice(inst: &Instance) -> Option<f64> {
    all_or_nothing_unit(
        inst,
        inst.projects.iter().enumerate().map(|(p, q)| (p, q.cost)),
    )
}

/// Equity is the minimum of benefit sums: on the lattice of the hosted
/// projects' benefits when every hosted project is all-or-nothing.
fn equity_lattice(inst: &Instance) -> Option<f64> {
    let hosted: Vec<(usize, f64)> = inst
        .projects
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.hosts.is_empty())
        .map(|(p, q)| (p, q.benefit))
        .collect();
    if hosted
        .iter()
        .any(|&(p, _)| inst.projects[p].mode != Mode::AllOrNothing)
    {
        return None;
    }
    all_or_nothing_unit(inst, hosted.into_iter())
}

/// Objectives of money flows take a continuum of values.
fn none(_: &Instance) -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_senses_as_documented() {
        let ids = ids();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert_eq!(builtin("stability").unwrap().sense, Sense::Max);
        assert_eq!(builtin("dominance").unwrap().sense, Sense::Min);
        assert_eq!(position("equity"), Some(2));
        assert!(builtin("Stability").is_none());
    }
}
