//! accord: decide who funds and staffs which joint projects.
//!
//! Data flows one way: CSV rows -> validated [`domain::Instance`] ->
//! [`formulation`] (a [`program::Program`]) -> scalar solves on a
//! [`backend`] -> verified outcomes -> reports. MPS and `.mop` files enter
//! at the program stage through [`mps`]; fronts over several objectives are
//! in [`moo`].

pub mod backend;
pub mod bench;
pub mod check;
pub mod cooperation;
pub mod domain;
pub mod engine;
pub mod error;
pub mod explain;
pub mod formulation;
pub mod generate;
pub mod input;
pub mod lpfile;
pub mod model;
pub mod moo;
pub mod mps;
pub mod program;
pub mod report;
pub mod request;
pub mod scenario;
pub mod sensitivity;
pub mod solve;
pub mod sweep;

pub use error::{Diagnostic, Diagnostics, Error, Result};
