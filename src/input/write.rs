//! An [`Instance`] -> the four CSV files of a data folder, each written
//! atomically, such that reading the folder back gives an equal instance.

use std::path::Path;

use crate::domain::Instance;
use crate::error::{Error, Result};

use super::dataset::{ACTORS_FILE, INTERESTS_FILE, PROJECTS_FILE, RELATIONS_FILE};

/// Writes `inst` as `actors.csv`, `projects.csv`, `interests.csv` and
/// `relations.csv` (always, possibly header-only) into `dir`, creating the
/// folder if needed. Numbers use Rust's shortest round-trip formatting; pair
/// caps that are `None` are written as empty cells. Each file is written to a
/// temporary file in `dir` and then renamed over the target, so a reader
/// never sees a half-written file.
///
/// The instance must obey the rules [`super::load_instance`] checks (ids,
/// ranges, text without surrounding spaces) for the round trip to be exact.
///
/// ```
/// use accord::domain::{Actor, Instance};
/// use accord::input::{load_instance, write_instance};
/// # fn main() -> accord::Result<()> {
/// let inst = Instance {
///     actors: vec![Actor {
///         id: "kaz".into(),
///         name: "Kazakhstan, Republic of".into(),
///         kind: "state".into(),
///         vector: 0,
///         local: true,
///         budget: 0.1,
///         personnel: 0.0,
///         max_share: 1.0,
///         line: Default::default(),
///     }],
///     vectors: vec!["local".into()],
///     ..Instance::default()
/// };
/// let dir = tempfile::tempdir().unwrap();
/// write_instance(&inst, dir.path())?;
/// assert_eq!(load_instance(dir.path())?, inst);
/// # Ok(())
/// # }
/// ```
pub fn write_instance(inst: &Instance, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let num = |v: f64| format!("{v}");
    let opt = |v: Option<f64>| v.map_or(String::new(), num);
    let ids = |list: &[usize], f: &dyn Fn(usize) -> String| {
        list.iter().map(|&i| f(i)).collect::<Vec<_>>().join(";")
    };
    let actor_id = |a: usize| inst.actors[a].id.clone();
    let project_id = |p: usize| inst.projects[p].id.clone();

    let mut rows: Vec<Vec<String>> = vec![[
        "id",
        "name",
        "kind",
        "vector",
        "local",
        "budget",
        "personnel",
        "max_share",
    ]
    .map(String::from)
    .to_vec()];
    for a in &inst.actors {
        rows.push(vec![
            a.id.clone(),
            a.name.clone(),
            a.kind.clone(),
            inst.vectors[a.vector].clone(),
            a.local.to_string(),
            num(a.budget),
            num(a.personnel),
            num(a.max_share),
        ]);
    }
    write_csv(&dir.join(ACTORS_FILE), &rows)?;

    let mut rows: Vec<Vec<String>> = vec![[
        "id",
        "name",
        "sector",
        "hosts",
        "cost",
        "personnel",
        "benefit",
        "mode",
        "min_fraction",
        "min_actors",
        "min_vectors",
        "requires",
    ]
    .map(String::from)
    .to_vec()];
    for p in &inst.projects {
        rows.push(vec![
            p.id.clone(),
            p.name.clone(),
            p.sector.clone(),
            ids(&p.hosts, &actor_id),
            num(p.cost),
            num(p.personnel),
            num(p.benefit),
            p.mode.as_str().to_string(),
            num(p.min_fraction),
            p.min_actors.to_string(),
            p.min_vectors.to_string(),
            ids(&p.requires, &project_id),
        ]);
    }
    write_csv(&dir.join(PROJECTS_FILE), &rows)?;

    let mut rows: Vec<Vec<String>> = vec![[
        "actor",
        "project",
        "interest",
        "max_funding",
        "max_personnel",
        "min_funding",
        "veto",
    ]
    .map(String::from)
    .to_vec()];
    for i in &inst.interests {
        rows.push(vec![
            actor_id(i.actor),
            project_id(i.project),
            num(i.interest),
            opt(i.max_funding),
            opt(i.max_personnel),
            num(i.min_funding),
            i.veto.to_string(),
        ]);
    }
    write_csv(&dir.join(INTERESTS_FILE), &rows)?;

    let mut rows: Vec<Vec<String>> = vec![["a", "b", "kind"].map(String::from).to_vec()];
    for r in &inst.relations {
        rows.push(vec![
            actor_id(r.a),
            actor_id(r.b),
            r.kind.as_str().to_string(),
        ]);
    }
    write_csv(&dir.join(RELATIONS_FILE), &rows)
}

/// Writes `rows` (header first) to `path` through a temporary file in the
/// same folder and a rename.
fn write_csv(path: &Path, rows: &[Vec<String>]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |e: std::io::Error| Error::io(path, e);
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(tmp));
    for row in rows {
        w.write_record(row).map_err(|e| io(e.into()))?;
    }
    let tmp = w
        .into_inner()
        .map_err(|e| io(e.into_error()))?
        .into_inner()
        .map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
