//! The scenarios file and `--grid` specs against the Central Asia model:
//! the input is grid specs, one per line, then the byte 0x1E, then the
//! scenarios CSV. Every scenario that loads is applied to the data.
#![no_main]
mod common;

use accord::scenario::{self, GridAxis};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let model = common::central_asia();
    let inst = model.instance().expect("a domain model");
    let objectives: Vec<String> = vec!["stability".into(), "cost".into()];
    let parts = common::parts(data, 2);
    let specs = String::from_utf8_lossy(parts[0].unwrap_or_default());
    let axes: Result<Vec<GridAxis>, String> = specs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(GridAxis::parse)
        .collect();
    if let Ok(axes) = axes {
        if !axes.is_empty() {
            match scenario::grid_scenarios(&axes, inst, &objectives) {
                Ok(list) => {
                    for s in list.iter().take(4) {
                        let _ = s.apply(inst);
                    }
                }
                Err(e) => common::assert_placed(&e, false),
            }
        }
    }
    if let Some(csv) = parts[1] {
        let path = common::scratch().join("scenarios.csv");
        common::put(common::scratch(), "scenarios.csv", Some(csv));
        match scenario::load(&path, inst, &objectives) {
            Ok(list) => {
                for s in &list {
                    if let Err(e) = s.apply(inst) {
                        panic!("a loaded scenario does not apply: {e}");
                    }
                }
            }
            Err(e) => common::assert_placed(&e, false),
        }
    }
});
