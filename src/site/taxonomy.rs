//! Taxonomy terms in the model: which a page sets (checked against the
//! taxonomies `versus.toml` declares, `config/taxonomy.rs`), and the terms
//! of a whole site, each with its slug, URL path and pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Page;
use crate::config::taxonomy::DEFAULT;
use crate::config::Config;
use crate::content::front_matter::{key_offset, Date};
use crate::content::LoadedPage;
use crate::error::Error;
use crate::markdown::slug::path_slug;

/// A taxonomy of the site with its terms (indexed like `config.taxonomies`).
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Terms, by slug.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term whose slug is `slug`.
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.terms[i])
    }
}

/// One term and the pages that set it.
#[derive(Debug, Clone)]
pub struct Term {
    /// As the first page (in file order) that sets it spells it.
    pub name: String,
    pub slug: String,
    /// `<taxonomy>/<slug>/`.
    pub path: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
    /// Other spellings with the same slug (`Rust` and `rust`), each with
    /// the first page that uses it: one URL for both, so a warning.
    pub spellings: Vec<(String, usize)>,
}

/// The terms `loaded` sets, per taxonomy of `config` (in its order): from
/// `[taxonomies] <name> = [...]`, and `tags = [...]` for `tags`. A
/// taxonomy the config does not declare is an error located at its key.
pub fn page_terms(loaded: &LoadedPage, config: &Config) -> Result<Vec<Vec<String>>, Error> {
    let declared = &config.taxonomies;
    let mut terms: Vec<Vec<String>> = vec![Vec::new(); declared.len()];
    let top = (!loaded.front.tags.is_empty()).then_some((DEFAULT, &loaded.front.tags));
    let table = loaded
        .front
        .taxonomies
        .iter()
        .map(|(name, list)| (name.as_str(), list));
    for (name, list) in top.into_iter().chain(table) {
        let Some(t) = declared.iter().position(|t| t.name == name) else {
            return Err(undeclared(loaded, config, name));
        };
        // `tags` and `[taxonomies] tags` together: the second adds what
        // the first does not have.
        if terms[t].is_empty() {
            terms[t] = list.clone();
        } else {
            for term in list {
                if !terms[t].contains(term) {
                    terms[t].push(term.clone());
                }
            }
        }
    }
    Ok(terms)
}

/// The error for a page that sets terms of `name`, which is not declared.
fn undeclared(loaded: &LoadedPage, config: &Config, name: &str) -> Error {
    let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let source = loaded.file.text_or_read_again();
    let front = source.get(..loaded.body_offset).unwrap_or(&source);
    let offset = key_offset(front, name).unwrap_or(0);
    let declared = if names.is_empty() {
        "the site declares no taxonomies".to_string()
    } else {
        format!("the declared taxonomies are: {}", names.join(", "))
    };
    let err = Error::new(format!(
        "taxonomy `{name}` is not declared in the site's config"
    ))
    .in_file(loaded.file.display())
    .at_offset(&source, offset)
    .suggesting(name, names.iter().copied());
    let hint = match err.hint.clone() {
        Some(mean) => format!("{mean} ({declared})"),
        None => format!(
            "{declared}; to add one, write `[[taxonomies]]` and `name = \"{name}\"` in versus.toml"
        ),
    };
    err.with_hint(hint)
}

/// The terms of every taxonomy of `config`, each with its pages (newest
/// first). Terms are keyed by their slug (`[slugify] paths`): spellings
/// with one slug are one term, named as the first page spells it.
pub fn collect(config: &Config, pages: &[Arc<Page>]) -> Vec<Taxonomy> {
    config
        .taxonomies
        .iter()
        .enumerate()
        .map(|(t, declared)| {
            let mut by_slug: BTreeMap<String, Term> = BTreeMap::new();
            for (i, p) in pages.iter().enumerate() {
                for name in &p.terms[t] {
                    let slug = path_slug(name, config.slugify.paths);
                    if slug.trim().is_empty() {
                        continue;
                    }
                    let term = by_slug.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        path: format!("{}{slug}/", declared.path),
                        slug,
                        pages: Vec::new(),
                        spellings: Vec::new(),
                    });
                    if term.name != *name && !term.spellings.iter().any(|(s, _)| s == name) {
                        term.spellings.push((name.clone(), i));
                    }
                    // Pages come in order, so a term named twice on one
                    // page was just pushed: no search through the list.
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            let mut terms: Vec<Term> = by_slug.into_values().collect();
            for term in terms.iter_mut() {
                term.pages.sort_by(|&a, &b| {
                    let (pa, pb): (&Option<Date>, &Option<Date>) =
                        (&pages[a].front.date, &pages[b].front.date);
                    pb.cmp(pa)
                        .then_with(|| pages[a].file.rel.cmp(&pages[b].file.rel))
                });
            }
            Taxonomy { terms }
        })
        .collect()
}

/// Warnings about terms: two spellings that share one URL (`Rust` and
/// `rust` are listed together as the first spelling), and terms with no
/// letters or digits for a URL (not listed), each at the page that uses it.
pub fn spelling_warnings(
    config: &Config,
    pages: &[Arc<Page>],
    taxonomies: &[Taxonomy],
) -> Vec<Error> {
    let mut warnings = Vec::new();
    let at_term = |page: usize, term: &str, message: String| {
        let p = &pages[page];
        let source = p.file.text_or_read_again();
        let front = source.get(..p.body_offset).unwrap_or(&source);
        let offset = ['"', '\'']
            .iter()
            .find_map(|q| front.find(&format!("{q}{term}{q}")).map(|i| i + 1))
            .or_else(|| front.find(term))
            .unwrap_or(0);
        Error::new(message)
            .in_file(p.file.display())
            .at_offset(&source, offset)
    };
    for (t, (declared, taxonomy)) in config.taxonomies.iter().zip(taxonomies).enumerate() {
        for term in &taxonomy.terms {
            for (spelling, page) in &term.spellings {
                warnings.push(
                    at_term(
                        *page,
                        spelling,
                        format!(
                            "the {} term `{spelling}` has the URL of `{}` (/{}): both are listed as `{}`",
                            declared.name, term.name, term.path, term.name
                        ),
                    )
                    .with_hint("spell the term the same way on every page"),
                );
            }
        }
        for (i, p) in pages.iter().enumerate() {
            for name in &p.terms[t] {
                if path_slug(name, config.slugify.paths).trim().is_empty() {
                    warnings.push(
                        at_term(
                            i,
                            name,
                            format!(
                                "the {} term `{name}` has no letters or digits for a URL: it is not listed",
                                declared.name
                            ),
                        )
                        .with_hint("give the term a name with letters or digits"),
                    );
                }
            }
        }
    }
    warnings
}
