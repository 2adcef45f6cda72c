//! The library's error type: what went wrong, as opposed to solve *outcomes*
//! (infeasible, unbounded, time limit), which are values the caller reads.

use std::fmt;
use std::path::PathBuf;

/// One problem found in the input, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line (the header is line 1 of a CSV file), where known.
    pub line: Option<usize>,
    /// 1-based column (field number in a CSV row, character in a TOML file), where known.
    pub column: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A problem located at `file:line:column`.
    pub fn at(
        file: impl Into<PathBuf>,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one pass over the input.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// `Ok(())` when empty, otherwise the error carrying every problem.
    pub fn into_result(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self))
        }
    }
}

/// Most problems printed; the rest are counted (a file with 100,000 bad
/// rows gives its first problems and their number, not 100,000 lines). The
/// list itself keeps every problem.
pub const SHOWN_PROBLEMS: usize = 200;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(SHOWN_PROBLEMS).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > SHOWN_PROBLEMS {
            write!(
                f,
                "\n... and {} more problems not shown (the first {SHOWN_PROBLEMS} are above)",
                self.0.len() - SHOWN_PROBLEMS
            )?;
        }
        Ok(())
    }
}

/// Errors of the library. Solve outcomes are not errors: see [`crate::backend::Status`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is invalid; every problem found is listed.
    #[error("invalid input ({n} problem{s}):\n{d}", n = .0.len(), s = if .0.len() == 1 { "" } else { "s" }, d = .0)]
    Invalid(Diagnostics),
    /// A backend was asked for that this build does not contain.
    #[error("backend `{name}` is not available in this build (compiled in: {available}); {hint}")]
    BackendUnavailable {
        /// The backend asked for.
        name: String,
        /// The backends this binary has.
        available: String,
        /// How to get it.
        hint: String,
    },
    /// A backend cannot do what was asked (for example integers on a continuous solver).
    #[error("backend `{backend}` cannot solve this program: {reason}")]
    Unsupported {
        /// The backend.
        backend: String,
        /// Why.
        reason: String,
    },
    /// The solver failed (numerical trouble, internal error).
    #[error("backend `{backend}` failed: {message}")]
    Solver {
        /// The backend.
        backend: String,
        /// The solver's message.
        message: String,
    },
    /// A usage problem that is not tied to an input file (bad option value).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

// ---------------------------------------------------------------------------
// "Did you mean ...?" for every message that names something unknown.

/// Edit distance between two strings, by characters: insertions, deletions,
/// substitutions and swaps of two neighbours (`nmae` -> `name`) cost 1 each
/// (optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `name` (case-insensitive), if it is close enough to
/// be a likely typo: at most 1 edit for names up to 5 characters, 2 up to 8
/// characters, 3 beyond.
pub fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = name.trim().to_lowercase();
    if lower.chars().count() > 64 {
        return None;
    }
    let limit = match lower.chars().count() {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    candidates
        .iter()
        .map(|&c| (edit_distance(&lower, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
