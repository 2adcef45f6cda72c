//! Demand flags (`--must P[=F]`, `--never P`, `--floor OBJ=V`, `--cap
//! OBJ=V`) against the Central Asia model: one flag per line, `NAME VALUE`.
//! Demands that parse are checked against the model, and a program is
//! built with those that pass.
#![no_main]
mod common;

use accord::request::key;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let model = common::central_asia();
    let text = String::from_utf8_lossy(data);
    let mut demands = Vec::new();
    for line in text.lines() {
        let (flag, value) = line.split_once(' ').unwrap_or((line, ""));
        let name = flag.trim_start_matches('-');
        if !["must", "never", "floor", "cap"].contains(&name) {
            continue;
        }
        match key(name).flag_demand(value) {
            Ok(d) => demands.push(d),
            Err(m) => assert!(m.starts_with(key(name).flag), "not placed at its flag: {m}"),
        }
    }
    match model.check_demands(&demands) {
        Ok(()) => {
            let program = model.program_for(&demands).expect("checked demands build");
            let _ = model.greedy_start(&program, &demands);
        }
        Err(e) => common::assert_placed(&e, true),
    }
});
