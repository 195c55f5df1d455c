//! Building a Zola site as it is: the warnings of a load that met the
//! front-matter keys Zola knows and versus does not use yet, and the
//! `template` keys a site with `zola_templates` drops, and which of its
//! templates are used. (A Zola
//! `config.toml` is read by `crate::config::zola`; the key lists are
//! `crate::content::front_matter::zola`.)

pub mod front_matter;
pub mod templates;
