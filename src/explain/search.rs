//! Minimal conflicts by QuickXplain, over any set of elements whose
//! feasibility an [`Oracle`] decides, and minimum hitting sets for repairs.
//!
//! QuickXplain (U. Junker, "QUICKXPLAIN: preferred explanations and
//! relaxations for over-constrained problems", AAAI 2004) finds a minimal
//! subset `C` of the elements `U` such that `C` alone is infeasible, with
//! `O(k log(n / k))` feasibility checks for a conflict of `k` of `n`
//! elements (a deletion filter needs `n`). Each check here is a solve of the
//! program with exactly the kept elements in force. A check that ends at a
//! time limit counts as feasible (nothing is proven infeasible), so the set
//! returned may be too small to be infeasible: [`verify`] then says so, and
//! says which members were proven necessary (dropping them gave a feasible
//! plan, which the oracle checked like every solution).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::Result;

/// What a feasibility check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feasibility {
    /// A plan exists (and passed the checker).
    Feasible,
    /// Proven infeasible.
    Infeasible,
    /// Not decided (time limit).
    Unknown,
}

/// Decides whether the elements `kept` (indices into the universe, sorted)
/// can hold together, every other element dropped.
pub trait Oracle: Sync {
    /// The check.
    fn check(&self, kept: &[usize]) -> Result<Feasibility>;
}

/// An oracle with a cache and a count of the checks actually made.
pub struct Counted<'o> {
    oracle: &'o dyn Oracle,
    cache: Mutex<HashMap<Vec<usize>, Feasibility>>,
    /// Checks made (cache misses).
    pub checks: std::sync::atomic::AtomicUsize,
    /// Checks that decided nothing (time limit, solver failure, a witness
    /// that failed the check).
    pub undecided: std::sync::atomic::AtomicUsize,
}

impl<'o> Counted<'o> {
    /// Wraps `oracle`.
    pub fn new(oracle: &'o dyn Oracle) -> Self {
        Counted {
            oracle,
            cache: Mutex::new(HashMap::new()),
            checks: 0.into(),
            undecided: 0.into(),
        }
    }

    /// The checks made so far.
    pub fn count(&self) -> usize {
        self.checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The checks that decided nothing.
    pub fn undecided(&self) -> usize {
        self.undecided.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A note for the reader when some checks decided nothing.
    pub fn note(&self) -> Option<String> {
        let n = self.undecided();
        (n > 0).then(|| {
            format!(
                "{n} of {} feasibility checks decided nothing (time limit, a solver failure, \
                 or a plan that failed the check): what they would have shown is not claimed",
                self.count()
            )
        })
    }

    /// Records what another solve proved about `kept` (no check is made).
    pub fn record(&self, kept: &[usize], f: Feasibility) {
        let mut key = kept.to_vec();
        key.sort_unstable();
        key.dedup();
        self.cache.lock().expect("cache").insert(key, f);
    }

    /// Feasibility of `kept` (any order), from the cache when known.
    pub fn check(&self, kept: &[usize]) -> Result<Feasibility> {
        let mut key = kept.to_vec();
        key.sort_unstable();
        key.dedup();
        if let Some(f) = self.cache.lock().expect("cache").get(&key) {
            return Ok(*f);
        }
        let f = self.oracle.check(&key)?;
        self.checks
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if f == Feasibility::Unknown {
            self.undecided
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        self.cache.lock().expect("cache").insert(key, f);
        Ok(f)
    }
}

/// A minimal conflict among `candidates`, with `background` always kept;
/// `None` when `background` and all candidates together are not proven
/// infeasible. Candidates earlier in the list are preferred in the
/// conflict (QuickXplain's order).
pub fn quickxplain(
    oracle: &Counted<'_>,
    background: &[usize],
    candidates: &[usize],
) -> Result<Option<Vec<usize>>> {
    let all: Vec<usize> = background.iter().chain(candidates).copied().collect();
    if oracle.check(&all)? != Feasibility::Infeasible {
        return Ok(None);
    }
    if oracle.check(background)? == Feasibility::Infeasible {
        return Ok(Some(Vec::new()));
    }
    qx(oracle, background, false, candidates).map(Some)
}

fn qx(o: &Counted<'_>, b: &[usize], has_delta: bool, c: &[usize]) -> Result<Vec<usize>> {
    if has_delta && o.check(b)? == Feasibility::Infeasible {
        return Ok(Vec::new());
    }
    if c.len() == 1 {
        return Ok(c.to_vec());
    }
    let (c1, c2) = c.split_at(c.len() / 2);
    let b1: Vec<usize> = b.iter().chain(c1).copied().collect();
    let d2 = qx(o, &b1, !c1.is_empty(), c2)?;
    let b2: Vec<usize> = b.iter().chain(&d2).copied().collect();
    let d1 = qx(o, &b2, !d2.is_empty(), c1)?;
    Ok(d1.into_iter().chain(d2).collect())
}

/// What a re-check of a conflict proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The conflict (with the background) is proven infeasible.
    pub infeasible: bool,
    /// For each member: dropping it gave a checked feasible plan.
    pub necessary: Vec<bool>,
}

impl Verified {
    /// Infeasible and every member proven necessary.
    pub fn proven(&self) -> bool {
        self.infeasible && self.necessary.iter().all(|&n| n)
    }
}

/// Re-checks `conflict` (with `background` kept): infeasible as a whole,
/// feasible without each member.
pub fn verify(o: &Counted<'_>, background: &[usize], conflict: &[usize]) -> Result<Verified> {
    let with = |skip: Option<usize>| -> Vec<usize> {
        background
            .iter()
            .copied()
            .chain(
                conflict
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| Some(i) != skip)
                    .map(|(_, &r)| r),
            )
            .collect()
    };
    let infeasible = o.check(&with(None))? == Feasibility::Infeasible;
    let mut necessary = Vec::with_capacity(conflict.len());
    for i in 0..conflict.len() {
        necessary.push(o.check(&with(Some(i)))? == Feasibility::Feasible);
    }
    Ok(Verified {
        infeasible,
        necessary,
    })
}

/// Up to `n` different minimal conflicts among `candidates` (Reiter's
/// hitting-set tree, breadth first): after a conflict, each of its members
/// is dropped in turn and another conflict searched for without it.
pub fn conflicts(
    o: &Counted<'_>,
    background: &[usize],
    candidates: &[usize],
    n: usize,
    mut stop: impl FnMut() -> bool,
) -> Result<Vec<Vec<usize>>> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    // Paths of dropped candidates still to explore.
    let mut queue: std::collections::VecDeque<Vec<usize>> = vec![Vec::new()].into();
    let mut seen_paths: Vec<Vec<usize>> = Vec::new();
    while let Some(path) = queue.pop_front() {
        if found.len() >= n || stop() {
            break;
        }
        // A conflict already found that avoids the path is reused (no solve).
        let reuse = found
            .iter()
            .find(|c| c.iter().all(|r| !path.contains(r)))
            .cloned();
        let conflict = match reuse {
            Some(c) => c,
            None => {
                let rest: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|r| !path.contains(r))
                    .collect();
                match quickxplain(o, background, &rest)? {
                    Some(c) => {
                        let mut sorted = c.clone();
                        sorted.sort_unstable();
                        if !found.iter().any(|f| {
                            let mut g = f.clone();
                            g.sort_unstable();
                            g == sorted
                        }) {
                            found.push(c.clone());
                        }
                        c
                    }
                    None => continue,
                }
            }
        };
        for &r in &conflict {
            let mut next = path.clone();
            next.push(r);
            next.sort_unstable();
            if !seen_paths.contains(&next) {
                seen_paths.push(next.clone());
                queue.push_back(next);
            }
        }
    }
    Ok(found)
}

/// A smallest set of elements that meets every set of `sets` (exact, by
/// increasing size; the sets are conflicts of a few members). Members of
/// `avoid` are used only when there is no other way.
pub fn min_hitting_set(sets: &[Vec<usize>], avoid: &[usize]) -> Vec<usize> {
    let mut elems: Vec<usize> = sets.iter().flatten().copied().collect();
    elems.sort_unstable();
    elems.dedup();
    // Preferred elements first, so that among sets of the same size one
    // without avoided members is found first.
    elems.sort_by_key(|e| avoid.contains(e));
    if sets.is_empty() {
        return Vec::new();
    }
    for size in 1..=elems.len() {
        let mut best: Option<Vec<usize>> = None;
        let mut pick = Vec::with_capacity(size);
        search(&elems, sets, size, 0, &mut pick, &mut best, avoid);
        if let Some(b) = best {
            return b;
        }
    }
    elems
}

fn search(
    elems: &[usize],
    sets: &[Vec<usize>],
    size: usize,
    from: usize,
    pick: &mut Vec<usize>,
    best: &mut Option<Vec<usize>>,
    avoid: &[usize],
) {
    let avoided = |v: &[usize]| v.iter().filter(|e| avoid.contains(e)).count();
    if pick.len() == size {
        if sets.iter().all(|s| s.iter().any(|e| pick.contains(e)))
            && best.as_ref().is_none_or(|b| avoided(pick) < avoided(b))
        {
            *best = Some(pick.clone());
        }
        return;
    }
    for i in from..elems.len() {
        if best.as_ref().is_some_and(|b| avoided(b) == 0) {
            return;
        }
        pick.push(elems[i]);
        search(elems, sets, size, i + 1, pick, best, avoid);
        pick.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Infeasible exactly when the kept set contains one of these sets.
    struct Sets(Vec<Vec<usize>>);

    impl Oracle for Sets {
        fn check(&self, kept: &[usize]) -> Result<Feasibility> {
            Ok(
                if self.0.iter().any(|c| c.iter().all(|r| kept.contains(r))) {
                    Feasibility::Infeasible
                } else {
                    Feasibility::Feasible
                },
            )
        }
    }

    #[test]
    fn quickxplain_finds_a_minimal_conflict_with_few_checks() {
        let o = Sets(vec![vec![3, 70, 512]]);
        let c = Counted::new(&o);
        let all: Vec<usize> = (0..1000).collect();
        let mut found = quickxplain(&c, &[], &all).unwrap().unwrap();
        found.sort_unstable();
        assert_eq!(found, [3, 70, 512]);
        assert!(c.count() < 80, "{} checks", c.count());
        let v = verify(&c, &[], &found).unwrap();
        assert!(v.proven());
        assert!(quickxplain(&c, &[], &[1, 2]).unwrap().is_none());
    }

    #[test]
    fn all_conflicts_and_hitting_sets() {
        let o = Sets(vec![vec![1, 2], vec![2, 3], vec![5]]);
        let c = Counted::new(&o);
        let all: Vec<usize> = (0..8).collect();
        let mut found = conflicts(&c, &[], &all, 10, || false).unwrap();
        for f in &mut found {
            f.sort_unstable();
        }
        found.sort();
        assert_eq!(found, [vec![1, 2], vec![2, 3], vec![5]]);
        let h = min_hitting_set(&found, &[]);
        assert_eq!(h.len(), 2);
        assert!(h.contains(&2) && h.contains(&5));
        // Avoiding 2 costs a third element.
        let h = min_hitting_set(&found, &[2]);
        assert_eq!(h.len(), 2, "a set of two exists even so: {h:?}");
        let h = min_hitting_set(&[vec![1, 2]], &[1]);
        assert_eq!(h, [2]);
    }
}
