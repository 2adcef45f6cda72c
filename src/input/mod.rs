//! The input layer: CSV data folders and TOML model files -> validated
//! [`Instance`] and [`ModelSpec`], with every problem reported at once as a
//! [`crate::Diagnostic`] located by file, line and column; and the way back,
//! [`write_instance`]. The conventions are documented in `docs/input.md`.

mod dataset;
mod model;
pub(crate) mod parse;
pub(crate) mod table;
mod write;

use std::path::Path;

use crate::domain::Instance;
use crate::error::{Diagnostics, Error, Result};

pub(crate) use dataset::Range;
pub use dataset::{ACTORS_FILE, INTERESTS_FILE, PROJECTS_FILE, RELATIONS_FILE};
pub use model::{load_model, load_model_with, ModelSpec, DEFAULT_OBJECTIVES};
pub use write::write_instance;

/// Reads and validates the data folder `dir` (`actors.csv`, `projects.csv`,
/// `interests.csv` and the optional `relations.csv`). Every problem in every
/// file is collected before failing with [`Error::Invalid`], sorted by file,
/// line and column.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = tempfile::tempdir()?;
/// let put = |name: &str, text: &str| std::fs::write(dir.path().join(name), text);
/// put("actors.csv", "id,name,vector,local,budget\nkaz,Kazakhstan,local,true,-5\n")?;
/// put("projects.csv", "id,name,hosts,cost,benefit\nroad,Road,kaz,10,3\n")?;
/// put("interests.csv", "actor,project\nkaz,road\nkaz,rail\n")?;
/// let err = accord::input::load_instance(dir.path()).unwrap_err().to_string();
/// assert!(err.contains("actors.csv:2:5: budget: expected a number >= 0, found \"-5\""));
/// assert!(err.contains("interests.csv:3:2: project: expected the id of a project"));
///
/// put("actors.csv", "id,name,vector,local,budget\nkaz,Kazakhstan,local,true,5\n")?;
/// put("interests.csv", "actor,project\nkaz,road\n")?;
/// let inst = accord::input::load_instance(dir.path())?;
/// assert_eq!(inst.projects[0].hosts, [0]);
/// assert_eq!(inst.max_funding(0), 5.0); // no cap given: the actor's budget
/// # Ok(())
/// # }
/// ```
pub fn load_instance(dir: &Path) -> Result<Instance> {
    let loaded = dataset::read_dataset(dir);
    match loaded.instance {
        Some(inst) if loaded.diags.is_empty() => Ok(inst),
        _ => Err(Error::Invalid(loaded.diags)),
    }
}

/// Sorts problems by file, then line, then column (file-level problems, which
/// have no line, first). The sort is stable: problems at the same place keep
/// the order in which they were found.
pub(crate) fn sort_diagnostics(diags: &mut Diagnostics) {
    diags
        .0
        .sort_by(|x, y| (&x.file, x.line, x.column).cmp(&(&y.file, y.line, y.column)));
}

#[cfg(test)]
mod tests;
