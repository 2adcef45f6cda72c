//! Validated, immutable input: the actors, projects, eligible pairs and
//! relations of one data set, with every reference resolved to an index.
//!
//! An [`Instance`] is only ever built by [`crate::input`] (which checks every
//! rule of `docs/model.md`) or by code that upholds the same rules (the
//! generator, scenario application). Indices follow the math: `a` for actors,
//! `p` for projects, `e` for eligible pairs.

use serde::{Deserialize, Serialize};

pub mod greedy;
pub mod objectives;
pub mod rules;
pub mod scaling;
pub mod screen;

/// How much of a project can be delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Delivered in full or not at all (`x_p = y_p`).
    AllOrNothing,
    /// Any fraction in `[min_fraction, 1]` once it goes ahead.
    Scalable,
}

impl Mode {
    /// The id used in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::AllOrNothing => "all_or_nothing",
            Mode::Scalable => "scalable",
        }
    }
}

/// Kind of a relation between two actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// `a` and `b` never take part in the same project (symmetric).
    Rival,
    /// `a` takes part in a project only if `b` takes part in it too.
    Requires,
}

impl RelationKind {
    /// The id used in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Rival => "rival",
            RelationKind::Requires => "requires",
        }
    }
}

/// A state, bloc, organization, bank or company that can fund and staff projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Unique id (`[a-z0-9_]+`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Reporting only: state, organization, company, bank ...
    pub kind: String,
    /// Index into [`Instance::vectors`]: the bloc it belongs to.
    pub vector: usize,
    /// A state of the region itself.
    pub local: bool,
    /// Money it can commit in total.
    pub budget: f64,
    /// Person-years it can commit in total.
    pub personnel: f64,
    /// Largest fraction of any one project's delivered cost it may fund.
    pub max_share: f64,
    /// The line of its row in its CSV file, when it was read from one.
    #[serde(default)]
    pub line: Line,
}

/// A candidate joint project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Reporting only: transport, water, power, security ...
    pub sector: String,
    /// Local actors that benefit (indices into [`Instance::actors`]); used by `equity`.
    pub hosts: Vec<usize>,
    /// Money needed for full delivery (> 0).
    pub cost: f64,
    /// Person-years needed for full delivery.
    pub personnel: f64,
    /// Stability benefit of full delivery.
    pub benefit: f64,
    /// All-or-nothing or scalable.
    pub mode: Mode,
    /// Smallest delivered fraction once it goes ahead.
    pub min_fraction: f64,
    /// Fewest participating actors if it goes ahead.
    pub min_actors: u32,
    /// Fewest distinct vectors among participants if it goes ahead.
    pub min_vectors: u32,
    /// Projects that must go ahead for this one to (indices into [`Instance::projects`]).
    pub requires: Vec<usize>,
    /// The line of its row in its CSV file, when it was read from one.
    #[serde(default)]
    pub line: Line,
}

/// An eligible (actor, project) pair: the actor may fund or staff the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interest {
    /// Index of the actor.
    pub actor: usize,
    /// Index of the project.
    pub project: usize,
    /// How much the actor wants the project, in `[0, 1]`.
    pub interest: f64,
    /// Cap on this actor's money here; `None` = the actor's budget.
    pub max_funding: Option<f64>,
    /// Cap on its person-years here; `None` = the actor's personnel.
    pub max_personnel: Option<f64>,
    /// Least money it puts in if it takes part.
    pub min_funding: f64,
    /// The actor blocks the project.
    pub veto: bool,
    /// The line of its row in its CSV file, when it was read from one.
    #[serde(default)]
    pub line: Line,
}

/// A rule between two actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Index of actor `a`.
    pub a: usize,
    /// Index of actor `b`.
    pub b: usize,
    /// Rival or requires.
    pub kind: RelationKind,
    /// The line of its row in its CSV file, when it was read from one.
    #[serde(default)]
    pub line: Line,
}

/// The size guard: most eligible pairs (rows of interests.csv) a model may
/// have, unless the environment variable `ACCORD_MAX_PAIRS` says otherwise.
/// A model's program grows with its pairs (about 8.4 nonzeros each); at
/// 2,000,000 pairs loading and building take about 1.5 GiB (measured on a
/// generated 4,000 x 10,000 model, docs/limits.md), so the default keeps a
/// build within 2 GiB. Past it the data folder reader and `accord generate`
/// refuse with a clean error instead of running out of memory.
pub const DEFAULT_MAX_PAIRS: usize = 2_000_000;

/// [`DEFAULT_MAX_PAIRS`], or `ACCORD_MAX_PAIRS` when set to a whole number.
pub fn max_pairs() -> usize {
    std::env::var("ACCORD_MAX_PAIRS")
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(DEFAULT_MAX_PAIRS)
}

/// The message of a refusal at the size guard: `found` rows or pairs.
pub fn size_guard(found: usize, what: &str) -> String {
    let limit = max_pairs();
    format!(
        "{found} {what}, past the size guard of {limit} (ACCORD_MAX_PAIRS{}): \
         a model's memory grows with its eligible pairs, about 1.5 GiB to load and build \
         2,000,000 of them; set ACCORD_MAX_PAIRS to a larger number to try anyway (docs/limits.md)",
        if limit == DEFAULT_MAX_PAIRS {
            ", default"
        } else {
            ""
        }
    )
}

/// Where a row was read: its 1-based line, when it came from a file.
/// Provenance does not take part in comparisons: two instances with the
/// same data are equal wherever they were read.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Line(pub Option<usize>);

impl PartialEq for Line {
    fn eq(&self, _: &Line) -> bool {
        true
    }
}

/// Where a table of an instance was read: its file and the 1-based field
/// number of each column in it (with the lines of its rows, a rule's place).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableSource {
    /// The file.
    pub file: std::path::PathBuf,
    /// `(column, field number)` for every column the header has.
    pub fields: Vec<(String, usize)>,
}

impl TableSource {
    /// `file:line[:field]` of `column` on `line`.
    pub fn place(&self, line: Option<usize>, column: Option<&str>) -> Option<String> {
        let line = line?;
        let field = column.and_then(|c| self.fields.iter().find(|(n, _)| n == c).map(|f| f.1));
        Some(match field {
            Some(f) => format!("{}:{line}:{f}", self.file.display()),
            None => format!("{}:{line}", self.file.display()),
        })
    }
}

/// Where the tables of an instance were read (empty for generated data).
/// Like [`Line`], it does not take part in comparisons.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sources {
    /// actors.csv.
    pub actors: Option<TableSource>,
    /// projects.csv.
    pub projects: Option<TableSource>,
    /// interests.csv.
    pub interests: Option<TableSource>,
    /// relations.csv.
    pub relations: Option<TableSource>,
}

impl PartialEq for Sources {
    fn eq(&self, _: &Sources) -> bool {
        true
    }
}

/// One validated data set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Instance {
    /// Actors in file order.
    pub actors: Vec<Actor>,
    /// Projects in file order.
    pub projects: Vec<Project>,
    /// Eligible pairs in file order.
    pub interests: Vec<Interest>,
    /// Relations in file order.
    pub relations: Vec<Relation>,
    /// Distinct vectors, in order of first appearance in actors.csv.
    pub vectors: Vec<String>,
    /// Where the tables were read, for naming the place of a rule.
    #[serde(default)]
    pub sources: Sources,
}

impl Instance {
    /// The money cap of pair `e`: its `max_funding`, or the actor's budget.
    pub fn max_funding(&self, e: usize) -> f64 {
        let i = &self.interests[e];
        i.max_funding.unwrap_or(self.actors[i.actor].budget)
    }

    /// The person-year cap of pair `e`: its `max_personnel`, or the actor's personnel.
    pub fn max_personnel(&self, e: usize) -> f64 {
        let i = &self.interests[e];
        i.max_personnel.unwrap_or(self.actors[i.actor].personnel)
    }

    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// Index of the project with this id.
    pub fn project_index(&self, id: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.id == id)
    }

    /// For each project, the indices of its eligible pairs (in file order).
    pub fn pairs_by_project(&self) -> Vec<Vec<usize>> {
        let mut by = vec![Vec::new(); self.projects.len()];
        for (e, i) in self.interests.iter().enumerate() {
            by[i.project].push(e);
        }
        by
    }

    /// For each actor, the indices of its eligible pairs (in file order).
    pub fn pairs_by_actor(&self) -> Vec<Vec<usize>> {
        let mut by = vec![Vec::new(); self.actors.len()];
        for (e, i) in self.interests.iter().enumerate() {
            by[i.actor].push(e);
        }
        by
    }
}

/// An allocation in the model's own terms: a solution of the program,
/// decoded (what every domain report and evaluator reads).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Allocation {
    /// Delivered fraction `x_p` per project.
    pub fraction: Vec<f64>,
    /// Go-ahead `y_p` per project.
    pub go: Vec<bool>,
    /// Money `f_ap` per eligible pair.
    pub funding: Vec<f64>,
    /// Person-years `s_ap` per eligible pair (0 where the project needs none).
    pub personnel: Vec<f64>,
}

impl Allocation {
    /// Ids of the projects going ahead, in projects.csv order.
    pub fn projects_in<'a>(&self, inst: &'a Instance) -> Vec<&'a str> {
        inst.projects
            .iter()
            .zip(&self.go)
            .filter(|(_, &g)| g)
            .map(|(p, _)| p.id.as_str())
            .collect()
    }
}
