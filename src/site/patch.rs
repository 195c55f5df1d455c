//! A model made from the last one after an edit of existing pages only
//! ([`Site::patch`]), and the type that says so ([`Patch`]): every stage
//! that reuses work of the last render takes a `Patch`, which only
//! `Site::patch` can make, after checking what such reuse relies on.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::place::place;
use super::{Page, Site, Target};
use crate::config::taxonomy::settle_unused;
use crate::config::Config;
use crate::content::LoadedPage;

/// The model was made from `base` by [`Site::patch`], and differs from it
/// only in the `changed` pages. The invariant every reuse relies on: the
/// config is the same, and each changed page keeps its URL path, section,
/// title, terms, date, update date, weight and draft state — everything page order,
/// neighbours, nav, listings, tag lists and feed order are made from. So
/// every other page's Markdown (up to what its links see), listings and
/// sort order are as they were for `base`.
#[derive(Debug)]
pub struct Patch {
    base: Arc<Site>,
    changed: Vec<usize>,
}

impl Patch {
    /// The model this one was patched from.
    pub fn base(&self) -> &Arc<Site> {
        &self.base
    }

    /// The indices of the pages that differ from `base` (each once).
    pub fn changed(&self) -> &[usize] {
        &self.changed
    }

    /// Per page of a model of `pages` pages: is it one of the changed ones?
    pub fn flags(&self, pages: usize) -> Vec<bool> {
        let mut flags = vec![false; pages];
        for &i in &self.changed {
            flags[i] = true;
        }
        flags
    }
}

impl Site {
    /// The model after an edit of existing pages only, built from `base`
    /// (the model of the files as they were before): `changed` are those
    /// pages loaded again, and every other file under `content/` must be as
    /// it was when `base` was assembled. `None` unless the result is exactly
    /// what [`Site::assemble`] makes of the files now: the config is the
    /// same, and each changed page is in `base` and keeps everything other
    /// outputs and the page order depend on (URL path, section, title,
    /// terms, date, weight, draft state). Returns the model and the
    /// [`Patch`] that says so.
    pub fn patch(
        base: &Arc<Site>,
        config: &Config,
        changed: Vec<LoadedPage>,
        drafts: bool,
    ) -> Option<(Site, Patch)> {
        // The changed pages keep their terms (checked below), so which
        // taxonomies have pages is as it was for `base`.
        let mut config = config.clone();
        settle_unused(&mut config.taxonomies, |t| {
            base.taxonomies.get(t).is_some_and(|t| !t.terms.is_empty())
        });
        if config != base.config {
            return None;
        }
        let section_of_dir: BTreeMap<String, usize> = base
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.clone(), i))
            .collect();
        let mut pages = base.pages.clone();
        let mut indices = Vec::with_capacity(changed.len());
        for loaded in changed {
            if loaded.front.draft && !drafts {
                return None;
            }
            let Some(&Target::Page(i)) = base.by_file.get(&loaded.file.rel) else {
                return None;
            };
            let old = &base.pages[i];
            let placed = place(&loaded, &section_of_dir, &config).ok()?;
            let same = placed.path == old.path
                && placed.section == old.section
                && placed.title == old.title
                && placed.terms == old.terms
                && loaded.front.date == old.front.date
                && loaded.front.updated.as_ref() == old.front.updated()
                && loaded.front.weight == old.front.weight;
            if !same || indices.contains(&i) {
                return None;
            }
            pages[i] = Arc::new(Page {
                file: loaded.file,
                front: super::PageMeta::from(loaded.front),
                body_offset: loaded.body_offset,
                title: placed.title,
                path: placed.path,
                section: old.section,
                terms: placed.terms,
                assets: old.assets.clone(),
                lower: old.lower,
                higher: old.higher,
            });
            indices.push(i);
        }
        let site = Site {
            config,
            pages,
            sections: base.sections.clone(),
            root: base.root,
            taxonomies: base.taxonomies.clone(),
            comparisons: base.comparisons.clone(),
            comparison_files: base.comparison_files.clone(),
            loose_assets: base.loose_assets.clone(),
            by_file: base.by_file.clone(),
        };
        let patch = Patch {
            base: base.clone(),
            changed: indices,
        };
        Some((site, patch))
    }
}
