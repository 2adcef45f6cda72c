//! Random, valid data sets for tests, benches and scaling studies: a seeded
//! generator that uses every feature of the data format.
//!
//! [`generate`] is deterministic for a given [`GenerateOptions`] (it draws
//! from `ChaCha8Rng::seed_from_u64(seed)` only, never from a hash order), and
//! every instance it returns obeys the rules that [`crate::input::load_instance`]
//! checks, so `write_instance` then `load_instance` gives it back unchanged.
//!
//! What a generated data set looks like (the proportions are targets, drawn
//! at random per actor, project or pair):
//! - actors: about 20-30% local (vector `local`, the only possible hosts),
//!   the others spread over the vectors `western`, `eastern`, `russian`,
//!   `islamic` and `multilateral`; budgets and personnel log-uniform over two
//!   orders of magnitude, about 10% with no budget and 20% with no
//!   personnel; about a third of the non-local actors with `max_share < 1`;
//! - money: the budgets add up to 30-50% of the total project cost, so that
//!   only part of the projects can go ahead together and the program has
//!   real trade-offs; personnel is less scarce (50-80% of the total need);
//! - projects: costs log-uniform in `[5, 500]`, benefits loosely tied to
//!   cost; about 35% scalable (most with a positive `min_fraction`), 85%
//!   with 1-3 local hosts, 30% with `min_actors`, 20% with `min_vectors`
//!   (never more than the eligible actors or their vectors could meet), 10%
//!   with 1-2 prerequisites among the *earlier* projects (so `requires` is
//!   acyclic), and every scalable prerequisite gets a positive `min_fraction`;
//! - pairs: each actor is eligible for each project with probability
//!   `density` (sampled per project by geometric skips, so time and memory
//!   grow with the number of pairs, not with actors x projects), and every
//!   project has at least one eligible actor; 30% carry a `max_funding` cap,
//!   15% a `max_personnel` cap (the others none); pairs of coalition
//!   projects (`min_actors`, `min_vectors`) mostly carry a `min_funding`,
//!   others rarely, never above the pair's cap or the actor's budget; about
//!   2% of projects are vetoed by one eligible actor;
//! - relations: about 3% x actors rival pairs and 1.5% x actors requires
//!   pairs, never an actor with itself and at most one relation per pair.
//!
//! Money is rounded to 0.1 and fractions to 0.01, so the CSV files stay
//! short and readable.

use std::collections::HashSet;

use rand::seq::index;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::domain::{Actor, Instance, Interest, Line, Mode, Project, Relation, RelationKind};
use crate::{Error, Result};

/// Size and seed of a generated data set.
///
/// ```
/// use accord::generate::{generate, GenerateOptions};
/// let inst = generate(&GenerateOptions::new(20, 50, 0.2).with_seed(7)).unwrap();
/// assert_eq!((inst.actors.len(), inst.projects.len()), (20, 50));
/// assert_eq!(inst, generate(&GenerateOptions::new(20, 50, 0.2).with_seed(7)).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GenerateOptions {
    /// Number of actors (>= 1).
    pub actors: usize,
    /// Number of projects (>= 1).
    pub projects: usize,
    /// Fraction of actor x project pairs that are eligible, in `(0, 1]`.
    pub density: f64,
    /// Seed of the random stream.
    pub seed: u64,
}

impl Default for GenerateOptions {
    /// 50 actors x 200 projects at density 0.1, seed 0.
    fn default() -> Self {
        GenerateOptions::new(50, 200, 0.1)
    }
}

impl GenerateOptions {
    /// `actors` x `projects` at `density`, seed 0.
    pub fn new(actors: usize, projects: usize, density: f64) -> Self {
        GenerateOptions {
            actors,
            projects,
            density,
            seed: 0,
        }
    }

    /// The same options with another seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks every option once, before any work.
    ///
    /// ```
    /// use accord::generate::GenerateOptions;
    /// assert!(GenerateOptions::new(10, 10, 0.5).validate().is_ok());
    /// let err = GenerateOptions::new(10, 10, 0.0).validate().unwrap_err();
    /// assert!(err.to_string().contains("density"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        if self.actors == 0 {
            return Err(Error::Usage(
                "generate: actors: expected at least 1, found 0".into(),
            ));
        }
        if self.projects == 0 {
            return Err(Error::Usage(
                "generate: projects: expected at least 1, found 0".into(),
            ));
        }
        if !(self.density > 0.0 && self.density <= 1.0) {
            return Err(Error::Usage(format!(
                "generate: density: expected a fraction of eligible pairs in (0, 1], found {}",
                self.density
            )));
        }
        let pairs = self.actors as f64 * self.projects as f64 * self.density;
        let limit = crate::domain::max_pairs();
        if pairs > limit as f64 {
            return Err(Error::Usage(format!(
                "generate: {} actors x {} projects at density {} would give {}",
                self.actors,
                self.projects,
                self.density,
                crate::domain::size_guard(pairs.round() as usize, "eligible pairs")
            )));
        }
        Ok(())
    }
}

const VECTORS: [&str; 5] = ["western", "eastern", "russian", "islamic", "multilateral"];
const KINDS: [&str; 4] = ["state", "organization", "bank", "company"];
const SECTORS: [&str; 6] = [
    "transport",
    "water",
    "power",
    "security",
    "humanitarian",
    "education",
];

/// Rounds money to 0.1.
fn money(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Rounds a fraction to 0.01.
fn frac(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Log-uniform in `[lo, hi]`.
fn log_uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp()
}

/// Generates a valid random data set, deterministically for `opts.seed`
/// (see the module docs for what it contains).
///
/// ```
/// use accord::generate::{generate, GenerateOptions};
/// let inst = generate(&GenerateOptions::new(200, 1000, 0.05).with_seed(1)).unwrap();
/// let pairs = inst.interests.len() as f64;
/// assert!((pairs / 10_000.0 - 1.0).abs() < 0.1);
/// assert!(inst.pairs_by_project().iter().all(|e| !e.is_empty()));
/// ```
pub fn generate(opts: &GenerateOptions) -> Result<Instance> {
    opts.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let (na, np) = (opts.actors, opts.projects);

    // Actors: which are local, their vectors and kinds.
    let n_local = if na == 1 {
        0
    } else {
        let share = rng.random_range(0.2..=0.3);
        ((na as f64 * share).round() as usize).clamp(1, na - 1)
    };
    let mut local = vec![false; na];
    for a in index::sample(&mut rng, na, n_local) {
        local[a] = true;
    }
    let locals: Vec<usize> = (0..na).filter(|&a| local[a]).collect();
    let mut vectors: Vec<String> = Vec::new();
    let mut actors = Vec::with_capacity(na);
    let mut budget_weight = Vec::with_capacity(na);
    let mut staff_weight = Vec::with_capacity(na);
    for (a, &is_local) in local.iter().enumerate() {
        let (vector, kind) = if is_local {
            ("local", "state")
        } else {
            (
                VECTORS[rng.random_range(0..VECTORS.len())],
                KINDS[rng.random_range(0..KINDS.len())],
            )
        };
        // Indices in order of first appearance, as the loader numbers them.
        let v = match vectors.iter().position(|x| x == vector) {
            Some(v) => v,
            None => {
                vectors.push(vector.to_string());
                vectors.len() - 1
            }
        };
        let scale = if is_local { 0.3 } else { 1.0 };
        budget_weight.push(if rng.random_bool(0.1) {
            0.0
        } else {
            scale * log_uniform(&mut rng, 1.0, 100.0)
        });
        staff_weight.push(if rng.random_bool(0.2) {
            0.0
        } else {
            log_uniform(&mut rng, 1.0, 100.0)
        });
        let max_share = if !is_local && rng.random_bool(0.35) {
            frac(rng.random_range(0.3..0.8))
        } else {
            1.0
        };
        actors.push(Actor {
            id: format!("actor_{}", a + 1),
            name: format!("Actor {}", a + 1),
            kind: kind.to_string(),
            vector: v,
            local: is_local,
            budget: 0.0,
            personnel: 0.0,
            max_share,
            line: Line(None),
        });
    }
    // Someone must have money and people, or nothing could ever go ahead.
    if budget_weight.iter().all(|&w| w == 0.0) {
        budget_weight[rng.random_range(0..na)] = 1.0;
    }
    if staff_weight.iter().all(|&w| w == 0.0) {
        staff_weight[rng.random_range(0..na)] = 1.0;
    }

    // Projects, without prerequisites yet.
    let mut projects = Vec::with_capacity(np);
    for p in 0..np {
        let cost = money(log_uniform(&mut rng, 5.0, 500.0)).max(1.0);
        let personnel = if rng.random_bool(0.6) {
            money(cost * rng.random_range(0.5..3.0))
        } else {
            0.0
        };
        let benefit = money(cost.powf(0.85) * rng.random_range(0.3..1.5));
        let (mode, min_fraction) = if rng.random_bool(0.35) {
            let mf = if rng.random_bool(0.75) {
                frac(rng.random_range(0.2..0.7))
            } else {
                0.0
            };
            (Mode::Scalable, mf)
        } else {
            (Mode::AllOrNothing, 0.0)
        };
        let hosts = if !locals.is_empty() && rng.random_bool(0.85) {
            let k = rng.random_range(1..=locals.len().min(3));
            index::sample(&mut rng, locals.len(), k)
                .into_iter()
                .map(|i| locals[i])
                .collect()
        } else {
            Vec::new()
        };
        projects.push(Project {
            id: format!("project_{}", p + 1),
            name: format!("Project {}", p + 1),
            sector: SECTORS[rng.random_range(0..SECTORS.len())].to_string(),
            hosts,
            cost,
            personnel,
            benefit,
            mode,
            min_fraction,
            min_actors: 0,
            min_vectors: 0,
            requires: Vec::new(),
            line: Line(None),
        });
    }

    // Prerequisites: earlier projects only (acyclic); a scalable
    // prerequisite needs a positive minimum fraction to mean anything.
    for p in 1..np {
        if !rng.random_bool(0.1) {
            continue;
        }
        let k = rng.random_range(1..=p.min(2));
        let requires: Vec<usize> = index::sample(&mut rng, p, k).into_iter().collect();
        for &q in &requires {
            if projects[q].mode == Mode::Scalable && projects[q].min_fraction == 0.0 {
                projects[q].min_fraction = frac(rng.random_range(0.2..0.5));
            }
        }
        projects[p].requires = requires;
    }

    // Budgets and personnel, scaled to the total need.
    let total_cost: f64 = projects.iter().map(|p| p.cost).sum();
    let total_staff: f64 = projects.iter().map(|p| p.personnel).sum();
    let money_total = total_cost * rng.random_range(0.3..0.5);
    let staff_total = total_staff * rng.random_range(0.5..0.8);
    let wb: f64 = budget_weight.iter().sum();
    let ws: f64 = staff_weight.iter().sum();
    for (a, actor) in actors.iter_mut().enumerate() {
        actor.budget = money(money_total * budget_weight[a] / wb);
        actor.personnel = money(staff_total * staff_weight[a] / ws);
    }

    // Eligible pairs, project by project: geometric skips over the actors
    // give each pair probability `density` in O(pairs) time and memory.
    let expected = (opts.density * na as f64 * np as f64).ceil() as usize;
    let mut interests = Vec::with_capacity(expected + np);
    let ln_miss = (1.0 - opts.density).ln();
    let mut eligible: Vec<usize> = Vec::new();
    let mut seen_vectors = vec![false; vectors.len()];
    for (p, proj) in projects.iter_mut().enumerate() {
        eligible.clear();
        if opts.density >= 1.0 {
            eligible.extend(0..na);
        } else {
            let mut a = 0usize;
            loop {
                let u = 1.0 - rng.random::<f64>(); // in (0, 1]
                let skip = (u.ln() / ln_miss).floor();
                if skip >= (na - a) as f64 {
                    break;
                }
                a += skip as usize;
                eligible.push(a);
                a += 1;
                if a >= na {
                    break;
                }
            }
        }
        if eligible.is_empty() {
            eligible.push(rng.random_range(0..na));
        }

        // Coalition rules that the eligible actors could meet.
        let n_vectors = {
            seen_vectors.iter_mut().for_each(|s| *s = false);
            eligible
                .iter()
                .filter(|&&a| !std::mem::replace(&mut seen_vectors[actors[a].vector], true))
                .count()
        };
        if eligible.len() >= 2 && rng.random_bool(0.3) {
            proj.min_actors = rng.random_range(2..=eligible.len().min(3)) as u32;
        }
        if n_vectors >= 2 && rng.random_bool(0.2) {
            proj.min_vectors = rng.random_range(2..=n_vectors.min(3)) as u32;
        }
        let coalition = proj.min_actors > 0 || proj.min_vectors > 0;
        let (cost, personnel) = (proj.cost, proj.personnel);

        let first = interests.len();
        for &a in &eligible {
            let budget = actors[a].budget;
            let max_funding = rng
                .random_bool(0.3)
                .then(|| money(cost * rng.random_range(0.1..0.6)));
            let max_personnel = (personnel > 0.0 && rng.random_bool(0.15))
                .then(|| money(personnel * rng.random_range(0.2..0.8)));
            let wants_min = rng.random_bool(if coalition { 0.8 } else { 0.1 });
            let min_funding = if wants_min {
                let cap = max_funding.unwrap_or(budget).min(budget);
                money(cost * rng.random_range(0.02..0.1)).min(cap)
            } else {
                0.0
            };
            let interest = if rng.random_bool(0.1) {
                0.0
            } else {
                frac(rng.random::<f64>())
            };
            interests.push(Interest {
                actor: a,
                project: p,
                interest,
                max_funding,
                max_personnel,
                min_funding,
                veto: false,
                line: Line(None),
            });
        }
        if rng.random_bool(0.02) {
            let e = first + rng.random_range(0..eligible.len());
            interests[e].veto = true;
        }
    }

    // Relations: distinct unordered pairs of distinct actors.
    let mut relations = Vec::new();
    if na >= 2 {
        let n_rival = ((na as f64 * 0.03).round() as usize).max(1);
        let n_requires = if na >= 4 {
            ((na as f64 * 0.015).round() as usize).max(1)
        } else {
            0
        };
        let wanted = (n_rival + n_requires).min(na * (na - 1) / 2);
        let mut taken: HashSet<(usize, usize)> = HashSet::with_capacity(wanted);
        let mut attempts = 0;
        while relations.len() < wanted && attempts < 50 * wanted {
            attempts += 1;
            let a = rng.random_range(0..na);
            let b = rng.random_range(0..na);
            if a == b || !taken.insert((a.min(b), a.max(b))) {
                continue;
            }
            let kind = if relations.len() < n_rival {
                RelationKind::Rival
            } else {
                RelationKind::Requires
            };
            relations.push(Relation {
                a,
                b,
                kind,
                line: Line(None),
            });
        }
    }

    Ok(Instance {
        actors,
        projects,
        interests,
        relations,
        vectors,
        sources: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend;
    use crate::formulation;
    use crate::input::{load_instance, write_instance};
    use crate::request::Request;
    use crate::solve::solve;
    use proptest::prelude::*;

    fn gen(actors: usize, projects: usize, density: f64, seed: u64) -> Instance {
        generate(&GenerateOptions::new(actors, projects, density).with_seed(seed)).unwrap()
    }

    #[test]
    fn same_seed_same_instance_other_seed_other_instance() {
        assert_eq!(gen(30, 80, 0.2, 5), gen(30, 80, 0.2, 5));
        assert_ne!(gen(30, 80, 0.2, 5), gen(30, 80, 0.2, 6));
    }

    #[test]
    fn round_trips_through_the_validator() {
        let sizes = [
            (1, 1, 1.0),
            (2, 3, 0.5),
            (5, 4, 0.6),
            (12, 30, 0.3),
            (60, 150, 0.1),
            (200, 400, 0.02),
        ];
        for (k, &(na, np, d)) in sizes.iter().enumerate() {
            for seed in 0..3 {
                let inst = gen(na, np, d, seed * 31 + k as u64);
                let dir = tempfile::tempdir().unwrap();
                write_instance(&inst, dir.path()).unwrap();
                let back = load_instance(dir.path()).unwrap_or_else(|e| {
                    panic!("{na}x{np}x{d} seed {seed}: generated set is invalid:\n{e}")
                });
                assert_eq!(back, inst, "{na}x{np}x{d} seed {seed}");
            }
        }
    }

    #[test]
    fn uses_every_feature_of_the_format() {
        let inst = gen(100, 400, 0.1, 3);
        let locals = inst.actors.iter().filter(|a| a.local).count();
        assert!((15..=35).contains(&locals), "{locals} local actors");
        assert!(inst.vectors.len() >= 4);
        assert!(inst.actors.iter().any(|a| a.budget == 0.0));
        assert!(inst.actors.iter().any(|a| a.max_share < 1.0));
        let ps = &inst.projects;
        assert!(ps.iter().any(|p| p.mode == Mode::AllOrNothing));
        assert!(ps
            .iter()
            .any(|p| p.mode == Mode::Scalable && p.min_fraction > 0.0));
        assert!(ps.iter().filter(|p| !p.hosts.is_empty()).count() > ps.len() / 2);
        assert!(ps.iter().any(|p| p.min_actors > 0));
        assert!(ps.iter().any(|p| p.min_vectors > 0));
        assert!(ps.iter().any(|p| !p.requires.is_empty()));
        for (p, proj) in ps.iter().enumerate() {
            for &q in &proj.requires {
                assert!(q < p);
                let pre = &ps[q];
                assert!(pre.mode == Mode::AllOrNothing || pre.min_fraction > 0.0);
            }
            for &l in &proj.hosts {
                assert!(inst.actors[l].local);
            }
        }
        let is = &inst.interests;
        assert!(is.iter().any(|i| i.max_funding.is_some()));
        assert!(is.iter().any(|i| i.max_funding.is_none()));
        assert!(is.iter().any(|i| i.max_personnel.is_some()));
        assert!(is.iter().any(|i| i.min_funding > 0.0));
        assert!(is.iter().any(|i| i.veto));
        assert!(is.iter().filter(|i| i.veto).count() < ps.len() / 10);
        assert!(is.iter().any(|i| i.interest > 0.0));
        let kinds: HashSet<_> = inst.relations.iter().map(|r| r.kind).collect();
        assert_eq!(kinds.len(), 2);
        let mut pairs = HashSet::new();
        for r in &inst.relations {
            assert_ne!(r.a, r.b);
            assert!(pairs.insert((r.a.min(r.b), r.a.max(r.b))));
        }
        assert!(inst.pairs_by_project().iter().all(|e| !e.is_empty()));
    }

    #[test]
    fn budgets_cover_only_part_of_the_projects() {
        let inst = gen(100, 400, 0.1, 9);
        let cost: f64 = inst.projects.iter().map(|p| p.cost).sum();
        let budget: f64 = inst.actors.iter().map(|a| a.budget).sum();
        let ratio = budget / cost;
        assert!((0.3..0.6).contains(&ratio), "budgets / cost = {ratio}");
    }

    #[test]
    fn pair_count_is_close_to_density() {
        for (na, np, d) in [(100, 1000, 0.05), (40, 500, 0.5), (1000, 100, 0.01)] {
            let inst = gen(na, np, d, 11);
            let n = (na * np) as f64;
            // Binomial mean and spread, plus at most one forced pair per project.
            let mean = n * d;
            let sd = (n * d * (1.0 - d)).sqrt();
            let got = inst.interests.len() as f64;
            let forced = np as f64 * (1.0 - d).powi(na as i32);
            assert!(
                (got - mean - forced).abs() < 5.0 * sd + 1.0,
                "{na}x{np}x{d}: {got} pairs, expected about {mean}"
            );
        }
    }

    #[test]
    fn full_density_makes_every_pair_eligible() {
        let inst = gen(7, 9, 1.0, 2);
        assert_eq!(inst.interests.len(), 63);
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for (opts, what) in [
            (GenerateOptions::new(0, 5, 0.5), "actors"),
            (GenerateOptions::new(5, 0, 0.5), "projects"),
            (GenerateOptions::new(5, 5, 0.0), "density"),
            (GenerateOptions::new(5, 5, 1.5), "density"),
            (GenerateOptions::new(5, 5, f64::NAN), "density"),
            (
                GenerateOptions::new(100_000, 100_000, 1.0),
                "past the size guard",
            ),
        ] {
            match generate(&opts) {
                Err(Error::Usage(m)) => assert!(m.contains(what), "{m}"),
                other => panic!("{opts:?}: expected a usage error, got {other:?}"),
            }
        }
    }

    /// 16 cases from a fixed seed (reproducible; a rare numerical failure of
    /// the backend must not make the suite flaky); `PROPTEST_CASES` and
    /// `PROPTEST_RNG_SEED` override both.
    fn config() -> ProptestConfig {
        let mut config = ProptestConfig::default();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            config.cases = 16;
        }
        if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
            config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x0009_e7e5);
        }
        config
    }

    proptest! {
        #![proptest_config(config())]
        #[test]
        fn small_instances_solve_to_a_checked_optimum(
            na in 3usize..=8,
            np in 2usize..=6,
            density in 0.3f64..=1.0,
            seed in any::<u64>(),
        ) {
            let inst = gen(na, np, density, seed);
            let form = formulation::build(&inst);
            let backend = backend::by_name("microlp").unwrap();
            let req = Request::lexicographic(&["stability", "cost"]);
            let eval = |x: &[f64]| form.values(&inst, x);
            let answer = solve(backend.as_ref(), &form.program, &req, Some(&eval)).unwrap();
            prop_assert_eq!(answer.status, backend::Status::Optimal);
            let check = answer.check.expect("an optimal answer is checked");
            prop_assert!(check.passed, "{}", check.summary());
        }
    }
}
