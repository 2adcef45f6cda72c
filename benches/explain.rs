//! `accord explain` through the library: the conflict search and repairs of
//! an impossible demand set, the why-not of every project left out, and the
//! IIS of an infeasible LP (`../shared/instances`, skipped without it), on
//! every compiled-in backend that solves integer programs.
//!
//! `cargo bench --bench explain` (add `--features highs` for HiGHS).

use std::path::Path;

use accord::backend;
use accord::domain::rules::{Demand, DemandKind};
use accord::explain::{explain, Options};
use accord::model::{LoadOptions, Model};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench_explain(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let small = Model::load(&root.join("tests/valid/small"), &LoadOptions::default()).unwrap();
    let central = Model::load(
        &root.join("models/central_asia.toml"),
        &LoadOptions::default(),
    )
    .unwrap();
    let galenet = root.join("../shared/instances/netlib/infeasible/galenet.mps");
    let mut g = c.benchmark_group("explain");
    g.sample_size(10);
    for id in backend::auto_order()
        .into_iter()
        .filter(|b| backend::available().contains(b))
    {
        let open = move || backend::by_name(id);
        let mut impossible = small.defaults.clone();
        impossible.request.demands = ["must", "never"]
            .iter()
            .map(|k| Demand {
                kind: if *k == "must" {
                    DemandKind::Must(None)
                } else {
                    DemandKind::Never
                },
                target: "road".into(),
                place: None,
            })
            .collect();
        g.bench_function(format!("conflict/small/{id}"), |b| {
            b.iter(|| explain(&small, &impossible, &Options::default(), &open).unwrap())
        });
        g.bench_function(format!("why_not/central_asia/{id}"), |b| {
            b.iter(|| explain(&central, &central.defaults, &Options::default(), &open).unwrap())
        });
        if galenet.is_file() {
            let m = Model::load(&galenet, &LoadOptions::default()).unwrap();
            g.bench_function(format!("iis/galenet/{id}"), |b| {
                b.iter(|| explain(&m, &m.defaults, &Options::default(), &open).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_explain);
criterion_main!(benches);
