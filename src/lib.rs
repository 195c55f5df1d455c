//! versus: a static site generator for comparison explainers.
//!
//! The pipeline is load → model → render → write; see `docs/ARCHITECTURE.md`.

// `Error` carries a path, a snippet and a hint so every message can point at
// the mistake; it is only built on the cold path, so its size costs nothing
// where it matters, and boxing it would make every use site noisier.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
mod confine;
pub mod content;
mod csv_records;
pub mod error;
mod hash;
mod html_escape;
pub mod init;
mod layout;
mod links;
pub mod markdown;
pub mod new;
pub mod output;
pub mod pipeline;
mod reclaim;
pub mod render;
mod search;
pub mod serve;
mod site;
mod summary;
mod swar;
mod template_names;
mod theme;
mod unique_keys;
mod url_path;
mod zola;

pub use error::{Error, Errors};
