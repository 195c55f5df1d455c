//! The integration test suite: one binary (so it links once), one module per
//! feature. Each test builds a real fixture site from `tests/fixtures/` with
//! the real `versus` binary and parses the HTML it wrote.

mod suite;
