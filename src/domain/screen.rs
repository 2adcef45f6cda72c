//! What can be said about a data set without solving it: projects that
//! cannot go ahead in any allocation and why, pairs that can never take
//! part, and projects whose participation rules can be met for free.
//! Computed once by whoever loads a model and handed to the reports.

use serde::Serialize;

use super::{Instance, Mode};

/// Why a project cannot go ahead in any allocation, found without solving.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocked {
    /// Its index in projects.csv order.
    #[serde(skip)]
    pub index: usize,
    /// Project id.
    pub project: String,
    /// The reason, for planners.
    pub reason: String,
}

/// The most money pair `e` can put in: the smallest of its `max_funding`
/// (default the budget), the actor's budget, its share cap at full
/// delivery and the project's cost.
pub fn funding_cap(inst: &Instance, e: usize) -> f64 {
    let i = &inst.interests[e];
    let a = &inst.actors[i.actor];
    let p = &inst.projects[i.project];
    inst.max_funding(e)
        .min(a.budget)
        .min(a.max_share * p.cost)
        .min(p.cost)
}

/// True when pair `e` can take part at all: its `min_funding` is within
/// what it can put in ([`funding_cap`]). A pair that cannot take part is
/// valid data (model.md: it simply never joins).
pub fn can_take_part(inst: &Instance, e: usize) -> bool {
    let min = inst.interests[e].min_funding;
    min <= 0.0 || min <= funding_cap(inst, e) * (1.0 + 1e-12)
}

/// A pair whose `min_funding` is more than it can ever put in: valid data,
/// but the actor can never take part in the project (`accord check` and
/// `accord solve` warn).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unreachable {
    /// Actor id.
    pub actor: String,
    /// Project id.
    pub project: String,
    /// Its `min_funding`.
    pub min_funding: f64,
    /// The most it can put in, and what limits it.
    pub cap: f64,
    /// Which limit: `budget`, `max_funding`, `max_share` or `cost`.
    pub limit: &'static str,
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} can never take part in {}: its min_funding {} is above its {} ({}); \
             the model is solved as written, without that pair",
            self.actor,
            self.project,
            fmt_num(self.min_funding),
            match self.limit {
                "budget" => "budget",
                "max_funding" => "max_funding for the project",
                "max_share" => "max_share of the project's cost",
                _ => "project's cost",
            },
            fmt_num(self.cap)
        )
    }
}

/// Every pair that can never take part, in interests.csv order.
pub fn unreachable_pairs(inst: &Instance) -> Vec<Unreachable> {
    inst.interests
        .iter()
        .enumerate()
        .filter(|&(e, _)| !can_take_part(inst, e))
        .map(|(e, i)| {
            let a = &inst.actors[i.actor];
            let p = &inst.projects[i.project];
            let limits = [
                ("budget", a.budget),
                ("max_funding", inst.max_funding(e)),
                ("max_share", a.max_share * p.cost),
                ("cost", p.cost),
            ];
            let (limit, cap) =
                limits
                    .into_iter()
                    .fold(("budget", f64::INFINITY), |best, (n, v)| {
                        if v < best.1 {
                            (n, v)
                        } else {
                            best
                        }
                    });
            Unreachable {
                actor: a.id.clone(),
                project: p.id.clone(),
                min_funding: i.min_funding,
                cap,
                limit,
            }
        })
        .collect()
}

/// Cheap domain-level reasons why projects cannot go ahead: vetoes, eligible
/// money or people short of the need, too few eligible actors or vectors,
/// or a prerequisite that is itself blocked. Pairs that can never take part
/// ([`can_take_part`]) do not count as eligible.
pub fn blocked_projects(inst: &Instance) -> Vec<Blocked> {
    let by_project = inst.pairs_by_project();
    let mut reason: Vec<Option<String>> = vec![None; inst.projects.len()];
    for (p, proj) in inst.projects.iter().enumerate() {
        let vetoers: Vec<&str> = by_project[p]
            .iter()
            .filter(|&&e| inst.interests[e].veto)
            .map(|&e| inst.actors[inst.interests[e].actor].id.as_str())
            .collect();
        let pairs: Vec<usize> = by_project[p]
            .iter()
            .copied()
            .filter(|&e| can_take_part(inst, e))
            .collect();
        // The least fraction delivered when it goes ahead: all of an
        // all-or-nothing project, at least min_fraction of a scalable one.
        let need = match proj.mode {
            Mode::AllOrNothing => 1.0,
            Mode::Scalable => proj.min_fraction.max(f64::MIN_POSITIVE),
        };
        let money: f64 = pairs
            .iter()
            .map(|&e| {
                let a = &inst.actors[inst.interests[e].actor];
                inst.max_funding(e)
                    .min(a.budget)
                    .min(a.max_share * proj.cost)
            })
            .sum();
        let people: f64 = pairs
            .iter()
            .map(|&e| {
                inst.max_personnel(e)
                    .min(inst.actors[inst.interests[e].actor].personnel)
            })
            .sum();
        let mut vectors: Vec<usize> = pairs
            .iter()
            .map(|&e| inst.actors[inst.interests[e].actor].vector)
            .collect();
        vectors.sort_unstable();
        vectors.dedup();
        let unreachable = by_project[p].len() - pairs.len();
        let eligible = if unreachable > 0 {
            format!(" ({unreachable} more cannot meet their min_funding)")
        } else {
            String::new()
        };
        reason[p] = if !vetoers.is_empty() {
            Some(format!("vetoed by {}", vetoers.join(", ")))
        } else if by_project[p].is_empty() {
            Some("no actor is eligible (no row in interests.csv)".into())
        } else if pairs.is_empty() {
            Some("no eligible actor can meet its min_funding".into())
        } else if money < proj.cost * need * (1.0 - 1e-9) {
            Some(format!(
                "eligible actors can fund at most {} of the {} needed{}{eligible}",
                fmt_num(money),
                fmt_num(proj.cost * need),
                if proj.mode == Mode::Scalable {
                    " (at its minimum fraction)"
                } else {
                    ""
                }
            ))
        } else if people < proj.personnel * need * (1.0 - 1e-9) {
            Some(format!(
                "eligible actors can staff at most {} of the {} person-years needed{eligible}",
                fmt_num(people),
                fmt_num(proj.personnel * need)
            ))
        } else if (pairs.len() as u32) < proj.min_actors {
            Some(format!(
                "needs {} actors but only {} are eligible{eligible}",
                proj.min_actors,
                pairs.len()
            ))
        } else if (vectors.len() as u32) < proj.min_vectors {
            Some(format!(
                "needs {} vectors but eligible actors span only {}{eligible}",
                proj.min_vectors,
                vectors.len()
            ))
        } else {
            None
        };
    }
    // Propagate through `requires` until nothing changes.
    loop {
        let mut changed = false;
        for (p, proj) in inst.projects.iter().enumerate() {
            if reason[p].is_some() {
                continue;
            }
            if let Some(&q) = proj.requires.iter().find(|&&q| reason[q].is_some()) {
                reason[p] = Some(format!(
                    "requires {}, which cannot go ahead",
                    inst.projects[q].id
                ));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    reason
        .into_iter()
        .enumerate()
        .filter_map(|(p, r)| {
            r.map(|reason| Blocked {
                index: p,
                project: inst.projects[p].id.clone(),
                reason,
            })
        })
        .collect()
}

/// A number for messages: whole numbers without decimals, others with 3.
pub fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.3}")
    }
}

/// A project whose participation rules can be met by actors that put in
/// nothing: it counts participants (`min_actors` or `min_vectors` above 0)
/// while some of its eligible pairs have `min_funding` 0, so "taking part"
/// is free there (model.md's known weakness; `accord check` warns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FreeParticipation {
    /// Project id.
    pub project: String,
    /// The rule that counts participants, e.g. `min_actors 3`.
    pub rule: String,
    /// Actors whose pair with the project has `min_funding` 0.
    pub actors: Vec<String>,
}

impl std::fmt::Display for FreeParticipation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 5;
        let mut names = self.actors[..self.actors.len().min(SHOWN)].join(", ");
        if self.actors.len() > SHOWN {
            names.push_str(&format!(" and {} more", self.actors.len() - SHOWN));
        }
        write!(
            f,
            "{} counts participants ({}) but {} of its pairs have min_funding 0 ({names}): \
             they can count as taking part without contributing; set min_funding on them",
            self.project,
            self.rule,
            self.actors.len()
        )
    }
}

/// Projects that count participants while some eligible pairs may take part
/// for free (see [`FreeParticipation`]), in project order.
pub fn free_participation(inst: &Instance) -> Vec<FreeParticipation> {
    let by_project = inst.pairs_by_project();
    inst.projects
        .iter()
        .enumerate()
        .filter(|(_, proj)| proj.min_actors > 0 || proj.min_vectors > 0)
        .filter_map(|(p, proj)| {
            let actors: Vec<String> = by_project[p]
                .iter()
                .filter(|&&e| inst.interests[e].min_funding <= 0.0 && !inst.interests[e].veto)
                .map(|&e| inst.actors[inst.interests[e].actor].id.clone())
                .collect();
            if actors.is_empty() {
                return None;
            }
            let rule = match (proj.min_actors, proj.min_vectors) {
                (a, 0) => format!("min_actors {a}"),
                (0, v) => format!("min_vectors {v}"),
                (a, v) => format!("min_actors {a}, min_vectors {v}"),
            };
            Some(FreeParticipation {
                project: proj.id.clone(),
                rule,
                actors,
            })
        })
        .collect()
}

/// Everything the screen finds, computed once per instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Screen {
    /// Projects that cannot go ahead in any allocation.
    pub blocked: Vec<Blocked>,
    /// Pairs that can never take part.
    pub unreachable: Vec<Unreachable>,
    /// Projects whose participation rules can be met for free.
    pub free_participation: Vec<FreeParticipation>,
    /// Units whose figures lie too far apart to be solved reliably.
    pub scaling: Vec<super::scaling::Spread>,
}

impl Screen {
    /// Screens `inst`.
    pub fn of(inst: &Instance) -> Screen {
        Screen {
            blocked: blocked_projects(inst),
            unreachable: unreachable_pairs(inst),
            free_participation: free_participation(inst),
            scaling: super::scaling::spreads(inst),
        }
    }

    /// The warnings a planner should read before trusting an answer, one
    /// line each.
    pub fn warnings(&self) -> Vec<String> {
        self.unreachable
            .iter()
            .map(ToString::to_string)
            .chain(self.free_participation.iter().map(ToString::to_string))
            .chain(self.scaling.iter().map(ToString::to_string))
            .collect()
    }
}
