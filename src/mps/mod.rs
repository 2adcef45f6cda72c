//! MPS and PolySCIP `.mop` files: a reader into [`Program`] and a writer.
//!
//! The conventions (first N row is the objective, objective constant is
//! `-RHS` of the objective row, RANGES, integer markers, negative upper
//! bounds, fixed-column files, `.mop` with several N rows) are described in
//! `docs/mps.md`.
//!
//! ```
//! use std::path::Path;
//! use accord::mps::{self, ReadOptions, WriteOptions};
//!
//! let text = "NAME demo\nROWS\n N  cost\n L  cap\nCOLUMNS\n    x  cost  1  cap  2\nRHS\n    RHS  cap  4\nENDATA\n";
//! let p = mps::parse(text, Path::new("demo.mps"), &ReadOptions::default()).unwrap();
//! assert_eq!((p.num_rows(), p.num_cols()), (1, 1));
//! assert_eq!(p.row_upper[0], 4.0);
//! let mut out = Vec::new();
//! mps::write(&p, &mut out, &WriteOptions::default()).unwrap();
//! ```

use std::path::Path;

use crate::error::{Error, Result};
use crate::program::Program;

mod read;
mod write;

pub use write::{write, write_file};

/// Column layout of the data lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Free format (fields separated by blanks or tabs), switching to fixed
    /// columns when a data line has a number of fields that free format
    /// cannot explain (names with spaces, as in Netlib `forplan`).
    #[default]
    Auto,
    /// Free format only: a misfitting line is an error.
    Free,
    /// Fixed columns only: fields at columns 2-3, 5-12, 15-22, 25-36, 40-47
    /// and 50-61 (1-based).
    Fixed,
}

/// Which N rows become objectives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ObjectiveRows {
    /// [`ObjectiveRows::All`] for a file name ending in `.mop`, otherwise
    /// [`ObjectiveRows::First`].
    #[default]
    Auto,
    /// The first N row is the objective; other N rows are free rows and are
    /// dropped (MPS).
    First,
    /// Every N row is an objective, in ROWS order (PolySCIP `.mop`).
    All,
}

/// What an `UP` (or `UI`) bound with a negative value does to a column whose
/// lower bound was not set by an earlier bound record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NegativeUpper {
    /// The lower bound becomes `-inf` (CPLEX, SCIP, COIN-OR CoinMpsIO, lp_parser_rs).
    #[default]
    MinusInfinity,
    /// The lower bound stays 0, so the column is infeasible (HiGHS 1.16,
    /// which warns about inconsistent bounds).
    KeepZero,
}

/// Options of [`read_with`] and [`parse`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Free or fixed columns.
    pub format: Format,
    /// Which N rows are objectives.
    pub objectives: ObjectiveRows,
    /// Meaning of a negative `UP` bound on a column without a lower bound.
    pub negative_upper: NegativeUpper,
}

/// Which objectives [`write`] puts into the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WriteObjectives {
    /// Every objective as an N row, in order (a `.mop` file when there are
    /// several); they must share one sense.
    #[default]
    All,
    /// Only the objective with this index (a plain MPS file).
    Only(usize),
}

/// Options of [`write`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Which objectives to write.
    pub objectives: WriteObjectives,
}

/// Reads an MPS or `.mop` file with the default options.
pub fn read(path: &Path) -> Result<Program> {
    read_with(path, &ReadOptions::default())
}

/// Reads an MPS or `.mop` file.
pub fn read_with(path: &Path, options: &ReadOptions) -> Result<Program> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    parse(&text, path, options)
}

/// Parses MPS text; `file_label` names the file in diagnostics, gives the
/// program its name when the file has no NAME, and decides
/// [`ObjectiveRows::Auto`].
pub fn parse(text: &str, file_label: &Path, options: &ReadOptions) -> Result<Program> {
    read::parse(text, file_label, options)
}

#[cfg(test)]
mod tests;
