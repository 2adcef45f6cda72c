//! `dichotomy`: the supported extreme points of a bi-objective front (Aneja
//! and Nair, 1979), for LPs and MILPs alike.
//!
//! Math (min form): start from the lexicographic optima `a` (best `f1`) and
//! `b` (best `f2`). For a pair `a, b` solve `min w1 f1 + w2 f2` with
//! `w1 = a2 - b2`, `w2 = b1 - a1` (the normal of the segment `ab`); a point
//! strictly below the segment is a new extreme point `c`, and the pairs
//! `a, c` and `c, b` are searched in turn; otherwise `ab` is an edge of the
//! lower convex hull. Every returned point is supported; unsupported points
//! between them are not found (use `epsilon` for those).
//!
//! Solves: 4 for the anchors, then one per new point plus one per edge.

use super::{Front, FrontMethod, MooProblem, PointKind, Stop, Sub};
use crate::{Error, Result};

/// The bi-objective dichotomic (weighted-sum) method.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dichotomy;

impl FrontMethod for Dichotomy {
    fn id(&self) -> &'static str {
        "dichotomy"
    }

    fn run(&self, pb: &mut MooProblem<'_>) -> Result<Front> {
        if pb.k() != 2 {
            return Err(Error::Usage(format!(
                "dichotomy computes bi-objective supported points; {} objectives were given",
                pb.k()
            )));
        }
        let answer =
            "supported extreme points only (weighted sums); unsupported points are not searched"
                .to_string();
        let mut points = Vec::new();
        let Some(a) = pb.lex_point(0)? else {
            return Ok(pb.finish(self.id(), answer, points, Some(Stop::TimeLimit)));
        };
        points.push((a.0.clone(), a.1, PointKind::Supported));
        let Some(b) = pb.lex_point(1)? else {
            return Ok(pb.finish(self.id(), answer, points, Some(Stop::TimeLimit)));
        };
        points.push((b.0.clone(), b.1, PointKind::Supported));
        let mut stack = vec![(a.0, b.0)];
        let mut stop = None;
        while let Some((a, b)) = stack.pop() {
            if (b[0] - a[0]).abs() <= 1e-9 * a[0].abs().max(1.0)
                || (a[1] - b[1]).abs() <= 1e-9 * a[1].abs().max(1.0)
            {
                continue;
            }
            if let Some(s) = pb.should_stop(points.len()) {
                stop = Some(s);
                break;
            }
            let w = [a[1] - b[1], b[0] - a[0]];
            let level = w[0] * a[0] + w[1] * a[1];
            match pb.solve(&w, &[f64::INFINITY; 2])? {
                None => {
                    stop = Some(Stop::TimeLimit);
                    break;
                }
                Some(Sub::Infeasible) => {
                    return Err(Error::Solver {
                        backend: "moo".into(),
                        message: "a weighted subproblem became infeasible".into(),
                    })
                }
                Some(Sub::Optimal { x, mut f }) => {
                    pb.snap(&mut f);
                    let value = w[0] * f[0] + w[1] * f[1];
                    let tol = 1e-9 * level.abs().max(1.0) + 1e-7;
                    if value < level - tol {
                        stack.push((f.clone(), b));
                        stack.push((a, f.clone()));
                        points.push((f, x, PointKind::Supported));
                    }
                }
            }
        }
        Ok(pb.finish(self.id(), answer, points, stop))
    }
}
