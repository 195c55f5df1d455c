//! Tests of `versus serve`: HTTP serving and safety, the watcher and live
//! reload against a running server, and the differential test of rebuilds.

mod differential;
mod http;
mod support;
mod watch;
mod zola;
