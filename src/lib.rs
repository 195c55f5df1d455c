//! versus: a static site generator for comparison explainers.
//!
//! The pipeline is load → model → render → write; see `docs/ARCHITECTURE.md`.

pub mod cli;
pub mod compare;
pub mod config;
pub mod content;
pub mod error;
pub mod init;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;

pub use error::{Error, Errors};
