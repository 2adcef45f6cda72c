//! The model TOML reader (objectives, `[solve]`, `[demands]`), with the
//! data folder fixed to tests/valid/small; a model that loads has its
//! demands checked and its program built with them.
#![no_main]
mod common;

use accord::model::{LoadOptions, Model};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = common::scratch().join("model.toml");
    common::put(common::scratch(), "model.toml", Some(data));
    let options = LoadOptions {
        data: Some(common::root().join("tests/valid/small")),
        all_or_nothing: false,
    };
    match Model::load(&path, &options) {
        Ok(model) => {
            let demands = &model.defaults.request.demands;
            match model.check_demands(demands) {
                Ok(()) => {
                    let _ = model.program_for(demands);
                }
                Err(e) => common::assert_placed(&e, false),
            }
        }
        Err(e) => common::assert_placed(&e, false),
    }
});
