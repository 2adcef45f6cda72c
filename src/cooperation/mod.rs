//! `accord cooperation`: who contributes what (docs/cooperation.md).
//!
//! The game ([`game`]): `v(S)` is the optimum of the primary objective when
//! only the actors of `S` may fund or staff; outsiders' vetoes stay and
//! relations stay as written. From it: the bloc game (every set of blocs,
//! exact Shapley values, the value of cooperation, superadditivity and the
//! core), and the actors' leave-one-out values, Owen values with the blocs
//! as a priori unions, and Shapley values (exact on small games, sampled
//! with a standard error otherwise).
//!
//! Every value carries the interval it is known to lie in: a coalition
//! stopped by a time limit has `[plan, bound]`, and every value built on it
//! is the interval sum of its terms, marked not exact.

pub mod answer;
pub mod game;
pub mod store;

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use answer::{
    Actors, Blocking, Blocs, Checks, Cooperation, Core, Dividend, NotSuperadditive, Value,
};
pub use game::{Coalition, Game, How, Run, Worth};

/// Options of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Options {
    /// Most coalitions the exact actor values may need (Owen; exact
    /// Shapley of actors when `2^n` fits).
    pub max_coalitions: usize,
    /// Permutations sampled for the actors' Shapley values when exact is
    /// out of reach (0: not computed).
    pub samples: usize,
    /// Seed of the permutations.
    pub seed: u64,
    /// Only the bloc game (no actor values).
    pub blocs_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_coalitions: 5000,
            samples: 20,
            seed: 0,
            blocs_only: false,
        }
    }
}

impl Value {
    /// `sum_j c_j v(S_j)` with interval arithmetic.
    fn combine<'w>(terms: impl IntoIterator<Item = (f64, &'w Worth)>) -> Value {
        let mut v = Some(0.0);
        let mut lo = Some(0.0);
        let mut hi = Some(0.0);
        let mut exact = true;
        for (c, w) in terms {
            if c == 0.0 {
                continue;
            }
            exact &= w.is_exact();
            v = v.zip(w.value).map(|(a, b)| a + c * b);
            let (l, h) = if c > 0.0 { (w.lo, w.hi) } else { (w.hi, w.lo) };
            lo = lo.zip(l).map(|(a, b)| a + c * b);
            hi = hi.zip(h).map(|(a, b)| a + c * b);
        }
        Value {
            value: v,
            lo,
            hi,
            stderr: None,
            exact: exact && v.is_some(),
        }
    }
}

/// One coalition as solved, for coalitions.csv.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoalitionRow {
    /// Actor ids joined by `+` (`-` for the empty coalition).
    pub members: String,
    /// Its worth.
    #[serde(flatten)]
    pub worth: Worth,
}

/// `n! ` as f64.
fn factorial(n: usize) -> f64 {
    (1..=n).map(|k| k as f64).product()
}

/// Shapley weight of a coalition of size `s` in a game of `n` players.
fn weight(s: usize, n: usize) -> f64 {
    factorial(s) * factorial(n - s - 1) / factorial(n)
}

/// The blocs of an instance: vectors with their actors (in vectors order).
pub fn blocs(inst: &crate::domain::Instance) -> Vec<(String, Vec<usize>)> {
    inst.vectors
        .iter()
        .enumerate()
        .map(|(v, id)| {
            (
                id.clone(),
                (0..inst.actors.len())
                    .filter(|&a| inst.actors[a].vector == v)
                    .collect::<Vec<usize>>(),
            )
        })
        .filter(|(_, m)| !m.is_empty())
        .collect()
}

/// The coalition of the blocs in `mask` (bit k: bloc k).
fn of_blocs(mask: usize, blocs: &[(String, Vec<usize>)], n: usize) -> Coalition {
    let mut c = Coalition::empty(n);
    for (k, (_, members)) in blocs.iter().enumerate() {
        if mask >> k & 1 == 1 {
            for &a in members {
                c.insert(a);
            }
        }
    }
    c
}

/// Bloc ids of `mask`, sorted and joined by `+`.
fn key(mask: usize, blocs: &[(String, Vec<usize>)]) -> String {
    let mut ids: Vec<&str> = blocs
        .iter()
        .enumerate()
        .filter(|(k, _)| mask >> k & 1 == 1)
        .map(|(_, (id, _))| id.as_str())
        .collect();
    ids.sort_unstable();
    ids.join("+")
}

/// The coalitions the Owen values need (blocs as unions), each with the
/// coefficient terms per actor: `(actor, weight, with, without)`.
type OwenTerms = Vec<(usize, f64, Coalition, Coalition)>;

fn owen_terms(blocs: &[(String, Vec<usize>)], n: usize) -> OwenTerms {
    let m = blocs.len();
    let mut terms = Vec::new();
    for (k, (_, members)) in blocs.iter().enumerate() {
        let b = members.len();
        for r in 0..(1usize << m) {
            if r >> k & 1 == 1 {
                continue;
            }
            let rs = r.count_ones() as usize;
            let wr = weight(rs, m);
            let base = of_blocs(r, blocs, n);
            for (ii, &i) in members.iter().enumerate() {
                let others: Vec<usize> = (0..b).filter(|&j| j != ii).collect();
                for t in 0..(1usize << others.len()) {
                    let ts = t.count_ones() as usize;
                    let mut without = base.clone();
                    for (bit, &j) in others.iter().enumerate() {
                        if t >> bit & 1 == 1 {
                            without.insert(members[j]);
                        }
                    }
                    let mut with = without.clone();
                    with.insert(i);
                    terms.push((i, wr * weight(ts, b), with, without));
                }
            }
        }
    }
    terms
}

/// What the caller hears while the coalitions are valued.
pub struct Hooks<'h> {
    /// Each coalition as it is valued (from the worker threads).
    pub on_valued: &'h (dyn Fn(&Coalition, &Worth) + Sync),
    /// Once, with the number of coalitions to value.
    pub start: &'h dyn Fn(usize),
    /// As coalitions are valued, with how many more are done.
    pub tick: &'h (dyn Fn(usize) + Sync),
}

/// Everything `accord cooperation` computes, on `game` with `run`.
pub fn analyse(
    model: &str,
    game: &mut Game<'_>,
    inst: &crate::domain::Instance,
    run: &Run<'_>,
    options: &Options,
    hooks: &Hooks<'_>,
) -> crate::Result<Cooperation> {
    let started = std::time::Instant::now();
    let (on_solved, start, tick) = (hooks.on_valued, hooks.start, hooks.tick);
    let n = inst.actors.len();
    let blocs = blocs(inst);
    let m = blocs.len();
    let grand = Coalition::all(n);
    let ids = |a: usize| inst.actors[a].id.clone();

    // Every coalition needed, valued in one pass.
    let mut wanted: Vec<Coalition> = vec![grand.clone()];
    wanted.extend((1..(1usize << m)).map(|mask| of_blocs(mask, &blocs, n)));
    if !options.blocs_only {
        for a in 0..n {
            let mut c = grand.clone();
            c.remove(a);
            wanted.push(c);
        }
    }
    let mut owen: Option<OwenTerms> = None;
    let owen_count: usize = blocs
        .iter()
        .map(|(_, b)| (1usize << (m - 1)).saturating_mul(1usize << b.len().min(60)))
        .fold(0usize, usize::saturating_add);
    let mut owen_note = None;
    if options.blocs_only {
        owen_note = Some("not computed (--blocs-only)".into());
    } else if owen_count <= options.max_coalitions {
        let terms = owen_terms(&blocs, n);
        for (_, _, with, without) in &terms {
            wanted.push(with.clone());
            wanted.push(without.clone());
        }
        owen = Some(terms);
    } else {
        owen_note = Some(format!(
            "the exact Owen values need {owen_count} coalitions, more than --max-coalitions {}",
            options.max_coalitions
        ));
    }
    let exact_shapley = !options.blocs_only && n < 63 && (1usize << n) <= options.max_coalitions;
    let samples = if options.blocs_only {
        0
    } else {
        options.samples
    };
    let mut perms: Vec<Vec<usize>> = Vec::new();
    if exact_shapley {
        wanted.extend((0..(1usize << n)).map(|mask| {
            let mut c = Coalition::empty(n);
            for a in 0..n {
                if mask >> a & 1 == 1 {
                    c.insert(a);
                }
            }
            c
        }));
    } else if samples > 0 {
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
        for _ in 0..samples {
            let mut p: Vec<usize> = (0..n).collect();
            p.shuffle(&mut rng);
            let mut c = Coalition::empty(n);
            for &a in &p {
                c.insert(a);
                wanted.push(c.clone());
            }
            perms.push(p);
        }
    }
    wanted.sort();
    wanted.dedup();
    wanted.retain(|c| !game.worth.contains_key(c));
    start(wanted.len());
    game.evaluate(&wanted, run, on_solved, tick)?;
    let w = |c: &Coalition| {
        game.worth
            .get(c)
            .expect("every coalition needed was valued")
    };
    let none = Worth {
        value: None,
        lo: None,
        hi: None,
        status: crate::backend::Status::Infeasible,
        seconds: 0.0,
        violation: 0.0,
        how: How::Empty,
    };
    let empty = game
        .worth
        .get(&Coalition::empty(n))
        .cloned()
        .unwrap_or(none);
    let we = |c: &Coalition| if c.is_empty() { &empty } else { w(c) };
    let grand_value = Value::combine([(1.0, w(&grand))]);

    // The bloc game.
    let bv = |mask: usize| we(&of_blocs(mask, &blocs, n)).clone();
    let full = (1usize << m) - 1;
    let mut values = BTreeMap::new();
    for mask in 1..=full {
        values.insert(key(mask, &blocs), Value::combine([(1.0, &bv(mask))]));
    }
    let mut alone = BTreeMap::new();
    let mut marginal = BTreeMap::new();
    let mut shapley = BTreeMap::new();
    for (k, (id, _)) in blocs.iter().enumerate() {
        let bit = 1usize << k;
        alone.insert(id.clone(), Value::combine([(1.0, &bv(bit))]));
        marginal.insert(
            id.clone(),
            Value::combine([(1.0, &bv(full)), (-1.0, &bv(full & !bit))]),
        );
        let worths: Vec<(f64, Worth, Worth)> = (0..=full)
            .filter(|s| s & bit == 0)
            .map(|s| (weight(s.count_ones() as usize, m), bv(s | bit), bv(s)))
            .collect();
        shapley.insert(
            id.clone(),
            Value::combine(
                worths
                    .iter()
                    .flat_map(|(wt, with, without)| [(*wt, with), (-*wt, without)]),
            ),
        );
    }
    let mut not_superadditive = Vec::new();
    let mut superadditive = Some(true);
    for a in 1..=full {
        for b in (a + 1)..=full {
            if a & b != 0 {
                continue;
            }
            match (bv(a | b).value, bv(a).value, bv(b).value) {
                (Some(t), Some(x), Some(y)) => {
                    if t < x + y - 1e-6 * (x + y).abs().max(1.0) {
                        superadditive = Some(false);
                        not_superadditive.push(NotSuperadditive {
                            a: key(a, &blocs),
                            b: key(b, &blocs),
                            together: t,
                            apart: x + y,
                        });
                    }
                }
                _ => superadditive = None,
            }
        }
    }
    not_superadditive.sort_by(|p, q| (q.apart - q.together).total_cmp(&(p.apart - p.together)));
    not_superadditive.truncate(10);
    let bloc_ids: Vec<String> = {
        let mut v: Vec<String> = blocs.iter().map(|(id, _)| id.clone()).collect();
        v.sort();
        v
    };
    let members = blocs
        .iter()
        .map(|(id, ms)| (id.clone(), ms.iter().map(|&a| ids(a)).collect()))
        .collect();

    // The core of the bloc game under the Shapley split.
    let phi: Vec<Option<f64>> = blocs.iter().map(|(id, _)| shapley[id].value).collect();
    let mut blocking = Vec::new();
    let mut in_core = Some(true);
    for mask in 1..=full {
        let split: Option<f64> = (0..m).filter(|k| mask >> k & 1 == 1).map(|k| phi[k]).sum();
        match (split, bv(mask).value) {
            (Some(x), Some(v)) => {
                if x < v - 1e-6 * v.abs().max(1.0) {
                    in_core = Some(false);
                    blocking.push(Blocking {
                        coalition: key(mask, &blocs),
                        value: v,
                        shapley: x,
                    });
                }
            }
            _ => in_core = None,
        }
    }
    blocking.sort_by(|p, q| (q.value - q.shapley).total_cmp(&(p.value - p.shapley)));

    // Dividend.
    let sum_alone: Option<f64> = alone.values().map(|v| v.value).sum();
    let best_alone = alone
        .iter()
        .filter_map(|(id, v)| v.value.map(|x| (id.clone(), x)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let g = grand_value.value;
    let dividend = Dividend {
        grand: g,
        sum_alone,
        over_sum: g.zip(sum_alone).map(|(a, b)| a - b),
        over_best: g.zip(best_alone.as_ref()).map(|(a, b)| a - b.1),
        best_alone,
    };

    // Actors.
    let mut leave_one_out = BTreeMap::new();
    for a in (0..n).filter(|_| !options.blocs_only) {
        let mut c = grand.clone();
        c.remove(a);
        leave_one_out.insert(ids(a), Value::combine([(1.0, w(&grand)), (-1.0, we(&c))]));
    }
    let mut owen_values = BTreeMap::new();
    if let Some(terms) = &owen {
        for a in 0..n {
            owen_values.insert(
                ids(a),
                Value::combine(
                    terms
                        .iter()
                        .filter(|t| t.0 == a)
                        .flat_map(|(_, wt, with, without)| [(*wt, we(with)), (-*wt, we(without))]),
                ),
            );
        }
    }
    let mut actor_shapley = BTreeMap::new();
    let shapley_method;
    if exact_shapley {
        shapley_method = "exact".to_string();
        for a in 0..n {
            let mut terms = Vec::new();
            for mask in 0..(1usize << n) {
                if mask >> a & 1 == 1 {
                    continue;
                }
                let mut c = Coalition::empty(n);
                for b in 0..n {
                    if mask >> b & 1 == 1 {
                        c.insert(b);
                    }
                }
                let mut with = c.clone();
                with.insert(a);
                let wt = weight(mask.count_ones() as usize, n);
                terms.push((wt, we(&with)));
                terms.push((-wt, we(&c)));
            }
            actor_shapley.insert(ids(a), Value::combine(terms));
        }
    } else if !perms.is_empty() {
        shapley_method = format!(
            "sampled: {} random orders (seed {}), stderr = sample standard deviation / sqrt(orders)",
            perms.len(),
            options.seed
        );
        let k = perms.len() as f64;
        let mut marg: Vec<Vec<Value>> = vec![Vec::new(); n];
        for p in &perms {
            let mut c = Coalition::empty(n);
            for &a in p {
                let mut with = c.clone();
                with.insert(a);
                marg[a].push(Value::combine([(1.0, we(&with)), (-1.0, we(&c))]));
                c = with;
            }
        }
        for (a, ms) in marg.iter().enumerate() {
            let mean = |f: &dyn Fn(&Value) -> Option<f64>| -> Option<f64> {
                ms.iter().map(f).sum::<Option<f64>>().map(|s| s / k)
            };
            let value = mean(&|v| v.value);
            let stderr = value.and_then(|mu| {
                let ss: Option<f64> = ms.iter().map(|v| v.value.map(|x| (x - mu).powi(2))).sum();
                ss.map(|ss| {
                    if k > 1.0 {
                        (ss / (k - 1.0)).sqrt() / k.sqrt()
                    } else {
                        f64::INFINITY
                    }
                })
            });
            actor_shapley.insert(
                ids(a),
                Value {
                    value,
                    lo: mean(&|v| v.lo),
                    hi: mean(&|v| v.hi),
                    stderr,
                    exact: false,
                },
            );
        }
    } else if options.blocs_only {
        shapley_method = "not computed (--blocs-only)".to_string();
    } else {
        shapley_method = "not computed (--samples 0)".to_string();
    }

    let sum = |m: &BTreeMap<String, Value>| -> Option<f64> {
        if m.is_empty() {
            None
        } else {
            m.values().map(|v| v.value).sum()
        }
    };
    let quotient = if owen_values.is_empty() {
        None
    } else {
        blocs
            .iter()
            .map(|(id, ms)| {
                let s: Option<f64> = ms.iter().map(|&a| owen_values[&ids(a)].value).sum();
                s.zip(shapley[id].value).map(|(s, x)| (s - x).abs())
            })
            .try_fold(0.0f64, |acc, d| d.map(|d| acc.max(d)))
    };
    let v0 = empty.value;
    let efficiency =
        |m: &BTreeMap<String, Value>| sum(m).zip(g).zip(v0).map(|((s, g), v0)| s - (g - v0));
    let checks = Checks {
        bloc_efficiency: efficiency(&shapley),
        owen_efficiency: efficiency(&owen_values),
        quotient,
        actor_efficiency: efficiency(&actor_shapley),
    };
    let mut shortcuts = BTreeMap::new();
    for w in game.worth.values() {
        if w.how != How::Solve {
            *shortcuts
                .entry(
                    serde_json::to_value(w.how)
                        .expect("how serializes")
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                )
                .or_insert(0) += 1;
        }
    }
    Ok(Cooperation {
        model: model.to_string(),
        objective: game.objective_name().to_string(),
        grand: grand_value,
        blocs: Blocs {
            ids: bloc_ids,
            members,
            values,
            alone,
            marginal,
            shapley,
            superadditive,
            not_superadditive,
        },
        actors: Actors {
            leave_one_out,
            owen: owen_values,
            owen_note,
            shapley: actor_shapley,
            shapley_method,
        },
        cooperation_dividend: dividend,
        core: Core { in_core, blocking },
        checks,
        coalitions: game.worth.len(),
        solves: game.solves,
        shortcuts,
        solver_seconds: game.solver_seconds,
        seconds: started.elapsed().as_secs_f64(),
        backend: run.backend.id().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapley_weights_sum_to_one() {
        for n in 1..8 {
            let total: f64 = (0..n)
                .map(|s| {
                    let count = factorial(n - 1) / (factorial(s) * factorial(n - 1 - s));
                    count * weight(s, n)
                })
                .sum();
            assert!((total - 1.0).abs() < 1e-12, "n = {n}");
        }
    }

    #[test]
    fn coalitions_are_sets() {
        let mut c = Coalition::empty(70);
        c.insert(3);
        c.insert(65);
        assert!(c.contains(65) && c.contains(3) && !c.contains(4));
        assert_eq!(c.len(), 2);
        assert_eq!(c.members(70), vec![3, 65]);
        let all = Coalition::all(70);
        assert!(c.is_subset(&all) && !all.is_subset(&c));
        c.remove(3);
        assert_eq!(c.len(), 1);
    }
}
