//! Taxonomy outputs: each taxonomy's list of terms (`<taxonomy>/`), each
//! term's page (`<taxonomy>/<term>/`, over several listing pages with
//! `paginate_by`) and feed (`<taxonomy>/<term>/atom.xml`, with `feed =
//! true`). What each one's template sees and what the dev server
//! fingerprints of it sit side by side here, so they cannot drift apart.
//! Also the template functions `get_taxonomy`, `get_taxonomy_term` and
//! `get_taxonomy_url`.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Function, Value};

use super::functions::{string_arg, Shared};
use super::paginate::{self, Listing};
use super::templates::Templates;
use super::views::{TermSummary, TermView, Views};
use super::{Contexts, Job};
use crate::config::taxonomy::{TaxonomyConfig, DEFAULT};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::site::Site;
use crate::site::Term;

/// One taxonomy output (a kind of [`Job`]); `t` indexes
/// `config.taxonomies`, `term` the taxonomy's terms.
#[derive(Clone, Copy)]
pub(super) enum TaxonomyJob {
    /// The list of the terms.
    List(usize),
    /// Listing page `pager` (from 0) of a term's pages.
    Term { t: usize, term: usize, pager: usize },
    /// The term's feed.
    Feed { t: usize, term: usize },
}

/// A taxonomy's list page or term page.
#[derive(Clone, Copy)]
enum Kind {
    List,
    Single,
}

/// The template of taxonomy `name`'s list or term pages, of those `has`
/// knows: `<name>/list.html` (`single.html`) as in Zola, then for `tags`
/// versus's `tags.html` (`tag.html`), then `taxonomy_list.html`
/// (`taxonomy_single.html`).
fn template(name: &str, kind: Kind, has: impl Fn(&str) -> bool) -> Option<String> {
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

/// Every taxonomy output of `site`: lists and term pages where there is a
/// template for them, feeds where asked for.
pub(super) fn jobs(site: &Site, templates: &Templates, jobs: &mut Vec<Job>) {
    let has = |name: &str| templates.has(name);
    for (t, declared) in site.config.taxonomies.iter().enumerate() {
        if template(&declared.name, Kind::List, has).is_some() {
            jobs.push(Job::Taxonomy(TaxonomyJob::List(t)));
        }
        let single = template(&declared.name, Kind::Single, has).is_some();
        for (term, entry) in site.taxonomies[t].terms.iter().enumerate() {
            if single {
                let pagers = paginate::count(entry.pages.len(), declared.paginate_by);
                jobs.extend(
                    (0..pagers).map(|pager| Job::Taxonomy(TaxonomyJob::Term { t, term, pager })),
                );
            }
            if declared.feed {
                jobs.push(Job::Taxonomy(TaxonomyJob::Feed { t, term }));
            }
        }
    }
}

/// The site path of listing page `pager` of term `term` of taxonomy `t`.
fn term_path(site: &Site, t: usize, term: usize, pager: usize) -> String {
    let declared = &site.config.taxonomies[t];
    let path = &site.taxonomies[t].terms[term].path;
    paginate::listing_path(path, declared.paginate_path.as_ref(), pager)
}

/// The pages of a term's feed: its dated pages, newest first, cut at
/// `feed_limit`.
fn feed_order(site: &Site, term: &Term) -> Vec<usize> {
    let mut dated: Vec<usize> = term
        .pages
        .iter()
        .copied()
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    if site.config.feed_limit > 0 {
        dated.truncate(site.config.feed_limit);
    }
    dated
}

/// Pages in some term's feed (their HTML is kept for it).
pub(super) fn feed_pages(site: &Site) -> Vec<usize> {
    let mut pages = Vec::new();
    for (declared, taxonomy) in site.config.taxonomies.iter().zip(&site.taxonomies) {
        if declared.feed {
            for term in &taxonomy.terms {
                pages.extend(feed_order(site, term));
            }
        }
    }
    pages
}

/// The site paths the sitemap lists: each taxonomy with terms, and its
/// terms' first pages.
pub(super) fn sitemap_paths(site: &Site) -> Vec<&str> {
    let mut paths = Vec::new();
    for (declared, taxonomy) in site.config.taxonomies.iter().zip(&site.taxonomies) {
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
struct TaxonomyView<'a> {
    #[serde(flatten)]
    config: &'a TaxonomyConfig,
    url: String,
    permalink: String,
    term_count: usize,
}

fn taxonomy_view<'a>(site: &'a Site, t: usize) -> TaxonomyView<'a> {
    let declared = &site.config.taxonomies[t];
    TaxonomyView {
        config: declared,
        url: site.config.url_of(&declared.path),
        permalink: site.config.permalink_of(&declared.path),
        term_count: site.taxonomies[t].terms.len(),
    }
}

/// What the dev server's fingerprint of a taxonomy output is made of.
pub(super) struct PrintInputs<'p> {
    /// Config, shortcodes, comparisons: what every output sees.
    pub global: u64,
    /// The nav opened at the root section.
    pub root_nav: u64,
    /// Per page: its source, path and rendered Markdown.
    pub page: &'p [u64],
}

impl TaxonomyJob {
    /// The output file (asked by the render and the plan alike).
    pub(super) fn output_path(&self, site: &Site) -> String {
        match *self {
            TaxonomyJob::List(t) => format!("{}index.html", site.config.taxonomies[t].path),
            TaxonomyJob::Term { t, term, pager } => {
                format!("{}index.html", term_path(site, t, term, pager))
            }
            TaxonomyJob::Feed { t, term } => {
                format!("{}atom.xml", site.taxonomies[t].terms[term].path)
            }
        }
    }

    /// The template it renders with, of those `has` knows (`None`: none).
    pub(super) fn template(&self, site: &Site, has: impl Fn(&str) -> bool) -> Option<String> {
        match *self {
            TaxonomyJob::List(t) => template(&site.config.taxonomies[t].name, Kind::List, has),
            TaxonomyJob::Term { t, .. } => {
                template(&site.config.taxonomies[t].name, Kind::Single, has)
            }
            TaxonomyJob::Feed { .. } => Some("atom.xml".to_string()),
        }
    }

    /// How collision messages name it.
    pub(super) fn describe(&self, site: &Site) -> String {
        match *self {
            TaxonomyJob::List(t) => match site.config.taxonomies[t].name.as_str() {
                DEFAULT => "the tag list".to_string(),
                name => format!("the list of the taxonomy `{name}`"),
            },
            TaxonomyJob::Term { t, term, pager } => {
                let name = &site.config.taxonomies[t].name;
                let term = &site.taxonomies[t].terms[term].name;
                match (name.as_str(), pager) {
                    (DEFAULT, 0) => format!("the page of the tag `{term}`"),
                    (_, 0) => format!("the page of the {name} term `{term}`"),
                    _ => format!("listing page {} of the {name} term `{term}`", pager + 1),
                }
            }
            TaxonomyJob::Feed { t, term } => format!(
                "the feed of the {} term `{}`",
                site.config.taxonomies[t].name, site.taxonomies[t].terms[term].name
            ),
        }
    }

    /// Render it into its output file.
    pub(super) fn render(
        &self,
        views: &Views,
        templates: &Templates,
        contexts: &Contexts,
    ) -> Result<(String, OutputFile), Error> {
        let site = views.site;
        let path = self.output_path(site);
        let template = self
            .template(site, |n| templates.has(n))
            .unwrap_or_default();
        let ctx = match *self {
            TaxonomyJob::List(t) => {
                let terms: Vec<TermSummary> = site.taxonomies[t]
                    .terms
                    .iter()
                    .map(|term| views.term_summary(term))
                    .collect();
                let mut ctx = contexts.at(views, &site.config.taxonomies[t].path, site.root);
                ctx.insert("taxonomy", &taxonomy_view(site, t));
                ctx.insert("terms", &terms);
                ctx
            }
            TaxonomyJob::Term { t, term, pager } => {
                let declared = &site.config.taxonomies[t];
                let entry = &site.taxonomies[t].terms[term];
                let mut ctx = contexts.at(views, &term_path(site, t, term, pager), site.root);
                ctx.insert("taxonomy", &taxonomy_view(site, t));
                ctx.insert("term", &views.term(entry));
                if declared.paginate_by.is_some() {
                    let listing = Listing {
                        path: &entry.path,
                        pages: &entry.pages,
                        by: declared.paginate_by,
                        folder: declared.paginate_path.as_ref(),
                    };
                    ctx.insert("paginator", &listing.paginator(views, pager));
                }
                ctx
            }
            TaxonomyJob::Feed { t, term } => {
                let entry = &site.taxonomies[t].terms[term];
                let mut ctx = contexts.base.clone();
                super::feed_context(&mut ctx, views, &feed_order(site, entry), &path);
                ctx.insert("taxonomy", &taxonomy_view(site, t));
                ctx.insert("term", &views.term_summary(entry));
                ctx
            }
        };
        super::render_template(templates, &template, &ctx, path, super::LISTING_CAPACITY)
    }

    /// A stable key (its kind and name) and the fingerprint of what it
    /// shows itself.
    pub(super) fn fingerprint(&self, site: &Site, inputs: &PrintInputs) -> (u64, u64) {
        let prints =
            |pages: &[usize]| -> Vec<u64> { pages.iter().map(|&p| inputs.page[p]).collect() };
        match *self {
            TaxonomyJob::List(t) => {
                let declared = &site.config.taxonomies[t];
                let terms: Vec<(&str, &str, usize)> = site.taxonomies[t]
                    .terms
                    .iter()
                    .map(|term| (term.name.as_str(), term.slug.as_str(), term.pages.len()))
                    .collect();
                (
                    hash_of(("taxonomy", &declared.name)),
                    hash_of((inputs.global, inputs.root_nav, declared, terms)),
                )
            }
            TaxonomyJob::Term { t, term, pager } => {
                let declared = &site.config.taxonomies[t];
                let entry = &site.taxonomies[t].terms[term];
                (
                    hash_of(("term", &declared.name, &entry.slug, pager)),
                    hash_of((
                        inputs.global,
                        inputs.root_nav,
                        declared,
                        &entry.name,
                        prints(&entry.pages),
                        site.taxonomies[t].terms.len(),
                    )),
                )
            }
            TaxonomyJob::Feed { t, term } => {
                let declared = &site.config.taxonomies[t];
                let entry = &site.taxonomies[t].terms[term];
                (
                    hash_of(("term-feed", &declared.name, &entry.slug)),
                    // The context also has `taxonomy` and `term` (their
                    // counts), which a site's own atom.xml may show.
                    hash_of((
                        inputs.global,
                        declared,
                        &entry.name,
                        prints(&feed_order(site, entry)),
                        (entry.pages.len(), site.taxonomies[t].terms.len()),
                    )),
                )
            }
        }
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
