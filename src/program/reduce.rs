//! A program without its fixed columns: every column whose bounds are
//! equal is replaced by its value (moved into the row bounds and the
//! objective's constant), and a row left with no column is dropped after
//! its bounds are checked against the fixed values.
//!
//! The many-solves engine uses it for jobs that fix many columns at once
//! (a coalition fixes every outsider's money, people and participation at
//! 0): the solver then sees the smaller program it would see for edited
//! data, and a point of the reduced program is expanded back to the full
//! program, where the checker verifies it.

use std::sync::Arc;

use super::{NameSource, Objective, Program};

/// A program without its fixed columns, and the way back.
pub struct Reduced {
    /// The program over the kept columns and rows; its one objective is
    /// [`Reduced::objective`].
    pub program: Program,
    /// The objective over the kept columns; its constant includes the fixed
    /// columns' part, so its value equals the full objective's.
    pub objective: Objective,
    /// A row of the full program that the fixed columns alone violate
    /// (the reduced program is then infeasible as it stands).
    pub infeasible: Option<usize>,
    /// Full index of each kept column.
    cols: Vec<usize>,
    /// The full point's fixed values (0 at kept columns).
    fixed: Vec<f64>,
}

/// Names of the reduced program: those of the full columns and rows.
struct Names {
    full: Arc<dyn NameSource>,
    cols: Vec<usize>,
    rows: Vec<usize>,
}

impl NameSource for Names {
    fn col_name(&self, j: usize) -> String {
        self.full.col_name(self.cols[j])
    }
    fn row_name(&self, i: usize) -> String {
        self.full.row_name(self.rows[i])
    }
}

impl Reduced {
    /// The full point of a reduced one: kept columns from `x`, fixed ones
    /// at their values.
    pub fn expand(&self, x: &[f64]) -> Vec<f64> {
        let mut full = self.fixed.clone();
        for (&j, &v) in self.cols.iter().zip(x) {
            full[j] = v;
        }
        full
    }

    /// The kept columns of a full point (a start).
    pub fn restrict(&self, x: &[f64]) -> Vec<f64> {
        self.cols.iter().map(|&j| x[j]).collect()
    }
}

/// True when `v` lies in `[lo, hi]` up to a relative 1e-9.
fn within(v: f64, lo: f64, hi: f64) -> bool {
    let tol = |b: f64| 1e-9 * b.abs().max(1.0);
    v >= lo - tol(lo) && v <= hi + tol(hi)
}

impl Program {
    /// This program without its fixed columns (bounds equal), for
    /// `objective` ([`Reduced`]).
    pub fn without_fixed(&self, objective: &Objective) -> Reduced {
        let n = self.num_cols();
        let mut new_index = vec![usize::MAX; n];
        let mut cols = Vec::new();
        let mut fixed = vec![0.0; n];
        let mut reduced = Program::new(self.name.clone());
        for j in 0..n {
            if self.col_lower[j] == self.col_upper[j] {
                fixed[j] = self.col_lower[j];
            } else {
                new_index[j] =
                    reduced.add_col(self.col_lower[j], self.col_upper[j], self.integer[j]);
                cols.push(j);
            }
        }
        let mut rows = Vec::new();
        let mut infeasible = None;
        let mut terms = Vec::new();
        for i in 0..self.num_rows() {
            terms.clear();
            let mut shift = 0.0;
            for (j, v) in self.row(i) {
                match new_index[j] {
                    usize::MAX => shift += v * fixed[j],
                    k => terms.push((k, v)),
                }
            }
            let (lo, hi) = (self.row_lower[i], self.row_upper[i]);
            if terms.is_empty() {
                if !within(shift, lo, hi) && infeasible.is_none() {
                    infeasible = Some(i);
                }
                continue;
            }
            reduced.add_row(lo - shift, hi - shift, &terms);
            rows.push(i);
        }
        let mut constant = objective.constant;
        let mut obj_terms = Vec::with_capacity(objective.terms.len());
        for &(j, c) in &objective.terms {
            match new_index[j] {
                usize::MAX => constant += c * fixed[j],
                k => obj_terms.push((k, c)),
            }
        }
        let objective = Objective {
            name: objective.name.clone(),
            sense: objective.sense,
            terms: obj_terms,
            constant,
        };
        reduced.objectives = vec![objective.clone()];
        reduced.names = Arc::new(Names {
            full: Arc::clone(&self.names),
            cols: cols.clone(),
            rows,
        });
        Reduced {
            program: reduced,
            objective,
            infeasible,
            cols,
            fixed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Sense;

    /// max 2x + 3y + z, x + y + z <= 4, x - z >= -1; y fixed at 2.
    fn program() -> (Program, Objective) {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 3.0, true);
        let y = p.add_col(2.0, 2.0, false);
        let z = p.add_col(0.0, 5.0, false);
        p.add_row(f64::NEG_INFINITY, 4.0, &[(x, 1.0), (y, 1.0), (z, 1.0)]);
        p.add_row(-1.0, f64::INFINITY, &[(x, 1.0), (z, -1.0)]);
        p.add_row(1.0, 3.0, &[(y, 1.0)]);
        let o = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 2.0), (y, 3.0), (z, 1.0)],
            constant: 0.5,
        };
        (p, o)
    }

    #[test]
    fn fixed_columns_move_into_row_bounds_and_the_constant() {
        let (p, o) = program();
        let r = p.without_fixed(&o);
        assert_eq!(r.program.num_cols(), 2);
        assert_eq!(r.program.num_rows(), 2, "the row of y alone is dropped");
        assert_eq!(r.program.row_upper[0], 2.0);
        assert_eq!(r.program.row_lower[1], -1.0);
        assert_eq!(r.infeasible, None);
        assert_eq!(r.objective.constant, 6.5);
        assert_eq!(r.program.col_name(1), p.col_name(2));
        assert_eq!(r.program.row_name(1), p.row_name(1));
        // Same objective value on the full point.
        let full = r.expand(&[1.0, 1.0]);
        assert_eq!(full, vec![1.0, 2.0, 1.0]);
        assert_eq!(o.eval(&full), r.objective.eval(&[1.0, 1.0]));
        assert_eq!(r.restrict(&full), vec![1.0, 1.0]);
    }

    #[test]
    fn a_row_the_fixed_columns_violate_is_named() {
        let (mut p, o) = program();
        p.col_lower[1] = 4.0;
        p.col_upper[1] = 4.0;
        assert_eq!(p.without_fixed(&o).infeasible, Some(2));
    }

    #[test]
    fn nothing_fixed_keeps_the_program() {
        let (mut p, o) = program();
        p.col_lower[1] = 0.0;
        let r = p.without_fixed(&o);
        assert_eq!(r.program.num_cols(), 3);
        assert_eq!(r.program.num_rows(), 3);
        assert_eq!(r.program.num_nonzeros(), p.num_nonzeros());
    }
}
