//! The MPS / `.mop` reader, in free and fixed format, with every objective
//! row reading.
#![no_main]
mod common;

use std::path::Path;

use accord::mps::{self, Format, ObjectiveRows, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let options = ReadOptions {
        format: [Format::Auto, Format::Free, Format::Fixed][usize::from(first % 3)],
        objectives: [
            ObjectiveRows::Auto,
            ObjectiveRows::First,
            ObjectiveRows::All,
        ][usize::from(first / 3 % 3)],
        ..ReadOptions::default()
    };
    let label = Path::new(if first & 0x80 == 0 {
        "fuzz.mps"
    } else {
        "fuzz.mop"
    });
    match mps::parse(&text, label, &options) {
        Ok(program) => {
            let _ = program.objectives.len();
        }
        Err(e) => common::assert_placed(&e, false),
    }
});
