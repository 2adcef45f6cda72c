//! `MANIFEST.csv` of a benchmark instance collection (the layout of the
//! shared `instances/` folder): one row per instance with its path relative
//! to the manifest, its kind and size, and its known answer.
//!
//! Columns read (others are ignored): `path`, `kind`, `objectives`, `rows`,
//! `cols`, `integers`, `known_optimum`. `known_optimum` is a number, the
//! word `infeasible` (or `unbounded`), or the path of a front file for
//! multi-objective instances.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Diagnostic, Diagnostics};
use crate::{Error, Result};

/// The known answer of an instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Known {
    /// The optimal objective value (with the objective constant).
    Optimum(f64),
    /// No feasible point exists.
    Infeasible,
    /// The objective is unbounded.
    Unbounded,
    /// A file holding the non-dominated set (multi-objective instances),
    /// relative to the manifest.
    Front(String),
}

impl Known {
    /// Parses a `known_optimum` cell; `None` when it is empty.
    pub fn parse(cell: &str) -> Option<Known> {
        let cell = cell.trim();
        if cell.is_empty() || cell == "-" {
            return None;
        }
        Some(match cell.to_ascii_lowercase().as_str() {
            "infeasible" => Known::Infeasible,
            "unbounded" => Known::Unbounded,
            _ => match cell.parse::<f64>() {
                Ok(v) if v.is_finite() => Known::Optimum(v),
                _ => Known::Front(cell.to_string()),
            },
        })
    }

    /// The value as written in tables and CSV: the number, `infeasible`,
    /// `unbounded` or `front`.
    pub fn label(&self) -> String {
        match self {
            Known::Optimum(v) => format!("{v:.11e}"),
            Known::Infeasible => "infeasible".into(),
            Known::Unbounded => "unbounded".into(),
            Known::Front(_) => "front".into(),
        }
    }
}

/// One row of a manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Path relative to the manifest's folder, as written (`netlib/afiro.mps`).
    pub path: String,
    /// `lp`, `milp`, `momilp`, ... (empty when the column is absent).
    pub kind: String,
    /// Number of objectives, where given.
    pub objectives: Option<usize>,
    /// Constraint rows, where given.
    pub rows: Option<usize>,
    /// Columns, where given.
    pub cols: Option<usize>,
    /// Integer columns, where given.
    pub integers: Option<usize>,
    /// The known answer, where given.
    pub known: Option<Known>,
}

/// A manifest read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The manifest file.
    pub file: PathBuf,
    /// Its rows, in file order.
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// The folder the entries' paths are relative to.
    pub fn dir(&self) -> &Path {
        self.file.parent().unwrap_or(Path::new("."))
    }

    /// The entry whose path is `rel` (forward slashes).
    pub fn find(&self, rel: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.path == rel)
    }
}

/// Reads a manifest. Every malformed cell is reported at once, located by
/// line and column.
pub fn read(file: &Path) -> Result<Manifest> {
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    parse(&bytes, file)
}

/// Parses manifest text; `file` names it in diagnostics.
pub fn parse(bytes: &[u8], file: &Path) -> Result<Manifest> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let mut diags = Diagnostics::default();
    let headers = r
        .headers()
        .map_err(|e| {
            Error::Invalid(Diagnostics(vec![Diagnostic::at(
                file,
                Some(1),
                None,
                e.to_string(),
            )]))
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(path_col) = col("path") else {
        return Err(Error::Invalid(Diagnostics(vec![Diagnostic::at(
            file,
            Some(1),
            None,
            "expected a `path` column (a benchmark MANIFEST.csv)",
        )])));
    };
    let (kind, objectives, rows, cols, integers, known) = (
        col("kind"),
        col("objectives"),
        col("rows"),
        col("cols"),
        col("integers"),
        col("known_optimum"),
    );
    let mut entries = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::at(file, Some(line), None, e.to_string()));
                continue;
            }
        };
        let cell = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let mut count = |c: Option<usize>, name: &str| -> Option<usize> {
            let s = cell(c);
            if s.is_empty() {
                return None;
            }
            match s.parse() {
                Ok(v) => Some(v),
                Err(_) => {
                    diags.push(Diagnostic::at(
                        file,
                        Some(line),
                        c.map(|c| c + 1),
                        format!("{name}: expected a whole number, found {s:?}"),
                    ));
                    None
                }
            }
        };
        let entry = Entry {
            path: cell(Some(path_col)).to_string(),
            kind: cell(kind).to_string(),
            objectives: count(objectives, "objectives"),
            rows: count(rows, "rows"),
            cols: count(cols, "cols"),
            integers: count(integers, "integers"),
            known: Known::parse(cell(known)),
        };
        if entry.path.is_empty() {
            diags.push(Diagnostic::at(
                file,
                Some(line),
                Some(path_col + 1),
                "path: empty",
            ));
            continue;
        }
        entries.push(entry);
    }
    diags.into_result()?;
    Ok(Manifest {
        file: file.to_path_buf(),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_known_answers_are_read() {
        let text = "path,kind,objectives,rows,cols,integers,known_optimum,note\n\
                    netlib/afiro.mps,lp,1,27,32,0,-4.6475314286e+02,x\n\
                    netlib/infeasible/bgdbg1.mps,lp,1,348,407,0,infeasible,\n\
                    mo/a.mop,momilp,2,1,10,10,mo/a.front.txt,\n";
        let m = parse(text.as_bytes(), Path::new("MANIFEST.csv")).unwrap();
        assert_eq!(m.entries.len(), 3);
        let a = m.find("netlib/afiro.mps").unwrap();
        assert_eq!((a.rows, a.cols, a.integers), (Some(27), Some(32), Some(0)));
        match a.known {
            Some(Known::Optimum(v)) => assert!((v + 464.75314286).abs() < 1e-9),
            ref k => panic!("{k:?}"),
        }
        assert_eq!(m.entries[1].known, Some(Known::Infeasible));
        assert_eq!(
            m.entries[2].known,
            Some(Known::Front("mo/a.front.txt".into()))
        );
    }

    #[test]
    fn bad_cells_are_all_reported() {
        let text = "path,rows,cols\na.mps,x,3\nb.mps,2,y\n";
        let e = parse(text.as_bytes(), Path::new("M.csv")).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("M.csv:2:2") && s.contains("M.csv:3:3"), "{s}");
        let e = parse(b"file,rows\n", Path::new("M.csv")).unwrap_err();
        assert!(e.to_string().contains("`path` column"));
    }
}
