//! Modules of the integration suite.

mod bad_input;
mod build;
pub mod harness;
