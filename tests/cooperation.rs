//! `accord cooperation` against known answers: the hand-made three-bloc
//! game of tests/data/three_blocs (its README works every value out), the
//! properties of Shapley and Owen values on generated games (efficiency,
//! symmetry, null player, the quotient property), sampled Shapley values
//! against exact ones, and the binary (JSON keys, files, resume, refusals).

use std::path::{Path, PathBuf};

use accord::backend::{self, Backend};
use accord::check::CheckTolerances;
use accord::cooperation::{analyse, Cooperation, Game, Hooks, Options, Run};
use accord::model::{LoadOptions, Model};
use accord::request::SolveOptions;
use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn backend_id() -> &'static str {
    if backend::available().contains(&"highs") {
        "highs"
    } else {
        "microlp"
    }
}

/// The analysis of the model at `path` for stability.
fn cooperation(path: &Path, options: &Options, workers: usize) -> Cooperation {
    let model = Model::load(path, &LoadOptions::default()).unwrap();
    let d = model.domain().unwrap();
    let program = model.program();
    let objective = program.require_objective("stability").unwrap();
    let mut game = Game::new(&d.instance, &d.formulation, program, objective, false);
    let b: Box<dyn Backend> = backend::by_name(backend_id()).unwrap();
    let run = Run {
        backend: b.as_ref(),
        options: SolveOptions::default(),
        tolerances: CheckTolerances::default(),
        workers,
        deadline: None,
    };
    let hooks = Hooks {
        on_valued: &|_, _| {},
        start: &|_| {},
        tick: &|_| {},
    };
    analyse(&model.name, &mut game, &d.instance, &run, options, &hooks).unwrap()
}

fn value(c: &Cooperation, level: &str, kind: &str, id: &str) -> f64 {
    let m = match (level, kind) {
        ("blocs", "values") => &c.blocs.values,
        ("blocs", "alone") => &c.blocs.alone,
        ("blocs", "marginal") => &c.blocs.marginal,
        ("blocs", "shapley") => &c.blocs.shapley,
        ("actors", "leave_one_out") => &c.actors.leave_one_out,
        ("actors", "owen") => &c.actors.owen,
        ("actors", "shapley") => &c.actors.shapley,
        _ => unreachable!(),
    };
    m[id]
        .value
        .unwrap_or_else(|| panic!("{level}.{kind}.{id} has no value"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn three_blocs_match_the_hand_computation() {
    let c = cooperation(
        &root().join("tests/data/three_blocs"),
        &Options::default(),
        1,
    );
    assert!(close(c.grand.value.unwrap(), 35.0));
    for (key, v) in [
        ("western", 10.0),
        ("eastern", 0.0),
        ("local", 5.0),
        ("eastern+western", 30.0),
        ("local+western", 15.0),
        ("eastern+local", 5.0),
        ("eastern+local+western", 35.0),
    ] {
        assert!(close(value(&c, "blocs", "values", key), v), "v({key})");
    }
    for (bloc, shapley, marginal) in [
        ("western", 20.0, 30.0),
        ("eastern", 10.0, 20.0),
        ("local", 5.0, 5.0),
    ] {
        assert!(
            close(value(&c, "blocs", "shapley", bloc), shapley),
            "{bloc}"
        );
        assert!(
            close(value(&c, "blocs", "marginal", bloc), marginal),
            "{bloc}"
        );
    }
    for (actor, loo, owen, shapley) in [
        ("w1", 30.0, 20.0, 10.0 + 20.0 / 3.0),
        ("w2", 0.0, 0.0, 0.0),
        ("e1", 20.0, 5.0, 20.0 / 3.0),
        ("e2", 20.0, 5.0, 20.0 / 3.0),
        ("l1", 5.0, 5.0, 5.0),
    ] {
        assert!(
            close(value(&c, "actors", "leave_one_out", actor), loo),
            "{actor}"
        );
        assert!(close(value(&c, "actors", "owen", actor), owen), "{actor}");
        assert!(
            close(value(&c, "actors", "shapley", actor), shapley),
            "{actor}"
        );
        assert!(c.actors.owen[actor].exact && c.actors.shapley[actor].exact);
    }
    let d = &c.cooperation_dividend;
    assert!(close(d.over_sum.unwrap(), 20.0) && close(d.over_best.unwrap(), 25.0));
    assert_eq!(d.best_alone.as_ref().unwrap().0, "western");
    assert_eq!(c.core.in_core, Some(true));
    assert_eq!(c.blocs.superadditive, Some(true));
    for check in [
        c.checks.bloc_efficiency,
        c.checks.owen_efficiency,
        c.checks.actor_efficiency,
        c.checks.quotient,
    ] {
        assert!(check.unwrap().abs() < 1e-6, "{:?}", c.checks);
    }
}

/// On generated games: efficiency and the quotient property hold, a null
/// player (no interest row) gets 0, and the answer does not depend on the
/// number of workers.
#[test]
fn generated_games_keep_the_axioms_on_any_number_of_workers() {
    use accord::generate::{generate, GenerateOptions};
    use accord::input::write_instance;
    let dir = tempfile::tempdir().unwrap();
    for seed in [3, 11] {
        let mut inst = generate(&GenerateOptions::new(7, 10, 0.4).with_seed(seed)).unwrap();
        // Actor 0 becomes a null player: no interest row at all.
        let null = inst.actors[0].id.clone();
        inst.interests.retain(|i| i.actor != 0);
        inst.relations.retain(|r| r.a != 0 && r.b != 0);
        let path = dir.path().join(format!("g{seed}"));
        write_instance(&inst, &path).unwrap();
        let one = cooperation(&path, &Options::default(), 1);
        let two = cooperation(&path, &Options::default(), 2);
        assert!(
            one.actors
                .owen
                .values()
                .all(|v| v.value.is_some() && v.exact),
            "seed {seed}: a coalition has no checked value: {one:#?}"
        );
        for (a, b) in one.actors.owen.iter().zip(&two.actors.owen) {
            assert!(
                close(a.1.value.unwrap(), b.1.value.unwrap()),
                "{a:?} vs {b:?}"
            );
        }
        let c = one;
        for check in [
            c.checks.bloc_efficiency,
            c.checks.owen_efficiency,
            c.checks.quotient,
        ] {
            assert!(check.unwrap().abs() < 1e-6, "seed {seed}: {:?}", c.checks);
        }
        assert!(value(&c, "actors", "owen", &null).abs() < 1e-9);
        assert!(value(&c, "actors", "shapley", &null).abs() < 1e-9);
        assert!(value(&c, "actors", "leave_one_out", &null).abs() < 1e-9);
    }
}

/// Two identical actors (same bloc, same rows) get equal values.
#[test]
fn identical_actors_get_equal_values() {
    let c = cooperation(
        &root().join("tests/data/three_blocs"),
        &Options::default(),
        2,
    );
    for kind in ["owen", "shapley", "leave_one_out"] {
        assert!(close(
            value(&c, "actors", kind, "e1"),
            value(&c, "actors", kind, "e2")
        ));
    }
}

/// Sampled Shapley values (forced by a small --max-coalitions) lie within
/// four standard errors of the exact ones, and sum to v(N) exactly (each
/// order's marginal values do).
#[test]
fn sampled_shapley_values_converge_to_the_exact_ones() {
    let path = root().join("tests/data/three_blocs");
    let exact = cooperation(&path, &Options::default(), 1);
    let sampled = cooperation(
        &path,
        &Options {
            max_coalitions: 16,
            samples: 400,
            seed: 7,
            blocs_only: false,
        },
        1,
    );
    assert!(sampled.actors.owen.is_empty() && sampled.actors.owen_note.is_some());
    assert!(sampled.actors.shapley_method.starts_with("sampled"));
    for (id, v) in &sampled.actors.shapley {
        let want = exact.actors.shapley[id].value.unwrap();
        let se = v.stderr.unwrap();
        assert!(!v.exact);
        assert!(
            (v.value.unwrap() - want).abs() <= 4.0 * se + 1e-9,
            "{id}: {} vs {want} (stderr {se})",
            v.value.unwrap()
        );
    }
    assert!(sampled.checks.actor_efficiency.unwrap().abs() < 1e-6);
}

fn accord() -> Command {
    Command::cargo_bin("accord").unwrap()
}

#[test]
fn cli_writes_json_files_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coop");
    let data = root().join("tests/data/three_blocs");
    let run = |extra: &[&str]| {
        let mut c = accord();
        c.arg("cooperation")
            .arg(&data)
            .args(["--format", "json", "--out"])
            .arg(&out)
            .args(extra);
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (first, _) = run(&[]);
    for key in [
        "objective",
        "grand",
        "blocs",
        "actors",
        "cooperation_dividend",
        "core",
        "solves",
        "seconds",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    for key in ["values", "alone", "marginal", "shapley"] {
        assert!(first["blocs"].get(key).is_some(), "missing blocs.{key}");
    }
    for key in ["leave_one_out", "owen", "shapley"] {
        let v = &first["actors"][key]["w1"];
        assert!(v.get("value").is_some() && v.get("stderr").is_some() && v.get("exact").is_some());
    }
    assert!(first["core"].get("in_core").is_some() && first["core"].get("blocking").is_some());
    for f in [
        "cooperation.json",
        "coalitions.csv",
        "values.csv",
        "blocs.svg",
        "blocs.csv",
        "actors.svg",
        "actors.csv",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let csv = std::fs::read_to_string(out.join("coalitions.csv")).unwrap();
    assert!(csv.starts_with("members,size,value,lo,hi,status,seconds,violation,how,game\n"));
    let (second, stderr) = run(&["--resume"]);
    assert!(stderr.contains("resumed"), "{stderr}");
    assert_eq!(second["solves"], 0);
    assert_eq!(first["actors"]["owen"], second["actors"]["owen"]);
    // Rows of another game are refused with their place.
    let o = accord()
        .arg("cooperation")
        .arg(&data)
        .args(["--must", "p1", "--out"])
        .arg(&out)
        .arg("--resume")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("coalitions.csv:2") && err.contains("another run"),
        "{err}"
    );
}

#[test]
fn cli_refuses_minimized_objectives_and_program_files() {
    let data = root().join("tests/data/three_blocs");
    let o = accord()
        .args(["cooperation"])
        .arg(&data)
        .args(["--objective", "cost"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("maximize"));
    let o = accord()
        .args(["cooperation"])
        .arg(root().join("tests/data/knapsack.mop"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("domain model"));
}

#[test]
fn cli_table_names_the_blocs_and_the_value_of_cooperation() {
    let o = accord()
        .args(["cooperation"])
        .arg(root().join("tests/data/three_blocs"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    for want in [
        "Blocs",
        "western",
        "Value of cooperation",
        "together 35",
        "in the core",
        "Owen",
    ] {
        assert!(text.contains(want), "{want} missing in\n{text}");
    }
}
