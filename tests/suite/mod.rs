//! Modules of the integration suite.

mod bad_input;
mod build;
mod compare;
mod highlight;
pub mod harness;
mod search;
