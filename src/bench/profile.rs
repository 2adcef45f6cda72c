//! Aggregate measures of a benchmark: Dolan-Moré performance profiles and
//! shifted geometric means.
//!
//! **Performance profile** (Dolan & Moré, *Benchmarking optimization
//! software with performance profiles*, Math. Programming 91, 2002). For
//! instance `p` and backend `s` with time `t[p][s]` (`None` when `s` did not
//! solve `p`), the performance ratio is
//! `r[p][s] = t[p][s] / min_s' t[p][s']` over the backends that solved `p`,
//! and `+inf` when `s` did not. The profile of `s` is
//! `rho_s(tau) = |{p : r[p][s] <= tau}| / n_p`, a non-decreasing step
//! function from `rho_s(1)` (the share of instances on which `s` was
//! fastest, ties counting for every tied backend) to the share `s` solved at
//! all. Instances no backend solved stay in `n_p`, so no curve reaches 1
//! then. Times are first raised to a floor ([`TIME_FLOOR`]) so that
//! sub-millisecond timer noise does not make large ratios.
//!
//! **Shifted geometric mean** with shift `s`:
//! `sgm = exp(mean(ln(t_i + s))) - s`; Mittelmann's benchmarks use
//! `s = 10` seconds and count every unsolved instance at the time limit.

/// Times below this many seconds count as this (timer and process noise).
pub const TIME_FLOOR: f64 = 1e-3;

/// A performance profile over `n_p` instances.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Number of instances (the denominator of every fraction).
    pub instances: usize,
    /// `ratios[s][p]`: performance ratio of backend `s` on instance `p`
    /// (`f64::INFINITY` when unsolved).
    pub ratios: Vec<Vec<f64>>,
}

impl Profile {
    /// Computes the profile from `times[p][s]` (seconds, `None` = not
    /// solved). Every row must have the same number of backends.
    pub fn new(times: &[Vec<Option<f64>>]) -> Profile {
        let backends = times.first().map_or(0, Vec::len);
        let mut ratios = vec![Vec::with_capacity(times.len()); backends];
        for row in times {
            assert_eq!(row.len(), backends, "one time per backend");
            let floored: Vec<Option<f64>> =
                row.iter().map(|t| t.map(|t| t.max(TIME_FLOOR))).collect();
            let best = floored
                .iter()
                .flatten()
                .copied()
                .fold(f64::INFINITY, f64::min);
            for (s, t) in floored.iter().enumerate() {
                ratios[s].push(match t {
                    Some(t) => t / best,
                    None => f64::INFINITY,
                });
            }
        }
        Profile {
            instances: times.len(),
            ratios,
        }
    }

    /// `rho_s(tau)`: the fraction of instances that backend `s` solved
    /// within a factor `tau` of the best.
    pub fn fraction(&self, s: usize, tau: f64) -> f64 {
        if self.instances == 0 {
            return 0.0;
        }
        // A relative slack so that a ratio computed as 1.0000000000000002
        // still counts at tau = 1.
        let n = self.ratios[s]
            .iter()
            .filter(|&&r| r.is_finite() && r <= tau * (1.0 + 1e-12))
            .count();
        n as f64 / self.instances as f64
    }

    /// The steps of backend `s`'s curve: `(tau, rho_s(tau))` at `tau = 1`
    /// and at every distinct finite ratio, in increasing `tau`.
    pub fn steps(&self, s: usize) -> Vec<(f64, f64)> {
        let mut taus: Vec<f64> = self.ratios[s]
            .iter()
            .copied()
            .filter(|r| r.is_finite())
            .collect();
        taus.push(1.0);
        taus.sort_by(f64::total_cmp);
        taus.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs());
        taus.into_iter()
            .map(|tau| (tau, self.fraction(s, tau)))
            .collect()
    }

    /// The largest finite ratio of any backend (1 when there is none).
    pub fn max_ratio(&self) -> f64 {
        self.ratios
            .iter()
            .flatten()
            .copied()
            .filter(|r| r.is_finite())
            .fold(1.0, f64::max)
    }
}

/// Shifted geometric mean `exp(mean(ln(t + shift))) - shift` (0 for no
/// values).
pub fn shifted_geomean(times: &[f64], shift: f64) -> f64 {
    if times.is_empty() {
        return 0.0;
    }
    let mean = times.iter().map(|t| (t + shift).ln()).sum::<f64>() / times.len() as f64;
    mean.exp() - shift
}

/// The median of `v` (mean of the two middle values for an even count);
/// `None` for no values.
pub fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 {
        s[n / 2]
    } else {
        0.5 * (s[n / 2 - 1] + s[n / 2])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    /// Hand-computed: 4 instances, backends A and B.
    /// p1: A 1 s, B 2 s   -> rA 1,   rB 2
    /// p2: A 4 s, B 1 s   -> rA 4,   rB 1
    /// p3: A 3 s, B 3 s   -> rA 1,   rB 1 (tie: both best)
    /// p4: A fails, B 5 s -> rA inf, rB 1
    #[test]
    fn hand_computed_profile() {
        let t = vec![
            vec![Some(1.0), Some(2.0)],
            vec![Some(4.0), Some(1.0)],
            vec![Some(3.0), Some(3.0)],
            vec![None, Some(5.0)],
        ];
        let p = Profile::new(&t);
        assert_eq!(p.ratios[0][..3], [1.0, 4.0, 1.0]);
        assert!(p.ratios[0][3].is_infinite());
        assert_eq!(p.ratios[1], vec![2.0, 1.0, 1.0, 1.0]);
        // A: fastest on p1 and p3 (tie) -> 2/4 at tau 1; p2 joins at 4; never p4.
        assert!(close(p.fraction(0, 1.0), 0.5));
        assert!(close(p.fraction(0, 3.99), 0.5));
        assert!(close(p.fraction(0, 4.0), 0.75));
        assert!(close(p.fraction(0, 1e9), 0.75));
        // B: best on p2, p3, p4 -> 3/4; p1 joins at 2.
        assert!(close(p.fraction(1, 1.0), 0.75));
        assert!(close(p.fraction(1, 2.0), 1.0));
        assert_eq!(p.steps(0), vec![(1.0, 0.5), (4.0, 0.75)]);
        assert_eq!(p.steps(1), vec![(1.0, 0.75), (2.0, 1.0)]);
        assert!(close(p.max_ratio(), 4.0));
    }

    #[test]
    fn unsolved_by_everyone_stays_in_the_denominator() {
        let t = vec![vec![Some(2.0), None], vec![None, None]];
        let p = Profile::new(&t);
        assert!(close(p.fraction(0, 1.0), 0.5));
        assert!(close(p.fraction(0, f64::MAX), 0.5));
        assert!(close(p.fraction(1, f64::MAX), 0.0));
        assert_eq!(p.steps(1), vec![(1.0, 0.0)]);
    }

    #[test]
    fn tiny_times_are_floored() {
        // 1e-6 s and 5e-4 s are both below the floor: a tie, not a ratio of 500.
        let p = Profile::new(&[vec![Some(1e-6), Some(5e-4)]]);
        assert_eq!(p.ratios, vec![vec![1.0], vec![1.0]]);
        let p = Profile::new(&[vec![Some(1e-6), Some(4e-3)]]);
        assert!(close(p.ratios[1][0], 4.0));
    }

    #[test]
    fn shifted_geomean_matches_hand_values() {
        // shift 10: (1+10)*(100+10) = 1210 -> sqrt 34.785 - 10 = 24.785
        assert!(close(
            shifted_geomean(&[1.0, 100.0], 10.0),
            1210f64.sqrt() - 10.0
        ));
        // shift 0 is the plain geometric mean.
        assert!(close(shifted_geomean(&[2.0, 8.0], 0.0), 4.0));
        // Equal times give that time whatever the shift.
        assert!(close(shifted_geomean(&[3.0, 3.0, 3.0], 1.0), 3.0));
        assert_eq!(shifted_geomean(&[], 10.0), 0.0);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
