//! The "A vs. B" pages of comparisons with `pairs = true`
//! ([`crate::compare::pairs`]), as an output: the jobs, the file each
//! writes, its template context, and what its fingerprint is made of, side
//! by side so they cannot drift apart. Every pair page is in the sitemap
//! ([`sitemap_paths`]) and, as its own document, in the search index
//! ([`crate::search::later_sources`]).

use std::collections::HashMap;

use tera::{Context, Value};

use super::views::Views;
use super::{Contexts, Job};
use crate::compare::pairs;
use crate::hash::hash_of;
use crate::site::Site;

/// The template of a pair page.
pub(super) const TEMPLATE: &str = "comparison_pair.html";

/// One job per pair page of every comparison: (comparison, pair) indices.
pub(super) fn jobs(site: &Site) -> impl Iterator<Item = Job<'_>> + '_ {
    site.comparisons
        .iter()
        .enumerate()
        .flat_map(|(i, c)| (0..c.pair_texts().len()).map(move |n| Job::ComparisonPair(i, n)))
}

/// The file pair `n` of comparison `i` is written to.
pub(super) fn output_path(site: &Site, i: usize, n: usize) -> String {
    let c = &site.comparisons[i];
    format!("{}index.html", c.pair_path(&c.pair_texts()[n]))
}

/// Site-relative paths of every pair page, for the sitemap.
pub(super) fn sitemap_paths(site: &Site) -> impl Iterator<Item = String> + '_ {
    site.comparisons
        .iter()
        .flat_map(|c| c.pair_texts().iter().map(|p| c.pair_path(p)))
}

/// The context of pair `n` of comparison `i`: `pair` (see
/// [`pairs::view`]), from the comparison's view in `comparisons`.
pub(super) fn context(
    views: &Views,
    contexts: &Contexts,
    comparisons: &HashMap<String, Value>,
    i: usize,
    n: usize,
) -> Context {
    let site = views.site;
    let c = &site.comparisons[i];
    let text = &c.pair_texts()[n];
    let path = c.pair_path(text);
    let url = site.config.url_of(&path);
    let permalink = site.config.permalink_of(&path);
    let view = pairs::view(&c.data, &comparisons[c.id()], text, (&url, &permalink));
    let mut ctx = contexts.at(views, &path, site.root);
    ctx.insert("pair", &view);
    ctx
}

/// The job's key (stable across rebuilds: the comparison's id and the
/// pair's segment) and the fingerprint of what the page shows besides the
/// comparison views, which `global` holds: the nav and where the page is.
pub(super) fn fingerprint(site: &Site, i: usize, n: usize, global: u64, nav: u64) -> (u64, u64) {
    let c = &site.comparisons[i];
    let segment = &c.pair_texts()[n].segment;
    let key = hash_of(("pair", c.id(), segment));
    (key, hash_of((global, nav, c.path(), segment)))
}

/// How plan messages name pair `n` of comparison `i`.
pub(super) fn name(site: &Site, i: usize, n: usize) -> String {
    let c = &site.comparisons[i];
    let pair = c.pair_texts()[n].pair;
    let id = |i: usize| c.data.options[i].id.as_str();
    format!(
        "the page of the options `{}` and `{}` of the comparison {} (`pairs = true`)",
        id(pair.a),
        id(pair.b),
        c.rel_path().display()
    )
}

/// A plan error about pair `n` of comparison `i`, located at its `pairs` key.
pub(super) fn locate(site: &Site, i: usize, message: String) -> crate::Error {
    let at = [crate::compare::locate::Step::key("pairs")];
    site.comparisons[i].error_at(message, &at)
}
