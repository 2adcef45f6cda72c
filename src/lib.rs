//! accord: decide who funds and staffs which joint projects.
//!
//! Data flows one way: CSV rows -> validated [`domain::Instance`] ->
//! [`formulation`] (a [`program::Program`]) -> scalar solves on a
//! [`backend`] -> verified outcomes -> reports.

pub mod domain;
pub mod error;
pub mod input;
pub mod program;

pub use error::{Diagnostic, Diagnostics, Error, Result};
pub mod backend;
pub mod check;
pub mod formulation;
pub mod generate;
pub mod report;
pub mod solve;
