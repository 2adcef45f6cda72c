//! `epsilon`: the exact bi-objective front of objectives whose values lie on
//! a lattice (integer-valued up to a unit), with one subproblem per point.
//!
//! Math (min form, objectives `f1`, `f2` with lattice units `u1`, `u2`): the
//! augmented epsilon-constraint subproblem
//! `min f1 + l f2  s.t.  f2 <= eps`, with `0 < l (f2max - f2min) < u1`
//! (scaled to integer weights on the lattices, see [`integral_weights`]),
//! returns the lexicographic optimum (`f1` first, then `f2`) of the points
//! with `f2 <= eps`: a change of one unit in `f1` outweighs any change in
//! `l f2`. Starting from `eps = +inf` and moving `eps` to half a unit below
//! each point's `f2` enumerates every non-dominated point, in order, and no
//! dominated one (Haimes et al. 1971; the augmentation as in Mavrotas's
//! AUGMECON, 2009, with the exact weight bound of the lattice).
//!
//! Solves: the two anchors first (each one augmented solve when the
//! objectives have finite bounds, else two), then one per interior point, and
//! one more that re-finds the last anchor: `N + 1` for `N >= 2` points. The
//! subproblem's `l` is set from the front's exact `f2` range once both
//! anchors are known. Objectives without a lattice are refused: their front
//! can be continuous; use `grid` or `dichotomy` there.
//!
//! Options: the global time limit and `--max-points` (a partial front), the
//! solver options of each subproblem with the gap forced to 0.
//!
//! With 3 or more objectives the exact front is computed by [`super::tamby`]
//! (reported under this method's id).

use super::{FrontMethod, MooProblem, PointKind, Stop, Sub};
use crate::moo::Front;
use crate::{Error, Result};

/// Weights for `min f_i + l f_j` scaled to integers on the lattices:
/// `K / u_i` and `1 / u_j` with `K = ceil(range_j / u_j) + 1`, so that one
/// unit of `f_i` outweighs the whole range of `f_j`, and the scalarized
/// objective has integer coefficients in lattice units (solvers detect and
/// exploit an integral objective when pruning).
fn integral_weights(i: usize, ui: f64, uj: f64, range_j: f64) -> Vec<f64> {
    let k = (range_j / uj - 1e-9).ceil().max(0.0) + 1.0;
    let mut w = vec![0.0; 2];
    w[i] = k / ui;
    w[1 - i] = 1.0 / uj;
    w
}

/// The exact bi-objective epsilon-constraint method.
#[derive(Debug, Clone, Copy, Default)]
pub struct Epsilon;

impl FrontMethod for Epsilon {
    fn id(&self) -> &'static str {
        "epsilon"
    }

    fn run(&self, pb: &mut MooProblem<'_>) -> Result<Front> {
        if pb.k() > 2 {
            return super::tamby::run(pb, self.id());
        }
        if pb.k() != 2 {
            return Err(Error::Usage(format!(
                "the epsilon method computes bi-objective fronts; {} objectives were given",
                pb.k()
            )));
        }
        let units = pb.exact_units()?;
        pb.options.solve.mip_gap = 0.0;
        let (u1, u2) = (units[0], units[1]);
        let mut points: Vec<(Vec<f64>, Vec<f64>, PointKind)> = Vec::new();
        let answer = format!(
            "exact: every non-dominated point (objective values on lattices of {} and {})",
            u1, u2
        );

        // Anchors: the lexicographic optima (f1, f2) and (f2, f1).
        let crude = (pb.crude_range(0), pb.crude_range(1));
        let anchor = |pb: &mut MooProblem<'_>, i: usize| -> Result<Option<(Vec<f64>, Vec<f64>)>> {
            let (ui, uj) = (pb.units[i].unwrap(), pb.units[1 - i].unwrap());
            let range_j = if i == 0 { crude.1 } else { crude.0 };
            match range_j {
                Some(r) => {
                    let w = integral_weights(i, ui, uj, r);
                    match pb.solve(&w, &[f64::INFINITY; 2])? {
                        None => Ok(None),
                        Some(Sub::Infeasible) if pb.infeasible_program() => Ok(None),
                        Some(Sub::Infeasible) => Err(Error::Solver {
                            backend: "moo".into(),
                            message: "an anchor subproblem became infeasible".into(),
                        }),
                        Some(Sub::Optimal { x, mut f }) => {
                            pb.snap(&mut f);
                            Ok(Some((f, x)))
                        }
                    }
                }
                None => pb.lex_point(i),
            }
        };
        let Some(first) = anchor(pb, 0)? else {
            return Ok(pb.finish(self.id(), answer, points, Some(Stop::TimeLimit)));
        };
        let first_f = first.0.clone();
        points.push((first.0, first.1, PointKind::Supported));
        if let Some(stop) = pb.should_stop(points.len()) {
            return Ok(pb.finish(self.id(), answer, points, Some(stop)));
        }
        let Some(last) = anchor(pb, 1)? else {
            return Ok(pb.finish(self.id(), answer, points, Some(Stop::TimeLimit)));
        };
        let last_f = last.0.clone();
        if (last_f[1] - first_f[1]).abs() < 0.5 * u2 {
            // One point is best in both objectives: the front is that point.
            return Ok(pb.finish(self.id(), answer, points, None));
        }
        points.push((last.0, last.1, PointKind::Supported));

        // Interior points, best f1 first.
        let w = integral_weights(0, u1, u2, first_f[1] - last_f[1]);
        let mut eps2 = first_f[1] - 0.5 * u2;
        let mut stop = None;
        loop {
            if eps2 < last_f[1] + 0.5 * u2 {
                break;
            }
            if let Some(s) = pb.should_stop(points.len()) {
                stop = Some(s);
                break;
            }
            match pb.solve(&w, &[f64::INFINITY, eps2])? {
                None => {
                    stop = Some(Stop::TimeLimit);
                    break;
                }
                Some(Sub::Infeasible) => break,
                Some(Sub::Optimal { x, mut f }) => {
                    pb.snap(&mut f);
                    if (f[1] - last_f[1]).abs() < 0.5 * u2 {
                        break; // re-found the last anchor
                    }
                    eps2 = f[1] - 0.5 * u2;
                    points.push((f, x, PointKind::Unsupported));
                }
            }
        }
        Ok(pb.finish(self.id(), answer, points, stop))
    }
}
