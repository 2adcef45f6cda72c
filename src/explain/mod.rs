//! `accord explain`: why a plan is impossible, what the cheapest fixes
//! are, and why each project is in or out (`docs/explain.md`).
//!
//! - **Conflicts**: when the model with its demands is infeasible, minimal
//!   sets of domain rules that cannot all hold (drop any one and the rest
//!   can), found by QuickXplain ([`search`]) with the MILP itself as the
//!   oracle ([`oracle::DomainOracle`]); each member is re-checked.
//! - **Repairs**: the fewest rules to drop (a minimum hitting set of the
//!   conflicts, grown until a checked plan exists), the least extra money
//!   (every budget elastic, the total extra minimized), and the demands to
//!   give up or soften (each softened to the best the others allow).
//! - **Why not**: for every project left out, the plan with `--must P` and
//!   what it costs against the plan, or its own conflict; for every project
//!   in, the demands and binding rules of its coalition.
//! - A program file (MPS / `.mop`): the IIS of an infeasible program in row
//!   and bound names ([`iis`]).
//!
//! Every plan behind a claim is solved and checked like any solution.

pub mod answer;
pub mod oracle;
pub mod search;

pub use answer::{Change, Chosen, Conflict, Explanation, NotChosen, Repair, RuleRef};

use std::time::Instant;

use crate::backend::{Backend, Status};
use crate::domain::rules::{fmt, universe, Demand, DemandKind, Rule};
use crate::domain::{Allocation, Instance};
use crate::model::Model;
use crate::program::Sense;
use crate::request::Settings;
use crate::{formulation, Error, Result};

use oracle::{DomainOracle, ProgramOracle};
use search::{Counted, Feasibility};

/// What `accord explain` does, beyond the model's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Minimal conflicts to find when the model is infeasible (at least 1).
    pub conflicts: usize,
    /// Explain every project left out of a feasible plan.
    pub why_not: bool,
    /// Look for repairs of an infeasible model.
    pub repairs: bool,
    /// Wall-clock budget for the whole explanation, seconds.
    pub time_limit: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            conflicts: 1,
            why_not: true,
            repairs: true,
            time_limit: None,
        }
    }
}

impl Explanation {
    /// An explanation of `plan`, an answer of `model`, with nothing found yet.
    fn of_plan(model: &Model, plan: &crate::solve::Answer) -> Explanation {
        Explanation {
            model: model.name.clone(),
            status: plan.status,
            objectives: values_map(&plan.values),
            demands: Vec::new(),
            conflicts: Vec::new(),
            repairs: Vec::new(),
            not_chosen: Vec::new(),
            chosen: Vec::new(),
            complete: true,
            notes: Vec::new(),
            solves: plan.stages.len(),
            rules: 0,
            wall_seconds: 0.0,
            backend: plan.backend.clone(),
        }
    }
}

fn values_map(names: &[(String, f64)]) -> serde_json::Map<String, serde_json::Value> {
    names
        .iter()
        .map(|(n, v)| (n.clone(), serde_json::json!(clean(*v))))
        .collect()
}

fn clean(v: f64) -> f64 {
    if v.abs() < 1e-9 {
        0.0
    } else {
        v
    }
}

/// Explains `model` under `settings` (their demands included), opening
/// solvers with `open`.
pub fn explain(
    model: &Model,
    settings: &Settings,
    options: &Options,
    open: &(dyn Fn() -> Result<Box<dyn Backend>> + Sync),
) -> Result<Explanation> {
    let started = Instant::now();
    let deadline = options
        .time_limit
        .map(|t| started + std::time::Duration::from_secs_f64(t));
    let backend = open()?;
    let mut req = settings.request.clone();
    if deadline.is_some() {
        req.options.time_limit = oracle::remaining(deadline, req.options.time_limit);
    }
    let Some(inst) = model.instance() else {
        return iis(
            model,
            settings,
            options,
            backend.as_ref(),
            started,
            deadline,
        );
    };
    let plan = model.solve(backend.as_ref(), &req, None)?;
    let demands = &settings.request.demands;
    let mut out = Explanation::of_plan(model, &plan);
    out.demands = (0..demands.len())
        .map(|d| rule_ref(&Rule::Demand(d), inst, demands))
        .collect();
    let ctx = Ctx {
        model,
        inst,
        settings,
        backend: backend.as_ref(),
        deadline,
        solves: 0.into(),
        open,
    };
    match plan.status {
        Status::Infeasible => {
            ctx.infeasible(&mut out, options)?;
        }
        Status::Optimal | Status::TimeLimitFeasible => {
            let alloc = plan.allocation.as_ref().expect("a domain plan");
            out.chosen = chosen(inst, demands, alloc);
            if options.why_not {
                ctx.why_not(&mut out, &plan.values, alloc)?;
            }
        }
        other => out.notes.push(format!(
            "the plan ended {other}: nothing to explain until it has a status"
        )),
    }
    out.solves += ctx.solves();
    if deadline.is_some_and(|d| Instant::now() >= d) {
        out.complete = false;
        out.notes
            .push("the time limit was reached: some answers are missing or unproven".into());
    }
    out.wall_seconds = started.elapsed().as_secs_f64();
    Ok(out)
}

/// The report form of a rule.
pub fn rule_ref(r: &Rule, inst: &Instance, demands: &[Demand]) -> RuleRef {
    RuleRef {
        rule: r.name(inst, demands),
        place: r.place(inst, demands),
        text: r.sentence(inst, demands),
    }
}

struct Ctx<'a> {
    model: &'a Model,
    inst: &'a Instance,
    settings: &'a Settings,
    backend: &'a dyn Backend,
    deadline: Option<Instant>,
    solves: std::sync::atomic::AtomicUsize,
    open: &'a (dyn Fn() -> Result<Box<dyn Backend>> + Sync),
}

impl Ctx<'_> {
    fn add_solves(&self, n: usize) {
        self.solves
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    fn solves(&self) -> usize {
        self.solves.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn timed_out(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// The request with `demands` and the time left.
    fn request(&self, demands: Vec<Demand>) -> crate::request::Request {
        let mut r = self.settings.request.clone();
        r.demands = demands;
        r.options.time_limit = oracle::remaining(self.deadline, r.options.time_limit);
        r
    }

    /// Solves `model` (possibly relaxed data) with `demands`.
    fn solve_on(&self, model: &Model, demands: Vec<Demand>) -> Result<crate::solve::Answer> {
        let req = self.request(demands);
        if req.options.time_limit.is_some_and(|t| t <= 0.0) {
            return Err(Error::Usage("the time limit was reached".into()));
        }
        let a = model.solve(self.backend, &req, None)?;
        self.add_solves(a.stages.len());
        Ok(a)
    }

    fn oracle<'b>(&'b self, universe: &'b [Rule], demands: &'b [Demand]) -> DomainOracle<'b> {
        DomainOracle {
            inst: self.inst,
            demands,
            universe,
            backend: self.backend,
            options: self.settings.request.options.clone(),
            deadline: self.deadline,
        }
    }

    /// Conflicts and repairs of the infeasible model.
    fn infeasible(&self, out: &mut Explanation, options: &Options) -> Result<()> {
        let demands = self.settings.request.demands.clone();
        let rules = ordered_universe(self.inst, &demands);
        out.rules = rules.len();
        let all: Vec<usize> = (0..rules.len()).collect();
        let (found, checks) = {
            let oracle = self.oracle(&rules, &demands);
            let counted = Counted::new(&oracle);
            // The plan's solve already proved the whole model infeasible.
            counted.record(&all, Feasibility::Infeasible);
            let deadline = self.deadline;
            let found = search::conflicts(&counted, &[], &all, options.conflicts.max(1), || {
                deadline.is_some_and(|d| Instant::now() >= d)
            })?;
            let mut conflicts = Vec::new();
            for c in &found {
                let v = search::verify(&counted, &[], c)?;
                conflicts.push(self.conflict(&rules, &demands, &[], c, &v));
            }
            out.conflicts = conflicts;
            let mut found = found;
            if options.repairs {
                out.repairs
                    .extend(self.fewest_rules(&counted, &rules, &demands, &mut found)?);
            }
            out.notes.extend(counted.note());
            (found, counted.count())
        };
        self.add_solves(checks);
        if found.is_empty() {
            out.notes.push(
                "no conflict was proven: the model is infeasible, but every check of a smaller \
                 set of rules ended at the time limit"
                    .into(),
            );
        }
        if options.repairs {
            if let Some(r) = self.extra_money(&demands)? {
                out.repairs.push(r);
            }
            let mut softer = self.soften(&demands, &rules, &found)?;
            // "Drop 1 rule: must:P" is the same repair as "give up must:P".
            out.repairs.retain(|r| {
                !(r.kind == "fewest_rules"
                    && r.changes.len() == 1
                    && softer.iter().any(|s| {
                        s.kind == "give_up_demand" && s.changes[0].rule == r.changes[0].rule
                    }))
            });
            out.repairs.append(&mut softer);
            // The order: fewest rules, least money, then the demands
            // given up or softened, the least loss of the first objective
            // first.
            let first = self.settings.request.objectives[0].name.clone();
            let sense = self
                .model
                .program()
                .objective(&first)
                .map_or(Sense::Max, |o| o.sense);
            let rank = |r: &Repair| match r.kind.as_str() {
                "fewest_rules" => 0,
                "extra_money" => 1,
                _ => 2,
            };
            out.repairs.sort_by(|a, b| {
                let v = |r: &Repair| {
                    r.objectives
                        .get(&first)
                        .and_then(|v| v.as_f64())
                        .map_or(f64::NEG_INFINITY, |x| sense.sign() * x)
                };
                rank(a)
                    .cmp(&rank(b))
                    .then(b.verified.cmp(&a.verified))
                    .then(v(b).total_cmp(&v(a)))
            });
        }
        Ok(())
    }

    fn conflict(
        &self,
        rules: &[Rule],
        demands: &[Demand],
        background: &[usize],
        c: &[usize],
        v: &search::Verified,
    ) -> Conflict {
        let members: Vec<usize> = background.iter().chain(c).copied().collect();
        let unproven = c
            .iter()
            .zip(&v.necessary)
            .filter(|(_, &n)| !n)
            .map(|(&r, _)| rules[r].name(self.inst, demands))
            .collect();
        Conflict {
            rules: members
                .iter()
                .map(|&r| rule_ref(&rules[r], self.inst, demands))
                .collect(),
            proven: v.proven(),
            unproven,
        }
    }

    /// The plan after `dropped` (indices into `rules`): the data relaxed,
    /// the demands left.
    fn plan_without(
        &self,
        rules: &[Rule],
        demands: &[Demand],
        dropped: &[usize],
    ) -> Result<crate::solve::Answer> {
        let gone: Vec<Rule> = dropped.iter().map(|&r| rules[r]).collect();
        let inst = crate::domain::rules::relax(self.inst, &gone);
        let kept: Vec<Demand> = demands
            .iter()
            .enumerate()
            .filter(|(d, _)| !gone.contains(&Rule::Demand(*d)))
            .map(|(_, d)| d.clone())
            .collect();
        let model = self.model.with_instance(inst)?;
        self.solve_on(&model, kept)
    }

    /// The fewest rules whose dropping gives a plan: a minimum hitting set of
    /// the conflicts, grown with a new conflict until a checked plan exists.
    fn fewest_rules(
        &self,
        counted: &Counted<'_>,
        rules: &[Rule],
        demands: &[Demand],
        found: &mut Vec<Vec<usize>>,
    ) -> Result<Option<Repair>> {
        if found.is_empty() {
            return Ok(None);
        }
        let all: Vec<usize> = (0..rules.len()).collect();
        // Among sets of the same size, one that keeps the demands (a planner
        // asked for them; giving them up is the next repairs' business).
        let demands_idx: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&r| matches!(rules[r], Rule::Demand(_)))
            .collect();
        for _ in 0..20 {
            if self.timed_out() {
                return Ok(None);
            }
            let hit = search::min_hitting_set(found, &demands_idx);
            let kept: Vec<usize> = all.iter().copied().filter(|r| !hit.contains(r)).collect();
            match counted.check(&kept)? {
                Feasibility::Feasible => {
                    let plan = self.plan_without(rules, demands, &hit)?;
                    let verified =
                        plan.status.has_solution() && plan.check.as_ref().is_some_and(|c| c.passed);
                    let names: Vec<String> = hit
                        .iter()
                        .map(|&r| rules[r].name(self.inst, demands))
                        .collect();
                    return Ok(Some(Repair {
                        kind: "fewest_rules".into(),
                        text: format!(
                            "drop {} rule{}: {}",
                            hit.len(),
                            if hit.len() == 1 { "" } else { "s" },
                            names.join(", ")
                        ),
                        changes: hit
                            .iter()
                            .map(|&r| Change {
                                rule: rule_ref(&rules[r], self.inst, demands),
                                action: "drop".into(),
                                from: None,
                                to: None,
                            })
                            .collect(),
                        objectives: values_map(&plan.values),
                        verified,
                    }));
                }
                Feasibility::Unknown => return Ok(None),
                Feasibility::Infeasible => match search::quickxplain(counted, &[], &kept)? {
                    Some(c) if !c.is_empty() => found.push(c),
                    _ => return Ok(None),
                },
            }
        }
        Ok(None)
    }

    /// The least extra money: every budget elastic (`sum_p f_ap - e_a <=
    /// budget_a`, `e_a >= 0`), `sum_a e_a` minimized with every other rule
    /// and demand in force; then the plan with the budgets raised.
    fn extra_money(&self, demands: &[Demand]) -> Result<Option<Repair>> {
        if self.timed_out() {
            return Ok(None);
        }
        let inst = self.inst;
        let unlimited: Vec<Rule> = (0..inst.actors.len()).map(Rule::Budget).collect();
        let open = crate::domain::rules::relax(inst, &unlimited);
        let form = formulation::build_with(&open, demands).map_err(Error::Usage)?;
        let mut p = form.program.clone();
        let by_actor = inst.pairs_by_actor();
        let mut extra = Vec::new();
        let mut terms = Vec::new();
        for (a, actor) in inst.actors.iter().enumerate() {
            if by_actor[a].is_empty() {
                extra.push(None);
                continue;
            }
            let e = p.add_col(0.0, f64::INFINITY, false);
            terms.clear();
            terms.extend(by_actor[a].iter().map(|&pair| (form.f[pair], 1.0)));
            terms.push((e, -1.0));
            p.add_row(f64::NEG_INFINITY, actor.budget, &terms);
            extra.push(Some(e));
        }
        let objective = crate::program::Objective {
            name: "extra_money".into(),
            sense: Sense::Min,
            terms: extra.iter().flatten().map(|&e| (e, 1.0)).collect(),
            constant: 0.0,
        };
        let mut opts = self.settings.request.options.clone();
        opts.time_limit = oracle::remaining(self.deadline, opts.time_limit);
        let res = self.backend.solve(&p, &objective, &opts)?;
        self.add_solves(1);
        let x = match (res.status, res.x) {
            (Status::Optimal, Some(x)) => x,
            (Status::Infeasible | Status::InfeasibleOrUnbounded, _) => {
                return Ok(Some(Repair {
                    kind: "extra_money".into(),
                    text: "no amount of extra money makes these demands possible: other rules \
                           conflict with them"
                        .into(),
                    changes: Vec::new(),
                    objectives: serde_json::Map::new(),
                    verified: true,
                }))
            }
            _ => return Ok(None),
        };
        // Round each extra up to a readable amount, then re-solve with the
        // budgets raised: the claim is checked on the real model.
        let mut raised = inst.clone();
        let mut changes = Vec::new();
        for (a, e) in extra.iter().enumerate() {
            let Some(e) = e else { continue };
            let more = x[*e];
            if more <= 1e-6 * inst.actors[a].budget.max(1.0) {
                continue;
            }
            let more = round_up(more);
            let from = inst.actors[a].budget;
            raised.actors[a].budget = from + more;
            changes.push(Change {
                rule: rule_ref(&Rule::Budget(a), inst, demands),
                action: "raise".into(),
                from: Some(from),
                to: Some(from + more),
            });
        }
        let model = self.model.with_instance(raised)?;
        let plan = self.solve_on(&model, demands.to_vec())?;
        let verified = plan.status.has_solution() && plan.check.as_ref().is_some_and(|c| c.passed);
        let total: f64 = changes
            .iter()
            .map(|c| c.to.unwrap_or(0.0) - c.from.unwrap_or(0.0))
            .sum();
        let who: Vec<String> = changes
            .iter()
            .map(|c| {
                format!(
                    "{} +{}",
                    c.rule.rule.trim_start_matches("budget:"),
                    fmt(c.to.unwrap_or(0.0) - c.from.unwrap_or(0.0))
                )
            })
            .collect();
        Ok(Some(Repair {
            kind: "extra_money".into(),
            text: format!("raise budgets by {} in all: {}", fmt(total), who.join(", ")),
            changes,
            objectives: values_map(&plan.values),
            verified,
        }))
    }

    /// Each demand of a conflict given up (must, never) or softened to the
    /// best the other demands allow (floor, cap), with the plan it leaves.
    fn soften(
        &self,
        demands: &[Demand],
        rules: &[Rule],
        found: &[Vec<usize>],
    ) -> Result<Vec<Repair>> {
        let mut in_conflict: Vec<usize> = found
            .iter()
            .flatten()
            .filter_map(|&r| match rules[r] {
                Rule::Demand(d) => Some(d),
                _ => None,
            })
            .collect();
        in_conflict.sort_unstable();
        in_conflict.dedup();
        let mut out = Vec::new();
        for d in in_conflict {
            if self.timed_out() {
                break;
            }
            let others: Vec<Demand> = demands
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != d)
                .map(|(_, x)| x.clone())
                .collect();
            let dem = &demands[d];
            let r = rule_ref(&Rule::Demand(d), self.inst, demands);
            match dem.kind {
                DemandKind::Must(_) | DemandKind::Never => {
                    let plan = self.solve_on(self.model, others)?;
                    if plan.status.has_solution() {
                        out.push(Repair {
                            kind: "give_up_demand".into(),
                            text: format!("give up {}", dem.name()),
                            changes: vec![Change {
                                rule: r,
                                action: "drop".into(),
                                from: None,
                                to: None,
                            }],
                            objectives: values_map(&plan.values),
                            verified: plan.check.as_ref().is_some_and(|c| c.passed),
                        });
                    }
                }
                DemandKind::Floor(v) | DemandKind::Cap(v) => {
                    // The best value of the objective the others allow.
                    let mut req = self.request(others.clone());
                    req.objectives = vec![crate::request::ObjectiveSpec::named(dem.target.clone())];
                    req.method = crate::request::Method::Lexicographic;
                    let best = self.model.solve(self.backend, &req, None)?;
                    self.add_solves(best.stages.len());
                    let Some(b) = best
                        .values
                        .first()
                        .map(|x| x.1)
                        .filter(|_| best.status.has_solution())
                    else {
                        continue;
                    };
                    let floor = matches!(dem.kind, DemandKind::Floor(_));
                    if (floor && b >= v) || (!floor && b <= v) {
                        continue;
                    }
                    let mut softened = others.clone();
                    softened.push(Demand {
                        kind: if floor {
                            DemandKind::Floor(b)
                        } else {
                            DemandKind::Cap(b)
                        },
                        ..dem.clone()
                    });
                    let plan = self.solve_on(self.model, softened)?;
                    out.push(Repair {
                        kind: "soften_demand".into(),
                        text: format!(
                            "{} {} from {} to {} (the {} the other demands allow)",
                            if floor { "lower" } else { "raise" },
                            dem.name(),
                            fmt(v),
                            fmt(b),
                            if floor { "most" } else { "least" }
                        ),
                        changes: vec![Change {
                            rule: r,
                            action: if floor { "lower" } else { "raise" }.into(),
                            from: Some(v),
                            to: Some(b),
                        }],
                        objectives: values_map(&plan.values),
                        verified: plan.status.has_solution()
                            && plan.check.as_ref().is_some_and(|c| c.passed),
                    });
                }
            }
        }
        Ok(out)
    }

    /// What insisting on each project left out costs, the costliest first;
    /// the projects are solved in parallel, each job with its own solver.
    fn why_not(
        &self,
        out: &mut Explanation,
        plan: &[(String, f64)],
        alloc: &Allocation,
    ) -> Result<()> {
        use rayon::prelude::*;
        let (first, base) = plan[0].clone();
        let sense = self
            .model
            .program()
            .objective(&first)
            .map_or(Sense::Max, |o| o.sense);
        let left_out: Vec<usize> = (0..self.inst.projects.len())
            .filter(|&p| !alloc.go[p])
            .collect();
        let rows: Vec<Option<(NotChosen, Vec<String>)>> = left_out
            .par_iter()
            .map(|&p| -> Result<Option<(NotChosen, Vec<String>)>> {
                if self.timed_out() {
                    return Ok(None);
                }
                let backend = (self.open)()?;
                let job = Ctx {
                    backend: backend.as_ref(),
                    solves: 0.into(),
                    ..*self
                };
                let row = job.why_not_one(p, base, sense);
                self.add_solves(job.solves());
                row.map(Some)
            })
            .collect::<Result<_>>()?;
        for (p, row) in left_out.iter().zip(rows) {
            match row {
                Some((row, notes)) => {
                    out.not_chosen.push(row);
                    out.notes.extend(notes);
                }
                None => {
                    out.complete = false;
                    out.notes.push(format!(
                        "why-not of {} was not computed: the time limit was reached",
                        self.inst.projects[*p].id
                    ));
                }
            }
        }
        out.not_chosen.sort_by(|a, b| {
            let key = |n: &NotChosen| n.loss.unwrap_or(f64::INFINITY);
            key(b).total_cmp(&key(a)).then(a.project.cmp(&b.project))
        });
        Ok(())
    }

    /// The plan with project `p` forced in, and its loss against `base` (or
    /// its own conflict when it cannot go ahead at all).
    fn why_not_one(&self, p: usize, base: f64, sense: Sense) -> Result<(NotChosen, Vec<String>)> {
        let proj = &self.inst.projects[p];
        let mut notes = Vec::new();
        let mut forced = self.settings.request.demands.clone();
        forced.push(Demand {
            kind: DemandKind::Must(None),
            target: proj.id.clone(),
            place: Some(format!("explain: what if {} goes ahead", proj.id)),
        });
        let a = self.solve_on(self.model, forced.clone())?;
        let mut row = NotChosen {
            project: proj.id.clone(),
            forced_status: a.status,
            forced_objectives: values_map(&a.values),
            loss: None,
            conflict: None,
        };
        if a.status.has_solution() {
            let v = a.values.first().map_or(f64::NAN, |x| x.1);
            row.loss = Some(clean(sense.sign() * (base - v)).max(0.0));
        } else if a.status == Status::Infeasible {
            // Its own conflict: the must is always kept.
            let rules = ordered_universe(self.inst, &forced);
            let must = rules
                .iter()
                .position(|r| *r == Rule::Demand(forced.len() - 1))
                .expect("the must is a rule");
            let rest: Vec<usize> = (0..rules.len()).filter(|&r| r != must).collect();
            let oracle = self.oracle(&rules, &forced);
            let counted = Counted::new(&oracle);
            // The forced solve already proved every rule together infeasible.
            let all: Vec<usize> = (0..rules.len()).collect();
            counted.record(&all, Feasibility::Infeasible);
            if let Some(c) = search::quickxplain(&counted, &[must], &rest)? {
                let v = search::verify(&counted, &[must], &c)?;
                row.conflict = Some(self.conflict(&rules, &forced, &[must], &c, &v));
            }
            notes.extend(counted.note());
            self.add_solves(counted.count());
        }
        Ok((row, notes))
    }
}

/// The rules in the order the conflict search prefers them: demands
/// first (a conflict names what was asked before what was given), then the
/// data's rules in file order.
fn ordered_universe(inst: &Instance, demands: &[Demand]) -> Vec<Rule> {
    let mut u = universe(inst, demands);
    u.sort_by_key(|r| !matches!(r, Rule::Demand(_)));
    u
}

/// For each project going ahead: the demands naming it and the rules of its
/// coalition at their limit (budget, personnel, explicit caps, share cap).
fn chosen(inst: &Instance, demands: &[Demand], a: &Allocation) -> Vec<Chosen> {
    let tol = |v: f64| 1e-6 * v.abs().max(1.0);
    let mut spend = vec![0.0; inst.actors.len()];
    let mut staff = vec![0.0; inst.actors.len()];
    for (e, i) in inst.interests.iter().enumerate() {
        spend[i.actor] += a.funding[e];
        staff[i.actor] += a.personnel[e];
    }
    let by_project = inst.pairs_by_project();
    let mut out = Vec::new();
    for (p, proj) in inst.projects.iter().enumerate() {
        if !a.go[p] {
            continue;
        }
        let mut binding: Vec<Rule> = demands
            .iter()
            .enumerate()
            .filter(|(_, d)| d.on_project() && d.target == proj.id)
            .map(|(k, _)| Rule::Demand(k))
            .collect();
        for &e in &by_project[p] {
            let i = &inst.interests[e];
            let (f, s) = (a.funding[e], a.personnel[e]);
            if f <= 1e-9 && s <= 1e-9 {
                continue;
            }
            let actor = &inst.actors[i.actor];
            if f > 1e-9 && spend[i.actor] >= actor.budget - tol(actor.budget) {
                binding.push(Rule::Budget(i.actor));
            }
            if s > 1e-9 && staff[i.actor] >= actor.personnel - tol(actor.personnel) {
                binding.push(Rule::Personnel(i.actor));
            }
            if let Some(m) = i.max_funding {
                if f >= m - tol(m) {
                    binding.push(Rule::MaxFunding(e));
                }
            }
            if let Some(m) = i.max_personnel {
                if s >= m - tol(m) && s > 1e-9 {
                    binding.push(Rule::MaxPersonnel(e));
                }
            }
            let share = actor.max_share * proj.cost * a.fraction[p];
            if actor.max_share < 1.0 && f >= share - tol(share) {
                binding.push(Rule::MaxShare(i.actor));
            }
        }
        binding.sort();
        binding.dedup();
        out.push(Chosen {
            project: proj.id.clone(),
            binding: binding.iter().map(|r| rule_ref(r, inst, demands)).collect(),
        });
    }
    out
}

/// An amount rounded up to 3 significant digits (a readable budget raise
/// that still covers the need).
fn round_up(v: f64) -> f64 {
    if v <= 0.0 {
        return 0.0;
    }
    let mag = 10f64.powf(v.log10().floor() - 2.0);
    (v / mag - 1e-9).ceil() * mag
}

/// The IIS of an infeasible program file: a minimal set of rows and column
/// bounds that cannot all hold, found by QuickXplain with the backend as
/// the oracle and each member re-checked.
fn iis(
    model: &Model,
    settings: &Settings,
    options: &Options,
    backend: &dyn Backend,
    started: Instant,
    deadline: Option<Instant>,
) -> Result<Explanation> {
    let program = model.program_for(&settings.request.demands)?;
    let mut req = settings.request.clone();
    req.options.time_limit = oracle::remaining(deadline, req.options.time_limit);
    // The program with its demands is built once, for the plan and the search.
    let plan = crate::solve::solve_from(backend, &program, &req, None, None)?;
    let mut out = Explanation::of_plan(model, &plan);
    if !matches!(
        plan.status,
        Status::Infeasible | Status::InfeasibleOrUnbounded
    ) {
        out.notes.push(format!(
            "the program is {}: an IIS exists only for infeasible programs",
            plan.status
        ));
        out.wall_seconds = started.elapsed().as_secs_f64();
        return Ok(out);
    }
    let elements = oracle::elements(&program);
    out.rules = elements.len();
    let o = ProgramOracle {
        program: &program,
        universe: &elements,
        backend,
        options: settings.request.options.clone(),
        deadline,
    };
    let counted = Counted::new(&o);
    let all: Vec<usize> = (0..elements.len()).collect();
    if plan.status == Status::Infeasible {
        // The plan's solve already proved the whole program infeasible.
        counted.record(&all, Feasibility::Infeasible);
    }
    let found = search::conflicts(&counted, &[], &all, options.conflicts.max(1), || {
        deadline.is_some_and(|d| Instant::now() >= d)
    })?;
    for c in &found {
        let v = search::verify(&counted, &[], c)?;
        let names = |i: usize| elements[i].name(&program);
        out.conflicts.push(Conflict {
            rules: c
                .iter()
                .map(|&i| RuleRef {
                    rule: names(i),
                    place: None,
                    text: elements[i].sentence(&program),
                })
                .collect(),
            proven: v.proven(),
            unproven: c
                .iter()
                .zip(&v.necessary)
                .filter(|(_, &n)| !n)
                .map(|(&i, _)| names(i))
                .collect(),
        });
    }
    if plan.status == Status::InfeasibleOrUnbounded && found.is_empty() {
        out.notes.push(
            "the solver could not tell infeasible from unbounded, and no IIS was proven".into(),
        );
    }
    out.solves += counted.count();
    out.notes.extend(counted.note());
    if deadline.is_some_and(|d| Instant::now() >= d) {
        out.complete = false;
        out.notes
            .push("the time limit was reached: the IIS may be missing or unproven".into());
    }
    out.wall_seconds = started.elapsed().as_secs_f64();
    Ok(out)
}
