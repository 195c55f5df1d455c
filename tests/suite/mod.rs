//! Modules of the integration suite.

mod authoring;
mod bad_input;
mod bench_corpus;
mod build;
mod check;
mod compare;
mod content;
mod data_schema;
mod examples;
mod hardening;
pub mod harness;
mod highlight;
mod ignored_files;
mod init_site;
mod jail;
mod layers;
mod pairs;
mod schema;
mod search;
mod session;
mod taxonomies;
mod theme;
mod zola;
mod zola_keys;
