//! Modules of the integration suite.

mod bad_input;
mod bench_corpus;
mod build;
mod check;
mod compare;
mod hardening;
pub mod harness;
mod highlight;
mod init_site;
mod search;
mod session;
mod theme;
