//! Instance -> program: the exact mixed-integer program of `docs/model.md`
//! (variables, constraint families 1-12, the five built-in objectives).
//!
//! Reductions (allowed by the model: they leave optimal objective values
//! unchanged):
//! - an all-or-nothing project has one binary column serving as both `x_p`
//!   and `y_p` (constraint 6 makes them equal);
//! - `s_ap` exists only where the project needs personnel (otherwise
//!   constraint 2 forces every `s_ap` to 0);
//! - `z_ap` exists only where a rule refers to participation (a positive
//!   `min_funding`, `min_actors` or `min_vectors` on the project, or a
//!   relation naming the actor); elsewhere the pair caps become column bounds
//!   and `f_ap <= cost_p x_p <= cost_p y_p` already ties money to go-ahead;
//! - the share cap row is left out where `max_share = 1` (implied by
//!   constraint 1 and `f >= 0`);
//! - the caps of constraint 5 are tightened to the smallest bound the other
//!   constraints already imply (`min(max_funding, budget, max_share * cost,
//!   cost)` for money, `min(max_personnel, personnel_a, personnel_p)` for
//!   people): the same feasible set, a tighter LP relaxation;
//! - `w_vp` exists only for vectors with an eligible participant in `p`;
//! - a veto or a required partner that is not eligible fixes the column's
//!   upper bound at 0 instead of adding a row;
//! - domain presolve: the projects the screen proves cannot go ahead
//!   ([`blocked_projects`]) and the pairs that can never take part
//!   ([`can_take_part`]) keep their columns with both bounds at 0, so every
//!   report reads as before and the solver drops them at once.

use std::collections::HashMap;
use std::sync::Arc;

use crate::domain::greedy::Plan;
use crate::domain::objectives::{self, BUILTIN};
use crate::domain::rules::{check_demand, Demand, DemandKind};
use crate::domain::screen::{blocked_projects, can_take_part};
use crate::domain::{Allocation, Instance, Mode, RelationKind};
use crate::program::{NameSource, Objective, Program};

/// What a column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColTag {
    /// `y_p` (and `x_p` for all-or-nothing projects).
    Go(u32),
    /// `x_p` of a scalable project.
    Delivered(u32),
    /// `f_ap` of pair `e`.
    Fund(u32),
    /// `s_ap` of pair `e`.
    Staff(u32),
    /// `z_ap` of pair `e`.
    Part(u32),
    /// `w_vp`.
    Vector(u32, u32),
    /// `t` (equity).
    Equity,
    /// `m` (dominance).
    Dominance,
}

/// What a row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowTag {
    Funding(u32),
    Staffing(u32),
    Budget(u32),
    Personnel(u32),
    ShareCap(u32),
    FundCap(u32),
    StaffCap(u32),
    MinFunding(u32),
    PartGo(u32),
    GoUpper(u32),
    GoLower(u32),
    MinActors(u32),
    VectorRep(u32, u32),
    MinVectors(u32),
    Requires(u32, u32),
    Rival(u32, u32),
    Partner(u32, u32),
    Equity(u32),
    Dominance(u32),
    /// A demand row, by its index in the demands.
    Demand(u32),
}

/// Generates readable names (`fund[eu,termez_power]`) from compact tags.
struct DomainNames {
    demands: Vec<String>,
    actors: Vec<String>,
    projects: Vec<String>,
    vectors: Vec<String>,
    pairs: Vec<(u32, u32)>,
    cols: Vec<ColTag>,
    rows: Vec<RowTag>,
}

impl DomainNames {
    fn pair(&self, e: u32) -> String {
        let (a, p) = self.pairs[e as usize];
        format!("{},{}", self.actors[a as usize], self.projects[p as usize])
    }
}

impl NameSource for DomainNames {
    fn col_name(&self, j: usize) -> String {
        let p = |p: u32| &self.projects[p as usize];
        match self.cols.get(j) {
            Some(ColTag::Go(q)) => format!("go[{}]", p(*q)),
            Some(ColTag::Delivered(q)) => format!("delivered[{}]", p(*q)),
            Some(ColTag::Fund(e)) => format!("fund[{}]", self.pair(*e)),
            Some(ColTag::Staff(e)) => format!("staff[{}]", self.pair(*e)),
            Some(ColTag::Part(e)) => format!("part[{}]", self.pair(*e)),
            Some(ColTag::Vector(v, q)) => {
                format!("vector[{},{}]", self.vectors[*v as usize], p(*q))
            }
            Some(ColTag::Equity) => "equity_min".into(),
            Some(ColTag::Dominance) => "dominance_max".into(),
            None => format!("c{j}"),
        }
    }

    fn row_name(&self, i: usize) -> String {
        let p = |p: u32| &self.projects[p as usize];
        let a = |a: u32| &self.actors[a as usize];
        match self.rows.get(i) {
            Some(RowTag::Funding(q)) => format!("funding[{}]", p(*q)),
            Some(RowTag::Staffing(q)) => format!("staffing[{}]", p(*q)),
            Some(RowTag::Budget(x)) => format!("budget[{}]", a(*x)),
            Some(RowTag::Personnel(x)) => format!("personnel[{}]", a(*x)),
            Some(RowTag::ShareCap(e)) => format!("share_cap[{}]", self.pair(*e)),
            Some(RowTag::FundCap(e)) => format!("fund_cap[{}]", self.pair(*e)),
            Some(RowTag::StaffCap(e)) => format!("staff_cap[{}]", self.pair(*e)),
            Some(RowTag::MinFunding(e)) => format!("min_funding[{}]", self.pair(*e)),
            Some(RowTag::PartGo(e)) => format!("part_go[{}]", self.pair(*e)),
            Some(RowTag::GoUpper(q)) => format!("go_upper[{}]", p(*q)),
            Some(RowTag::GoLower(q)) => format!("go_lower[{}]", p(*q)),
            Some(RowTag::MinActors(q)) => format!("min_actors[{}]", p(*q)),
            Some(RowTag::VectorRep(v, q)) => {
                format!("vector_rep[{},{}]", self.vectors[*v as usize], p(*q))
            }
            Some(RowTag::MinVectors(q)) => format!("min_vectors[{}]", p(*q)),
            Some(RowTag::Requires(q, r)) => format!("requires[{},{}]", p(*q), p(*r)),
            Some(RowTag::Rival(e, f)) => {
                let (x, q) = self.pairs[*e as usize];
                let (y, _) = self.pairs[*f as usize];
                format!("rival[{},{},{}]", a(x), a(y), p(q))
            }
            Some(RowTag::Partner(e, f)) => {
                let (x, q) = self.pairs[*e as usize];
                let (y, _) = self.pairs[*f as usize];
                format!("partner[{},{},{}]", a(x), a(y), p(q))
            }
            Some(RowTag::Equity(l)) => format!("equity[{}]", a(*l)),
            Some(RowTag::Dominance(x)) => format!("dominance[{}]", a(*x)),
            Some(RowTag::Demand(k)) => format!("demand[{}]", self.demands[*k as usize]),
            None => format!("r{i}"),
        }
    }
}

/// The program of one instance and where each model variable lives in it.
#[derive(Debug, Clone)]
pub struct Formulation {
    /// The program, with the built-in objectives in [`BUILTIN`] order.
    pub program: Program,
    /// Column of `x_p` per project.
    pub x: Vec<usize>,
    /// Column of `y_p` per project (equal to `x[p]` for all-or-nothing projects).
    pub y: Vec<usize>,
    /// Column of `f_ap` per eligible pair.
    pub f: Vec<usize>,
    /// Column of `s_ap` per eligible pair, where the project needs personnel.
    pub s: Vec<Option<usize>>,
    /// Column of `z_ap` per eligible pair, where a rule refers to participation.
    pub z: Vec<Option<usize>>,
    /// `w_vp` columns: (column, vector, project).
    pub w: Vec<(usize, usize, usize)>,
    /// Column of `t` (equity).
    pub equity: usize,
    /// Column of `m` (dominance).
    pub dominance: usize,
    /// Row of each actor's budget (constraint 3), where it has one.
    pub budget_rows: Vec<Option<usize>>,
    /// Row of each actor's personnel (constraint 3), where it has one.
    pub personnel_rows: Vec<Option<usize>>,
}

struct Builder {
    program: Program,
    cols: Vec<ColTag>,
    rows: Vec<RowTag>,
}

impl Builder {
    fn col(&mut self, tag: ColTag, lower: f64, upper: f64, integer: bool) -> usize {
        self.cols.push(tag);
        self.program.add_col(lower, upper, integer)
    }
    fn row(&mut self, tag: RowTag, lower: f64, upper: f64, terms: &[(usize, f64)]) {
        self.rows.push(tag);
        self.program.add_row(lower, upper, terms);
    }
}

const INF: f64 = f64::INFINITY;

/// Builds the program of `inst` (see the module docs for the reductions).
pub fn build(inst: &Instance) -> Formulation {
    build_with(inst, &[]).expect("no demand to resolve")
}

/// Builds the program of `inst` with `demands` as rows (`demand[must:P]`):
/// `must` is `y_p >= 1` (and `x_p >= fraction` when one is given), `never`
/// is `y_p <= 0`, `floor` and `cap` bound the built-in objective's
/// expression (the same terms as the objective, so a floor on equity binds
/// every host and a cap on dominance every non-local actor). Fails on a
/// demand that names no project or no boundable objective
/// ([`crate::domain::rules::check_demand`]).
pub fn build_with(inst: &Instance, demands: &[Demand]) -> std::result::Result<Formulation, String> {
    for d in demands {
        check_demand(inst, d).map_err(|e| format!("{}: {e}", d.name()))?;
    }
    let np = inst.projects.len();
    let ne = inst.interests.len();
    let mut b = Builder {
        program: Program::new("accord"),
        cols: Vec::with_capacity(2 * np + 3 * ne),
        rows: Vec::with_capacity(2 * np + 4 * ne),
    };
    let by_project = inst.pairs_by_project();
    let by_actor = inst.pairs_by_actor();
    let mut in_relation = vec![false; inst.actors.len()];
    for r in &inst.relations {
        in_relation[r.a] = true;
        in_relation[r.b] = true;
    }

    // Projects: x_p, y_p. Vetoes fix y_p = 0.
    let mut x = Vec::with_capacity(np);
    let mut y = Vec::with_capacity(np);
    let mut vetoed = vec![false; np];
    for i in &inst.interests {
        if i.veto {
            vetoed[i.project] = true;
        }
    }
    for (p, proj) in inst.projects.iter().enumerate() {
        let up = if vetoed[p] { 0.0 } else { 1.0 };
        let go = b.col(ColTag::Go(p as u32), 0.0, up, true);
        y.push(go);
        x.push(match proj.mode {
            Mode::AllOrNothing => go,
            Mode::Scalable => b.col(ColTag::Delivered(p as u32), 0.0, up, false),
        });
    }

    // Pairs: f, s, z.
    let mut f = Vec::with_capacity(ne);
    let mut s = Vec::with_capacity(ne);
    let mut z = Vec::with_capacity(ne);
    let mut fund_cap = Vec::with_capacity(ne);
    let mut staff_cap = Vec::with_capacity(ne);
    for (e, i) in inst.interests.iter().enumerate() {
        let proj = &inst.projects[i.project];
        let actor = &inst.actors[i.actor];
        // Tightest valid caps: constraint 5's cap, the budget (3), the share
        // cap at full delivery (4) and the project's need (1, 2). They keep
        // every feasible point and tighten the big-M rows of constraint 5.
        let maxf = inst
            .max_funding(e)
            .min(actor.budget)
            .min(actor.max_share * proj.cost)
            .min(proj.cost);
        let maxs = inst
            .max_personnel(e)
            .min(actor.personnel)
            .min(proj.personnel);
        fund_cap.push(maxf);
        staff_cap.push(maxs);
        f.push(b.col(ColTag::Fund(e as u32), 0.0, maxf, false));
        s.push((proj.personnel > 0.0).then(|| b.col(ColTag::Staff(e as u32), 0.0, maxs, false)));
        let needs_z = i.min_funding > 0.0
            || proj.min_actors > 0
            || proj.min_vectors > 0
            || in_relation[i.actor];
        // A pair whose min_funding is above what it can put in never takes
        // part (valid data, model.md): its z is fixed at 0.
        let z_up = if can_take_part(inst, e) { 1.0 } else { 0.0 };
        z.push(needs_z.then(|| b.col(ColTag::Part(e as u32), 0.0, z_up, true)));
    }

    // 1, 2: funding and staffing balance.
    let mut terms: Vec<(usize, f64)> = Vec::new();
    for (p, proj) in inst.projects.iter().enumerate() {
        terms.clear();
        terms.extend(by_project[p].iter().map(|&e| (f[e], 1.0)));
        terms.push((x[p], -proj.cost));
        b.row(RowTag::Funding(p as u32), 0.0, 0.0, &terms);
        if proj.personnel > 0.0 {
            terms.clear();
            terms.extend(by_project[p].iter().filter_map(|&e| s[e].map(|c| (c, 1.0))));
            terms.push((x[p], -proj.personnel));
            b.row(RowTag::Staffing(p as u32), 0.0, 0.0, &terms);
        }
    }

    // 3: budgets (an unlimited one, as `accord explain` makes when it drops
    // the rule, needs no row).
    let mut budget_rows = vec![None; inst.actors.len()];
    let mut personnel_rows = vec![None; inst.actors.len()];
    for (a, actor) in inst.actors.iter().enumerate() {
        if by_actor[a].is_empty() {
            continue;
        }
        terms.clear();
        terms.extend(by_actor[a].iter().map(|&e| (f[e], 1.0)));
        if actor.budget.is_finite() {
            budget_rows[a] = Some(b.program.num_rows());
            b.row(RowTag::Budget(a as u32), -INF, actor.budget, &terms);
        }
        terms.clear();
        terms.extend(by_actor[a].iter().filter_map(|&e| s[e].map(|c| (c, 1.0))));
        if !terms.is_empty() && actor.personnel.is_finite() {
            personnel_rows[a] = Some(b.program.num_rows());
            b.row(RowTag::Personnel(a as u32), -INF, actor.personnel, &terms);
        }
    }

    // 4, 5: share caps, pair caps and participation.
    for (e, i) in inst.interests.iter().enumerate() {
        let actor = &inst.actors[i.actor];
        let proj = &inst.projects[i.project];
        let (p, eu) = (i.project, e as u32);
        if actor.max_share < 1.0 {
            b.row(
                RowTag::ShareCap(eu),
                -INF,
                0.0,
                &[(f[e], 1.0), (x[p], -actor.max_share * proj.cost)],
            );
        }
        if let Some(zc) = z[e] {
            b.row(
                RowTag::FundCap(eu),
                -INF,
                0.0,
                &[(f[e], 1.0), (zc, -fund_cap[e])],
            );
            if let Some(sc) = s[e] {
                b.row(
                    RowTag::StaffCap(eu),
                    -INF,
                    0.0,
                    &[(sc, 1.0), (zc, -staff_cap[e])],
                );
            }
            if i.min_funding > 0.0 {
                b.row(
                    RowTag::MinFunding(eu),
                    0.0,
                    INF,
                    &[(f[e], 1.0), (zc, -i.min_funding)],
                );
            }
            b.row(RowTag::PartGo(eu), -INF, 0.0, &[(zc, 1.0), (y[p], -1.0)]);
        }
    }

    // 6, 7, 8, 9: go-ahead, coalition size and breadth, dependencies.
    let mut w_cols = Vec::new();
    for (p, proj) in inst.projects.iter().enumerate() {
        let pu = p as u32;
        if proj.mode == Mode::Scalable {
            b.row(RowTag::GoUpper(pu), -INF, 0.0, &[(x[p], 1.0), (y[p], -1.0)]);
            if proj.min_fraction > 0.0 {
                b.row(
                    RowTag::GoLower(pu),
                    0.0,
                    INF,
                    &[(x[p], 1.0), (y[p], -proj.min_fraction)],
                );
            }
        }
        if proj.min_actors > 0 {
            terms.clear();
            terms.extend(by_project[p].iter().filter_map(|&e| z[e].map(|c| (c, 1.0))));
            terms.push((y[p], -f64::from(proj.min_actors)));
            b.row(RowTag::MinActors(pu), 0.0, INF, &terms);
        }
        if proj.min_vectors > 0 {
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); inst.vectors.len()];
            for &e in &by_project[p] {
                if let Some(c) = z[e] {
                    members[inst.actors[inst.interests[e].actor].vector].push(c);
                }
            }
            let mut ws = Vec::new();
            for (v, cols) in members.iter().enumerate() {
                if cols.is_empty() {
                    continue;
                }
                let w = b.col(ColTag::Vector(v as u32, pu), 0.0, 1.0, true);
                w_cols.push((w, v, p));
                terms.clear();
                terms.push((w, 1.0));
                terms.extend(cols.iter().map(|&c| (c, -1.0)));
                b.row(RowTag::VectorRep(v as u32, pu), -INF, 0.0, &terms);
                ws.push((w, 1.0));
            }
            ws.push((y[p], -f64::from(proj.min_vectors)));
            b.row(RowTag::MinVectors(pu), 0.0, INF, &ws);
        }
        for &q in &proj.requires {
            b.row(
                RowTag::Requires(pu, q as u32),
                -INF,
                0.0,
                &[(y[p], 1.0), (y[q], -1.0)],
            );
        }
    }

    // 10, 11: rivals and required partners.
    if !inst.relations.is_empty() {
        let pair_of: HashMap<(usize, usize), usize> = inst
            .interests
            .iter()
            .enumerate()
            .map(|(e, i)| ((i.actor, i.project), e))
            .collect();
        for r in &inst.relations {
            for &ea in &by_actor[r.a] {
                let p = inst.interests[ea].project;
                let za = z[ea].expect("actors in relations have z columns");
                match (r.kind, pair_of.get(&(r.b, p))) {
                    (RelationKind::Rival, Some(&eb)) => {
                        let zb = z[eb].expect("actors in relations have z columns");
                        b.row(
                            RowTag::Rival(ea as u32, eb as u32),
                            -INF,
                            1.0,
                            &[(za, 1.0), (zb, 1.0)],
                        );
                    }
                    (RelationKind::Rival, None) => {}
                    (RelationKind::Requires, Some(&eb)) => {
                        let zb = z[eb].expect("actors in relations have z columns");
                        b.row(
                            RowTag::Partner(ea as u32, eb as u32),
                            -INF,
                            0.0,
                            &[(za, 1.0), (zb, -1.0)],
                        );
                    }
                    (RelationKind::Requires, None) => {
                        b.program.col_upper[za] = 0.0;
                        b.program.col_upper[f[ea]] = 0.0;
                        if let Some(sc) = s[ea] {
                            b.program.col_upper[sc] = 0.0;
                        }
                    }
                }
            }
        }
    }

    // Domain presolve: a project the screen proves cannot go ahead, and a
    // pair that can never take part, keep their columns (so every report
    // reads as before) with both bounds at 0; the solver removes them.
    for blocked in blocked_projects(inst) {
        let p = blocked.index;
        b.program.col_upper[y[p]] = 0.0;
        b.program.col_upper[x[p]] = 0.0;
        for &e in &by_project[p] {
            fix_pair(&mut b.program, e, &f, &s, &z);
        }
    }
    for e in 0..ne {
        if !can_take_part(inst, e) {
            fix_pair(&mut b.program, e, &f, &s, &z);
        }
    }

    // Objective auxiliaries: t (equity) and m (dominance).
    let mut hosted: Vec<Vec<usize>> = vec![Vec::new(); inst.actors.len()];
    for (p, proj) in inst.projects.iter().enumerate() {
        for &l in &proj.hosts {
            hosted[l].push(p);
        }
    }
    let any_host = hosted.iter().any(|h| !h.is_empty());
    let t = b.col(ColTag::Equity, 0.0, if any_host { INF } else { 0.0 }, false);
    for (l, ps) in hosted.iter().enumerate() {
        if ps.is_empty() {
            continue;
        }
        terms.clear();
        terms.push((t, 1.0));
        terms.extend(ps.iter().map(|&p| (x[p], -inst.projects[p].benefit)));
        b.row(RowTag::Equity(l as u32), -INF, 0.0, &terms);
    }
    let m = b.col(ColTag::Dominance, 0.0, INF, false);
    for (a, actor) in inst.actors.iter().enumerate() {
        if actor.local || by_actor[a].is_empty() {
            continue;
        }
        terms.clear();
        terms.push((m, 1.0));
        terms.extend(by_actor[a].iter().map(|&e| (f[e], -1.0)));
        b.row(RowTag::Dominance(a as u32), 0.0, INF, &terms);
    }

    let cols = ObjectiveCols { x: &x, f: &f, t, m };
    b.program.objectives = BUILTIN
        .iter()
        .map(|o| Objective {
            name: o.id.into(),
            sense: o.sense,
            terms: objective_terms(o.id, inst, &cols),
            constant: 0.0,
        })
        .collect();

    // Demands.
    for (k, d) in demands.iter().enumerate() {
        let tag = RowTag::Demand(k as u32);
        match d.kind {
            DemandKind::Must(fraction) => {
                let q = inst.project_index(&d.target).expect("checked");
                match fraction {
                    Some(f) => b.row(tag, f, INF, &[(x[q], 1.0)]),
                    None => b.row(tag, 1.0, INF, &[(y[q], 1.0)]),
                }
            }
            DemandKind::Never => {
                let q = inst.project_index(&d.target).expect("checked");
                b.row(tag, -INF, 0.0, &[(y[q], 1.0)]);
            }
            DemandKind::Floor(v) | DemandKind::Cap(v) => {
                let o = b
                    .program
                    .objective(&d.target)
                    .expect("checked")
                    .terms
                    .clone();
                match d.kind {
                    DemandKind::Floor(_) => b.row(tag, v, INF, &o),
                    _ => b.row(tag, -INF, v, &o),
                }
            }
        }
    }
    b.program.names = Arc::new(DomainNames {
        demands: demands.iter().map(Demand::name).collect(),
        actors: inst.actors.iter().map(|a| a.id.clone()).collect(),
        projects: inst.projects.iter().map(|p| p.id.clone()).collect(),
        vectors: inst.vectors.clone(),
        pairs: inst
            .interests
            .iter()
            .map(|i| (i.actor as u32, i.project as u32))
            .collect(),
        cols: b.cols,
        rows: b.rows,
    });
    Ok(Formulation {
        program: b.program,
        x,
        y,
        f,
        s,
        z,
        w: w_cols,
        equity: t,
        dominance: m,
        budget_rows,
        personnel_rows,
    })
}

/// Fixes the money, people and participation of pair `e` at 0.
fn fix_pair(
    program: &mut Program,
    e: usize,
    f: &[usize],
    s: &[Option<usize>],
    z: &[Option<usize>],
) {
    for c in std::iter::once(f[e]).chain(s[e]).chain(z[e]) {
        program.col_upper[c] = 0.0;
    }
}

/// The columns the objectives are written on.
struct ObjectiveCols<'a> {
    x: &'a [usize],
    f: &'a [usize],
    t: usize,
    m: usize,
}

/// The terms of built-in objective `id` (its row in [`BUILTIN`] gives the
/// rest: sense, unit, evaluator, lattice).
fn objective_terms(id: &str, inst: &Instance, c: &ObjectiveCols<'_>) -> Vec<(usize, f64)> {
    match id {
        "stability" => inst
            .projects
            .iter()
            .enumerate()
            .filter(|(_, q)| q.benefit != 0.0)
            .map(|(p, q)| (c.x[p], q.benefit))
            .collect(),
        // sum_(a,p) f_ap, written as sum_p cost_p x_p: equal on every feasible
        // point (constraint 1), and a function of the project columns alone,
        // so that its values form a lattice when projects are all-or-nothing.
        "cost" => inst
            .projects
            .iter()
            .enumerate()
            .map(|(p, q)| (c.x[p], q.cost))
            .collect(),
        "equity" => vec![(c.t, 1.0)],
        "dominance" => vec![(c.m, 1.0)],
        "satisfaction" => inst
            .interests
            .iter()
            .enumerate()
            .filter_map(|(e, i)| {
                let budget = inst.actors[i.actor].budget;
                (budget > 0.0 && budget.is_finite() && i.interest > 0.0)
                    .then(|| (c.f[e], i.interest / budget))
            })
            .collect(),
        other => unreachable!("built-in objective `{other}` has no terms in the formulation"),
    }
}

impl Formulation {
    /// Delivered fraction of every project at `sol`.
    pub fn fractions(&self, sol: &[f64]) -> Vec<f64> {
        self.x.iter().map(|&c| sol[c]).collect()
    }

    /// The allocation a solution stands for, in the model's terms.
    pub fn allocation(&self, sol: &[f64]) -> Allocation {
        Allocation {
            fraction: self.fractions(sol),
            go: self.y.iter().map(|&c| sol[c] > 0.5).collect(),
            funding: self.f.iter().map(|&c| sol[c]).collect(),
            personnel: self.s.iter().map(|c| c.map_or(0.0, |c| sol[c])).collect(),
        }
    }

    /// The program's point of a plan (the inverse of [`Self::allocation`]):
    /// participation where the plan says, each vector where a member is of
    /// it, `t` and `m` at their best values for the plan.
    pub fn point(&self, inst: &Instance, plan: &Plan) -> Vec<f64> {
        let a = &plan.allocation;
        let mut x = vec![0.0; self.program.num_cols()];
        for p in 0..inst.projects.len() {
            x[self.y[p]] = if a.go[p] { 1.0 } else { 0.0 };
            x[self.x[p]] = a.fraction[p];
        }
        for e in 0..inst.interests.len() {
            x[self.f[e]] = a.funding[e];
            if let Some(c) = self.s[e] {
                x[c] = a.personnel[e];
            }
            if let Some(c) = self.z[e] {
                x[c] = if plan.part[e] { 1.0 } else { 0.0 };
            }
        }
        for &(c, v, p) in &self.w {
            let member =
                inst.interests.iter().enumerate().any(|(e, i)| {
                    i.project == p && plan.part[e] && inst.actors[i.actor].vector == v
                });
            x[c] = if member { 1.0 } else { 0.0 };
        }
        if self.program.col_upper[self.equity] > 0.0 {
            x[self.equity] = objectives::values(inst, a)[BUILTIN
                .iter()
                .position(|o| o.id == "equity")
                .expect("equity is built in")]
            .max(0.0);
        }
        let mut spent = vec![0.0; inst.actors.len()];
        for (e, i) in inst.interests.iter().enumerate() {
            spent[i.actor] += a.funding[e];
        }
        x[self.dominance] = inst
            .actors
            .iter()
            .zip(&spent)
            .filter(|(actor, _)| !actor.local)
            .map(|(_, s)| *s)
            .fold(0.0, f64::max);
        x
    }

    /// The built-in objectives at `sol` in [`BUILTIN`] order (the program's
    /// objective order), from their definitions: the evaluator
    /// [`crate::solve::solve`] takes.
    pub fn values(&self, inst: &Instance, sol: &[f64]) -> Vec<f64> {
        objectives::values(inst, &self.allocation(sol))
    }
}

/// A copy of `inst` in which every project is all-or-nothing (for exact
/// fronts over stability, cost and equity).
pub fn all_or_nothing(inst: &Instance) -> Instance {
    let mut out = inst.clone();
    for p in &mut out.projects {
        p.mode = Mode::AllOrNothing;
    }
    out
}
