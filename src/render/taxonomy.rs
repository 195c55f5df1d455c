//! What the taxonomy kinds of output (`kind/taxonomy_list.rs`,
//! `kind/taxonomy_term.rs`, `kind/term_feed.rs`) share: which template a
//! taxonomy's list and term pages use, where term pages go, the pages of a
//! term's feed, the `taxonomy` view, the sitemap's taxonomy paths; and the
//! template functions `get_taxonomy`, `get_taxonomy_term` and
//! `get_taxonomy_url`.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Function, Value};

use super::functions::{string_arg, Shared};
use super::paginate;
use super::views::{TermView, Views};
use crate::config::taxonomy::{TaxonomyConfig, DEFAULT};
use crate::site::Site;
use crate::site::Term;

/// A taxonomy's list page or term page.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    List,
    Single,
}

/// The template of taxonomy `name`'s list or term pages, of those `has`
/// knows: `<name>/list.html` (`single.html`) as in Zola, then for `tags`
/// versus's `tags.html` (`tag.html`), then `taxonomy_list.html`
/// (`taxonomy_single.html`).
pub(super) fn template(name: &str, kind: Kind, has: impl Fn(&str) -> bool) -> Option<String> {
    let (own, tags, generic) = match kind {
        Kind::List => ("list.html", "tags.html", "taxonomy_list.html"),
        Kind::Single => ("single.html", "tag.html", "taxonomy_single.html"),
    };
    let own = format!("{name}/{own}");
    if has(&own) {
        Some(own)
    } else if name == DEFAULT && has(tags) {
        Some(tags.to_string())
    } else {
        has(generic).then(|| generic.to_string())
    }
}

/// Term `term` of taxonomy `t` as one index over the terms of every
/// taxonomy (an output's `item`), and back ([`term_at`]).
pub(super) fn flat_term(site: &Site, t: usize, term: usize) -> usize {
    site.taxonomies[..t]
        .iter()
        .map(|x| x.terms.len())
        .sum::<usize>()
        + term
}

/// The taxonomy and term of a [`flat_term`] index.
pub(super) fn term_at(site: &Site, mut item: usize) -> (usize, usize) {
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if item < taxonomy.terms.len() {
            return (t, item);
        }
        item -= taxonomy.terms.len();
    }
    (site.taxonomies.len(), item)
}

/// The site path of listing page `pager` of term `term` of taxonomy `t`.
pub(super) fn term_path(site: &Site, t: usize, term: usize, pager: usize) -> String {
    let declared = &site.config.taxonomies[t];
    let path = &site.taxonomies[t].terms[term].path;
    paginate::listing_path(path, declared.paginate_path.as_ref(), pager)
}

/// The pages of a term's feed: its dated pages, newest first (the term's
/// own order already), cut at `feed_limit`.
pub(super) fn feed_order(site: &Site, term: &Term) -> Vec<usize> {
    super::kind::feed::newest_dated(site, term.pages.iter().copied())
}

/// The taxonomies that have pages (all but those with `render = false`),
/// with their index in `config.taxonomies`.
pub(super) fn rendered(site: &Site) -> impl Iterator<Item = (usize, &TaxonomyConfig)> {
    site.config
        .taxonomies
        .iter()
        .enumerate()
        .filter(|(_, declared)| declared.render)
}

/// The site paths the sitemap lists: each taxonomy with pages and terms,
/// and its terms' first pages.
pub(super) fn sitemap_paths(site: &Site) -> Vec<&str> {
    let mut paths = Vec::new();
    for (t, declared) in rendered(site) {
        let taxonomy = &site.taxonomies[t];
        if !taxonomy.terms.is_empty() {
            paths.push(declared.path.as_str());
            paths.extend(taxonomy.terms.iter().map(|t| t.path.as_str()));
        }
    }
    paths
}

/// `taxonomy` in the taxonomy templates: its `[[taxonomies]]` settings
/// (Zola's `name`, `feed`, `paginate_by`, `paginate_path`) and where its
/// list is.
#[derive(Serialize)]
pub(super) struct TaxonomyView<'a> {
    #[serde(flatten)]
    config: &'a TaxonomyConfig,
    url: String,
    permalink: String,
    term_count: usize,
}

pub(super) fn taxonomy_view<'a>(site: &'a Site, t: usize) -> TaxonomyView<'a> {
    let declared = &site.config.taxonomies[t];
    TaxonomyView {
        config: declared,
        url: site.config.url_of(&declared.path),
        permalink: site.config.permalink_of(&declared.path),
        term_count: site.taxonomies[t].terms.len(),
    }
}

/// The taxonomy named `kind`, or an error naming the declared ones.
fn find(site: &Site, func: &str, kind: &str) -> tera::Result<usize> {
    site.config
        .taxonomies
        .iter()
        .position(|t| t.name == kind)
        .ok_or_else(|| {
            let names: Vec<&str> = site
                .config
                .taxonomies
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            format!(
                "{func}: no taxonomy `{kind}` (declared: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )
            .into()
        })
}

/// Term `name` (slugified as the site does) of taxonomy `t`, or an error.
fn find_term<'s>(site: &'s Site, func: &str, t: usize, name: &str) -> tera::Result<&'s Term> {
    let slug = crate::markdown::slug::path_slug(name, site.config.slugify.paths);
    site.taxonomies[t].term(&slug).ok_or_else(|| {
        format!(
            "{func}: no term `{name}` in the taxonomy `{}`",
            site.config.taxonomies[t].name
        )
        .into()
    })
}

/// `required=false`: a missing taxonomy or term gives nothing, not an error.
fn required(args: &HashMap<String, Value>) -> bool {
    !matches!(args.get("required"), Some(Value::Bool(false)))
}

/// The views, once every page's Markdown is rendered.
fn views<'s>(shared: &'s Shared, func: &str) -> tera::Result<Views<'s>> {
    let content = shared
        .content
        .get()
        .ok_or_else(|| tera::Error::msg(format!("{func} can't be used inside shortcodes")))?;
    Ok(Views {
        site: &shared.site,
        content,
    })
}

/// What `get_taxonomy` returns (Zola's `kind` and `items`).
#[derive(Serialize)]
struct TaxonomyItems<'a> {
    kind: TaxonomyView<'a>,
    url: String,
    permalink: String,
    items: Vec<TermView<'a>>,
}

/// `get_taxonomy(kind="categories", required=true)`: the taxonomy and all
/// its terms, each with its pages.
pub(super) struct GetTaxonomy(pub Shared);

impl Function for GetTaxonomy {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        const FUNC: &str = "get_taxonomy";
        let site = &self.0.site;
        let kind = string_arg(args, "kind", FUNC)?;
        let t = match find(site, FUNC, kind) {
            Ok(t) => t,
            Err(_) if !required(args) => return Ok(Value::Null),
            Err(e) => return Err(e),
        };
        let views = views(&self.0, FUNC)?;
        let kind = taxonomy_view(site, t);
        Ok(tera::to_value(TaxonomyItems {
            url: kind.url.clone(),
            permalink: kind.permalink.clone(),
            kind,
            items: site.taxonomies[t]
                .terms
                .iter()
                .map(|term| views.term(term))
                .collect(),
        })?)
    }
}

/// `get_taxonomy_term(kind="categories", term="Guides", include_pages=true,
/// required=true)`: one term, with its pages unless `include_pages=false`.
pub(super) struct GetTaxonomyTerm(pub Shared);

impl Function for GetTaxonomyTerm {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        const FUNC: &str = "get_taxonomy_term";
        let site = &self.0.site;
        let kind = string_arg(args, "kind", FUNC)?;
        let name = string_arg(args, "term", FUNC)?;
        let term = match find(site, FUNC, kind).and_then(|t| find_term(site, FUNC, t, name)) {
            Ok(term) => term,
            Err(_) if !required(args) => return Ok(Value::Null),
            Err(e) => return Err(e),
        };
        let views = views(&self.0, FUNC)?;
        if matches!(args.get("include_pages"), Some(Value::Bool(false))) {
            Ok(tera::to_value(views.term_summary(term))?)
        } else {
            Ok(tera::to_value(views.term(term))?)
        }
    }
}

/// `get_taxonomy_url(kind="categories", name="Guides", required=true)`:
/// the URL of a term's page.
pub(super) struct GetTaxonomyUrl(pub Shared);

impl Function for GetTaxonomyUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        const FUNC: &str = "get_taxonomy_url";
        let site = &self.0.site;
        let kind = string_arg(args, "kind", FUNC)?;
        let name = string_arg(args, "name", FUNC)?;
        match find(site, FUNC, kind).and_then(|t| find_term(site, FUNC, t, name)) {
            Ok(term) => Ok(Value::String(site.config.url_of(&term.path))),
            Err(_) if !required(args) => Ok(Value::Null),
            Err(e) => Err(e),
        }
    }
}

/// Register the taxonomy functions with Tera.
pub(super) fn register(tera: &mut tera::Tera, shared: &Shared) {
    tera.register_function("get_taxonomy", GetTaxonomy(shared.clone()));
    tera.register_function("get_taxonomy_term", GetTaxonomyTerm(shared.clone()));
    tera.register_function("get_taxonomy_url", GetTaxonomyUrl(shared.clone()));
}
