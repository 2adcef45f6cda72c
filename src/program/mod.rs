//! The solver-neutral program: columns with bounds and integrality, rows with
//! lower and upper bounds over a sparse matrix, and one or more named linear
//! objectives. The domain formulation and the MPS reader both produce it;
//! every backend consumes it; the checker verifies solutions against it.
//!
//! A row is `lower <= sum_j a_ij x_j <= upper` (either side may be infinite);
//! an equality has `lower == upper`.

pub mod reduce;

pub use reduce::Reduced;

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Direction of an objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sense {
    /// Minimize.
    Min,
    /// Maximize.
    Max,
}

impl Sense {
    /// +1 for max, -1 for min: `sign * g` is always to be maximized.
    pub fn sign(self) -> f64 {
        match self {
            Sense::Min => -1.0,
            Sense::Max => 1.0,
        }
    }
    /// `"min"` or `"max"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sense::Min => "min",
            Sense::Max => "max",
        }
    }
    /// True when `a` is strictly better than `b` by more than `tol`.
    pub fn better(self, a: f64, b: f64, tol: f64) -> bool {
        match self {
            Sense::Min => a < b - tol,
            Sense::Max => a > b + tol,
        }
    }
}

impl fmt::Display for Sense {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named linear objective `constant + sum_j coeffs_j x_j` with a sense.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// Name (an objective id for domain models, the N row for MPS files).
    pub name: String,
    /// Direction.
    pub sense: Sense,
    /// Sparse coefficients `(column, value)`, columns distinct.
    pub terms: Vec<(usize, f64)>,
    /// Constant term.
    pub constant: f64,
}

impl Objective {
    /// The zero objective (minimize 0): any feasible point is optimal.
    pub fn zero() -> Self {
        Objective {
            name: "zero".into(),
            sense: Sense::Min,
            terms: Vec::new(),
            constant: 0.0,
        }
    }

    /// `sum_k w_k o_k` over `n` columns, named `name`, with `sense`
    /// (objectives with weight 0 are left out).
    pub fn weighted_sum<'a>(
        name: &str,
        sense: Sense,
        n: usize,
        parts: impl IntoIterator<Item = (f64, &'a Objective)>,
    ) -> Objective {
        let mut c = vec![0.0; n];
        let mut constant = 0.0;
        for (w, o) in parts {
            if w == 0.0 {
                continue;
            }
            for &(j, v) in &o.terms {
                c[j] += w * v;
            }
            constant += w * o.constant;
        }
        Objective {
            name: name.into(),
            sense,
            terms: c
                .into_iter()
                .enumerate()
                .filter(|&(_, v)| v != 0.0)
                .collect(),
            constant,
        }
    }

    /// Value at `x`.
    pub fn eval(&self, x: &[f64]) -> f64 {
        self.constant + self.terms.iter().map(|&(j, c)| c * x[j]).sum::<f64>()
    }

    /// Dense coefficient vector of length `n`.
    pub fn dense(&self, n: usize) -> Vec<f64> {
        let mut c = vec![0.0; n];
        for &(j, v) in &self.terms {
            c[j] += v;
        }
        c
    }
}

/// Where names of columns and rows come from. Domain programs generate them
/// on demand (millions of columns would cost hundreds of MB as strings).
pub trait NameSource: Send + Sync {
    /// Name of column `j`.
    fn col_name(&self, j: usize) -> String;
    /// Name of row `i`.
    fn row_name(&self, i: usize) -> String;
}

/// Names stored explicitly (MPS files, small programs).
#[derive(Debug, Clone, Default)]
pub struct StoredNames {
    /// Column names.
    pub cols: Vec<String>,
    /// Row names.
    pub rows: Vec<String>,
}

impl NameSource for StoredNames {
    fn col_name(&self, j: usize) -> String {
        self.cols.get(j).cloned().unwrap_or_else(|| format!("c{j}"))
    }
    fn row_name(&self, i: usize) -> String {
        self.rows.get(i).cloned().unwrap_or_else(|| format!("r{i}"))
    }
}

/// A linear or mixed-integer program.
#[derive(Clone)]
pub struct Program {
    /// Name (model or file name).
    pub name: String,
    /// Column lower bounds (may be `-inf`).
    pub col_lower: Vec<f64>,
    /// Column upper bounds (may be `+inf`).
    pub col_upper: Vec<f64>,
    /// Column integrality.
    pub integer: Vec<bool>,
    /// Row lower bounds (may be `-inf`).
    pub row_lower: Vec<f64>,
    /// Row upper bounds (may be `+inf`).
    pub row_upper: Vec<f64>,
    /// Row-wise sparse matrix: row `i` holds `index[start[i]..start[i+1]]`.
    pub row_start: Vec<usize>,
    /// Column of each nonzero.
    pub index: Vec<u32>,
    /// Value of each nonzero.
    pub value: Vec<f64>,
    /// Objectives in model order; at least one for a solvable program.
    pub objectives: Vec<Objective>,
    /// Column and row names.
    pub names: Arc<dyn NameSource>,
}

/// Changes of one program's bounds and coefficients ([`Program::changes_to`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// `(column, lower, upper)`.
    pub cols: Vec<(usize, f64, f64)>,
    /// `(row, lower, upper)`.
    pub rows: Vec<(usize, f64, f64)>,
    /// `(row, column, value)`.
    pub coefs: Vec<(usize, usize, f64)>,
}

impl Changes {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.cols.is_empty() && self.rows.is_empty() && self.coefs.is_empty()
    }

    /// Applies the changes to `p`.
    pub fn apply(&self, p: &mut Program) {
        for &(j, lo, up) in &self.cols {
            p.col_lower[j] = lo;
            p.col_upper[j] = up;
        }
        for &(i, lo, up) in &self.rows {
            p.row_lower[i] = lo;
            p.row_upper[i] = up;
        }
        for &(i, j, v) in &self.coefs {
            p.set_coefficient(i, j, v);
        }
    }

    /// The changes that undo these on `base` (the program they were
    /// taken from).
    pub fn undo(&self, base: &Program) -> Changes {
        Changes {
            cols: self
                .cols
                .iter()
                .map(|&(j, _, _)| (j, base.col_lower[j], base.col_upper[j]))
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|&(i, _, _)| (i, base.row_lower[i], base.row_upper[i]))
                .collect(),
            coefs: self
                .coefs
                .iter()
                .map(|&(i, j, _)| (i, j, base.coefficient(i, j)))
                .collect(),
        }
    }
}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("name", &self.name)
            .field("cols", &self.num_cols())
            .field("rows", &self.num_rows())
            .field("nonzeros", &self.value.len())
            .field("integers", &self.num_integers())
            .field(
                "objectives",
                &self.objectives.iter().map(|o| &o.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for Program {
    fn default() -> Self {
        Program::new("program")
    }
}

impl Program {
    /// An empty program.
    pub fn new(name: impl Into<String>) -> Self {
        Program {
            name: name.into(),
            col_lower: Vec::new(),
            col_upper: Vec::new(),
            integer: Vec::new(),
            row_lower: Vec::new(),
            row_upper: Vec::new(),
            row_start: vec![0],
            index: Vec::new(),
            value: Vec::new(),
            objectives: Vec::new(),
            names: Arc::new(StoredNames::default()),
        }
    }

    /// Number of columns.
    pub fn num_cols(&self) -> usize {
        self.col_lower.len()
    }
    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.row_lower.len()
    }
    /// Number of nonzeros.
    pub fn num_nonzeros(&self) -> usize {
        self.value.len()
    }
    /// Number of integer columns.
    pub fn num_integers(&self) -> usize {
        self.integer.iter().filter(|&&b| b).count()
    }
    /// True when some column is integer.
    pub fn is_mip(&self) -> bool {
        self.integer.iter().any(|&b| b)
    }

    /// Adds a column and returns its index.
    pub fn add_col(&mut self, lower: f64, upper: f64, integer: bool) -> usize {
        self.col_lower.push(lower);
        self.col_upper.push(upper);
        self.integer.push(integer);
        self.col_lower.len() - 1
    }

    /// Adds a row `lower <= sum terms <= upper` and returns its index.
    /// Zero coefficients are dropped.
    pub fn add_row(&mut self, lower: f64, upper: f64, terms: &[(usize, f64)]) -> usize {
        for &(j, v) in terms {
            if v != 0.0 {
                self.index.push(j as u32);
                self.value.push(v);
            }
        }
        self.row_start.push(self.index.len());
        self.row_lower.push(lower);
        self.row_upper.push(upper);
        self.row_lower.len() - 1
    }

    /// The nonzeros of row `i` as `(column, value)`.
    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.row_start[i]..self.row_start[i + 1];
        self.index[r.clone()]
            .iter()
            .zip(&self.value[r])
            .map(|(&j, &v)| (j as usize, v))
    }

    /// The coefficient of column `j` in row `i` (0 where none is stored).
    pub fn coefficient(&self, i: usize, j: usize) -> f64 {
        self.row(i).filter(|&(c, _)| c == j).map(|(_, v)| v).sum()
    }

    /// Sets the coefficient of column `j` in row `i`, inserting it when the
    /// row has none (O(nonzeros) then).
    pub fn set_coefficient(&mut self, i: usize, j: usize, v: f64) {
        let r = self.row_start[i]..self.row_start[i + 1];
        let mut found = false;
        for k in r.clone() {
            if self.index[k] as usize == j {
                // Duplicates of a column in one row add up: the first takes
                // the value, the others none.
                self.value[k] = if found { 0.0 } else { v };
                found = true;
            }
        }
        if !found && v != 0.0 {
            self.index.insert(r.end, j as u32);
            self.value.insert(r.end, v);
            for s in &mut self.row_start[i + 1..] {
                *s += 1;
            }
        }
    }

    /// What turns this program into `other` by changes a warm session can
    /// make (bounds of columns and rows, single coefficients), when both
    /// have the same columns, integrality and rows; `None` otherwise (the
    /// program must be solved as a new one). Objectives are not compared:
    /// a session solves one, which its caller compares.
    pub fn changes_to(&self, other: &Program) -> Option<Changes> {
        if self.num_cols() != other.num_cols()
            || self.num_rows() != other.num_rows()
            || self.integer != other.integer
        {
            return None;
        }
        let mut c = Changes::default();
        for j in 0..self.num_cols() {
            let (lo, up) = (other.col_lower[j], other.col_upper[j]);
            if lo.to_bits() != self.col_lower[j].to_bits()
                || up.to_bits() != self.col_upper[j].to_bits()
            {
                c.cols.push((j, lo, up));
            }
        }
        let sorted = |p: &Program, i: usize| {
            let mut t: Vec<(usize, f64)> = p.row(i).collect();
            t.sort_by_key(|&(j, _)| j);
            t.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
            t
        };
        for i in 0..self.num_rows() {
            let (lo, up) = (other.row_lower[i], other.row_upper[i]);
            if lo.to_bits() != self.row_lower[i].to_bits()
                || up.to_bits() != self.row_upper[i].to_bits()
            {
                c.rows.push((i, lo, up));
            }
            let same_span = self.row_start[i + 1] - self.row_start[i]
                == other.row_start[i + 1] - other.row_start[i];
            if same_span
                && self
                    .row(i)
                    .zip(other.row(i))
                    .all(|(a, b)| a.0 == b.0 && a.1.to_bits() == b.1.to_bits())
            {
                continue;
            }
            let (a, b) = (sorted(self, i), sorted(other, i));
            let (mut p, mut q) = (0, 0);
            while p < a.len() || q < b.len() {
                let ja = a.get(p).map_or(usize::MAX, |t| t.0);
                let jb = b.get(q).map_or(usize::MAX, |t| t.0);
                if ja == jb {
                    if a[p].1.to_bits() != b[q].1.to_bits() {
                        c.coefs.push((i, jb, b[q].1));
                    }
                    p += 1;
                    q += 1;
                } else if ja < jb {
                    c.coefs.push((i, ja, 0.0));
                    p += 1;
                } else {
                    c.coefs.push((i, jb, b[q].1));
                    q += 1;
                }
            }
        }
        Some(c)
    }

    /// Activity `sum_j a_ij x_j` of every row at `x`.
    pub fn row_activities(&self, x: &[f64]) -> Vec<f64> {
        (0..self.num_rows())
            .map(|i| self.row(i).map(|(j, v)| v * x[j]).sum())
            .collect()
    }

    /// Column-wise copy of the matrix (CSC): `(col_start, row_index, value)`.
    pub fn to_csc(&self) -> (Vec<usize>, Vec<usize>, Vec<f64>) {
        let n = self.num_cols();
        let mut count = vec![0usize; n + 1];
        for &j in &self.index {
            count[j as usize + 1] += 1;
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let start = count.clone();
        let mut next = count;
        let mut rows = vec![0usize; self.index.len()];
        let mut vals = vec![0.0; self.index.len()];
        for i in 0..self.num_rows() {
            for k in self.row_start[i]..self.row_start[i + 1] {
                let j = self.index[k] as usize;
                rows[next[j]] = i;
                vals[next[j]] = self.value[k];
                next[j] += 1;
            }
        }
        (start, rows, vals)
    }

    /// The objective with this name.
    pub fn objective(&self, name: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.name == name)
    }

    /// The objective named `name`, or a usage error that lists the
    /// objectives this program has.
    pub fn require_objective(&self, name: &str) -> crate::Result<&Objective> {
        self.objective(name).ok_or_else(|| {
            let names: Vec<&str> = self.objectives.iter().map(|o| o.name.as_str()).collect();
            crate::Error::Usage(format!(
                "unknown objective `{name}` (this model has: {})",
                names.join(", ")
            ))
        })
    }

    /// The lattice unit of `o`'s values, when every term is on an integer
    /// column and every coefficient is a multiple of a common decimal unit
    /// ([`decimal_unit`]): the values at integer points are then
    /// `constant + u Z`. Exact front methods need it.
    ///
    /// ```
    /// use accord::program::{Objective, Program, Sense};
    /// let mut p = Program::new("t");
    /// let a = p.add_col(0.0, 1.0, true);
    /// let b = p.add_col(0.0, 1.0, true);
    /// let c = p.add_col(0.0, 1.0, false);
    /// let o = |terms| Objective { name: "o".into(), sense: Sense::Max, terms, constant: 0.0 };
    /// assert_eq!(p.lattice_unit(&o(vec![(a, 4.0), (b, 6.0)])), Some(2.0));
    /// assert_eq!(p.lattice_unit(&o(vec![(a, 1.0), (c, 1.0)])), None);
    /// ```
    pub fn lattice_unit(&self, o: &Objective) -> Option<f64> {
        if o.terms.iter().any(|&(j, _)| !self.integer[j]) {
            return None;
        }
        let coefs: Vec<f64> = o.terms.iter().map(|&(_, v)| v).collect();
        decimal_unit(&coefs)
    }

    /// Name of column `j`.
    pub fn col_name(&self, j: usize) -> String {
        self.names.col_name(j)
    }
    /// Name of row `i`.
    pub fn row_name(&self, i: usize) -> String {
        self.names.row_name(i)
    }
}

/// The largest decimal unit `u` (found with up to 6 decimals) of which
/// every value is a whole multiple; `None` for an empty list, or when no
/// such unit exists (`pi`, values beyond 1e15).
///
/// ```
/// use accord::program::decimal_unit;
/// assert_eq!(decimal_unit(&[62.08, 30.0]), Some(0.08));
/// assert_eq!(decimal_unit(&[std::f64::consts::PI]), None);
/// assert_eq!(decimal_unit(&[]), None);
/// ```
pub fn decimal_unit(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    for digits in 0..=6 {
        let scale = 10f64.powi(digits);
        let ints: Option<Vec<i64>> = values
            .iter()
            .map(|&v| {
                let s = v * scale;
                ((s - s.round()).abs() <= 1e-9 * s.abs().max(1.0) && s.abs() < 1e15)
                    .then_some(s.round() as i64)
            })
            .collect();
        if let Some(ints) = ints {
            let g = ints.iter().fold(0i64, |g, &v| gcd(g, v.abs()));
            if g > 0 {
                return Some(g as f64 / scale);
            }
        }
    }
    None
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A 4 x 5 program from `cells` (0 = no entry) and bounds.
    fn grid(cells: &[i8], bounds: &[i8]) -> Program {
        let mut p = Program::new("g");
        for (j, &b) in bounds[..5].iter().enumerate() {
            p.add_col(0.0, f64::from(b), j % 2 == 0);
        }
        for i in 0..4 {
            let terms: Vec<(usize, f64)> = (0..5)
                .rev()
                .map(|j| (j, f64::from(cells[i * 5 + j])))
                .collect();
            p.add_row(f64::NEG_INFINITY, f64::from(bounds[5 + i]), &terms);
        }
        p
    }

    proptest! {
        /// The changes from one program to another of the same shape,
        /// applied to the first, give the second (bounds and every
        /// coefficient); their undo gives the first back.
        #[test]
        fn changes_turn_one_program_into_the_other(
            a in proptest::collection::vec(-2i8..3, 20),
            b in proptest::collection::vec(-2i8..3, 20),
            ba in proptest::collection::vec(0i8..4, 9),
            bb in proptest::collection::vec(0i8..4, 9),
        ) {
            let (pa, pb) = (grid(&a, &ba), grid(&b, &bb));
            let c = pa.changes_to(&pb).unwrap();
            let mut q = pa.clone();
            c.apply(&mut q);
            let same = |x: &Program, y: &Program| {
                x.col_upper == y.col_upper
                    && x.row_upper == y.row_upper
                    && (0..4).all(|i| (0..5).all(|j| x.coefficient(i, j) == y.coefficient(i, j)))
            };
            prop_assert!(same(&q, &pb));
            prop_assert_eq!(c.is_empty(), same(&pa, &pb));
            c.undo(&pa).apply(&mut q);
            prop_assert!(same(&q, &pa));
        }
    }

    #[test]
    fn programs_of_another_shape_have_no_changes() {
        let p = grid(&[1; 20], &[1; 9]);
        let mut q = p.clone();
        q.add_col(0.0, 1.0, false);
        assert!(p.changes_to(&q).is_none());
        let mut q = p.clone();
        q.integer[1] = true;
        assert!(p.changes_to(&q).is_none());
    }

    #[test]
    fn rows_and_csc_agree() {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 1.0, false);
        let y = p.add_col(0.0, f64::INFINITY, true);
        p.add_row(f64::NEG_INFINITY, 4.0, &[(x, 1.0), (y, 2.0)]);
        p.add_row(1.0, 1.0, &[(y, 3.0), (x, 0.0)]);
        assert_eq!(p.num_nonzeros(), 3);
        assert_eq!(p.row(1).collect::<Vec<_>>(), vec![(y, 3.0)]);
        let (start, rows, vals) = p.to_csc();
        assert_eq!(start, vec![0, 1, 3]);
        assert_eq!(rows, vec![0, 0, 1]);
        assert_eq!(vals, vec![1.0, 2.0, 3.0]);
        assert_eq!(p.row_activities(&[1.0, 2.0]), vec![5.0, 6.0]);
    }
}
