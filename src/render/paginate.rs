//! Listings over several pages (`paginate_by` in `_index.md` or of a
//! taxonomy): where each listing page goes and the `paginator` its
//! template sees.

use std::num::NonZeroUsize;

use serde::Serialize;

use super::views::{PageSummary, Views};
use crate::content::front_matter::PathSegment;
use crate::site::{Section, Site};

/// The folder of listing pages 2, 3, … when `paginate_path` is not given.
const DEFAULT_PATH: &str = "page";

/// How many listing pages section `s` has (1 when it is not paginated).
pub fn pager_count(s: &Section) -> usize {
    count(s.pages.len(), s.front.paginate_by)
}

/// How many listing pages a list of `len` pages has, `by` to a page.
pub fn count(len: usize, by: Option<NonZeroUsize>) -> usize {
    match by {
        Some(by) => len.div_ceil(by.get()).max(1),
        None => 1,
    }
}

/// The site path of listing page `pager` (from 0) of section `i`: the
/// section's own for the first, `<section>/<paginate_path>/<n>/` after.
pub fn pager_path(site: &Site, i: usize, pager: usize) -> String {
    let s = &site.sections[i];
    listing_path(&s.path, s.front.paginate_path.as_ref(), pager)
}

/// The site path of listing page `pager` (from 0) of the listing at
/// `path` (a section, a taxonomy term) whose later pages are in `folder`.
pub fn listing_path(path: &str, folder: Option<&PathSegment>, pager: usize) -> String {
    if pager == 0 {
        return path.to_string();
    }
    format!("{path}{}/{}/", folder_name(folder), pager + 1)
}

fn folder_name(folder: Option<&PathSegment>) -> &str {
    folder.map_or(DEFAULT_PATH, |p| p.0.as_str())
}

/// One listing page, as the page numbers show it.
#[derive(Serialize)]
pub struct PagerLink {
    /// From 1.
    pub index: usize,
    pub url: String,
}

/// `paginator` in a paginated section's or term's template (as in Zola).
#[derive(Serialize)]
pub struct PaginatorView<'a> {
    pub paginate_by: usize,
    /// The listing's URL followed by the folder of listing pages.
    pub base_url: String,
    /// How many listing pages there are.
    pub number_pagers: usize,
    /// This listing page's number, from 1.
    pub current_index: usize,
    /// How many pages the listing lists in all.
    pub total_pages: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages on this listing page.
    pub pages: Vec<PageSummary<'a>>,
    /// Every listing page, for page numbers.
    pub pagers: Vec<PagerLink>,
}

/// The paginator of listing page `pager` (from 0) of section `i`.
pub fn paginator<'a>(views: &Views<'a>, i: usize, pager: usize) -> PaginatorView<'a> {
    let s = &views.site.sections[i];
    let listing = Listing {
        path: &s.path,
        pages: &s.pages,
        by: s.front.paginate_by,
        folder: s.front.paginate_path.as_ref(),
    };
    listing.paginator(views, pager)
}

/// A list of pages shown over listing pages: a section's, a term's.
pub struct Listing<'l> {
    /// Site path of the first listing page.
    pub path: &'l str,
    pub pages: &'l [usize],
    pub by: Option<NonZeroUsize>,
    /// The folder of listing pages 2, 3, … (`page` when not given).
    pub folder: Option<&'l PathSegment>,
}

impl Listing<'_> {
    /// The paginator of listing page `pager` (from 0).
    pub fn paginator<'a>(&self, views: &Views<'a>, pager: usize) -> PaginatorView<'a> {
        let site = views.site;
        let by = self.by.map_or(self.pages.len().max(1), |b| b.get());
        let count = count(self.pages.len(), self.by);
        let url = |n: usize| site.config.url_of(&listing_path(self.path, self.folder, n));
        PaginatorView {
            paginate_by: by,
            base_url: site
                .config
                .url_of(&format!("{}{}/", self.path, folder_name(self.folder))),
            number_pagers: count,
            current_index: pager + 1,
            total_pages: self.pages.len(),
            first: url(0),
            last: url(count - 1),
            previous: pager.checked_sub(1).map(url),
            next: (pager + 1 < count).then(|| url(pager + 1)),
            pages: self
                .pages
                .iter()
                .skip(pager * by)
                .take(by)
                .map(|&p| views.page_summary(p))
                .collect(),
            pagers: (0..count)
                .map(|n| PagerLink {
                    index: n + 1,
                    url: url(n),
                })
                .collect(),
        }
    }
}
