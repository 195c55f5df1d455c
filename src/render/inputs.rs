//! The inputs outputs are fingerprinted with, hashed once per render of
//! the dev server: an output whose fingerprint is unchanged is reused byte
//! for byte. Each [kind](super::kind) says which of these its context shows
//! ([`super::kind::Kind::inputs`]); [`Inputs::print`] adds what every
//! output's template pulls in, and the whole site when that template can
//! look it up (`get_page`, `get_section`) or link to any page.

use super::bodies::Keyed;
use super::incremental::{Last, Reach};
use super::kind::{self, feed_order};
use super::plan::Output;
use super::views;
use crate::hash::hash_of;
use crate::site::Site;

/// Of a template: (can it look up pages/sections, can it link to any
/// page?), and a hash of the template texts it pulls in.
pub type TemplateReach = ((bool, bool), u64);

/// Is the template `name` with `reach` a shortcode that can write the URL
/// of any page? Then Markdown bodies depend on where every page lives,
/// and may hold `@/` links no source shows.
pub fn shortcode_can_link(name: &str, reach: &TemplateReach) -> bool {
    let ((_, urls), _) = reach;
    name.starts_with("shortcodes/") && *urls
}

/// The hashes outputs are fingerprinted with.
pub struct Inputs<'a> {
    pub site: &'a Site,
    /// Everything every output depends on: config, shortcodes, comparisons
    /// (what every Markdown body sees too).
    pub global: u64,
    /// Per template: what it can reach, and what it pulls in.
    reach: Reach,
    /// Where every page, section and comparison lives.
    pub paths_hash: u64,
    /// Per page: source, path and rendered Markdown.
    pub page: Vec<u64>,
    /// Per section: its own text and the summaries of its pages and
    /// subsections (`kind/section.rs`).
    pub listing: Vec<u64>,
    /// Per section: the nav as seen from it (see [`Inputs::nav_from`]).
    pub nav: Vec<u64>,
    /// Per section: the titles, paths, weights and dates of its pages.
    pub nav_listing: Vec<u64>,
    /// The pages of the feed, in order.
    pub feed: Vec<usize>,
    /// What the sitemap lists: paths and dates ([`kind::sitemap_listed`]).
    pub sitemap: u64,
    /// All pages and sections together.
    pub all: u64,
}

impl<'a> Inputs<'a> {
    /// `last`: the last render's, when `site` is a patch of its model that
    /// changed the pages flagged in the slice (see [`Last`]).
    pub fn new(
        site: &'a Site,
        reach: Reach,
        (global, paths_hash): (u64, u64),
        (pages, sections): (&[Keyed], &[Keyed]),
        last: Option<(&Last, &[bool])>,
    ) -> Self {
        let page: Vec<u64> = site
            .pages
            .iter()
            .zip(pages)
            .enumerate()
            .map(|(i, (p, (md, _)))| match last {
                Some((last, changed)) if !changed[i] => last.page_prints[i],
                _ => hash_of((p.file.hash, &p.file.rel, &p.path, p.section, md)),
            })
            .collect();
        let listing: Vec<u64> = (0..site.sections.len())
            .map(|i| kind::section_listing(site, i, sections[i].0, &page))
            .collect();
        let skeleton = hash_of(
            site.sections
                .iter()
                .map(|s| (&s.title, &s.path, s.pages.len(), s.parent, &s.subsections))
                .collect::<Vec<_>>(),
        );
        let skeleton = hash_of((skeleton, super::zola_keys::nav_flags(site)));
        // A patch keeps every page's date, title, path and weight: the feed
        // order, the nav's page lists and the sitemap are as they were.
        let feed = match last {
            Some((last, _)) => last.feed.clone(),
            None => feed_order(site),
        };
        let sitemap = match last {
            Some((last, _)) => last.sitemap,
            None => kind::sitemap_listed(site),
        };
        let nav_listing: Vec<u64> = match last {
            Some((last, _)) => last.nav_listing.clone(),
            None => site.sections.iter().map(|s| nav_listing(site, s)).collect(),
        };
        let all = hash_of((&page, &listing));
        Inputs {
            site,
            global,
            reach,
            paths_hash,
            page,
            listing,
            nav: (0..site.sections.len())
                .map(|i| Self::nav_from(site, skeleton, &nav_listing, i))
                .collect(),
            nav_listing,
            feed,
            sitemap,
            all,
        }
    }

    /// The nav as seen from section `i`: the tree, and the page lists
    /// (`nav_listing`, per section) of the open sections.
    fn nav_from(site: &Site, skeleton: u64, nav_listing: &[u64], i: usize) -> u64 {
        let open = views::open_sections(site, i);
        let listed: Vec<u64> = (0..site.sections.len())
            .filter(|&s| views::nav_lists_pages(site, s, &open))
            .map(|s| nav_listing[s])
            .collect();
        hash_of((skeleton, listed))
    }

    /// The fingerprint of `out`: what its kind says it shows, the texts of
    /// its template and what that pulls in, and the whole site when the
    /// template can look it up.
    pub fn print(&self, out: &Output) -> u64 {
        let own = out.kind.inputs(out, self);
        let ((lookups, urls), source) = self
            .reach
            .get(&*out.template)
            .copied()
            .unwrap_or(((true, true), 0));
        hash_of((
            own,
            source,
            lookups.then_some(self.all),
            urls.then_some(self.paths_hash),
        ))
    }
}

/// What the nav lists of section `s`'s pages: title, path, weight, date.
fn nav_listing(site: &Site, s: &crate::site::Section) -> u64 {
    let pages: Vec<_> = s
        .pages
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            (&p.title, &p.path, p.front.weight, &p.front.date)
        })
        .collect();
    hash_of(pages)
}
