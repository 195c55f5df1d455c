//! Modules of the integration suite.

mod bad_input;
mod bench_corpus;
mod build;
mod check;
mod compare;
mod content;
mod data_schema;
mod hardening;
pub mod harness;
mod highlight;
mod init_site;
mod jail;
mod search;
mod session;
mod theme;
mod zola;
