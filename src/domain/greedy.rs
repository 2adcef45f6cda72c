//! A plan without a solver: projects taken greedily by benefit per unit of
//! cost, each funded and staffed by a coalition that keeps every rule of
//! model.md (budgets, personnel, pair caps, share caps, `min_funding`,
//! `min_actors`, `min_vectors`, prerequisites, rivals, required partners,
//! vetoes). Offered to backends as a MIP start: an incumbent from the first
//! node. It is a hint, never an answer: the start is checked against the
//! program before it is offered, and the solver re-checks it too.

use super::screen::{can_take_part, funding_cap};
use super::{Allocation, Instance, Mode, RelationKind};

/// Slack for comparing money and people.
const EPS: f64 = 1e-9;

/// A greedy plan: the allocation and which pairs take part (a pair may take
/// part with no money, where `min_funding` is 0, to count for a coalition).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The allocation.
    pub allocation: Allocation,
    /// `z_ap` per eligible pair.
    pub part: Vec<bool>,
}

/// Fractions tried for a scalable project, largest first (then its
/// `min_fraction`).
const FRACTIONS: [f64; 4] = [1.0, 0.75, 0.5, 0.25];

/// The greedy plan of `inst`; projects in `skip` (blocked, or refused by a
/// demand) are never taken.
pub fn greedy(inst: &Instance, skip: &[bool]) -> Plan {
    let np = inst.projects.len();
    let ne = inst.interests.len();
    let mut g = Greedy {
        inst,
        by_project: inst.pairs_by_project(),
        money: inst.actors.iter().map(|a| a.budget).collect(),
        people: inst.actors.iter().map(|a| a.personnel).collect(),
        plan: Plan {
            allocation: Allocation {
                fraction: vec![0.0; np],
                go: vec![false; np],
                funding: vec![0.0; ne],
                personnel: vec![0.0; ne],
            },
            part: vec![false; ne],
        },
    };
    let mut vetoed = vec![false; np];
    for i in &inst.interests {
        vetoed[i.project] |= i.veto;
    }
    let mut order: Vec<usize> = (0..np)
        .filter(|&p| !vetoed[p] && !skip.get(p).copied().unwrap_or(false))
        .collect();
    let ratio = |p: usize| inst.projects[p].benefit / inst.projects[p].cost;
    order.sort_by(|&a, &b| ratio(b).total_cmp(&ratio(a)).then(a.cmp(&b)));
    for p in order {
        let proj = &inst.projects[p];
        if proj.requires.iter().any(|&q| !g.plan.allocation.go[q]) {
            continue;
        }
        let fractions: Vec<f64> = match proj.mode {
            Mode::AllOrNothing => vec![1.0],
            Mode::Scalable => FRACTIONS
                .iter()
                .copied()
                .filter(|&f| f >= proj.min_fraction)
                .chain((proj.min_fraction > 0.0).then_some(proj.min_fraction))
                .collect(),
        };
        for x in fractions {
            if g.take(p, x) {
                break;
            }
        }
    }
    g.plan
}

struct Greedy<'a> {
    inst: &'a Instance,
    by_project: Vec<Vec<usize>>,
    /// Money left per actor.
    money: Vec<f64>,
    /// Person-years left per actor.
    people: Vec<f64>,
    plan: Plan,
}

/// What a pair can give to a project delivered at some fraction.
#[derive(Debug, Clone, Copy)]
struct Offer {
    e: usize,
    actor: usize,
    /// Least money if it takes part.
    min: f64,
    /// Most money.
    money: f64,
    /// Most person-years.
    people: f64,
}

impl Greedy<'_> {
    /// Takes project `p` at fraction `x` when a coalition can deliver it.
    fn take(&mut self, p: usize, x: f64) -> bool {
        let inst = self.inst;
        let proj = &inst.projects[p];
        let need_money = proj.cost * x;
        let need_people = proj.personnel * x;
        let mut offers: Vec<Offer> = self.by_project[p]
            .iter()
            .filter(|&&e| can_take_part(inst, e))
            .map(|&e| {
                let i = &inst.interests[e];
                let a = &inst.actors[i.actor];
                let money = funding_cap(inst, e)
                    .min(a.max_share * need_money)
                    .min(need_money)
                    .min(self.money[i.actor]);
                let people = inst
                    .max_personnel(e)
                    .min(need_people)
                    .min(self.people[i.actor]);
                Offer {
                    e,
                    actor: i.actor,
                    min: i.min_funding,
                    money: money.max(0.0),
                    people: people.max(0.0),
                }
            })
            .filter(|o| o.min <= o.money + EPS)
            .collect();
        offers.sort_by(|a, b| {
            (b.money / need_money.max(EPS) + b.people / need_people.max(EPS))
                .total_cmp(&(a.money / need_money.max(EPS) + a.people / need_people.max(EPS)))
                .then(a.e.cmp(&b.e))
        });
        let mut members: Vec<usize> = Vec::new();
        // Breadth first: one member per missing vector.
        if proj.min_vectors > 0 {
            for k in 0..offers.len() {
                if self.vectors(&offers, &members) >= proj.min_vectors as usize {
                    break;
                }
                let v = inst.actors[offers[k].actor].vector;
                let has = members
                    .iter()
                    .any(|&m| inst.actors[offers[m].actor].vector == v);
                if !has {
                    self.join(&offers, &mut members, k);
                }
            }
        }
        for k in 0..offers.len() {
            let (money, people) = members.iter().fold((0.0, 0.0), |(m, s), &j| {
                (m + offers[j].money, s + offers[j].people)
            });
            if money + EPS >= need_money
                && people + EPS >= need_people
                && members.len() >= proj.min_actors as usize
            {
                break;
            }
            self.join(&offers, &mut members, k);
        }
        if members.len() < proj.min_actors as usize
            || self.vectors(&offers, &members) < proj.min_vectors as usize
        {
            return false;
        }
        // Money: every member its minimum, then the rest in member order.
        let mut money: Vec<f64> = members.iter().map(|&j| offers[j].min).collect();
        let mut left = need_money - money.iter().sum::<f64>();
        if left < -EPS {
            return false;
        }
        for (k, &j) in members.iter().enumerate() {
            let add = (offers[j].money - money[k]).max(0.0).min(left.max(0.0));
            money[k] += add;
            left -= add;
        }
        let mut people = vec![0.0; members.len()];
        let mut left_people = need_people;
        for (k, &j) in members.iter().enumerate() {
            let add = offers[j].people.min(left_people.max(0.0));
            people[k] = add;
            left_people -= add;
        }
        if left > EPS * need_money.max(1.0) || left_people > EPS * need_people.max(1.0) {
            return false;
        }
        let a = &mut self.plan.allocation;
        a.go[p] = true;
        a.fraction[p] = x;
        for (k, &j) in members.iter().enumerate() {
            let o = offers[j];
            a.funding[o.e] = money[k];
            a.personnel[o.e] = people[k];
            self.plan.part[o.e] = true;
            self.money[o.actor] -= money[k];
            self.people[o.actor] -= people[k];
        }
        true
    }

    /// Distinct vectors among the members.
    fn vectors(&self, offers: &[Offer], members: &[usize]) -> usize {
        let mut v: Vec<usize> = members
            .iter()
            .map(|&m| self.inst.actors[offers[m].actor].vector)
            .collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    }

    /// Adds offer `k` with the partners it requires, unless one of them is
    /// missing or a rival of a member (or of each other).
    fn join(&self, offers: &[Offer], members: &mut Vec<usize>, k: usize) {
        if members.contains(&k) {
            return;
        }
        let mut group = vec![k];
        let mut at = 0;
        while at < group.len() {
            let a = offers[group[at]].actor;
            for r in &self.inst.relations {
                if r.kind != RelationKind::Requires || r.a != a {
                    continue;
                }
                match offers.iter().position(|o| o.actor == r.b) {
                    Some(j) if !group.contains(&j) && !members.contains(&j) => group.push(j),
                    Some(_) => {}
                    None => return,
                }
            }
            at += 1;
        }
        let rival = |x: usize, y: usize| {
            self.inst.relations.iter().any(|r| {
                r.kind == RelationKind::Rival && ((r.a == x && r.b == y) || (r.a == y && r.b == x))
            })
        };
        let everyone: Vec<usize> = members.iter().chain(&group).copied().collect();
        for (i, &x) in everyone.iter().enumerate() {
            for &y in &everyone[i + 1..] {
                if rival(offers[x].actor, offers[y].actor) {
                    return;
                }
            }
        }
        members.extend(group);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::objectives;
    use crate::generate::{generate, GenerateOptions};

    /// Every rule of model.md holds in the greedy plan of generated data
    /// sets (checked through the program by the formulation tests too).
    #[test]
    fn greedy_plans_keep_budgets_and_take_projects() {
        for seed in 0..5 {
            let inst = generate(&GenerateOptions::new(20, 60, 0.15).with_seed(seed)).unwrap();
            let plan = greedy(&inst, &[]);
            let a = &plan.allocation;
            for (x, actor) in inst.actors.iter().enumerate() {
                let spent: f64 = inst
                    .interests
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.actor == x)
                    .map(|(e, _)| a.funding[e])
                    .sum();
                assert!(
                    spent <= actor.budget + 1e-6,
                    "seed {seed}: {} overspends",
                    actor.id
                );
            }
            for (p, proj) in inst.projects.iter().enumerate() {
                let funded: f64 = inst
                    .interests
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.project == p)
                    .map(|(e, _)| a.funding[e])
                    .sum();
                assert!((funded - proj.cost * a.fraction[p]).abs() <= 1e-6 * proj.cost);
            }
            let stability = objectives::values(&inst, a)[0];
            assert!(
                stability > 0.0,
                "seed {seed}: the greedy plan takes nothing"
            );
        }
    }
}
