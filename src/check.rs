//! Never trust a solver's word: every solution is re-checked against the
//! program it claims to solve (bounds, rows, integrality, objective).

use serde::{Deserialize, Serialize};

use crate::program::{Objective, Program};

/// Tolerances of the checker. One documented default: an absolute `1e-6` on
/// bounds, rows and integrality, scaled up for large numbers: a bound by
/// its size (`tol * max(1, |bound|)`), a row by its bound or its largest
/// term `|a_ij x_j|`, whichever is larger; and a relative `1e-6` on the
/// recomputed objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CheckTolerances {
    /// Feasibility (bounds and rows), scaled by `max(1, |bound|)` (rows:
    /// `max(1, |bound|, largest |term|)`).
    pub feasibility: f64,
    /// Distance of an integer column from the nearest integer.
    pub integrality: f64,
    /// Objective: `|reported - recomputed| <= objective * max(1, |recomputed|)`.
    pub objective: f64,
}

impl Default for CheckTolerances {
    fn default() -> Self {
        CheckTolerances {
            feasibility: 1e-6,
            integrality: 1e-6,
            objective: 1e-6,
        }
    }
}

/// Largest violations of a solution, and where they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Largest violation of a column bound (absolute).
    pub max_bound_violation: f64,
    /// Column of the largest bound violation.
    pub worst_bound: Option<String>,
    /// Largest violation of a row's bounds (absolute).
    pub max_row_violation: f64,
    /// Row of the largest row violation.
    pub worst_row: Option<String>,
    /// Largest distance of an integer column from an integer.
    pub max_integrality_violation: f64,
    /// Column of the largest integrality violation.
    pub worst_integer: Option<String>,
    /// Objective recomputed from the values.
    pub objective_recomputed: f64,
    /// Objective as the solver reported it, where it did.
    pub objective_reported: Option<f64>,
    /// `|reported - recomputed|`.
    pub objective_error: f64,
    /// True when every measure is within tolerance.
    pub passed: bool,
}

impl Check {
    /// One line for humans: `passed (max violation: bounds 0.0e0, rows
    /// 2.3e-13, integrality 0.0e0; objective error 0.0e0)`, with where the
    /// worst violations are when it failed.
    pub fn summary(&self) -> String {
        Verdict::from(self).summary()
    }

    /// The verdict as reported.
    pub fn verdict(&self) -> Verdict {
        Verdict::from(self)
    }

    /// The largest bound, row or integrality violation.
    pub fn max_violation(&self) -> f64 {
        self.max_bound_violation
            .max(self.max_row_violation)
            .max(self.max_integrality_violation)
    }
}

/// The checker's verdict as every report shows it (JSON `check`, the bench
/// worker's line, a sweep row): the largest violation of each kind, and
/// where the worst ones are when it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Every measure within tolerance.
    pub passed: bool,
    /// Largest column bound violation.
    pub max_bound_violation: f64,
    /// Largest row violation.
    pub max_row_violation: f64,
    /// Largest integrality violation.
    pub max_integrality_violation: f64,
    /// `|reported - recomputed|` of the objective solved last.
    pub objective_error: f64,
    /// Where the worst violations are (only when the check failed):
    /// `row budget[eu]: 1.2e-3`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worst: Vec<String>,
}

impl Verdict {
    /// The largest bound, row or integrality violation.
    pub fn max_violation(&self) -> f64 {
        self.max_bound_violation
            .max(self.max_row_violation)
            .max(self.max_integrality_violation)
    }

    /// One line for humans (see [`Check::summary`]).
    pub fn summary(&self) -> String {
        format!(
            "{} (max violation: bounds {:.1e}, rows {:.1e}, integrality {:.1e}; objective error {:.1e}){}",
            if self.passed { "passed" } else { "FAILED" },
            self.max_bound_violation,
            self.max_row_violation,
            self.max_integrality_violation,
            self.objective_error,
            if self.worst.is_empty() {
                String::new()
            } else {
                format!(" worst: {}", self.worst.join("; "))
            }
        )
    }
}

impl From<&Check> for Verdict {
    fn from(c: &Check) -> Self {
        let mut worst = Vec::new();
        if !c.passed {
            for (what, at, v) in [
                ("bound", &c.worst_bound, c.max_bound_violation),
                ("row", &c.worst_row, c.max_row_violation),
                ("integrality", &c.worst_integer, c.max_integrality_violation),
            ] {
                if let Some(at) = at {
                    worst.push(format!("{what} {at}: {v:.3e}"));
                }
            }
        }
        Verdict {
            passed: c.passed,
            max_bound_violation: c.max_bound_violation,
            max_row_violation: c.max_row_violation,
            max_integrality_violation: c.max_integrality_violation,
            objective_error: c.objective_error,
            worst,
        }
    }
}

/// Checks `x` against `program` and `objective` (with the solver's reported
/// objective value, if any).
#[allow(clippy::needless_range_loop)] // parallel arrays indexed by column
pub fn check(
    program: &Program,
    objective: &Objective,
    x: &[f64],
    reported: Option<f64>,
    tol: &CheckTolerances,
) -> Check {
    assert_eq!(x.len(), program.num_cols(), "solution length");
    let mut passed = true;
    let mut worst = |v: f64, scale: f64, t: f64, best: &mut (f64, Option<usize>), k: usize| {
        if v > t * scale.abs().max(1.0) {
            passed = false;
        }
        if v > best.0 || v.is_nan() {
            *best = (v, Some(k));
        }
    };
    let mut bound = (0.0, None);
    let mut integ = (0.0, None);
    for j in 0..program.num_cols() {
        let (lo, up, v) = (program.col_lower[j], program.col_upper[j], x[j]);
        let viol = if v.is_nan() {
            f64::INFINITY
        } else {
            (lo - v).max(v - up).max(0.0)
        };
        let scale = if v < lo { lo } else { up };
        worst(viol, scale, tol.feasibility, &mut bound, j);
        if program.integer[j] {
            let d = (v - v.round()).abs();
            worst(d, 1.0, tol.integrality, &mut integ, j);
        }
    }
    let mut row = (0.0, None);
    for i in 0..program.num_rows() {
        let (mut act, mut largest) = (0.0, 0.0f64);
        for (j, a) in program.row(i) {
            let term = a * x[j];
            act += term;
            largest = largest.max(term.abs());
        }
        let (lo, up) = (program.row_lower[i], program.row_upper[i]);
        let viol = if act.is_nan() {
            f64::INFINITY
        } else {
            (lo - act).max(act - up).max(0.0)
        };
        // Relative to the row's bound or its largest term, whichever is
        // larger: a sum of terms of size 1e11 carries rounding of ~1e-5
        // whatever its bound (0 in a balance row).
        let scale = if act < lo { lo } else { up }.abs().max(largest);
        worst(viol, scale, tol.feasibility, &mut row, i);
    }
    let recomputed = objective.eval(x);
    let error = reported.map_or(0.0, |r| (r - recomputed).abs());
    if error.is_nan() || error > tol.objective * recomputed.abs().max(1.0) {
        passed = false;
    }
    Check {
        max_bound_violation: bound.0,
        worst_bound: bound.1.map(|j| program.col_name(j)),
        max_row_violation: row.0,
        worst_row: row.1.map(|i| program.row_name(i)),
        max_integrality_violation: integ.0,
        worst_integer: integ.1.map(|j| program.col_name(j)),
        objective_recomputed: recomputed,
        objective_reported: reported,
        objective_error: error,
        passed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Sense;

    fn tiny() -> (Program, Objective) {
        let mut p = Program::new("t");
        let x = p.add_col(0.0, 1.0, true);
        let y = p.add_col(0.0, 10.0, false);
        p.add_row(f64::NEG_INFINITY, 5.0, &[(x, 2.0), (y, 1.0)]);
        let o = Objective {
            name: "o".into(),
            sense: Sense::Max,
            terms: vec![(x, 1.0), (y, 1.0)],
            constant: 1.0,
        };
        (p, o)
    }

    #[test]
    fn feasible_point_passes() {
        let (p, o) = tiny();
        let c = check(&p, &o, &[1.0, 3.0], Some(5.0), &CheckTolerances::default());
        assert!(c.passed, "{c:?}");
        assert_eq!(c.objective_recomputed, 5.0);
    }

    #[test]
    fn each_kind_of_violation_fails() {
        let (p, o) = tiny();
        let t = CheckTolerances::default();
        let c = check(&p, &o, &[1.0, 3.5], None, &t);
        assert!(!c.passed && (c.max_row_violation - 0.5).abs() < 1e-12);
        let c = check(&p, &o, &[0.5, 0.0], None, &t);
        assert!(!c.passed && (c.max_integrality_violation - 0.5).abs() < 1e-12);
        let c = check(&p, &o, &[0.0, -1.0], None, &t);
        assert!(!c.passed && (c.max_bound_violation - 1.0).abs() < 1e-12);
        let c = check(&p, &o, &[1.0, 3.0], Some(6.0), &t);
        assert!(!c.passed && (c.objective_error - 1.0).abs() < 1e-12);
        let c = check(&p, &o, &[f64::NAN, 3.0], None, &t);
        assert!(!c.passed);
    }
}
