//! `grid`: epsilon-constraint points on a grid of stated step or count, for
//! continuous fronts (scalable projects, money-flow objectives).
//!
//! Math (min form): after the payoff table's anchors (lexicographic optima,
//! two solves each), each of objectives `2..k` gets the grid
//! `eps = worst, worst - step, ...` down to its best value, and for every grid
//! cell the subproblem `min f1 + l sum_{i>=2} f_i / r_i  s.t.  f_i <= eps_i`
//! is solved once (`r_i` the objective's range, `l = 1e-3`). With `l > 0` every
//! optimum is non-dominated (Mavrotas's AUGMECON, 2009), so each returned
//! point lies on the front; the front between grid points is not enumerated,
//! and the answer says so. Duplicates and dominated points are filtered.
//!
//! Options: `step` (in the units of objective 2..k) or `count` (points per
//! objective, default 11), global time limit, `--max-points`.

use super::{Front, FrontMethod, MooProblem, PointKind, Stop, Sub};
use crate::{Error, Result};

/// The grid epsilon-constraint method.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grid;

impl FrontMethod for Grid {
    fn id(&self) -> &'static str {
        "grid"
    }

    fn run(&self, pb: &mut MooProblem<'_>) -> Result<Front> {
        let k = pb.k();
        let mut points = Vec::new();
        let mut anchors = Vec::new();
        for i in 0..k {
            match pb.lex_point(i)? {
                None => {
                    return Ok(pb.finish(
                        self.id(),
                        "grid (stopped in the payoff table)".into(),
                        points,
                        Some(Stop::TimeLimit),
                    ))
                }
                Some((f, x)) => {
                    anchors.push(f.clone());
                    points.push((f, x, PointKind::Supported));
                }
            }
        }
        let best: Vec<f64> = (0..k)
            .map(|i| anchors.iter().map(|a| a[i]).fold(f64::INFINITY, f64::min))
            .collect();
        let worst: Vec<f64> = (0..k)
            .map(|i| {
                anchors
                    .iter()
                    .map(|a| a[i])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        let steps: Vec<f64> = (0..k)
            .map(|i| {
                let r = worst[i] - best[i];
                match pb.options.step {
                    Some(s) => s,
                    None => r / (pb.options.count.max(2) - 1) as f64,
                }
            })
            .collect();
        if let Some(s) = pb.options.step {
            if !(s.is_finite() && s > 0.0) {
                return Err(Error::Usage(format!(
                    "--step: expected a number > 0, found {s}"
                )));
            }
        }
        let on = pb.objectives[1..]
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let answer = match pb.options.step {
            Some(s) => format!(
                "grid: epsilon points every {s} on {on}; the front between them is not enumerated"
            ),
            None => format!(
                "grid: {} epsilon points on {on}; the front between them is not enumerated",
                pb.options.count.max(2)
            ),
        };
        // Grid cells: the cartesian product over objectives 2..k.
        let counts: Vec<usize> = (1..k)
            .map(|i| {
                let r = worst[i] - best[i];
                if r <= 0.0 || steps[i] <= 0.0 {
                    1
                } else {
                    (r / steps[i] + 1e-9).floor() as usize + 1
                }
            })
            .collect();
        let total: usize = counts.iter().product();
        let ranges: Vec<f64> = (0..k).map(|i| (worst[i] - best[i]).max(1e-9)).collect();
        let mut w = vec![1.0; k];
        for i in 1..k {
            w[i] = 1e-3 / ranges[i];
        }
        let mut stop = None;
        for cell in 0..total {
            if let Some(s) = pb.should_stop(points.len()) {
                stop = Some(s);
                break;
            }
            let mut eps = vec![f64::INFINITY; k];
            let mut c = cell;
            for i in 1..k {
                let idx = c % counts[i - 1];
                c /= counts[i - 1];
                eps[i] = worst[i] - idx as f64 * steps[i] + 1e-9 * worst[i].abs().max(1.0);
            }
            match pb.solve(&w, &eps)? {
                None => {
                    stop = Some(Stop::TimeLimit);
                    break;
                }
                Some(Sub::Infeasible) => {}
                Some(Sub::Optimal { x, mut f }) => {
                    pb.snap(&mut f);
                    points.push((f, x, PointKind::Grid));
                }
            }
        }
        Ok(pb.finish(self.id(), answer, points, stop))
    }
}
