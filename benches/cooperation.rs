//! `accord cooperation` through the library, on central_asia: the bloc
//! table (31 sets of blocs, one worker), and the 26 coalitions of two or
//! more blocs run on the many-solves engine the two ways measured in
//! docs/cooperation.md ("Speed"): warm sessions with the coalition's bounds
//! changed and the backend's defaults, against the program without the
//! fixed columns, presolve off and lean heuristics (what cooperation uses).
//!
//! `cargo bench --bench cooperation` (add `--features highs` for HiGHS, the
//! backend the figures of docs/cooperation.md are for).

use std::path::Path;
use std::time::Duration;

use accord::backend;
use accord::check::CheckTolerances;
use accord::cooperation::{self, blocs, Game, Hooks, Options, Run};
use accord::engine::{Engine, Job};
use accord::model::{LoadOptions, Model};
use accord::program::Changes;
use accord::request::{Heuristics, SolveOptions};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench_cooperation(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = Model::load(
        &root.join("models/central_asia.toml"),
        &LoadOptions::default(),
    )
    .unwrap();
    let domain = model.domain().expect("a domain model");
    let inst = &domain.instance;
    let form = &domain.formulation;
    let program = model.program();
    let objective = program.require_objective("stability").unwrap().clone();
    let groups = blocs(inst);

    // The jobs of the coalitions of two or more blocs: every outsider's
    // money, people and participation columns fixed at 0.
    let jobs: Vec<Job> = (1usize..1 << groups.len())
        .filter(|mask| mask.count_ones() >= 2)
        .map(|mask| {
            let inside = |a: usize| {
                groups
                    .iter()
                    .enumerate()
                    .any(|(k, (_, members))| mask >> k & 1 == 1 && members.contains(&a))
            };
            let mut cols = Vec::new();
            for (e, i) in inst.interests.iter().enumerate() {
                if !inside(i.actor) {
                    cols.push(form.f[e]);
                    cols.extend(form.s[e]);
                    cols.extend(form.z[e]);
                }
            }
            Job {
                changes: Changes {
                    cols: cols.into_iter().map(|j| (j, 0.0, 0.0)).collect(),
                    ..Changes::default()
                },
                start: None,
            }
        })
        .collect();

    let mut g = c.benchmark_group("cooperation");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(40));
    for id in backend::auto_order()
        .into_iter()
        .filter(|b| backend::available().contains(b))
    {
        let solver = backend::by_name(id).unwrap();
        for (mode, reduce, presolve, heuristics) in [
            ("warm", false, true, Heuristics::Full),
            ("reduced_lean", true, false, Heuristics::Lean),
        ] {
            let engine = Engine {
                backend: solver.as_ref(),
                program,
                objective: &objective,
                options: SolveOptions {
                    presolve,
                    heuristics,
                    ..SolveOptions::default()
                },
                tolerances: CheckTolerances::default(),
                workers: 1,
                deadline: None,
                reduce,
            };
            g.bench_function(format!("bloc_jobs/{mode}/{id}"), |b| {
                b.iter(|| {
                    let solved = engine.run(&jobs, &|_, _| {}).unwrap();
                    assert!(solved.iter().all(|s| s.passed));
                })
            });
        }
        g.bench_function(format!("bloc_table/{id}"), |b| {
            b.iter(|| {
                let mut game = Game::new(inst, form, program, &objective, false);
                let run = Run {
                    backend: solver.as_ref(),
                    options: SolveOptions::default(),
                    tolerances: CheckTolerances::default(),
                    workers: 1,
                    deadline: None,
                };
                let hooks = Hooks {
                    on_valued: &|_, _| {},
                    start: &|_| {},
                    tick: &|_| {},
                };
                let options = Options {
                    blocs_only: true,
                    ..Options::default()
                };
                cooperation::analyse(&model.name, &mut game, inst, &run, &options, &hooks).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_cooperation);
criterion_main!(benches);
