//! Building a Zola site as it is: its `config.toml` read into a versus
//! [`Config`](crate::config::Config), and the front-matter keys Zola knows
//! that versus does not use yet (warnings, not errors).

pub mod config;
pub mod front_matter;
