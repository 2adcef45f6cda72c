//! Invariants of the model on small generated instances, solved with the
//! default backend (microlp): money is a unit, row order is not data, and an
//! actor with nothing to give changes nothing where it cannot count.

mod support;

use std::path::Path;

use accord::domain::{Actor, Instance, Interest};
use accord::input::{load_instance, write_instance};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use support::{
    close, gen, lexicographic, optimal_values, proptest_config, solve_on, weighted, weighted_value,
};

const RTOL: f64 = 1e-6;

/// Tiny instances: microlp solves them in milliseconds.
fn tiny() -> impl Strategy<Value = (usize, usize, f64, u64)> {
    (3usize..=8, 2usize..=6, 0.3f64..=1.0, any::<u64>())
}

/// The optimal values of `inst`: lexicographic stability then cost, and the
/// weighted sum of all five built-in objectives (only its scalar value is
/// unique, not the values of its terms).
fn optima(inst: &Instance) -> Result<(Vec<f64>, f64), String> {
    let lex = optimal_values(&solve_on(
        "microlp",
        inst,
        &lexicographic(&["stability", "cost"]),
    ))?;
    let req = weighted(&[
        ("stability", 1.0),
        ("cost", 0.2),
        ("equity", 0.5),
        ("dominance", 0.1),
        ("satisfaction", 3.0),
    ]);
    let w = weighted_value(&req, &optimal_values(&solve_on("microlp", inst, &req))?);
    Ok((lex, w))
}

/// Shuffles the data lines (not the header) of every CSV file in `dir`.
fn shuffle_rows(dir: &Path, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for name in [
        "actors.csv",
        "projects.csv",
        "interests.csv",
        "relations.csv",
    ] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1..].shuffle(&mut rng);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
}

proptest! {
    #![proptest_config(proptest_config(12, 1))]

    /// Multiplying every money column (budget, cost, max_funding,
    /// min_funding) by k multiplies the least cost at maximum stability by k
    /// and leaves the maximum stability alone.
    #[test]
    fn money_is_a_unit((na, np, d, seed) in tiny(), k in prop::sample::select(vec![10.0, 0.1, 1000.0])) {
        let inst = gen(na, np, d, seed);
        let mut scaled = inst.clone();
        for a in &mut scaled.actors {
            a.budget *= k;
        }
        for p in &mut scaled.projects {
            p.cost *= k;
        }
        for i in &mut scaled.interests {
            i.max_funding = i.max_funding.map(|m| m * k);
            i.min_funding *= k;
        }
        let req = lexicographic(&["stability", "cost"]);
        let base = optimal_values(&solve_on("microlp", &inst, &req)).map_err(TestCaseError::fail)?;
        let got = optimal_values(&solve_on("microlp", &scaled, &req)).map_err(TestCaseError::fail)?;
        prop_assert!(close(got[0], base[0], RTOL), "stability {} vs {}", got[0], base[0]);
        prop_assert!(close(got[1], k * base[1], RTOL), "cost {} vs {} x {}", got[1], k, base[1]);
    }
}

proptest! {
    #![proptest_config(proptest_config(12, 2))]

    /// Shuffling the rows of every CSV file changes no optimal value.
    #[test]
    fn row_order_is_not_data((na, np, d, seed) in tiny(), shuffle in any::<u64>()) {
        let inst = gen(na, np, d, seed);
        let dir = tempfile::tempdir().unwrap();
        write_instance(&inst, dir.path()).unwrap();
        shuffle_rows(dir.path(), shuffle);
        let permuted = load_instance(dir.path()).unwrap();
        let (lex, w) = optima(&inst).map_err(TestCaseError::fail)?;
        let (lex_p, w_p) = optima(&permuted).map_err(TestCaseError::fail)?;
        for (a, b) in lex.iter().zip(&lex_p) {
            prop_assert!(close(*a, *b, RTOL), "lexicographic {lex:?} vs {lex_p:?}");
        }
        prop_assert!(close(w, w_p, RTOL), "weighted {w} vs {w_p}");
    }
}

proptest! {
    #![proptest_config(proptest_config(12, 3))]

    /// An actor with no budget and no personnel, eligible for some projects
    /// (no min_funding, no relation, hosting nothing), changes no optimal
    /// value. It is made eligible only for projects without `min_actors` or
    /// `min_vectors`: there it could take part for free and count towards
    /// the coalition (model.md: "taking part needs no other contribution"),
    /// see `a_free_participant_counts_towards_min_actors`.
    #[test]
    fn an_empty_handed_actor_changes_nothing(
        (na, np, d, seed) in tiny(),
        local in any::<bool>(),
        picks in prop::collection::vec(any::<bool>(), 6),
        interest in 0.0f64..=1.0,
    ) {
        let inst = gen(na, np, d, seed);
        let mut more = inst.clone();
        let a = more.actors.len();
        let vector = if local { "local" } else { "observer" };
        let v = match more.vectors.iter().position(|x| x == vector) {
            Some(v) => v,
            None => {
                more.vectors.push(vector.into());
                more.vectors.len() - 1
            }
        };
        more.actors.push(Actor {
            id: "empty_handed".into(),
            name: "Empty-handed".into(),
            kind: "observer".into(),
            vector: v,
            local,
            budget: 0.0,
            personnel: 0.0,
            max_share: 1.0,
            line: Default::default(),
        });
        for (p, proj) in inst.projects.iter().enumerate() {
            if picks[p] && proj.min_actors == 0 && proj.min_vectors == 0 {
                more.interests.push(Interest {
                    actor: a,
                    project: p,
                    interest,
                    max_funding: None,
                    max_personnel: None,
                    min_funding: 0.0,
                    veto: false,
                    line: Default::default(),
                });
            }
        }
        let (lex, w) = optima(&inst).map_err(TestCaseError::fail)?;
        let (lex_m, w_m) = optima(&more).map_err(TestCaseError::fail)?;
        for (a, b) in lex.iter().zip(&lex_m) {
            prop_assert!(close(*a, *b, RTOL), "lexicographic {lex:?} vs {lex_m:?}");
        }
        prop_assert!(close(w, w_m, RTOL), "weighted {w} vs {w_m}");
    }
}

/// The limit of the property above, pinned: an actor with no money that
/// takes part without a `min_funding` still counts towards `min_actors`, so
/// it can let a project go ahead that could not before.
#[test]
fn a_free_participant_counts_towards_min_actors() {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    put(
        "actors.csv",
        "id,name,vector,budget\nrich,Rich,western,100\npoor,Poor,eastern,0\n",
    );
    put(
        "projects.csv",
        "id,name,cost,benefit,min_actors\nroad,Road,50,10,2\n",
    );
    put("interests.csv", "actor,project\nrich,road\n");
    let alone = load_instance(dir.path()).unwrap();
    put("interests.csv", "actor,project\nrich,road\npoor,road\n");
    let with_poor = load_instance(dir.path()).unwrap();
    let req = lexicographic(&["stability", "cost"]);
    let before = optimal_values(&solve_on("microlp", &alone, &req)).unwrap();
    let after = optimal_values(&solve_on("microlp", &with_poor, &req)).unwrap();
    assert!(close(before[0], 0.0, RTOL), "{before:?}");
    assert!(close(after[0], 10.0, RTOL), "{after:?}");
    assert!(close(after[1], 50.0, RTOL), "{after:?}");
}
