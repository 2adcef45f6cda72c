//! Building the program (`formulation::build`) on generated data sets of
//! three sizes and on the default data set: ids `build/<instance>`.
//! Generation and loading happen outside the timed closure; dropping the
//! program is not timed either. Throughput is per eligible pair, so a flat
//! figure across sizes means the build grows linearly.
//!
//! `cargo bench --bench formulation`

use std::path::Path;
use std::time::Duration;

use accord::domain::Instance;
use accord::formulation;
use accord::generate::{generate, GenerateOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Generated sizes: (id, actors, projects, density).
const SIZES: [(&str, usize, usize, f64); 3] = [
    ("small", 50, 200, 0.10),
    ("medium", 500, 2_000, 0.05),
    ("large", 2_000, 10_000, 0.05),
];

/// The default data set, if this checkout has it.
fn central_asia() -> Option<Instance> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/central_asia");
    if !dir.is_dir() {
        eprintln!(
            "note: {} not found: skipping build/central_asia",
            dir.display()
        );
        return None;
    }
    Some(accord::input::load_instance(&dir).expect("data/central_asia is valid"))
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    let mut instances: Vec<(String, Instance)> = Vec::new();
    if let Some(inst) = central_asia() {
        instances.push(("central_asia".into(), inst));
    }
    for (id, actors, projects, density) in SIZES {
        let opts = GenerateOptions::new(actors, projects, density);
        instances.push((id.into(), generate(&opts).expect("valid sizes")));
    }
    for (id, inst) in &instances {
        let pairs = inst.interests.len() as u64;
        if pairs >= 100_000 {
            group
                .sample_size(10)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(5));
        } else {
            group
                .sample_size(30)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(3));
        }
        group.throughput(Throughput::Elements(pairs));
        group.bench_with_input(BenchmarkId::from_parameter(id), inst, |b, inst| {
            b.iter_with_large_drop(|| formulation::build(inst))
        });
    }
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
