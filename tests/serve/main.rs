//! Tests of `versus serve`: HTTP serving and safety, the watcher and live
//! reload against a running server, who may connect, `--open`, and the
//! differential test of rebuilds.

mod differential;
mod http;
#[cfg(target_os = "linux")]
mod open;
mod support;
mod watch;
mod zola;
