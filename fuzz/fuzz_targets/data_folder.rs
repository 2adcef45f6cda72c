//! The data folder reader, all four CSV files, through the library's front
//! door: the input is the four files separated by the byte 0x1E (actors,
//! projects, relations, interests; a file not given is absent). A folder
//! that loads is also built into a program and screened.
#![no_main]
mod common;

use accord::model::{LoadOptions, Model};
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 4] = [
    "actors.csv",
    "projects.csv",
    "relations.csv",
    "interests.csv",
];

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, part) in FILES.iter().zip(common::parts(data, FILES.len())) {
        common::put(&dir, name, part);
    }
    match Model::load(&dir, &LoadOptions::default()) {
        Ok(model) => {
            let _ = model.program();
            let _ = model.warnings();
        }
        Err(e) => common::assert_placed(&e, false),
    }
});
