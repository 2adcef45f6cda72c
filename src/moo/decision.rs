//! Decision support on a front: the knee (largest trade-off), the compromise
//! point (closest to the ideal point under a normalized metric) and the
//! pseudo-weights of every point.
//!
//! All three work in normalized min form: objective `i` of a point becomes
//! `n_i = (f_i - ideal_i) / (nadir_i - ideal_i)` (0 = best on the front,
//! 1 = worst; an objective with a zero range gives 0).
//! - **compromise**: argmin of `max_i n_i` (Tchebycheff, the default) or of
//!   `sum_i n_i` (L1); ties go to the smaller L1 distance, then the first point.
//! - **knee**: the point farthest below the hyperplane `sum_i n_i = 1` through
//!   the normalized extremes, i.e. argmax of `1 - sum_i n_i` (for two
//!   objectives, the point of largest distance to the line joining the two
//!   ends of the front: the largest trade-off, Das 1999). `None` for fewer
//!   than 3 points or when no point lies below the hyperplane.
//! - **pseudo-weights** (Deb 2001): `w_i = (1 - n_i) / sum_j (1 - n_j)`: the
//!   relative importance a point implicitly gives each objective.

use serde::Serialize;

use crate::program::Sense;

/// Distance used for the compromise point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// `max_i n_i`.
    #[default]
    Tchebycheff,
    /// `sum_i n_i`.
    L1,
}

impl std::str::FromStr for Metric {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "tchebycheff" => Ok(Metric::Tchebycheff),
            "l1" => Ok(Metric::L1),
            _ => Err(format!("expected tchebycheff or l1, found {s:?}")),
        }
    }
}

/// The decision-support figures of a front.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Index of the knee point.
    pub knee: Option<usize>,
    /// Index of the compromise point.
    pub compromise: Option<usize>,
    /// The metric used for the compromise.
    pub metric: Metric,
    /// Pseudo-weights of every point (rows sum to 1).
    pub pseudo_weights: Vec<Vec<f64>>,
}

/// Normalized min-form values of `points` (values in their own senses).
pub fn normalized(points: &[Vec<f64>], senses: &[Sense]) -> Vec<Vec<f64>> {
    let k = senses.len();
    let minform: Vec<Vec<f64>> = points
        .iter()
        .map(|p| p.iter().zip(senses).map(|(v, s)| -s.sign() * v).collect())
        .collect();
    let best: Vec<f64> = (0..k)
        .map(|i| minform.iter().map(|p| p[i]).fold(f64::INFINITY, f64::min))
        .collect();
    let worst: Vec<f64> = (0..k)
        .map(|i| {
            minform
                .iter()
                .map(|p| p[i])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    minform
        .iter()
        .map(|p| {
            (0..k)
                .map(|i| {
                    let r = worst[i] - best[i];
                    if r > 0.0 {
                        (p[i] - best[i]) / r
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

/// Knee, compromise and pseudo-weights of the points (values in their own senses).
pub fn analyze(points: &[Vec<f64>], senses: &[Sense], metric: Metric) -> Decision {
    let n = normalized(points, senses);
    let l1 = |p: &Vec<f64>| p.iter().sum::<f64>();
    let cheb = |p: &Vec<f64>| p.iter().copied().fold(0.0, f64::max);
    let compromise = (0..n.len()).min_by(|&a, &b| {
        let (ka, kb) = match metric {
            Metric::Tchebycheff => (cheb(&n[a]), cheb(&n[b])),
            Metric::L1 => (l1(&n[a]), l1(&n[b])),
        };
        ka.total_cmp(&kb)
            .then(l1(&n[a]).total_cmp(&l1(&n[b])))
            .then(a.cmp(&b))
    });
    let knee = if n.len() >= 3 {
        (0..n.len())
            .filter(|&i| 1.0 - l1(&n[i]) > 1e-12)
            .max_by(|&a, &b| {
                (1.0 - l1(&n[a]))
                    .total_cmp(&(1.0 - l1(&n[b])))
                    .then(b.cmp(&a))
            })
    } else {
        None
    };
    let pseudo_weights = n
        .iter()
        .map(|p| {
            let s: f64 = p.iter().map(|v| 1.0 - v).sum();
            if s > 0.0 {
                p.iter().map(|v| (1.0 - v) / s).collect()
            } else {
                vec![1.0 / p.len() as f64; p.len()]
            }
        })
        .collect();
    Decision {
        knee,
        compromise,
        metric,
        pseudo_weights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knee_and_compromise_on_a_bent_front() {
        // max stability, min cost: a front with a clear bend at (90, 20).
        let pts = vec![
            vec![0.0, 0.0],
            vec![90.0, 20.0],
            vec![95.0, 60.0],
            vec![100.0, 100.0],
        ];
        let d = analyze(&pts, &[Sense::Max, Sense::Min], Metric::Tchebycheff);
        assert_eq!(d.knee, Some(1));
        assert_eq!(d.compromise, Some(1));
        for w in &d.pseudo_weights {
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        // The end best in stability puts all weight on it.
        assert!((d.pseudo_weights[3][0] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn straight_front_has_no_knee() {
        let pts = vec![vec![0.0, 0.0], vec![1.0, 1.0], vec![2.0, 2.0]];
        let d = analyze(&pts, &[Sense::Max, Sense::Min], Metric::L1);
        assert_eq!(d.knee, None);
        assert!(d.compromise.is_some());
    }
}
