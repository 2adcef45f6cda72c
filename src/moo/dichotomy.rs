//! `dichotomy`: the supported extreme points of a front, for LPs and MILPs
//! alike: for 2 objectives the dichotomic scheme of Aneja and Nair (1979),
//! for 3 or more a weight-space decomposition (Przybylski, Gandibleux and
//! Ehrgott 2010).
//!
//! **2 objectives** (min form): start from the lexicographic optima `a`
//! (best `f1`) and `b` (best `f2`). For a pair `a, b` solve
//! `min w1 f1 + w2 f2` with `w1 = a2 - b2`, `w2 = b1 - a1` (the normal of the
//! segment `ab`); a point strictly below the segment is a new extreme point
//! `c`, and the pairs `a, c` and `c, b` are searched in turn; otherwise `ab`
//! is an edge of the lower convex hull. Solves: 4 for the anchors, then one
//! per new point plus one per edge.
//!
//! **3 or more objectives** (min form): the weight set is the simplex
//! `W = {w >= 0, sum w = 1}`. For the found points `S`, `phi_S(w) = min_{s in S} w.s`
//! is concave and piecewise linear; it is linear on each region
//! `W(s) = {w in W : w.s <= w.s' for all s' in S}`, polytopes that tile `W`.
//! Starting from the `p` lexicographic optima, the method takes a vertex
//! `w` of a region that is not yet verified and solves `min w.f`. A value
//! below `phi_S(w)` gives a new point (when `w` has zero weights the point
//! may be only weakly non-dominated, so a second solve,
//! `min sum f  s.t.  f <= that point`, replaces it by a non-dominated one);
//! otherwise `w` is verified. When every vertex is verified, the true
//! `phi_Y` (concave, `<= phi_S`, equal at the vertices of every region)
//! equals `phi_S` on all of `W`, so every extreme supported point, the
//! unique optimum for some `w > 0`, is in `S`. The regions' vertices come
//! from a double-description step (Motzkin et al. 1953, with Fukuda and
//! Prodon's combinatorial adjacency test) that cuts the simplex by
//! `(s - s').w <= 0` for each other point `s'`. This is the dual view of
//! Benson's outer approximation in objective space: the vertices of the
//! regions are the normals of the facets of `conv S + R^p_+`.
//!
//! Every returned point is supported; unsupported points are not found (use
//! `epsilon` for those). Options: the global time limit and `--max-points`.

use super::{Front, FrontMethod, MooProblem, PointKind, Stop, Sub};
use crate::{Error, Result};

/// Weights closer than this (in each component) are the same weight.
const WEIGHT_TOL: f64 = 1e-9;

/// The bi-objective dichotomic (weighted-sum) method.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dichotomy;

impl FrontMethod for Dichotomy {
    fn id(&self) -> &'static str {
        "dichotomy"
    }

    fn run(&self, pb: &mut MooProblem<'_>) -> Result<Front> {
        if pb.k() > 2 {
            return weight_space(pb, self.id());
        }
        if pb.k() != 2 {
            return Err(Error::Usage(format!(
                "dichotomy computes supported points of 2 or more objectives; {} were given",
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
                Some(Sub::Infeasible) if pb.infeasible_program() => {
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

/// The weight-space decomposition for 3 or more objectives.
fn weight_space(pb: &mut MooProblem<'_>, id: &str) -> Result<Front> {
    let p = pb.k();
    let answer = "supported extreme points only (weight-space decomposition); unsupported points \
                  are not searched"
        .to_string();
    let mut points: Vec<(Vec<f64>, Vec<f64>, PointKind)> = Vec::new();
    // The simplex's corners are verified by the lexicographic optima.
    let mut verified: Vec<Vec<f64>> = Vec::new();
    for i in 0..p {
        if let Some(s) = pb.should_stop(points.len()) {
            return Ok(pb.finish(id, answer, points, Some(s)));
        }
        let Some((f, x)) = pb.lex_point(i)? else {
            return Ok(pb.finish(id, answer, points, Some(Stop::TimeLimit)));
        };
        if !points.iter().any(|q| same(&q.0, &f)) {
            points.push((f, x, PointKind::Supported));
        }
        let mut e = vec![0.0; p];
        e[i] = 1.0;
        verified.push(e);
    }
    let mut stop = None;
    'outer: loop {
        let found: Vec<Vec<f64>> = points.iter().map(|q| q.0.clone()).collect();
        let vertices = decomposition_vertices(&found);
        for w in vertices {
            if verified.iter().any(|v| close(v, &w)) {
                continue;
            }
            if let Some(s) = pb.should_stop(points.len()) {
                stop = Some(s);
                break 'outer;
            }
            let level = found
                .iter()
                .map(|s| dot(&w, s))
                .fold(f64::INFINITY, f64::min);
            let Some(sub) = pb.solve(&w, &vec![f64::INFINITY; p])? else {
                stop = Some(Stop::TimeLimit);
                break 'outer;
            };
            let Sub::Optimal { x, mut f } = sub else {
                return Err(Error::Solver {
                    backend: "moo".into(),
                    message: "a weighted subproblem became infeasible".into(),
                });
            };
            pb.snap(&mut f);
            let tol = 1e-9 * level.abs().max(1.0) + 1e-7;
            if dot(&w, &f) >= level - tol {
                verified.push(w);
                continue;
            }
            let (f, x) = if w.iter().any(|&v| v <= 0.0) {
                // Only weakly non-dominated for sure: the best point below it.
                let eps: Vec<f64> = f
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| v + pb.slack(j, v))
                    .collect();
                match pb.solve(&vec![1.0; p], &eps)? {
                    None => {
                        stop = Some(Stop::TimeLimit);
                        break 'outer;
                    }
                    Some(Sub::Optimal { x, mut f }) => {
                        pb.snap(&mut f);
                        (f, x)
                    }
                    Some(Sub::Infeasible) => (f, x),
                }
            } else {
                (f, x)
            };
            if points.iter().any(|q| same(&q.0, &f)) {
                // Cannot happen with exact solves (the value is below every
                // known point's); keep going without looping forever.
                verified.push(w);
                continue;
            }
            points.push((f, x, PointKind::Supported));
            continue 'outer;
        }
        break;
    }
    Ok(pb.finish(id, answer, points, stop))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= WEIGHT_TOL)
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0))
}

/// The distinct vertices of the regions `W(s)` of every point `s` (see the
/// module doc), in a fixed order.
fn decomposition_vertices(points: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = Vec::new();
    for (i, s) in points.iter().enumerate() {
        let others: Vec<&Vec<f64>> = points
            .iter()
            .enumerate()
            .filter(|&(i2, _)| i2 != i)
            .map(|(_, q)| q)
            .collect();
        for w in region_vertices(s, &others) {
            if !out.iter().any(|v| close(v, &w)) {
                out.push(w);
            }
        }
    }
    out
}

/// A vertex of a region with the constraints active at it: `j < p` is
/// `w_j >= 0`, `p + i` is the cut by the `i`-th other point.
struct Vertex {
    w: Vec<f64>,
    active: Vec<usize>,
}

/// The vertices of `{w in simplex : (s - s').w <= 0 for every s' in others}`,
/// by double description: the simplex cut by one half-space at a time; a
/// cut edge is a pair of vertices on either side that share at least
/// `p - 2` active constraints that no third vertex has all of.
fn region_vertices(s: &[f64], others: &[&Vec<f64>]) -> Vec<Vec<f64>> {
    let p = s.len();
    let mut verts: Vec<Vertex> = (0..p)
        .map(|j| {
            let mut w = vec![0.0; p];
            w[j] = 1.0;
            Vertex {
                w,
                active: (0..p).filter(|&i| i != j).collect(),
            }
        })
        .collect();
    for (ci, o) in others.iter().enumerate() {
        let a: Vec<f64> = s.iter().zip(o.iter()).map(|(x, y)| x - y).collect();
        let norm: f64 = a.iter().map(|v| v.abs()).sum();
        if norm == 0.0 {
            continue;
        }
        let id = p + ci;
        let tol = 1e-12 * norm;
        let vals: Vec<f64> = verts.iter().map(|v| dot(&a, &v.w)).collect();
        let mut fresh = Vec::new();
        for i in 0..verts.len() {
            if vals[i] >= -tol {
                continue;
            }
            for j in 0..verts.len() {
                if vals[j] <= tol || !adjacent(&verts, i, j, p) {
                    continue;
                }
                let t = vals[i] / (vals[i] - vals[j]);
                let w: Vec<f64> = verts[i]
                    .w
                    .iter()
                    .zip(&verts[j].w)
                    .map(|(x, y)| x + t * (y - x))
                    .collect();
                let mut active: Vec<usize> = verts[i]
                    .active
                    .iter()
                    .filter(|c| verts[j].active.contains(c))
                    .copied()
                    .collect();
                active.push(id);
                fresh.push(Vertex { w, active });
            }
        }
        let mut kept: Vec<Vertex> = Vec::with_capacity(verts.len() + fresh.len());
        for (v, val) in verts.into_iter().zip(vals) {
            if val <= tol {
                let mut v = v;
                if val >= -tol {
                    v.active.push(id);
                }
                kept.push(v);
            }
        }
        kept.extend(fresh);
        verts = kept;
        if verts.is_empty() {
            break;
        }
    }
    verts.into_iter().map(|v| v.w).collect()
}

/// Fukuda and Prodon's combinatorial test: vertices `i` and `j` span an edge
/// when they share at least `p - 2` active constraints (the simplex has
/// dimension `p - 1`) and no other vertex has all the shared ones.
fn adjacent(verts: &[Vertex], i: usize, j: usize, p: usize) -> bool {
    let common: Vec<usize> = verts[i]
        .active
        .iter()
        .filter(|c| verts[j].active.contains(c))
        .copied()
        .collect();
    if common.len() + 2 < p {
        return false;
    }
    !verts
        .iter()
        .enumerate()
        .any(|(k, v)| k != i && k != j && common.iter().all(|c| v.active.contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_three_points_on_a_plane_meet_at_one_weight() {
        // s1, s2, s3 on the plane f1 + f2 + f3 = 3: every region holds w = (1/3, 1/3, 1/3).
        let pts = vec![
            vec![3.0, 0.0, 0.0],
            vec![0.0, 3.0, 0.0],
            vec![0.0, 0.0, 3.0],
        ];
        let v = decomposition_vertices(&pts);
        assert!(v.iter().any(|w| close(w, &[1.0 / 3.0; 3])));
        // Three triangles meeting at the centre: the corners and the centre.
        assert_eq!(v.len(), 4);
        for w in &v {
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(w.iter().all(|&x| x >= -1e-12));
        }
    }

    #[test]
    fn a_dominated_cut_leaves_the_simplex_whole() {
        // s dominates s' everywhere: the region of s is the whole simplex.
        let s = vec![1.0, 1.0, 1.0, 1.0];
        let o = vec![2.0, 3.0, 2.0, 5.0];
        let v = region_vertices(&s, &[&o]);
        assert_eq!(v.len(), 4);
        // And the region of s' is empty.
        assert!(region_vertices(&o, &[&s]).is_empty());
    }

    #[test]
    fn region_vertices_satisfy_their_cuts_in_four_dimensions() {
        let pts: Vec<Vec<f64>> = vec![
            vec![0.0, 4.0, 4.0, 4.0],
            vec![4.0, 0.0, 4.0, 4.0],
            vec![4.0, 4.0, 0.0, 4.0],
            vec![4.0, 4.0, 4.0, 0.0],
            vec![2.0, 2.0, 2.0, 2.0],
        ];
        for (i, s) in pts.iter().enumerate() {
            let others: Vec<&Vec<f64>> = pts
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != i)
                .map(|(_, q)| q)
                .collect();
            let vs = region_vertices(s, &others);
            assert!(!vs.is_empty(), "every point here is extreme");
            for w in &vs {
                for o in &others {
                    assert!(dot(w, s) <= dot(w, o) + 1e-9);
                }
            }
        }
    }
}
