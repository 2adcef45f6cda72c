//! The rules of a data set and a planner's demands, in one vocabulary
//! (`budget:eu`, `rival:usa:iran`, `must:termez_power`), each with the
//! place it comes from (`data/central_asia/actors.csv:5:6`) and a plain
//! sentence; and what it means to *drop* a rule, the same for every rule of
//! its kind (docs/explain.md):
//!
//! - a budget or personnel total, a pair's `max_funding` or `max_personnel`,
//!   an actor's `max_share` becomes unlimited (a blank `max_funding` then
//!   follows the unlimited budget, as model.md's default says);
//! - `min_funding`, `min_actors`, `min_vectors` and `min_fraction` become 0;
//! - a veto, a relation row or a prerequisite disappears;
//! - `all_or_nothing` becomes scalable;
//! - a demand is not made.
//!
//! Rules that cannot be relaxed (a column's sign, the funding balance, who
//! is eligible for what) are not rules here and are never blamed.

use serde::{Deserialize, Serialize};

use super::{Instance, Mode, RelationKind};

/// What a demand asks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandKind {
    /// The project goes ahead (delivering at least this fraction, when given;
    /// otherwise all of an all-or-nothing project, at least `min_fraction`
    /// of a scalable one).
    Must(Option<f64>),
    /// The project does not go ahead.
    Never,
    /// The built-in objective is at least this value.
    Floor(f64),
    /// The built-in objective is at most this value.
    Cap(f64),
}

/// A planner's demand on a plan: `--must P`, `--never P`, `--floor OBJ=V`,
/// `--cap OBJ=V`, a model file's `[demands]`, a scenario's option row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Demand {
    /// What it asks.
    pub kind: DemandKind,
    /// The project (must, never) or the objective (floor, cap).
    pub target: String,
    /// Where it was given (`models/x.toml:12:8`, `--must`), for messages.
    #[serde(default)]
    pub place: Option<String>,
}

impl Demand {
    /// The rule name of the demand: `must:P`, `never:P`, `floor:OBJ`, `cap:OBJ`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.kind_name(), self.target)
    }

    /// `must`, `never`, `floor` or `cap`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            DemandKind::Must(_) => "must",
            DemandKind::Never => "never",
            DemandKind::Floor(_) => "floor",
            DemandKind::Cap(_) => "cap",
        }
    }

    /// The demand as a planner would say it.
    pub fn sentence(&self) -> String {
        match self.kind {
            DemandKind::Must(None) => format!("the plan must include {}", self.target),
            DemandKind::Must(Some(f)) => format!(
                "the plan must deliver at least {} of {}",
                fmt_share(f),
                self.target
            ),
            DemandKind::Never => format!("the plan must leave out {}", self.target),
            DemandKind::Floor(v) => format!("{} must be at least {}", self.target, fmt(v)),
            DemandKind::Cap(v) => format!("{} must be at most {}", self.target, fmt(v)),
        }
    }

    /// True for the demands that name a project.
    pub fn on_project(&self) -> bool {
        matches!(self.kind, DemandKind::Must(_) | DemandKind::Never)
    }
}

/// Checks a demand against a domain model's data: a project that exists
/// (must, never), a built-in objective that takes that bound (floor, cap).
/// The message says what was expected; the caller says where (and which
/// demand).
pub fn check_demand(inst: &Instance, d: &Demand) -> std::result::Result<(), String> {
    if d.on_project() {
        if inst.project_index(&d.target).is_none() {
            let ids: Vec<&str> = inst.projects.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "expected the id of a project in projects.csv, found {:?}{}",
                d.target,
                crate::error::closest(&d.target, &ids)
                    .map_or(String::new(), |s| format!(" (did you mean {s:?}?)"))
            ));
        }
        return Ok(());
    }
    let Some(b) = super::objectives::builtin(&d.target) else {
        let ids = super::objectives::ids();
        return Err(format!(
            "expected a built-in objective ({}), found {:?}{}",
            ids.join(", "),
            d.target,
            crate::error::closest(&d.target, &ids)
                .map_or(String::new(), |s| format!(" (did you mean {s:?}?)"))
        ));
    };
    let ok = match d.kind {
        DemandKind::Floor(_) => b.bounds.floor,
        _ => b.bounds.cap,
    };
    if !ok {
        return Err(format!(
            "a {} on {} cannot be stated as a constraint ({} is a {}); give a {} instead",
            d.kind_name(),
            b.id,
            b.id,
            if b.bounds.floor { "minimum" } else { "maximum" },
            if b.bounds.floor { "floor" } else { "cap" },
        ));
    }
    Ok(())
}

/// One rule of a data set, or a demand, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// An actor's budget (constraint 3).
    Budget(usize),
    /// An actor's personnel (constraint 3).
    Personnel(usize),
    /// An actor's `max_share` (constraint 4).
    MaxShare(usize),
    /// A pair's explicit `max_funding` (constraint 5).
    MaxFunding(usize),
    /// A pair's explicit `max_personnel` (constraint 5).
    MaxPersonnel(usize),
    /// A pair's `min_funding` (constraint 5).
    MinFunding(usize),
    /// A pair's veto (constraint 12).
    Veto(usize),
    /// A project's `min_actors` (constraint 7).
    MinActors(usize),
    /// A project's `min_vectors` (constraint 8).
    MinVectors(usize),
    /// A scalable project's `min_fraction` (constraint 6).
    MinFraction(usize),
    /// A project being all-or-nothing (constraint 6).
    AllOrNothing(usize),
    /// Project `.0` requires project `.1` (constraint 9).
    Requires(usize, usize),
    /// A relation row: rival or required partner (constraints 10, 11).
    Relation(usize),
    /// A demand, by its index in the request's demands.
    Demand(usize),
}

/// Formats a number for sentences: whole numbers without decimals, others
/// with up to 4, "unlimited" for infinity.
pub fn fmt(v: f64) -> String {
    if v.is_infinite() {
        return "unlimited".into();
    }
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn fmt_share(f: f64) -> String {
    format!("{}%", fmt(100.0 * f))
}

impl Rule {
    /// Its name in the one vocabulary: `budget:eu`, `max_funding:eu:road`,
    /// `requires:grid:road`, `rival:rus:eu`, `must:road`.
    pub fn name(&self, inst: &Instance, demands: &[Demand]) -> String {
        let a = |a: usize| inst.actors[a].id.as_str();
        let p = |p: usize| inst.projects[p].id.as_str();
        let pair = |e: usize| {
            let i = &inst.interests[e];
            format!("{}:{}", a(i.actor), p(i.project))
        };
        match *self {
            Rule::Budget(x) => format!("budget:{}", a(x)),
            Rule::Personnel(x) => format!("personnel:{}", a(x)),
            Rule::MaxShare(x) => format!("max_share:{}", a(x)),
            Rule::MaxFunding(e) => format!("max_funding:{}", pair(e)),
            Rule::MaxPersonnel(e) => format!("max_personnel:{}", pair(e)),
            Rule::MinFunding(e) => format!("min_funding:{}", pair(e)),
            Rule::Veto(e) => format!("veto:{}", pair(e)),
            Rule::MinActors(q) => format!("min_actors:{}", p(q)),
            Rule::MinVectors(q) => format!("min_vectors:{}", p(q)),
            Rule::MinFraction(q) => format!("min_fraction:{}", p(q)),
            Rule::AllOrNothing(q) => format!("all_or_nothing:{}", p(q)),
            Rule::Requires(q, r) => format!("requires:{}:{}", p(q), p(r)),
            Rule::Relation(r) => {
                let rel = &inst.relations[r];
                let kind = match rel.kind {
                    RelationKind::Rival => "rival",
                    RelationKind::Requires => "partner",
                };
                format!("{kind}:{}:{}", a(rel.a), a(rel.b))
            }
            Rule::Demand(d) => demands[d].name(),
        }
    }

    /// Where it comes from: `file:line:column` of its cell (or row), or the
    /// place of a demand; `None` for generated data.
    pub fn place(&self, inst: &Instance, demands: &[Demand]) -> Option<String> {
        let s = &inst.sources;
        let actor = |x: usize, c: &str| {
            s.actors
                .as_ref()
                .and_then(|t| t.place(inst.actors[x].line.0, Some(c)))
        };
        let project = |q: usize, c: &str| {
            s.projects
                .as_ref()
                .and_then(|t| t.place(inst.projects[q].line.0, Some(c)))
        };
        let pair = |e: usize, c: &str| {
            s.interests
                .as_ref()
                .and_then(|t| t.place(inst.interests[e].line.0, Some(c)))
        };
        match *self {
            Rule::Budget(x) => actor(x, "budget"),
            Rule::Personnel(x) => actor(x, "personnel"),
            Rule::MaxShare(x) => actor(x, "max_share"),
            Rule::MaxFunding(e) => pair(e, "max_funding"),
            Rule::MaxPersonnel(e) => pair(e, "max_personnel"),
            Rule::MinFunding(e) => pair(e, "min_funding"),
            Rule::Veto(e) => pair(e, "veto"),
            Rule::MinActors(q) => project(q, "min_actors"),
            Rule::MinVectors(q) => project(q, "min_vectors"),
            Rule::MinFraction(q) => project(q, "min_fraction"),
            Rule::AllOrNothing(q) => project(q, "mode").or_else(|| {
                s.projects
                    .as_ref()
                    .and_then(|t| t.place(inst.projects[q].line.0, None))
            }),
            Rule::Requires(q, _) => project(q, "requires"),
            Rule::Relation(r) => s
                .relations
                .as_ref()
                .and_then(|t| t.place(inst.relations[r].line.0, None)),
            Rule::Demand(d) => demands[d].place.clone(),
        }
    }

    /// The rule as a planner would say it.
    pub fn sentence(&self, inst: &Instance, demands: &[Demand]) -> String {
        let a = |a: usize| inst.actors[a].id.as_str();
        let p = |p: usize| inst.projects[p].id.as_str();
        let i = |e: usize| &inst.interests[e];
        match *self {
            Rule::Budget(x) => format!(
                "{} can commit at most {} in all",
                a(x),
                fmt(inst.actors[x].budget)
            ),
            Rule::Personnel(x) => format!(
                "{} can commit at most {} person-years in all",
                a(x),
                fmt(inst.actors[x].personnel)
            ),
            Rule::MaxShare(x) => format!(
                "{} funds at most {} of any one project",
                a(x),
                fmt_share(inst.actors[x].max_share)
            ),
            Rule::MaxFunding(e) => format!(
                "{} puts at most {} into {}",
                a(i(e).actor),
                fmt(i(e).max_funding.unwrap_or(f64::INFINITY)),
                p(i(e).project)
            ),
            Rule::MaxPersonnel(e) => format!(
                "{} sends at most {} person-years to {}",
                a(i(e).actor),
                fmt(i(e).max_personnel.unwrap_or(f64::INFINITY)),
                p(i(e).project)
            ),
            Rule::MinFunding(e) => format!(
                "{} takes part in {} only with at least {}",
                a(i(e).actor),
                p(i(e).project),
                fmt(i(e).min_funding)
            ),
            Rule::Veto(e) => format!("{} vetoes {}", a(i(e).actor), p(i(e).project)),
            Rule::MinActors(q) => format!(
                "{} needs at least {} actors taking part",
                p(q),
                inst.projects[q].min_actors
            ),
            Rule::MinVectors(q) => format!(
                "{} needs actors from at least {} blocs",
                p(q),
                inst.projects[q].min_vectors
            ),
            Rule::MinFraction(q) => format!(
                "{} delivers at least {} once it goes ahead",
                p(q),
                fmt_share(inst.projects[q].min_fraction)
            ),
            Rule::AllOrNothing(q) => format!("{} is delivered in full or not at all", p(q)),
            Rule::Requires(q, r) => format!("{} goes ahead only if {} does", p(q), p(r)),
            Rule::Relation(r) => {
                let rel = &inst.relations[r];
                match rel.kind {
                    RelationKind::Rival => format!(
                        "{} and {} never take part in the same project",
                        a(rel.a),
                        a(rel.b)
                    ),
                    RelationKind::Requires => format!(
                        "{} takes part in a project only if {} does too",
                        a(rel.a),
                        a(rel.b)
                    ),
                }
            }
            Rule::Demand(d) => demands[d].sentence(),
        }
    }
}

/// Every rule of `inst` that holds something (a budget of an actor with
/// eligible pairs, an explicit cap, a positive minimum, a veto, ...) and
/// every demand, in a fixed order: actors, pairs, projects, relations,
/// demands.
pub fn universe(inst: &Instance, demands: &[Demand]) -> Vec<Rule> {
    let by_actor = inst.pairs_by_actor();
    let needs_people = |e: usize| inst.projects[inst.interests[e].project].personnel > 0.0;
    let mut out = Vec::new();
    for (x, actor) in inst.actors.iter().enumerate() {
        if by_actor[x].is_empty() {
            continue;
        }
        out.push(Rule::Budget(x));
        if by_actor[x].iter().any(|&e| needs_people(e)) {
            out.push(Rule::Personnel(x));
        }
        if actor.max_share < 1.0 {
            out.push(Rule::MaxShare(x));
        }
    }
    for (e, i) in inst.interests.iter().enumerate() {
        if i.max_funding.is_some() {
            out.push(Rule::MaxFunding(e));
        }
        if i.max_personnel.is_some() && needs_people(e) {
            out.push(Rule::MaxPersonnel(e));
        }
        if i.min_funding > 0.0 {
            out.push(Rule::MinFunding(e));
        }
        if i.veto {
            out.push(Rule::Veto(e));
        }
    }
    for (q, proj) in inst.projects.iter().enumerate() {
        if proj.min_actors > 0 {
            out.push(Rule::MinActors(q));
        }
        if proj.min_vectors > 0 {
            out.push(Rule::MinVectors(q));
        }
        if proj.mode == Mode::Scalable && proj.min_fraction > 0.0 {
            out.push(Rule::MinFraction(q));
        }
        if proj.mode == Mode::AllOrNothing {
            out.push(Rule::AllOrNothing(q));
        }
        for &r in &proj.requires {
            out.push(Rule::Requires(q, r));
        }
    }
    out.extend((0..inst.relations.len()).map(Rule::Relation));
    out.extend((0..demands.len()).map(Rule::Demand));
    out
}

/// `inst` with the rules of `dropped` dropped (demands among them are the
/// caller's to leave out). Indices of actors, projects and pairs are kept;
/// dropped relations are removed.
pub fn relax(inst: &Instance, dropped: &[Rule]) -> Instance {
    let mut out = inst.clone();
    let mut gone_relations = vec![false; inst.relations.len()];
    for rule in dropped {
        match *rule {
            Rule::Budget(x) => out.actors[x].budget = f64::INFINITY,
            Rule::Personnel(x) => out.actors[x].personnel = f64::INFINITY,
            Rule::MaxShare(x) => out.actors[x].max_share = 1.0,
            Rule::MaxFunding(e) => out.interests[e].max_funding = Some(f64::INFINITY),
            Rule::MaxPersonnel(e) => out.interests[e].max_personnel = Some(f64::INFINITY),
            Rule::MinFunding(e) => out.interests[e].min_funding = 0.0,
            Rule::Veto(e) => out.interests[e].veto = false,
            Rule::MinActors(q) => out.projects[q].min_actors = 0,
            Rule::MinVectors(q) => out.projects[q].min_vectors = 0,
            Rule::MinFraction(q) => out.projects[q].min_fraction = 0.0,
            Rule::AllOrNothing(q) => out.projects[q].mode = Mode::Scalable,
            Rule::Requires(q, r) => out.projects[q].requires.retain(|&x| x != r),
            Rule::Relation(r) => gone_relations[r] = true,
            Rule::Demand(_) => {}
        }
    }
    let mut k = 0;
    out.relations.retain(|_| {
        k += 1;
        !gone_relations[k - 1]
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn small() -> Instance {
        crate::input::load_instance(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid/small"),
        )
        .unwrap()
    }

    #[test]
    fn names_places_and_sentences() {
        let inst = small();
        let demands = [Demand {
            kind: DemandKind::Floor(20.0),
            target: "stability".into(),
            place: Some("--floor".into()),
        }];
        let u = universe(&inst, &demands);
        let names: Vec<String> = u.iter().map(|r| r.name(&inst, &demands)).collect();
        for n in [
            "budget:kaz",
            "max_share:eu",
            "max_funding:kaz:road",
            "min_funding:uzb:road",
            "min_actors:road",
            "min_fraction:water",
            "all_or_nothing:road",
            "requires:grid:road",
            "rival:rus:eu",
            "partner:uzb:kaz",
            "floor:stability",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
        }
        let budget = Rule::Budget(0);
        let place = budget.place(&inst, &demands).unwrap();
        assert!(place.ends_with("actors.csv:2:6"), "{place}");
        assert_eq!(
            budget.sentence(&inst, &demands),
            "kaz can commit at most 40 in all"
        );
        assert_eq!(
            Rule::Demand(0).place(&inst, &demands).as_deref(),
            Some("--floor")
        );
        let rival = u
            .iter()
            .find(|r| r.name(&inst, &demands) == "rival:rus:eu")
            .unwrap();
        assert!(rival
            .place(&inst, &demands)
            .unwrap()
            .ends_with("relations.csv:2"));
    }

    #[test]
    fn dropping_a_rule_relaxes_it_the_documented_way() {
        let inst = small();
        let r = relax(
            &inst,
            &[
                Rule::Budget(1),
                Rule::MinFunding(0),
                Rule::AllOrNothing(0),
                Rule::Requires(2, 0),
                Rule::Relation(0),
            ],
        );
        assert!(r.actors[1].budget.is_infinite());
        // uzb's blank max_funding follows its budget.
        assert!(r.max_funding(1).is_infinite());
        assert_eq!(r.interests[0].min_funding, 0.0);
        assert_eq!(r.projects[0].mode, Mode::Scalable);
        assert!(r.projects[2].requires.is_empty());
        assert_eq!(r.relations.len(), inst.relations.len() - 1);
        assert_eq!(relax(&inst, &[]), inst);
    }
}
