//! `tamby`: the exact front of 3 or more objectives whose values lie on
//! lattices (integer-valued up to a unit): every non-dominated point and no
//! dominated one, by search zones of local upper bounds, one subproblem per
//! zone, and reuse of every earlier subproblem to skip zones without a solve.
//! The `epsilon` method hands 3+ objectives to it.
//!
//! # Math (min form, `p >= 3` objectives, lattice units `u_1..u_p`)
//!
//! Values are handled as integer lattice indices `n_j = (f_j - c_j) / u_j`,
//! so every comparison below is exact.
//!
//! **Search region.** For the set `N` of points found so far, the region
//! where new non-dominated points can lie, `{y : no z in N has z <= y}`, is
//! the union of the *search zones* `C(v) = {y : y < v}` of its local upper
//! bounds `v in U(N)` (Klamroth, Lacour and Vanderpooten 2015). Start:
//! `U = {(+inf, ..., +inf)}`. Adding a point `z`: every `v` with `z < v`
//! is replaced by its children `(z_j, v_-j)` for `j = 1..p`, and children
//! contained in another zone are dropped (their redundancy filter, applied
//! to the unaffected zones too, which matters when values tie).
//!
//! **Subproblem.** `P(k, b)`: `min f_k + l sum_{j != k} f_j` subject to
//! `f_j <= b_j` (`j != k`), with `0 < l R < u_k`, `R` an upper bound on the
//! range of `sum_{j != k} f_j` in the box (from `b`, the ideal point and the
//! columns' bounds). A change of one unit in `f_k` then outweighs any change
//! of the sum, so the optimum `z` is the lexicographic minimum (`f_k`, then
//! the sum) over the box, and it is non-dominated (every weight is
//! positive). When `R` is unbounded, or so large that the solver's
//! tolerances could blur the order, the same answer is found by two solves
//! (`min f_k`, then the sum with `f_k` fixed). Every solve leaves a
//! *record* `(k, b, z_k)`: no feasible point has `y_j <= b_j` for all
//! `j != k` and `y_k < z_k` (`z_k = +inf` when the box is empty).
//!
//! **Skipping.** A zone `C(v)` is empty, and is dropped without a solve, as
//! soon as one record satisfies `v_j - 1 <= b_j` (`j != k`) and `v_k <= z_k`:
//! any point of the zone would lie in the record's box with `y_k < z_k`. This
//! one test covers the cases of Tamby and Vanderpooten (2021, Prop. 4-5: the
//! zone's defining point for `k` came from a larger box), zones below the
//! ideal point (the anchors' records), and the child `(z_k, v_-k)` of the
//! zone whose solve found `z` (it is empty at once). Because the test only
//! uses proven facts, skipping never loses a point.
//!
//! **Choice of zone and objective.** For each `k`, the candidate is the zone
//! whose projection `v_-k` is lexicographically largest: no other zone
//! contains its projection, so when the solve finds a point `z` the child
//! `(z_k, v_-k)` is a zone of the final front and is the one certified by the
//! record (with another zone it can be a redundant child, and a zone of the
//! final front would need a solve of its own). Among the `p` candidates the
//! one whose record, if the box holds no new point, would drop the most
//! zones is solved (ties: the lowest `k`).
//!
//! # Solves
//! `p` anchors (the lexicographic minima of each objective, which also give
//! the ideal point), then one solve per zone that is not skipped; each
//! either finds a new point or certifies at least one zone of the final
//! front empty. In general position a record certifies at most one zone of
//! the final front and there are `|U(Y_N)| = 2|Y_N| + 1` of them at `p = 3`,
//! so about 2 solves per point is the floor for any method built on such
//! box subproblems; with ties (assignment problems) fewer zones remain and
//! the count drops (about 1.65 per point on the Kirlik-Sayin assignment
//! instances with 10 jobs).
//!
//! # Problems and options
//! MILPs (and pure integer programs) whose objectives all have a lattice
//! unit (every term on an integer column, decimal coefficients); others are
//! refused (their front may be continuous: use `dichotomy` or `grid`).
//! Options: the global time limit and `--max-points` (a partial front with
//! the points found so far), the solver options of each subproblem with the
//! gap forced to 0.
//!
//! # References
//! - S. Tamby, D. Vanderpooten (2021), Enumeration of the nondominated set of
//!   multiobjective discrete optimization problems, INFORMS J. Computing
//!   33(1) 72-85 (zones, choice of `k`, reuse of subproblems).
//! - K. Klamroth, R. Lacour, D. Vanderpooten (2015), On the representation of
//!   the search region in multi-objective optimization, EJOR 245(3) 767-778
//!   (local upper bounds and their update).
//! - G. Mavrotas (2009), AUGMECON, for the augmented single solve.

use super::{Front, FrontMethod, MooProblem, PointKind, Stop, Sub};
use crate::{Error, Result};

/// An index that stands for `+inf` (no bound).
const INF: i64 = i64::MAX;

/// The exact method for 3 or more objectives (local upper bounds, one
/// augmented solve per search zone).
#[derive(Debug, Clone, Copy, Default)]
pub struct Tamby;

impl FrontMethod for Tamby {
    fn id(&self) -> &'static str {
        "tamby"
    }

    fn run(&self, pb: &mut MooProblem<'_>) -> Result<Front> {
        run(pb, self.id())
    }
}

/// A proven fact: no feasible `y` has `y_j <= b[j]` for all `j != k` and
/// `y_k < zk` (lattice indices; `INF` = no bound / empty box).
struct Record {
    k: usize,
    b: Vec<i64>,
    zk: i64,
}

impl Record {
    /// True when the record proves the zone `{y < v}` empty.
    fn covers(&self, v: &[i64]) -> bool {
        v[self.k] <= self.zk
            && v.iter().enumerate().all(|(j, &vj)| {
                j == self.k || self.b[j] == INF || (vj != INF && vj - 1 <= self.b[j])
            })
    }
}

/// A local upper bound and how many records it was already tested against.
struct Zone {
    v: Vec<i64>,
    checked: usize,
}

/// Lattice coordinates of the objectives (min form): `f = c + n u`.
struct Lattice {
    c: Vec<f64>,
    u: Vec<f64>,
}

impl Lattice {
    fn value(&self, j: usize, n: i64) -> f64 {
        self.c[j] + n as f64 * self.u[j]
    }

    /// The epsilon-row bound that admits index `n` and excludes `n + 1`.
    fn bound(&self, j: usize, n: i64) -> f64 {
        if n == INF {
            f64::INFINITY
        } else {
            self.c[j] + (n as f64 + 0.5) * self.u[j]
        }
    }

    /// The index of a value already snapped ([`MooProblem::snap`]); an
    /// error when it is off the lattice.
    fn index(&self, j: usize, f: f64) -> Result<i64> {
        let t = (f - self.c[j]) / self.u[j];
        let n = t.round();
        if (t - n).abs() > 1e-6 || n.abs() > 1e15 {
            return Err(Error::Solver {
                backend: "moo".into(),
                message: format!(
                    "objective {} = {f} is not on its lattice {} + {} Z",
                    j + 1,
                    self.c[j],
                    self.u[j]
                ),
            });
        }
        Ok(n as i64)
    }
}

/// What one lexicographic subproblem gave.
enum Lex {
    Stopped,
    Empty,
    Point(Vec<i64>, Vec<f64>),
}

/// The bounds `[lo, hi]` of each objective (min form) over the columns' box.
fn column_bounds(pb: &MooProblem<'_>) -> Vec<(f64, f64)> {
    pb.min_objectives
        .iter()
        .map(|o| {
            let (mut lo, mut hi) = (o.constant, o.constant);
            for &(j, v) in &o.terms {
                let (a, b) = (v * pb.program.col_lower[j], v * pb.program.col_upper[j]);
                let (a, b) = (
                    if a.is_nan() { 0.0 } else { a },
                    if b.is_nan() { 0.0 } else { b },
                );
                lo += a.min(b);
                hi += a.max(b);
            }
            (lo, hi)
        })
        .collect()
}

struct Solver<'p, 'a> {
    pb: &'p mut MooProblem<'a>,
    lat: Lattice,
    cols: Vec<(f64, f64)>,
    ideal: Vec<Option<i64>>,
}

impl Solver<'_, '_> {
    /// The lexicographic minimum of `f_k` then `sum_{j != k} f_j` over
    /// `{f_j <= b_j, j != k}` (indices).
    fn lex(&mut self, k: usize, b: &[i64]) -> Result<Lex> {
        let p = self.pb.k();
        let mut eps: Vec<f64> = (0..p).map(|j| self.lat.bound(j, b[j])).collect();
        eps[k] = f64::INFINITY;
        // Range of the sum of the other objectives inside the box.
        let mut range = 0.0;
        for j in (0..p).filter(|&j| j != k) {
            let hi = eps[j].min(self.cols[j].1);
            let lo = match self.ideal[j] {
                Some(n) => self.lat.value(j, n),
                None => self.cols[j].0,
            };
            range += (hi - lo).max(0.0);
        }
        let uk = self.lat.u[k];
        let scale = 1.0 + self.cols[k].0.abs().max(self.cols[k].1.abs()).min(1e300);
        let l = uk / (range + uk);
        let single = range.is_finite() && uk * uk / (range + uk) > 1e-9 * scale;
        let sub = if single {
            let mut w = vec![l; p];
            w[k] = 1.0;
            self.pb.solve(&w, &eps)?
        } else {
            let mut w = vec![0.0; p];
            w[k] = 1.0;
            match self.pb.solve(&w, &eps)? {
                Some(Sub::Optimal { mut f, .. }) => {
                    self.pb.snap(&mut f);
                    let zk = self.lat.index(k, f[k])?;
                    let mut w = vec![1.0; p];
                    w[k] = 0.0;
                    eps[k] = self.lat.bound(k, zk);
                    self.pb.solve(&w, &eps)?
                }
                other => other,
            }
        };
        Ok(match sub {
            None => Lex::Stopped,
            Some(Sub::Infeasible) => Lex::Empty,
            Some(Sub::Optimal { x, mut f }) => {
                self.pb.snap(&mut f);
                let z = (0..p)
                    .map(|j| self.lat.index(j, f[j]))
                    .collect::<Result<Vec<_>>>()?;
                Lex::Point(z, x)
            }
        })
    }
}

/// Replaces the zones that contain `z` by their non-redundant children.
fn insert(zones: &mut Vec<Zone>, z: &[i64]) {
    let p = z.len();
    let mut children: Vec<Vec<i64>> = Vec::new();
    zones.retain(|zone| {
        if zone.v.iter().zip(z).all(|(&v, &zj)| zj < v) {
            for j in 0..p {
                let mut c = zone.v.clone();
                c[j] = z[j];
                children.push(c);
            }
            false
        } else {
            true
        }
    });
    children.sort();
    children.dedup();
    let below = |c: &[i64], d: &[i64]| c.iter().zip(d).all(|(a, b)| a <= b);
    let kept = zones.len();
    for (i, c) in children.iter().enumerate() {
        // Contained in another child, or (with ties) in a zone that `z` left alone.
        let redundant = children
            .iter()
            .enumerate()
            .any(|(i2, d)| i2 != i && below(c, d))
            || zones[..kept].iter().any(|zone| below(c, &zone.v));
        if !redundant {
            zones.push(Zone {
                v: c.clone(),
                checked: 0,
            });
        }
    }
}

/// The next zone and objective to solve: for each `k` the zone with the
/// lexicographically largest projection `v_-k`, scored by how many zones its
/// record would drop if the box held no new point.
fn choose(zones: &[Zone], found: &[Vec<i64>], p: usize) -> (usize, usize) {
    let mut best: Option<(usize, usize, usize)> = None; // (score, zone, k)
    for k in 0..p {
        let proj = |v: &[i64]| -> Vec<i64> {
            (0..p).filter(|&j| j != k).map(|j| v[j]).collect::<Vec<_>>()
        };
        let (zi, _) = zones
            .iter()
            .enumerate()
            .map(|(i, z)| (i, proj(&z.v)))
            .max_by(|a, b| a.1.cmp(&b.1))
            .expect("at least one zone");
        let v = &zones[zi].v;
        let inside = |y: &[i64]| (0..p).all(|j| j == k || v[j] == INF || y[j] < v[j]);
        let m = found
            .iter()
            .filter(|z| inside(z))
            .map(|z| z[k])
            .min()
            .unwrap_or(INF);
        let score = zones
            .iter()
            .filter(|w| w.v[k] <= m && (0..p).all(|j| j == k || w.v[j] <= v[j]))
            .count();
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, zi, k));
        }
    }
    let (_, zi, k) = best.expect("p >= 1");
    (zi, k)
}

/// Runs the method and reports it under `id`.
pub(crate) fn run(pb: &mut MooProblem<'_>, id: &str) -> Result<Front> {
    let p = pb.k();
    let u = pb.exact_units()?;
    pb.options.solve.mip_gap = 0.0;
    let lat = Lattice {
        c: pb.min_objectives.iter().map(|o| o.constant).collect(),
        u,
    };
    let answer = format!(
        "exact: every non-dominated point (objective values on lattices of {})",
        lat.u
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let cols = column_bounds(pb);
    let mut s = Solver {
        pb,
        lat,
        cols,
        ideal: vec![None; p],
    };
    let mut found: Vec<Vec<i64>> = Vec::new();
    let mut points: Vec<(Vec<f64>, Vec<f64>, PointKind)> = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    let mut zones = vec![Zone {
        v: vec![INF; p],
        checked: 0,
    }];
    let mut stop = None;

    // Anchors: the lexicographic minimum of each objective (the ideal point).
    for k in 0..p {
        if let Some(st) = s.pb.should_stop(points.len()) {
            stop = Some(st);
            break;
        }
        match s.lex(k, &vec![INF; p])? {
            Lex::Stopped => {
                stop = Some(Stop::TimeLimit);
                break;
            }
            Lex::Empty if s.pb.infeasible_program() => {
                stop = Some(Stop::TimeLimit);
                break;
            }
            Lex::Empty => {
                return Err(Error::Solver {
                    backend: "moo".into(),
                    message: "an anchor subproblem became infeasible".into(),
                })
            }
            Lex::Point(z, x) => {
                s.ideal[k] = Some(z[k]);
                records.push(Record {
                    k,
                    b: vec![INF; p],
                    zk: z[k],
                });
                if !found.contains(&z) {
                    insert(&mut zones, &z);
                    points.push((value(&s.lat, &z), x, PointKind::Supported));
                    found.push(z);
                }
            }
        }
    }

    // Zones, until every one is proven empty.
    while stop.is_none() {
        zones.retain_mut(|zone| {
            let covered = records[zone.checked..].iter().any(|r| r.covers(&zone.v));
            zone.checked = records.len();
            !covered
        });
        if zones.is_empty() {
            break;
        }
        if let Some(st) = s.pb.should_stop(points.len()) {
            stop = Some(st);
            break;
        }
        let (zi, k) = choose(&zones, &found, p);
        let mut b: Vec<i64> = zones[zi]
            .v
            .iter()
            .map(|&v| if v == INF { INF } else { v - 1 })
            .collect();
        b[k] = INF;
        match s.lex(k, &b)? {
            Lex::Stopped => stop = Some(Stop::TimeLimit),
            Lex::Empty => records.push(Record { k, b, zk: INF }),
            Lex::Point(z, x) => {
                records.push(Record { k, b, zk: z[k] });
                if !found.contains(&z) {
                    insert(&mut zones, &z);
                    points.push((value(&s.lat, &z), x, PointKind::Unsupported));
                    found.push(z);
                }
            }
        }
    }
    Ok(s.pb.finish(id, answer, points, stop))
}

/// Min-form objective values of lattice indices.
fn value(lat: &Lattice, z: &[i64]) -> Vec<f64> {
    z.iter()
        .enumerate()
        .map(|(j, &n)| lat.value(j, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones_of(points: &[Vec<i64>], p: usize) -> Vec<Vec<i64>> {
        let mut zones = vec![Zone {
            v: vec![INF; p],
            checked: 0,
        }];
        for z in points {
            insert(&mut zones, z);
        }
        let mut v: Vec<Vec<i64>> = zones.into_iter().map(|z| z.v).collect();
        v.sort();
        v
    }

    #[test]
    fn local_upper_bounds_of_two_points() {
        // Bi-objective: the zones are the staircase corners.
        let v = zones_of(&[vec![1, 3], vec![2, 1]], 2);
        assert_eq!(v, vec![vec![1, INF], vec![2, 3], vec![INF, 1]]);
    }

    #[test]
    fn zones_cover_exactly_the_search_region() {
        // Every lattice point of a small cube is in some zone iff no point
        // weakly dominates it, and the zones form an antichain.
        let pts = vec![
            vec![0, 3, 2],
            vec![1, 1, 3],
            vec![2, 2, 0],
            vec![3, 0, 3],
            vec![1, 2, 2],
            vec![2, 1, 1],
        ];
        let v = zones_of(&pts, 3);
        for a in 0..5 {
            for b in 0..5 {
                for c in 0..5 {
                    let y = [a, b, c];
                    let free = !pts
                        .iter()
                        .any(|z| z.iter().zip(&y).all(|(zj, yj)| zj <= yj));
                    let in_zone = v.iter().any(|u| u.iter().zip(&y).all(|(uj, yj)| yj < uj));
                    assert_eq!(free, in_zone, "{y:?}");
                }
            }
        }
        for a in &v {
            for b in &v {
                assert!(a == b || !a.iter().zip(b).all(|(x, y)| x <= y));
            }
        }
    }

    #[test]
    fn a_record_covers_the_zones_below_it() {
        let r = Record {
            k: 0,
            b: vec![INF, 4, INF],
            zk: 7,
        };
        assert!(r.covers(&[7, 5, INF]));
        assert!(r.covers(&[3, 2, 9]));
        assert!(!r.covers(&[8, 5, INF]));
        assert!(!r.covers(&[7, 6, INF]));
        assert!(!r.covers(&[7, INF, 1]));
    }
}
