//! Placing one loaded page in the model (URL path, section, terms, title),
//! and the sorting of pages: the parts of [`Site::assemble`](super::Site::assemble) a
//! patch ([`Site::patch`](super::Site::patch)) repeats for the pages it swaps in.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Page;
use crate::config::Config;
use crate::content::front_matter::{Date, SortBy};
use crate::content::LoadedPage;
use crate::error::Error;
use crate::markdown::slug::path_slug;

/// What the model derives from one loaded page alone: its URL path,
/// section, terms and title.
pub(super) struct Placed {
    pub(super) path: String,
    pub(super) section: usize,
    pub(super) terms: Vec<Vec<String>>,
    pub(super) title: String,
    pub(super) is_bundle: bool,
}

/// Place one page (not a draft left out): the part of [`Site::assemble`](super::Site::assemble)
/// that depends on the page alone and the section folders.
pub(super) fn place(
    loaded: &LoadedPage,
    section_of_dir: &BTreeMap<String, usize>,
    config: &Config,
) -> Result<Placed, Error> {
    let paths = config.slugify.paths;
    let rel = &loaded.file.rel;
    let (dir, stem, is_bundle) = match rel.strip_suffix("/index.md") {
        Some(bundle) => (
            parent_dir(bundle),
            bundle.rsplit('/').next().unwrap_or(bundle),
            true,
        ),
        None => (
            parent_dir(rel),
            rel.rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".md"),
            false,
        ),
    };
    if rel == "index.md" {
        return Err(
            Error::new("a page can't be named `index.md` at the top of content/")
                .in_file(loaded.file.display())
                .with_hint("the home page is `content/_index.md`"),
        );
    }
    let section = nearest_section(section_of_dir, dir);
    let slug = match &loaded.front.slug {
        Some(s) if !path_slug(s, paths).trim().is_empty() => path_slug(s, paths),
        Some(s) => {
            return Err(Error::new(format!("slug `{s}` has no letters or digits"))
                .in_file(loaded.file.display()));
        }
        None => {
            // The file (or bundle folder) name, its date prefix dropped.
            let name = crate::content::dated_name::split(stem).1;
            match path_slug(name, paths) {
                slug if slug.is_empty() => name.to_string(),
                slug => slug,
            }
        }
    };
    let path = match crate::content::zola_keys::page_path(&loaded.front) {
        Some(path) => path,
        None if dir.is_empty() => format!("{slug}/"),
        None => format!("{dir}/{slug}/"),
    };
    let terms = super::taxonomy::page_terms(loaded, config)?;
    let title = loaded
        .front
        .title
        .clone()
        .unwrap_or_else(|| title_from_name(crate::content::dated_name::split(stem).1));
    Ok(Placed {
        path,
        section,
        terms,
        title,
        is_bundle,
    })
}

pub(super) fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The section of `dir`, or of its closest ancestor that is a section.
pub(super) fn nearest_section(sections: &BTreeMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&i) = sections.get(dir) {
            return i;
        }
        dir = parent_dir(dir);
    }
}

/// `who-does-what` → `Who does what`.
pub(super) fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn sort_pages(list: &mut [usize], pages: &[Arc<Page>], by: SortBy) {
    match by {
        SortBy::Date => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pb.front
                .date
                .cmp(&pa.front.date)
                .then_with(|| pa.file.rel.cmp(&pb.file.rel))
        }),
        SortBy::Weight => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            let wa = pa.front.weight.unwrap_or(i64::MAX);
            let wb = pb.front.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb).then_with(|| pa.file.rel.cmp(&pb.file.rel))
        }),
        SortBy::Title => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pa.title
                .to_lowercase()
                .cmp(&pb.title.to_lowercase())
                .then_with(|| pa.file.rel.cmp(&pb.file.rel))
        }),
        SortBy::None => list.sort_by(|&a, &b| pages[a].file.rel.cmp(&pages[b].file.rel)),
        SortBy::UpdateDate => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            fn last(p: &Page) -> Option<&Date> {
                p.front.updated().or(p.front.date.as_ref())
            }
            last(pb)
                .cmp(&last(pa))
                .then_with(|| pa.file.rel.cmp(&pb.file.rel))
        }),
        SortBy::Slug => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            fn slug(p: &Page) -> &str {
                let path = p.path.trim_end_matches('/');
                path.rsplit('/').next().unwrap_or(path)
            }
            crate::content::zola_keys::natural_cmp(slug(pa), slug(pb))
                .then_with(|| pa.file.rel.cmp(&pb.file.rel))
        }),
        // Every URL of a site starts with the same base URL: their paths
        // are in the order of the permalinks.
        SortBy::Permalink => list.sort_by(|&a, &b| pages[a].path.cmp(&pages[b].path)),
        SortBy::TitleBytes => list.sort_by(|&a, &b| {
            let (pa, pb) = (&pages[a], &pages[b]);
            pa.title.cmp(&pb.title).then_with(|| pa.path.cmp(&pb.path))
        }),
    }
}
