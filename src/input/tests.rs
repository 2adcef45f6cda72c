//! Round-trip and permutation properties of the input layer, and checks of
//! the values (defaults, references) read from the small valid data set.

use std::path::Path;

use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::domain::{Actor, Instance, Interest, Mode, Project, Relation, RelationKind};

use super::{load_instance, load_model, write_instance};
use crate::domain::objectives::builtin;
use crate::program::Sense;
use crate::request::Method;

fn tests_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

#[test]
fn small_set_values_and_defaults() {
    let inst = load_instance(&tests_dir().join("valid/small")).unwrap();
    assert_eq!(inst.vectors, ["local", "russian", "western"]);
    let ids: Vec<&str> = inst.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["kaz", "uzb", "rus", "eu"]);
    let uzb = &inst.actors[1];
    assert!(uzb.local && uzb.max_share == 1.0 && uzb.vector == 0);
    let eu = &inst.actors[3];
    assert!(!eu.local && eu.personnel == 0.0 && eu.vector == 2 && eu.kind == "organization");
    let road = &inst.projects[0];
    assert_eq!(road.hosts, [0, 1]);
    assert_eq!((road.min_actors, road.min_vectors), (2, 2));
    let water = &inst.projects[1];
    assert_eq!(water.mode, Mode::Scalable);
    assert_eq!(water.min_fraction, 0.5);
    let grid = &inst.projects[2];
    assert_eq!(grid.name, "Regional power grid, phase 1");
    assert_eq!(grid.mode, Mode::AllOrNothing);
    assert_eq!(grid.requires, [0]);
    assert_eq!(inst.interests.len(), 9);
    assert_eq!(inst.interests[0].max_funding, Some(30.0));
    assert_eq!(inst.interests[1].max_funding, None);
    assert_eq!(inst.max_funding(1), 30.0); // uzb's budget
    assert_eq!(inst.interests[2].max_personnel, Some(200.0));
    assert_eq!(inst.interests[5].interest, 0.6);
    assert!(inst.interests.iter().all(|i| !i.veto));
    assert_eq!(
        inst.relations,
        [
            Relation {
                a: 2,
                b: 3,
                kind: RelationKind::Rival,
                line: Default::default(),
            },
            Relation {
                a: 1,
                b: 0,
                kind: RelationKind::Requires,
                line: Default::default(),
            }
        ]
    );
}

#[test]
fn bom_and_crlf_change_nothing() {
    let small = load_instance(&tests_dir().join("valid/small")).unwrap();
    let bom = load_instance(&tests_dir().join("valid/bom_crlf")).unwrap();
    assert_eq!(small, bom);
}

#[test]
fn minimal_set_takes_every_default() {
    let inst = load_instance(&tests_dir().join("valid/minimal")).unwrap();
    assert!(inst.relations.is_empty());
    let a = &inst.actors[1];
    assert_eq!(a.id, "beta");
    assert!(!a.local && a.kind.is_empty() && a.personnel == 0.0 && a.max_share == 1.0);
    let p = &inst.projects[0];
    assert!(p.hosts.is_empty() && p.requires.is_empty() && p.sector.is_empty());
    assert_eq!(p.mode, Mode::AllOrNothing);
    assert_eq!(
        (p.min_fraction, p.min_actors, p.min_vectors, p.personnel),
        (0.0, 0, 0, 0.0)
    );
    let i = &inst.interests[0];
    assert_eq!(
        (
            i.interest,
            i.max_funding,
            i.max_personnel,
            i.min_funding,
            i.veto
        ),
        (0.0, None, None, 0.0, false)
    );
}

#[test]
fn model_file_settings() {
    let path = tests_dir().join("valid/model_toml/model.toml");
    let (spec, inst) = load_model(&path).unwrap();
    assert_eq!(inst.actors.len(), 4);
    assert_eq!(spec.name, "small_weighted");
    assert_eq!(spec.settings.request.method, Method::Weighted);
    assert_eq!(spec.settings.backend, "microlp");
    assert_eq!(spec.settings.request.time_budget, Some(30.0));
    assert_eq!(spec.settings.request.options.mip_gap, 0.01);
    assert!(spec.settings.request.normalize);
    assert_eq!(spec.source.as_deref(), Some(path.as_path()));
    let order: Vec<(&str, Sense, f64)> = spec
        .settings
        .request
        .objectives
        .iter()
        .map(|o| (o.name.as_str(), builtin(&o.name).unwrap().sense, o.weight))
        .collect();
    assert_eq!(
        order,
        [
            ("stability", Sense::Max, 1.0),
            ("cost", Sense::Min, 0.5),
            ("equity", Sense::Max, 1.0)
        ]
    );
    assert_eq!(spec.settings.request.objectives[0].rel_tol, 0.01);
    assert_eq!(spec.settings.request.objectives[2].abs_tol, 1.0);
    let names: Vec<String> = spec
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "model.toml",
            "actors.csv",
            "projects.csv",
            "interests.csv",
            "relations.csv"
        ]
    );
}

#[test]
fn data_folder_as_model_takes_defaults() {
    let dir = tests_dir().join("valid/minimal");
    let (spec, _) = load_model(&dir).unwrap();
    assert_eq!(spec.name, "minimal");
    assert_eq!(spec.source, None);
    assert_eq!(spec.data_dir, dir);
    assert_eq!(spec.settings.request.method, Method::Lexicographic);
    assert_eq!(spec.settings.backend, "auto");
    assert_eq!(
        (
            spec.settings.request.time_budget,
            spec.settings.request.options.mip_gap,
            spec.settings.request.normalize
        ),
        (None, 0.0, false)
    );
    let names: Vec<&str> = spec
        .settings
        .request
        .objectives
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["stability", "cost"]);
    assert_eq!(spec.files.len(), 3);
}

#[test]
fn missing_model_file_is_an_io_error() {
    let err = load_model(Path::new("/no/such/model.toml")).unwrap_err();
    assert!(matches!(err, crate::Error::Io { .. }), "{err}");
}

#[test]
fn missing_data_folder_is_one_diagnostic() {
    let err = load_instance(Path::new("/no/such/folder")).unwrap_err();
    let crate::Error::Invalid(d) = err else {
        panic!("{err}")
    };
    assert_eq!(d.len(), 1);
    assert!(d.0[0].message.contains("no such data folder"));
}

#[test]
fn write_creates_the_folder_and_leaves_no_temporary_file() {
    let inst = load_instance(&tests_dir().join("valid/small")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/nested");
    write_instance(&inst, &dir).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "actors.csv",
            "interests.csv",
            "projects.csv",
            "relations.csv"
        ]
    );
    assert_eq!(load_instance(&dir).unwrap(), inst);
    // Overwriting works too.
    write_instance(&inst, &dir).unwrap();
    assert_eq!(load_instance(&dir).unwrap(), inst);
}

// ---- property tests ----

/// Text as the loader keeps it: trimmed, possibly with commas, quotes,
/// semicolons, newlines and non-ASCII letters inside.
fn text(allow_empty: bool) -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;\"'é\n-]{0,12}".prop_map(move |s| {
        let t = s.trim();
        if t.is_empty() && !allow_empty {
            "x".to_string()
        } else {
            t.to_string()
        }
    })
}

fn non_negative() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        (0u32..1000).prop_map(f64::from),
        0.0f64..1e6,
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(f64::abs),
    ]
}

fn unit() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0]
}

const VECTORS: [&str; 4] = ["local", "russian", "western", "a vector, with a comma"];

type ActorSeed = (String, String, String, usize, bool, f64, f64, f64);

fn actor_seed() -> impl Strategy<Value = ActorSeed> {
    (
        "[a-z0-9_]{0,6}",
        text(false),
        text(true),
        0..VECTORS.len(),
        any::<bool>(),
        non_negative(),
        non_negative(),
        (0.0f64..1.0).prop_map(|x| 1.0 - x),
    )
}

#[allow(clippy::type_complexity)]
fn project_seed(
    na: usize,
    np: usize,
) -> impl Strategy<
    Value = (
        String,
        String,
        String,
        Vec<usize>,
        f64,
        f64,
        f64,
        bool,
        f64,
        (u32, u32),
        Vec<usize>,
    ),
> {
    (
        "[a-z0-9_]{0,6}",
        text(false),
        text(true),
        proptest::collection::vec(0..na, 0..4),
        non_negative().prop_map(|c| c + 0.5),
        non_negative(),
        non_negative(),
        any::<bool>(),
        unit(),
        (0u32..5, 0u32..5),
        proptest::collection::vec(0..np, 0..3),
    )
}

type InterestSeed = ((usize, usize), f64, Option<f64>, Option<f64>, f64, bool);

fn interest_seed(na: usize, np: usize) -> impl Strategy<Value = InterestSeed> {
    (
        (0..na, 0..np),
        unit(),
        proptest::option::of(non_negative()),
        proptest::option::of(non_negative()),
        unit(),
        any::<bool>(),
    )
}

fn dedup<T: PartialEq + Copy>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

prop_compose! {
    fn instance()(na in 1usize..6, np in 1usize..5)(
        actors in proptest::collection::vec(actor_seed(), na),
        projects in proptest::collection::vec(project_seed(na, np), np),
        interests in proptest::collection::vec(interest_seed(na, np), 0..12),
        relations in proptest::collection::vec((0..na, 0..na, any::<bool>()), 0..6),
    ) -> Instance {
        let mut vectors: Vec<String> = Vec::new();
        let actors: Vec<Actor> = actors
            .into_iter()
            .enumerate()
            .map(|(a, (stem, name, kind, v, local, budget, personnel, max_share))| {
                let v = VECTORS[v].to_string();
                let vector = match vectors.iter().position(|x| *x == v) {
                    Some(i) => i,
                    None => {
                        vectors.push(v);
                        vectors.len() - 1
                    }
                };
                Actor { id: format!("{stem}{a}"), name, kind, vector, local, budget, personnel, max_share, line: Default::default() }
            })
            .collect();
        let projects: Vec<Project> = projects
            .into_iter()
            .enumerate()
            .map(|(p, (stem, name, sector, hosts, cost, personnel, benefit, scalable, min_fraction, (min_actors, min_vectors), requires))| {
                Project {
                    id: format!("{stem}{p}"),
                    name,
                    sector,
                    hosts: dedup(hosts.into_iter().filter(|&a| actors[a].local)),
                    cost,
                    personnel,
                    benefit,
                    mode: if scalable { Mode::Scalable } else { Mode::AllOrNothing },
                    min_fraction,
                    min_actors,
                    min_vectors,
                    requires: dedup(requires.into_iter().filter(|&q| q != p)),
                    line: Default::default(),
                }
            })
            .collect();
        let mut pairs = Vec::new();
        let interests: Vec<Interest> = interests
            .into_iter()
            .filter(|((a, p), ..)| {
                let fresh = !pairs.contains(&(*a, *p));
                pairs.push((*a, *p));
                fresh
            })
            .map(|((actor, project), interest, max_funding, max_personnel, t, veto)| {
                let budget = actors[actor].budget;
                let cap = max_funding.map_or(budget, |m| m.min(budget));
                Interest { actor, project, interest, max_funding, max_personnel, min_funding: t * cap, veto, line: Default::default() }
            })
            .collect();
        let mut seen = Vec::new();
        let relations: Vec<Relation> = relations
            .into_iter()
            .filter(|&(a, b, _)| a != b)
            .filter_map(|(a, b, rival)| {
                let kind = if rival { RelationKind::Rival } else { RelationKind::Requires };
                let key = if rival { (a.min(b), a.max(b), kind) } else { (a, b, kind) };
                if seen.contains(&key) {
                    None
                } else {
                    seen.push(key);
                    Some(Relation { a, b, kind, line: Default::default() })
                }
            })
            .collect();
        Instance { actors, projects, interests, relations, vectors, sources: Default::default() }
    }
}

/// Rewrites every CSV in `dir` with its data rows (or its columns) shuffled.
fn shuffle_files(dir: &Path, seed: u64, columns: bool) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    for name in [
        "actors.csv",
        "projects.csv",
        "interests.csv",
        "relations.csv",
    ] {
        let path = dir.join(name);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&path)
            .unwrap();
        let mut rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        if columns {
            let mut order: Vec<usize> = (0..rows[0].len()).collect();
            order.shuffle(&mut rng);
            for row in &mut rows {
                *row = order.iter().map(|&c| row[c].clone()).collect();
            }
        } else {
            rows[1..].shuffle(&mut rng);
        }
        let mut w = csv::Writer::from_path(&path).unwrap();
        for row in rows {
            w.write_record(row).unwrap();
        }
        w.flush().unwrap();
    }
}

/// The instance as sorted records of ids and values, blind to row order.
fn canonical(inst: &Instance) -> Vec<Vec<String>> {
    let aid = |a: usize| inst.actors[a].id.clone();
    let pid = |p: usize| inst.projects[p].id.clone();
    let mut out: Vec<Vec<String>> = Vec::new();
    for a in &inst.actors {
        out.push(vec![
            "actor".into(),
            a.id.clone(),
            a.name.clone(),
            a.kind.clone(),
            inst.vectors[a.vector].clone(),
            format!("{} {} {} {}", a.local, a.budget, a.personnel, a.max_share),
        ]);
    }
    for p in &inst.projects {
        out.push(vec![
            "project".into(),
            p.id.clone(),
            p.name.clone(),
            p.sector.clone(),
            p.hosts
                .iter()
                .map(|&a| aid(a))
                .collect::<Vec<_>>()
                .join(";"),
            format!(
                "{} {} {} {:?} {} {} {}",
                p.cost, p.personnel, p.benefit, p.mode, p.min_fraction, p.min_actors, p.min_vectors
            ),
            p.requires
                .iter()
                .map(|&q| pid(q))
                .collect::<Vec<_>>()
                .join(";"),
        ]);
    }
    for i in &inst.interests {
        out.push(vec![
            "interest".into(),
            aid(i.actor),
            pid(i.project),
            format!(
                "{} {:?} {:?} {} {}",
                i.interest, i.max_funding, i.max_personnel, i.min_funding, i.veto
            ),
        ]);
    }
    for r in &inst.relations {
        out.push(vec![
            "relation".into(),
            aid(r.a),
            aid(r.b),
            r.kind.as_str().into(),
        ]);
    }
    let mut vectors = inst.vectors.clone();
    vectors.sort();
    out.push(vectors);
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn write_then_load_gives_the_same_instance(inst in instance()) {
        let tmp = tempfile::tempdir().unwrap();
        write_instance(&inst, tmp.path()).unwrap();
        let back = load_instance(tmp.path()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, inst);
    }

    #[test]
    fn row_order_changes_only_the_order(inst in instance(), seed in any::<u64>()) {
        let tmp = tempfile::tempdir().unwrap();
        write_instance(&inst, tmp.path()).unwrap();
        shuffle_files(tmp.path(), seed, false);
        let back = load_instance(tmp.path()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(canonical(&back), canonical(&inst));
    }

    #[test]
    fn column_order_changes_nothing(inst in instance(), seed in any::<u64>()) {
        let tmp = tempfile::tempdir().unwrap();
        write_instance(&inst, tmp.path()).unwrap();
        shuffle_files(tmp.path(), seed, true);
        let back = load_instance(tmp.path()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, inst);
    }
}

/// CSV-ish bytes: header words, separators, quotes, numbers, odd bytes.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b"id".to_vec()),
        Just(b"name".to_vec()),
        Just(b"budget".to_vec()),
        Just(b"vector".to_vec()),
        Just(b"actor".to_vec()),
        Just(b"project".to_vec()),
        Just(b"cost".to_vec()),
        Just(b"benefit".to_vec()),
        Just(b"hosts".to_vec()),
        Just(b"requires".to_vec()),
        Just(b"a".to_vec()),
        Just(b"b".to_vec()),
        Just(b"kind".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just(b"-1".to_vec()),
        Just(b"1.5".to_vec()),
        Just(b"NaN".to_vec()),
        Just(b"true".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..4),
    ];
    proptest::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

fn tomlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("data = \".\"\n"),
        Just("[solve]\n"),
        Just("[[objective]]\n"),
        Just("name = \"cost\"\n"),
        Just("name = "),
        Just("method = \"weighted\"\n"),
        Just("priority = 2\n"),
        Just("weight = -1\n"),
        Just("time_limit = 1e400\n"),
        Just("\"é\""),
        Just("é"),
        Just("["),
        Just("]"),
        Just("="),
        Just("\n"),
        Just("x"),
    ];
    proptest::collection::vec(token, 0..30).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_files_give_diagnostics_not_panics(
        files in proptest::collection::vec(csvish(), 4),
        toml in tomlish(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        for (name, bytes) in ["actors.csv", "projects.csv", "interests.csv", "relations.csv"]
            .iter()
            .zip(&files)
        {
            std::fs::write(tmp.path().join(name), bytes).unwrap();
        }
        std::fs::write(tmp.path().join("model.toml"), &toml).unwrap();
        for result in [
            load_instance(tmp.path()).map(|_| ()),
            load_model(&tmp.path().join("model.toml")).map(|_| ()),
        ] {
            match result {
                Ok(()) => {}
                Err(crate::Error::Invalid(d)) => prop_assert!(!d.is_empty()),
                Err(e) => prop_assert!(false, "unexpected error {e}"),
            }
        }
    }
}
